import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { ADMIN_URL, createTestDatabase } from './helpers/postgres.js';
import { dropPrefix, REDIS_URL, testPrefix } from './helpers/redis.js';
import { runCli } from './helpers/run-cli.js';
import { freePort, startCli, startWorkerProcess, stopChild, type Child } from './worker.harness.js';

/** A value no output could hold by chance: its kind, SECRET, and random hex. */
const secret = (kind: string) => `${kind}-SECRET-${randomBytes(12).toString('hex')}`;
const SECRETS = {
  partnerToken: secret('partner'),
  userToken: secret('user'),
  wrongUserToken: secret('wrong-user'),
  password: secret('password'),
  boardToken: secret('board'),
  postgresPassword: secret('pg'),
  readerPassword: secret('reader'),
};

/** Every secret found in `text`, by name: the whole value, or its random part alone. */
function leaked(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value) || text.includes(value.slice(value.lastIndexOf('-') + 1)))
    .map(([name]) => name);
}

/** Every value under a key prefix, read by its type. */
async function redisText(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string' ? await redis.get(key)
        : type === 'hash' ? await redis.hgetall(key)
        : type === 'list' ? await redis.lrange(key, 0, -1)
        : type === 'zset' ? await redis.zrange(key, 0, -1, 'WITHSCORES')
        : type === 'set' ? await redis.smembers(key)
        : type === 'stream' ? await redis.xrange(key, '-', '+')
        : null;
      out.push(`${key} ${type} ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return out.join('\n');
}

describe('secrets', () => {
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const role = `altegio_t_owner_${randomBytes(4).toString('hex')}`;
  const reader = `altegio_t_reader_${randomBytes(4).toString('hex')}`;
  const prefix = testPrefix();
  let env: Record<string, string>;
  const children: Child[] = [];
  /** Everything the processes said, served or stored, as text. */
  const seen: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startSimulator({
      locations: 1, clients: 30, days: 3, rateLimit: false,
      partnerToken: SECRETS.partnerToken, userToken: SECRETS.userToken, login: 'owner@example.com', password: SECRETS.password,
    });
    db = await createTestDatabase();
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    try {
      // A login with a password for the warehouse (a superuser, so that grant-reader may do all it does).
      await admin.unsafe(`create role ${role} login superuser password '${SECRETS.postgresPassword}'`);
    } finally {
      await admin.end();
    }
    const url = new URL(db.url);
    url.username = role;
    url.password = SECRETS.postgresPassword;
    env = {
      ALTEGIO_BASE_URL: sim.url,
      ALTEGIO_PARTNER_TOKEN: SECRETS.partnerToken,
      ALTEGIO_USER_TOKEN: SECRETS.userToken,
      ALTEGIO_LOGIN: 'owner@example.com',
      ALTEGIO_PASSWORD: SECRETS.password,
      ALTEGIO_LOCATION_IDS: String(sim.truth().locations[0]!.id),
      ALTEGIO_CHAIN_ID: String(sim.truth().chainId),
      DATABASE_URL: url.toString(),
      REDIS_URL,
      ALTEGIO_QUEUE_PREFIX: prefix,
      BULL_BOARD_TOKEN: SECRETS.boardToken,
      ALTEGIO_READER_PASSWORD: SECRETS.readerPassword,
      ALTEGIO_TIMEOUT_MS: '5000',
    };
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    await dropPrefix(REDIS_URL, prefix);
    await sim?.close();
    await db?.drop();
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    try {
      for (const name of [reader, role]) await admin.unsafe(`drop role if exists ${name}`);
    } finally {
      await admin.end();
    }
  });

  const finished = async (args: string[], extra: Record<string, string> = {}) => {
    const child = startCli(args, { ...env, ...extra });
    children.push(child);
    const code = await child.exited;
    return { code, text: child.lines.join('\n') };
  };

  it('never appear in logs, errors, status, metrics, the board, Redis or the warehouse', async () => {
    const pretty = await runCli(['sync', '--streams', 'clients,records'], { ...env, LOG_FORMAT: 'pretty' });
    expect(pretty.code, pretty.stderr).toBe(0);
    seen['sync (pretty)'] = pretty.stdout + pretty.stderr;
    // JSON logs, the user token obtained with the login and password.
    const json = await finished(['sync', '--streams', 'clients,records,z_reports'], { ALTEGIO_USER_TOKEN: '' });
    expect(json.code).toBe(0);
    expect(sim.stats().byEndpoint['POST /auth']?.requests).toBeGreaterThan(0);
    seen['sync (json, logged in)'] = json.text;
    const failing = await finished(['sync', '--streams', 'clients'], { ALTEGIO_USER_TOKEN: SECRETS.wrongUserToken, ALTEGIO_LOGIN: '', ALTEGIO_PASSWORD: '' });
    expect(failing.code).toBe(3);
    expect(failing.text).toMatch(/fix ALTEGIO_USER_TOKEN/);
    seen['failing sync'] = failing.text;
    const failingPretty = await runCli(['sync', '--streams', 'clients'], { ...env, ALTEGIO_USER_TOKEN: SECRETS.wrongUserToken, ALTEGIO_LOGIN: '', ALTEGIO_PASSWORD: '' });
    seen['failing sync (pretty)'] = failingPretty.stdout + failingPretty.stderr;
    const status = await runCli(['status', '--json', '--ok-if-failed'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toBeTruthy();
    seen['status --json'] = status.stdout + status.stderr;
    const grant = await runCli(['grant-reader', '--role', reader], env);
    expect(grant.code, grant.stderr).toBe(0);
    seen['grant-reader'] = grant.stdout + grant.stderr;

    const port = await freePort();
    const worker = await startWorkerProcess({ ...env, METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' }, ['--no-schedules']);
    children.push(worker);
    const enqueued = await finished(['sync', '--enqueue', '--wait', '--streams', 'locations,clients']);
    expect(enqueued.code).toBe(0);
    seen['sync --enqueue --wait'] = enqueued.text;
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${SECRETS.boardToken}` };
    seen['/metrics'] = await (await fetch(`${base}/metrics`)).text();
    expect(seen['/metrics']).toMatch(/altegio_requests_total/);
    const board = await fetch(`${base}/board/`, { headers: auth });
    expect(board.status).toBe(200);
    seen['/board page'] = await board.text();
    seen['/board api'] = await (await fetch(`${base}/board/api/queues?activeQueue=sync&status=completed&page=1`, { headers: auth })).text();
    const byQuery = await fetch(`${base}/board?token=${SECRETS.boardToken}`, { redirect: 'manual' });
    seen['/board?token= answer'] = `${byQuery.headers.get('location') ?? ''}\n${await byQuery.text()}`;
    seen['worker log'] = worker.lines.join('\n');

    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      seen['Redis values'] = await redisText(redis, prefix);
    } finally {
      redis.disconnect();
    }
    expect(seen['Redis values']).toMatch(/sync clients/);

    const sql = postgres(db.url, { max: 1, onnotice: () => undefined });
    try {
      const tables = await sql<{ name: string }[]>`select table_name as name from information_schema.tables where table_schema = 'altegio' order by 1`;
      expect(tables.length).toBeGreaterThan(20);
      const dumps = await Promise.all(tables.map(async ({ name }) => (await sql.unsafe(`select t::text as row from altegio.${name} t`)).map((r) => `${name} ${String(r.row)}`).join('\n')));
      seen.warehouse = dumps.join('\n');
    } finally {
      await sql.end();
    }
    expect(seen.warehouse).toMatch(/fix ALTEGIO_USER_TOKEN/);

    const found = Object.entries(seen).flatMap(([where, text]) => leaked(text).map((name) => `${name} in ${where}`));
    expect(found).toEqual([]);
  }, 120_000);
});
