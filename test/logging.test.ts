/**
 * Under LOG_FORMAT=json every line on stderr is one JSON object: the logs,
 * the CLI's last line, Node's warnings, a crash, and what a process says
 * while Redis or the API is away. Under pretty logs they stay readable.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCliHere } from './helpers/run-cli.js';
import { childEnv, freePort, startCli, stopChild, testEnv, type Child } from './worker.harness.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'altegio-sync.js');

/** The CLI in a child, its stderr kept apart from its stdout. */
function spawnCli(args: string[], env: Record<string, string>) {
  const proc = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  proc.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString('utf8')));
  proc.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString('utf8')));
  const exited = new Promise<number>((resolve) => proc.once('exit', (code) => resolve(code ?? -1)));
  const stdoutHas = async (text: string) => {
    for (let i = 0; i < 300 && !out.stdout.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
    if (!out.stdout.includes(text)) throw new Error(`no ${text} on stdout; stderr:\n${out.stderr}`);
  };
  return { proc, out, exited, stdoutHas };
}

/** Each line of `text` parsed; a line that is not one JSON object fails the test, showing it. */
function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
      expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), line).toBe(true);
      return parsed as Record<string, unknown>;
    });
}

describe('log lines', () => {
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  let dir: string;
  let inject: string;
  const children: Child[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ locations: 1, clients: 30, days: 2, rateLimit: false });
    db = await createTestDatabase();
    env = testEnv(sim, db.url, { ALTEGIO_PAGE_SIZE: '20' });
    dir = mkdtempSync(join(tmpdir(), 'altegio-logging-'));
    // Loaded before the CLI: on SIGUSR2 (sent once the CLI runs), what a bug elsewhere would do.
    inject = join(dir, 'misbehave.mjs');
    writeFileSync(
      inject,
      `process.on('SIGUSR2', () => {
        process.emitWarning('11 abort listeners added to [AbortSignal]', 'MaxListenersExceededWarning');
        setTimeout(() => { if (process.env.MISBEHAVE === 'reject') Promise.reject(new Error('nobody waited for this')); else throw new Error('nobody caught this'); }, 50);
      });\n`,
    );
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    rmSync(dir, { recursive: true, force: true });
    await sim?.close();
    await db?.drop();
  });

  it('a sync writes only JSON lines, the page and run lines carrying their facts as fields', async () => {
    const sync = spawnCli(['sync', '--streams', 'clients'], env);
    expect(await sync.exited).toBe(0);
    const lines = jsonLines(sync.out.stderr);
    const page = lines.find((l) => l.stream === 'clients' && l.label === 'page 1/2');
    expect(page).toMatchObject({ stream: 'clients', scope: 'location:1', rows: 20, requests: expect.any(Number), inserted: 20, pages: 1 });
    const run = lines.find((l) => l.stream === 'clients' && l.status === 'succeeded');
    expect(run).toMatchObject({ scope: 'location:1', rows: 30, requests: expect.any(Number), inserted: 30, updated: 0, unchanged: 0, rejected: 0, pages: 2 });
    expect(typeof run!.durationMs).toBe('number');
    expect(String(run!.msg)).toMatch(/^clients location:1: succeeded in/);
  });

  it('a Node warning is one JSON warn line, and an uncaught error one fatal JSON line, exit 1', async () => {
    const sim2 = spawnCli(['simulate', '--port', '0'], { NODE_OPTIONS: `--import=${inject}` });
    await sim2.stdoutHas('simulator listening on');
    sim2.proc.kill('SIGUSR2');
    expect(await sim2.exited).toBe(1);
    const lines = jsonLines(sim2.out.stderr);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]'],
      [60, 'fatal: uncaught error: nobody caught this'],
    ]);
    expect(lines[1]).toMatchObject({ exitCode: 1, err: { type: 'Error', message: 'nobody caught this' } });
  });

  it('an unhandled rejection is one fatal JSON line, exit 1', async () => {
    const sim2 = spawnCli(['simulate', '--port', '0'], { NODE_OPTIONS: `--import=${inject}`, MISBEHAVE: 'reject' });
    await sim2.stdoutHas('simulator listening on');
    sim2.proc.kill('SIGUSR2');
    expect(await sim2.exited).toBe(1);
    expect(jsonLines(sim2.out.stderr).map((l) => l.msg)).toContain('fatal: unhandled rejection: nobody waited for this');
  });

  it('under pretty logs a crash stays readable: what happened, then its stack', async () => {
    const sim2 = spawnCli(['simulate', '--port', '0'], { NODE_OPTIONS: `--import=${inject}`, LOG_FORMAT: 'pretty' });
    await sim2.stdoutHas('simulator listening on');
    sim2.proc.kill('SIGUSR2');
    expect(await sim2.exited).toBe(1);
    expect(sim2.out.stderr).toContain('MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]');
    expect(sim2.out.stderr).toMatch(/altegio-sync: fatal: uncaught error: Error: nobody caught this\n\s+at /);
  });

  it("the CLI's own last line and commander's complaints are JSON objects too", async () => {
    const unknown = await runCliHere(['sync', '--bogus'], { ...env, LOG_FORMAT: 'json' });
    expect(unknown.code).toBe(2);
    expect(jsonLines(unknown.stderr)[0]).toMatchObject({ level: 50, msg: "error: unknown option '--bogus'" });
    const missing = await runCliHere(['sync'], { ...env, LOG_FORMAT: 'json', ALTEGIO_PARTNER_TOKEN: undefined });
    expect(missing.code).toBe(2);
    expect(jsonLines(missing.stderr)).toEqual([
      expect.objectContaining({ level: 50, variable: 'ALTEGIO_PARTNER_TOKEN', exitCode: 2, msg: expect.stringContaining('ALTEGIO_PARTNER_TOKEN is required') }),
    ]);
  });

  it('a worker that cannot reach Redis says so in one JSON line naming REDIS_URL, not once per reconnect and not as stacks', async () => {
    const port = await freePort();
    const worker = startCli(['worker', '--no-schedules'], { ...env, REDIS_URL: `redis://127.0.0.1:${port}` });
    children.push(worker);
    await worker.waitFor(/cannot reach Redis at REDIS_URL=redis:\/\/127\.0\.0\.1:\d+ .*retrying: start Redis or fix REDIS_URL/);
    // ioredis retries several times a second; the line is said once every 10 s.
    await new Promise((r) => setTimeout(r, 2500));
    await stopChild(worker);
    expect(worker.lines.filter((l) => l.includes('cannot reach Redis'))).toHaveLength(1);
    expect(() => jsonLines(worker.lines.join('\n'))).not.toThrow();
    expect(worker.lines.join('\n')).not.toContain('[ioredis]');
  });

  it('a sync whose API does not answer names ALTEGIO_BASE_URL and what to check', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/api/v1`;
    const sync = spawnCli(['sync', '--streams', 'clients'], { ...env, ALTEGIO_LOCATION_IDS: '7', ALTEGIO_BASE_URL: base, ALTEGIO_MAX_RETRIES: '0' });
    expect(await sync.exited).toBe(1);
    expect(jsonLines(sync.out.stderr).map((l) => l.msg)).toContain(
      `cannot reach the API at ALTEGIO_BASE_URL=${base} (ECONNREFUSED): check ALTEGIO_BASE_URL and the network`,
    );
  });
});
