import { Redis } from 'ioredis';
import { redactUrl } from '../db/connect.js';

/** The one BullMQ queue every stream job goes through. */
export const QUEUE_NAME = 'sync';

/**
 * A Redis connection for a long-running process (the worker): commands wait
 * through a reconnect instead of failing, as BullMQ's workers require.
 */
export function openRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: 'altegio-sync' });
}

/**
 * A Redis connection for a command that should fail fast (`--enqueue`):
 * answers within a few seconds or throws naming REDIS_URL.
 */
export async function connectRedisOrFail(url: string, timeoutMs = 5000): Promise<Redis> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 3,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => (times > 3 ? null : 200 * times),
    lazyConnect: true,
    connectionName: 'altegio-sync-cli',
  });
  // ioredis reports the cause (ECONNREFUSED, ENOTFOUND, WRONGPASS) as an event; connect() only says "closed".
  let reason = '';
  redis.on('error', (err: Error) => (reason = err.message));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at REDIS_URL=${redactUrl(url)} (${reason || (err as Error).message}); start Redis or fix REDIS_URL`);
  }
}
