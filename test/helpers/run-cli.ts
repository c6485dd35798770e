import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { testProcessEnv } from './child-env.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'altegio-sync.js');

/**
 * Runs the CLI in a child process with only `env` of the project's variables
 * (and the `.env` of `cwd`, default this process's, if it has one); resolves
 * with its exit status and output.
 */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  { cwd }: { cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  // A test that names a working directory means its `.env` to be read.
  const { ALTEGIO_ENV_FILE, ...clean } = testProcessEnv();
  return new Promise((resolve) => {
    // `--`, as the bin's own #! line has it: Node would read an `--env-file` meant for the CLI.
    execFile('node', ['--', BIN, ...args], { cwd, env: { ...clean, ...(cwd ? {} : { ALTEGIO_ENV_FILE }), LOG_FORMAT: 'pretty', ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Runs the CLI in this process (much faster than a child), with `env` set
 * over the project's variables for the run (a key set to undefined is
 * removed); one run at a time. Logs are silent unless `env` sets LOG_LEVEL
 * (loggers write to fd 2 directly, past the capture); the CLI's own last
 * line is captured.
 */
export async function runCliHere(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/index.js');
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('ALTEGIO_') || key === 'DATABASE_URL') delete process.env[key];
  // Readable last lines (`altegio-sync: ...`), as a person sees them; LOG_FORMAT=json in `env` makes them JSON.
  // No `.env` either: it would set this process's variables for the tests after.
  Object.assign(process.env, { LOG_LEVEL: 'silent', LOG_FORMAT: 'pretty', ALTEGIO_ENV_FILE: 'none', ...env });
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  const out = { stdout: '', stderr: '' };
  const write = (into: 'stdout' | 'stderr') => (chunk: unknown) => ((out[into] += String(chunk)), true);
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  process.stdout.write = write('stdout') as typeof process.stdout.write;
  process.stderr.write = write('stderr') as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'altegio-sync', ...args]);
    return { code, ...out };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.exitCode = undefined;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
