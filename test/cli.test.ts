import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS } from '../src/jobs/index.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { SIMULATOR_DEFAULTS } from '../src/simulator/options.js';
import { createTestDatabase } from './helpers/postgres.js';
import { testProcessEnv } from './helpers/child-env.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'altegio-sync.js');

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { env: { ...testProcessEnv(), LOG_FORMAT: 'pretty', ...env }, timeout: 200_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the command line', () => {
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    sim = await startSimulator({ clients: 30, locations: 2, rateLimit: false });
    db = await createTestDatabase();
    env = {
      ALTEGIO_BASE_URL: sim.url,
      ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
      ALTEGIO_USER_TOKEN: 'sim-user-token',
      ALTEGIO_LOCATION_IDS: sim.truth().locations.map((l) => l.id).join(','),
      DATABASE_URL: db.url,
    };
  });
  afterAll(async () => {
    await sim?.close();
    await db?.drop();
  });

  it('has --help on every command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    const commands = ['migrate', 'sync', 'backfill', 'worker', 'status', 'check', 'sql', 'grant-reader', 'cancel', 'simulate', 'demo'];
    for (const command of commands) expect(top.stdout).toContain(command);
    const helps = await Promise.all(commands.map((c) => cli([c, '--help'])));
    helps.forEach((h, i) => {
      expect(h.code, commands[i]).toBe(0);
      expect(h.stdout).toContain(`Usage: altegio-sync ${commands[i]}`);
    });
  });

  it('fails at start naming a missing or malformed variable', async () => {
    const missing = await cli(['sync'], { ...env, ALTEGIO_PARTNER_TOKEN: undefined });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ALTEGIO_PARTNER_TOKEN is required');
    const malformed = await cli(['sync'], { ...env, ALTEGIO_RATE_LIMIT_PER_MINUTE: 'lots' });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('ALTEGIO_RATE_LIMIT_PER_MINUTE is malformed');
    const badFlag = await cli(['backfill', '--from', '2026-02-30', '--to', '2026-03-01'], env);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--from expects a date');
  });

  it('migrates, syncs and reports status; a bad token exits 3 naming it', async () => {
    expect((await cli(['migrate'], env)).code).toBe(0);
    const sync = await cli(['sync', '--streams', 'clients'], env);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toMatch(/clients location:\d+ page 1\/1: 30 rows/);
    const status = await cli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/location:\d+\s+clients\s+.*succeeded\s+30/);
    const bad = await cli(['sync'], { ...env, ALTEGIO_USER_TOKEN: 'not-the-token' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('fix ALTEGIO_USER_TOKEN');
    expect(bad.stderr).not.toContain('not-the-token');
  });

  it('runs the demo with no setup into an embedded warehouse: every stream loaded or unavailable at every default location, nothing rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'altegio-demo-'));
    try {
      // The default locations, the third of which lacks the loyalty module; few clients and a high speed keep it short.
      const demo = await cli(['demo', '--data-dir', dir, '--clients', '20', '--speed', '100']);
      expect(demo.code, demo.stderr).toBe(0);
      const locations = Array.from({ length: SIMULATOR_DEFAULTS.locations }, (_, i) => i + 1);
      expect(demo.stdout).toMatch(new RegExp(`clients\\s+${20 * locations.length}\\b`));
      expect(demo.stdout).toContain('Example query');
      const sql = async (query: string) => {
        const out = await cli(['sql', '--json', '--allow-superuser', '--data-dir', dir, query]);
        expect(out.code, out.stderr).toBe(0);
        return JSON.parse(out.stdout) as Array<Record<string, unknown>>;
      };
      const runs = await sql('select stream, scope, status from altegio.sync_runs order by stream, scope');
      const outcome = new Map(runs.map((r) => [`${r.stream} ${r.scope}`, r.status]));
      const expected = STREAMS.flatMap((s) =>
        (s.scope === 'chain' ? [`chain:${SIMULATOR_DEFAULTS.chainId}`] : locations.map((l) => `location:${l}`)).map((scope) => `${s.name} ${scope}`),
      );
      // One run per stream and scope, each loaded or reported unavailable: none failed, none missing, none extra.
      expect([...outcome.keys()].sort()).toEqual([...expected].sort());
      expect(runs.filter((r) => r.status !== 'succeeded' && r.status !== 'unavailable')).toEqual([]);
      // The location without the loyalty module is reached, and its module endpoints are reported, not failed.
      expect(outcome.get('location_loyalty_card_types location:3')).toBe('unavailable');
      expect(outcome.get('location_loyalty_card_types location:1')).toBe('succeeded');
      expect(await sql('select stream, scope, reason from altegio.rejected_records')).toEqual([]);
      const clients = await sql('select count(*)::int as n from altegio.clients');
      expect(clients).toEqual([{ n: 20 * locations.length }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
