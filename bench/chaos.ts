import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes.js';

/**
 * The chaos suite (`npm run test:chaos`; with --quick its CI subset) as the
 * last figure: its progress goes to stderr, and its results table (markdown)
 * is returned for the report. It runs on the benchmark's Postgres and Redis,
 * in processes of its own without the engine's heap limit.
 */
export function chaosFigure(quick: boolean, log: (line: string) => void): { table: string; ok: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'altegio-bench-chaos-'));
  const file = join(dir, 'results.md');
  const env: NodeJS.ProcessEnv = { ...process.env, CHAOS_RESULTS: file, ...(quick ? { CHAOS: 'quick' } : {}) };
  delete env.NODE_OPTIONS;
  if (process.env.BENCH_DATABASE_URL) env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  if (process.env.BENCH_REDIS_URL) env.TEST_REDIS_URL = process.env.BENCH_REDIS_URL;
  log(`chaos suite${quick ? ' (CHAOS=quick)' : ''}: npm run test:chaos`);
  const run = spawnSync('npm', ['run', 'test:chaos'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    return { table: readFileSync(file, 'utf8').trim(), ok: run.status === 0 };
  } catch {
    return { table: '(the chaos suite wrote no results)', ok: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
