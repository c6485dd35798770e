import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The Redis the tests use (TEST_REDIS_URL). It may hold other people's keys:
 * each test works under a key prefix of its own and deletes only that prefix.
 */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test (or anything else) uses; every key a test writes starts with `<prefix>:`. */
export function testPrefix(): string {
  return `test-${randomUUID()}`;
}

/** Refuses a prefix testPrefix() did not make: an empty one would make `<prefix>:*` match other people's keys. */
function ownPrefix(prefix: string): void {
  if (!prefix.startsWith('test-')) throw new Error(`not a test's key prefix: ${JSON.stringify(prefix)}`);
}

/** Removes every key of a test's prefix, and nothing else, a batch at a time (Redis stays free between batches). */
export async function dropPrefix(redisUrl: string, prefix: string): Promise<void> {
  ownPrefix(prefix);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Removes every key of a prefix in one script, so that a process using them
 * sees all of them vanish at once, as after a Redis that lost its data; keys
 * of other prefixes stay. SCAN inside the script keeps it to one command.
 */
const LOSE_PREFIX = `
local cursor = '0'
local removed = 0
repeat
  local reply = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
  cursor = reply[1]
  for _, key in ipairs(reply[2]) do
    redis.call('UNLINK', key)
    removed = removed + 1
  end
until cursor == '0'
return removed
`;

/** Every key of `prefix` gone at once; returns how many there were. */
export async function loseEveryKey(redis: Redis, prefix: string): Promise<number> {
  ownPrefix(prefix);
  return (await redis.eval(LOSE_PREFIX, 0, `${prefix}:*`)) as number;
}
