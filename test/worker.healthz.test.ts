/**
 * A worker whose API has failed for longer than
 * ALTEGIO_API_DEGRADED_AFTER_SECONDS answers /healthz 503 `api: degraded`,
 * saying since when and the last error (no token), and ok after a success.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { dropPrefix } from './helpers/redis.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { eventually, freePort, startCli, startWorkerProcess, stopChild, testEnv, type Child } from './worker.harness.js';

describe('the worker\'s /healthz while the API fails', () => {
  let sim: Simulator;
  let api: TcpProxy;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  let worker: Child | undefined;
  let base = '';

  beforeAll(async () => {
    sim = await startSimulator({ locations: 1, clients: 10, days: 1, rateLimit: false });
    const simPort = Number(new URL(sim.url).port);
    // The API behind a relay that can refuse connections, as an API host that is down does.
    api = await startTcpProxy({ host: '127.0.0.1', port: simPort });
    db = await createTestDatabase();
    const httpPort = await freePort();
    env = testEnv(sim, db.url, {
      ALTEGIO_BASE_URL: api.urlFor(sim.url).replace(/\/+$/, ''),
      METRICS_PORT: String(httpPort),
      METRICS_HOST: '127.0.0.1',
      ALTEGIO_API_DEGRADED_AFTER_SECONDS: '1',
      ALTEGIO_MAX_RETRIES: '1',
      ALTEGIO_JOB_ATTEMPTS: '1',
    });
    base = `http://127.0.0.1:${httpPort}`;
    worker = await startWorkerProcess(env, ['--no-schedules']);
  });
  afterAll(async () => {
    await stopChild(worker);
    if (env) await dropPrefix(env.REDIS_URL!, env.ALTEGIO_QUEUE_PREFIX!);
    await api?.close();
    await sim?.close();
    await db?.drop();
  });

  const healthz = async () => {
    const res = await fetch(`${base}/healthz`);
    return { code: res.status, text: await res.text() };
  };
  const enqueue = async () => {
    const run = startCli(['sync', '--enqueue', '--streams', 'locations'], env);
    expect(await run.exited).toBe(0);
  };

  it('is ok before the API was asked anything', async () => {
    const res = await healthz();
    expect(res.code).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: 'ok', worker: 'ok', redis: 'ok', postgres: 'ok', api: 'ok' });
  });

  it('answers 503 api: degraded once requests have failed for longer than the threshold, naming since when and the last error', async () => {
    await api.down();
    const before = Date.now();
    await enqueue();
    const res = await eventually(async () => {
      const r = await healthz();
      return r.code === 503 ? r : undefined;
    }, 30_000, '/healthz to answer 503');
    const body = JSON.parse(res.text) as Record<string, string>;
    expect(body).toMatchObject({ status: 'degraded', worker: 'ok', redis: 'ok', postgres: 'ok', api: 'degraded' });
    const since = Date.parse(body.apiFailingSince!);
    expect(since).toBeGreaterThanOrEqual(before - 1000);
    expect(since).toBeLessThanOrEqual(Date.now());
    expect(body.apiLastError).toMatch(/^GET \/company\/1: ECONNREFUSED$/);
    for (const secret of [env.ALTEGIO_PARTNER_TOKEN!, env.ALTEGIO_USER_TOKEN!]) expect(res.text).not.toContain(secret);
  });

  it('is ok again after the next answered request', async () => {
    await api.up();
    await enqueue();
    const res = await eventually(async () => {
      const r = await healthz();
      return r.code === 200 ? r : undefined;
    }, 30_000, '/healthz to answer 200');
    expect(JSON.parse(res.text)).toEqual({ status: 'ok', worker: 'ok', redis: 'ok', postgres: 'ok', api: 'ok' });
  });
});
