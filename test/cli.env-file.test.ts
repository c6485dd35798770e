/**
 * Every command reads `.env` in its working directory, or the file
 * `--env-file` names, before it reads its configuration; a variable the
 * environment sets wins over the file. Each case is the real binary in a
 * child process started in a directory of its own.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envFileArgument } from '../src/cli/env-file.js';
import { runCli } from './helpers/run-cli.js';

const TOKENS = 'ALTEGIO_PARTNER_TOKEN=partner-token-from-file\nALTEGIO_USER_TOKEN="user-token-from-file"\n';
// Stops at `--locations` (exit 2) before asking anything, saying which locations are configured.
const STOPS_AT_LOCATIONS = ['sync', '--streams', 'clients', '--locations', '9'];

const dirs: string[] = [];
function directoryWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'altegio-env-file-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe.concurrent('.env in the working directory', () => {
  const dir = directoryWith({ '.env': `# the warehouse's account\n${TOKENS}ALTEGIO_LOCATION_IDS=101,102\nLOG_FORMAT=json\n` });

  it('supplies the configuration and LOG_FORMAT, and no value reaches the output', async ({ expect }) => {
    const run = await runCli(STOPS_AT_LOCATIONS, { LOG_FORMAT: undefined }, { cwd: dir });
    expect(run.code).toBe(2);
    const line = JSON.parse(run.stderr.trim()) as { msg: string; flag: string };
    expect(line).toMatchObject({ msg: '--locations 9 not in ALTEGIO_LOCATION_IDS (101,102)', flag: '--locations' });
    expect(run.stderr).not.toContain('token-from-file');
  });

  it('gives way to a variable the environment sets', async ({ expect }) => {
    const run = await runCli(STOPS_AT_LOCATIONS, { ALTEGIO_LOCATION_IDS: '7', LOG_FORMAT: 'pretty' }, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('altegio-sync: --locations 9 not in ALTEGIO_LOCATION_IDS (7)\n');
  });

  it('may be missing, or be a directory (a Python virtualenv)', async ({ expect }) => {
    const venv = directoryWith({});
    mkdirSync(join(venv, '.env'));
    for (const cwd of [directoryWith({}), venv]) {
      const run = await runCli(STOPS_AT_LOCATIONS, {}, { cwd });
      expect(run.stderr).toBe('altegio-sync: --locations 9 not in ALTEGIO_LOCATION_IDS ()\n');
      expect(run.code).toBe(2);
    }
  });
});

describe.concurrent('--env-file', () => {
  // The cwd's .env would stop any command that read it.
  const dir = directoryWith({ '.env': 'ALTEGIO_RATE_LIMIT_PER_MINUTE=lots\n', 'other.env': `${TOKENS}ALTEGIO_LOCATION_IDS=55\n` });

  it.concurrent.for([
    ['before the command', ['--env-file', 'other.env', ...STOPS_AT_LOCATIONS]],
    ['after the command', [...STOPS_AT_LOCATIONS, '--env-file', join(dir, 'other.env')]],
    ['as --env-file=path', [...STOPS_AT_LOCATIONS, `--env-file=${join(dir, 'other.env')}`]],
  ] as const)('reads that file instead of .env, %s', async ([, args], { expect }) => {
    const run = await runCli([...args], {}, { cwd: dir });
    expect(run.stderr).toBe('altegio-sync: --locations 9 not in ALTEGIO_LOCATION_IDS (55)\n');
    expect(run.code).toBe(2);
  });

  it.concurrent.for([
    ['before the command', ['--env-file', 'missing.env', 'status']],
    ['after the command', ['status', '--env-file', 'missing.env']],
  ] as const)('stops with exit 2 naming the flag when the file is missing, %s', async ([, args], { expect }) => {
    const run = await runCli([...args], {}, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('altegio-sync: --env-file missing.env: no such file\n');
  });

  it('reaches the CLI when the bin runs through its #! line, Node reading none of it', async () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'altegio-sync.js');
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(bin, ['status', '--env-file', 'missing.env'], { cwd: dir, env: { ...process.env, LOG_FORMAT: 'pretty' } }, (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(run.stderr).toBe('altegio-sync: --env-file missing.env: no such file\n');
    expect(run.code).toBe(2);
  });

  it('needs a path', async () => {
    const run = await runCli(['status', '--env-file'], {}, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--env-file <path>' argument missing");
  });

  it('is listed in --help', async () => {
    const run = await runCli(['--help'], {}, { cwd: dir });
    expect(run.stdout).toMatch(/--env-file <path>\s+read variables from this file instead of \.\/\.env/);
  });
});

describe('envFileArgument', () => {
  it('takes the last --env-file, in either form, and nothing after --', () => {
    expect(envFileArgument(['sync', '--streams', 'clients'])).toBeUndefined();
    expect(envFileArgument(['--env-file', 'a.env', 'sync', '--env-file=b.env'])).toBe('b.env');
    expect(envFileArgument(['sql', '--', '--env-file', 'c.env'])).toBeUndefined();
    expect(envFileArgument(['status', '--env-file'])).toBeUndefined();
  });
});

describe.concurrent('ALTEGIO_ENV_FILE', () => {
  const dir = directoryWith({ '.env': 'ALTEGIO_LOCATION_IDS=1\n', 'chosen.env': `${TOKENS}ALTEGIO_LOCATION_IDS=66\n` });

  it.concurrent.for([
    ['names the file to read instead of .env', { ALTEGIO_ENV_FILE: 'chosen.env' }, 'altegio-sync: --locations 9 not in ALTEGIO_LOCATION_IDS (66)\n'],
    ['none reads no file, .env included', { ALTEGIO_ENV_FILE: 'none' }, 'altegio-sync: --locations 9 not in ALTEGIO_LOCATION_IDS ()\n'],
  ] as const)('%s', async ([, env, stderr], { expect }) => {
    const run = await runCli(STOPS_AT_LOCATIONS, env, { cwd: dir });
    expect(run.stderr).toBe(stderr);
    expect(run.code).toBe(2);
  });

  it('names itself when its file is missing', async ({ expect }) => {
    const run = await runCli(STOPS_AT_LOCATIONS, { ALTEGIO_ENV_FILE: 'nope.env' }, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ALTEGIO_ENV_FILE=nope.env: no such file');
  });
});
