/**
 * Child processes of the benchmark: the simulator host (over IPC), CLI
 * commands and worker processes (with their peak RSS), and a throwaway
 * Postgres database.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { RateLimit, RequestStats, SimulatorOptions } from '../src/simulator/index.js';
import type { EndpointMinimum, MinimumOptions } from './minimum.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/altegio-sync.js', import.meta.url));
/**
 * The Postgres server of the benchmark: BENCH_DATABASE_URL, else the tests'
 * TEST_DATABASE_URL, else the local one. It creates a database per figure there
 * and drops only those.
 */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface SimHost {
  url: string;
  chainId: number;
  locationIds: number[];
  pid: number;
  stats(): Promise<RequestStats>;
  reset(): Promise<void>;
  /** Arrival times (ms) of accepted requests since the last reset, ascending, with their endpoints, and the server time of each answer. */
  timeline(): Promise<{ arrivals: number[]; endpoints: string[]; serverMs: number[] }>;
  setRateLimit(limit: RateLimit | false): Promise<void>;
  minimum(options: MinimumOptions): Promise<EndpointMinimum[]>;
  truth(): Promise<Array<{ id: number; clients: number; records: number; visits: number }>>;
  close(): Promise<void>;
}

/** Starts the simulator in a process of its own. */
export async function startSimHost(options: SimulatorOptions): Promise<SimHost> {
  const child = fork(fileURLToPath(new URL('./sim-host.ts', import.meta.url)), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; chainId: number; locationIds: number[] }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('exit', (code) => reject(new Error(`the simulator process exited with ${code} before it was ready`)));
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id!);
    if (m.error) w.reject(new Error(`simulator process: ${m.error}`));
    else w.resolve(m.result);
  });
  const call = <T>(message: object): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, ...message });
    });
  return {
    ...ready,
    pid: child.pid!,
    stats: () => call({ cmd: 'stats' }),
    reset: () => call({ cmd: 'reset' }),
    timeline: () => call({ cmd: 'timeline' }),
    setRateLimit: (limit) => call({ cmd: 'setRateLimit', limit }),
    minimum: (options) => call({ cmd: 'minimum', options }),
    truth: () => call({ cmd: 'truth' }),
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call({ cmd: 'close' }).catch(() => undefined);
      await exited;
    },
  };
}

export interface Finished {
  code: number | null;
  /** Peak resident set size in bytes (VmHWM), read from /proc while it ran. */
  peakRss: number;
  ms: number;
  output: string;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  done: Promise<Finished>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<Finished>;
}

/** VmHWM of a live process, in bytes (0 when it is gone). */
export function peakRssOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `altegio-sync <args>` (the checkout's, through tsx, unless `cli` names
 * another bin, e.g. the compiled build's) or a script with `env` added to ours. Its peak
 * RSS is VmHWM, a high-water mark the kernel keeps, read every 100 ms until
 * the process exits; a script may also print `PEAK_RSS <bytes>` last.
 */
export function run(args: string[], env: Record<string, string>, options: { script?: string; quiet?: boolean; cli?: string } = {}): Running {
  const started = Date.now();
  const argv = options.script ? ['--import', 'tsx', options.script, ...args] : [options.cli ?? CLI, ...args];
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (!options.quiet) child.stderr!.pipe(process.stderr);
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, peakRssOf(child.pid!))), 100);
  const done = new Promise<Finished>((resolve) => {
    child.on('exit', (code) => {
      clearInterval(timer);
      const reported = /PEAK_RSS (\d+)/.exec(output);
      resolve({ code, peakRss: Math.max(peak, reported ? Number(reported[1]) : 0), ms: Date.now() - started, output });
    });
  });
  return {
    child,
    pid: child.pid!,
    done,
    async stop() {
      child.kill('SIGTERM');
      return done;
    },
  };
}

/** A fresh database on the benchmark's server; `drop()` removes it. */
export async function createDatabase(prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

let engineNodeOptions: string | undefined;

/** NODE_OPTIONS of every engine process from now on (the image's, or --node-options). */
export function useNodeOptions(options: string | undefined): void {
  engineNodeOptions = options;
}

/** NODE_OPTIONS the Docker image sets (`ENV NODE_OPTIONS=…` in the Dockerfile), if any. */
export function imageNodeOptions(): string | undefined {
  const line = /^ENV NODE_OPTIONS=(?:"([^"]*)"|(\S+))/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  return line ? (line[1] ?? line[2]) : undefined;
}

/** Environment of a CLI or worker process talking to the simulator host and a database. */
export function engineEnv(sim: SimHost, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...(engineNodeOptions ? { NODE_OPTIONS: engineNodeOptions } : {}),
    ALTEGIO_BASE_URL: sim.url,
    ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
    ALTEGIO_USER_TOKEN: 'sim-user-token',
    ALTEGIO_LOCATION_IDS: sim.locationIds.join(','),
    ALTEGIO_CHAIN_ID: String(sim.chainId),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    METRICS_PORT: '0',
    ...extra,
  };
}
