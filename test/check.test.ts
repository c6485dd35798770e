import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCheck, type CheckReport } from '../src/check/index.js';
import { createClient } from '../src/cli/context.js';
import { loadConfig } from '../src/config.js';
import { STREAMS } from '../src/jobs/index.js';
import { silentLogger } from '../src/log.js';
import { lateToday } from './helpers/anchor.js';
import { testProcessEnv } from './helpers/child-env.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../src/simulator/index.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function envOf(s: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ALTEGIO_BASE_URL: s.url,
    ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
    ALTEGIO_USER_TOKEN: 'sim-user-token',
    ALTEGIO_LOCATION_IDS: s.truth().locations.map((l) => l.id).join(','),
    ALTEGIO_CHAIN_ID: String(s.truth().chainId),
    ALTEGIO_RATE_LIMIT_PER_SECOND: '1000',
    ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000',
    ALTEGIO_RATE_LIMIT_MARGIN_MS: '0',
    ...extra,
  };
}

async function check(options: SimulatorOptions, env: Record<string, string> = {}): Promise<CheckReport> {
  sim = await startSimulator({ rateLimit: false, clients: 40, days: 10, ...options });
  const config = loadConfig(envOf(sim, env));
  const client = createClient(config, silentLogger, undefined, { minRetryDelayMs: 5 });
  return runCheck({ client, config, log: silentLogger }, { streams: [...STREAMS], locationIds: config.locationIds, chainId: config.chainId, range: { from: '2026-01-01', to: '2026-12-31' } });
}

const statusOf = (report: CheckReport, stream: string, scope: string) => report.rows.find((r) => r.stream === stream && r.scope === scope)?.status;

describe('altegio-sync check', () => {
  it('reports each stream as available, no right, not found or shape differs, for a few dozen requests a location', async () => {
    const report = await check({
      locations: 3,
      // Location 1 (New York) must have sold something today for its clamped report to be recognised.
      anchor: lateToday('America/New_York'),
      account: { noAnalyticsRight: [2], zReportTodayOnly: [1] },
      drift: [{ endpoint: 'GET /records/{loc}', field: 'last_change_date', rename: 'changed_at' }],
    });
    expect(report.exitCode).toBe(0);
    expect(report.blocking).toEqual([]);
    // The field the simulator renamed: every location's records differ, and say which field is missing.
    for (const scope of ['location:1', 'location:2', 'location:3']) {
      const records = report.rows.find((r) => r.stream === 'records' && r.scope === scope)!;
      expect(records.status).toBe('shape differs');
      expect(records.fix).toMatch(/^last_change_date is missing; .*--record DIR/);
      expect(records.unread).toContain('changed_at');
    }
    // Location 3 has no loyalty module; location 2 restricted client rights and no analytics right (401 on the charts).
    expect(['loyalty_programs', 'location_loyalty_card_types', 'location_membership_types', 'gift_cards'].map((s) => statusOf(report, s, 'location:3'))).toEqual([
      'not found',
      'not found',
      'not found',
      'not found',
    ]);
    expect(statusOf(report, 'client_sweep', 'location:2')).toBe('no right');
    expect(statusOf(report, 'analytics_daily', 'location:2')).toBe('no right');
    expect(statusOf(report, 'analytics_overall', 'location:2')).toBe('no right');
    // Location 1 may see only today's cash report: the week-old day comes back with today's sales.
    expect(statusOf(report, 'z_reports', 'location:1')).toBe('no right');
    const expectedOther = report.rows.filter(
      (r) =>
        r.stream !== 'records' &&
        !(r.scope === 'location:3' && ['loyalty_programs', 'location_loyalty_card_types', 'location_membership_types', 'gift_cards'].includes(r.stream)) &&
        !(r.scope === 'location:2' && ['client_sweep', 'analytics_daily', 'analytics_overall', 'loyalty_analytics'].includes(r.stream)) &&
        !(r.scope === 'location:1' && r.stream === 'z_reports'),
    );
    expect(expectedOther.filter((r) => r.status !== 'available').map((r) => `${r.scope} ${r.stream} ${r.status} ${r.fix}`)).toEqual([]);
    // Every stream of every scope was asked: 19 location streams × 3, and 5 chain streams.
    expect(report.rows).toHaveLength(3 * 19 + 5);
    expect(report.requests).toBeLessThanOrEqual(3 * 35 + 10);
    expect(report.requests).toBe(sim!.stats().total);
    expect(report.estimate.requests).toBeGreaterThan(3 * 365);
  });

  it('stops at refused credentials with exit status 3, and at an unknown location with 1, naming what to fix', async () => {
    sim = await startSimulator({ rateLimit: false, clients: 10, days: 2, locations: 1 });
    const bin = join(import.meta.dirname, '..', 'bin', 'altegio-sync.js');
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile('node', [bin, 'check', '--json'], { env: { ...testProcessEnv(), ...envOf(sim!), ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const bad = await run({ ALTEGIO_USER_TOKEN: 'not-the-token' });
    expect(bad.code).toBe(3);
    const report = JSON.parse(bad.stdout) as CheckReport;
    expect(report.blocking.join('\n')).toContain('fix ALTEGIO_USER_TOKEN');
    expect(bad.stdout + bad.stderr).not.toContain('not-the-token');
    const unknown = await run({ ALTEGIO_LOCATION_IDS: '1,99' });
    expect(unknown.code).toBe(1);
    expect((JSON.parse(unknown.stdout) as CheckReport).blocking.join('\n')).toMatch(/location 99: .*not found.*ALTEGIO_LOCATION_IDS/);
  });
});
