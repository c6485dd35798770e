/**
 * Helpers of the worker tests: child processes of the real CLI (`worker`,
 * `sync --enqueue`...), each test on its own queue prefix and database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Simulator } from '../src/simulator/index.js';
import { testProcessEnv } from './helpers/child-env.js';
import { REDIS_URL, testPrefix } from './helpers/redis.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'altegio-sync.js');

/** A process of the CLI, with its output kept as lines (JSON logs). */
export interface Child {
  proc: ChildProcess;
  lines: string[];
  /** Resolves with the exit code (or 128 + signal number style: null code → -1). */
  exited: Promise<number>;
  /** Waits until an output line matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Log records (parsed JSON lines). */
  records(): Array<Record<string, unknown>>;
}

/** The environment of a test's processes, without the developer's own ALTEGIO_* settings. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...testProcessEnv(['REDIS_URL', 'METRICS_PORT', 'BULL_BOARD_TOKEN']), LOG_FORMAT: 'json', METRICS_PORT: '0', ...extra };
}

export function startCli(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number>((resolve) => proc.once('exit', (code) => resolve(code ?? -1)));
  return {
    proc,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matched ${pattern} within ${timeoutMs} ms; output:\n${lines.slice(-30).join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited (${code}) before a line matched ${pattern}; output:\n${lines.slice(-30).join('\n')}`));
        });
      });
    },
    records: () =>
      lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
  };
}

/** Starts `altegio-sync worker` and waits until it is ready. */
export async function startWorkerProcess(env: Record<string, string>, args: string[] = []): Promise<Child> {
  const child = startCli(['worker', ...args], env);
  await child.waitFor(/worker ready/, 30_000);
  return child;
}

/** Kills a child that is still running and waits for it. */
export async function stopChild(child: Child | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill(signal);
  await child.exited;
}

/** The API, warehouse and queue settings of a test's processes. */
export function testEnv(sim: Simulator, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const truth = sim.truth();
  return {
    ALTEGIO_BASE_URL: sim.url,
    ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
    ALTEGIO_USER_TOKEN: 'sim-user-token',
    ALTEGIO_LOCATION_IDS: truth.locations.map((l) => l.id).join(','),
    ALTEGIO_CHAIN_ID: String(truth.chainId),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    ALTEGIO_QUEUE_PREFIX: testPrefix(),
    ALTEGIO_TIMEOUT_MS: '5000',
    ALTEGIO_JOB_BACKOFF_MS: '500',
    ...extra,
  };
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `check` until it returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A small SQL client on a test database. */
export function sqlClient(url: string) {
  return postgres(url, { max: 2, onnotice: () => undefined });
}
