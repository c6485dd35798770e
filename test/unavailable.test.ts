import { afterEach, describe, expect, it } from 'vitest';
import { readStatus } from '../src/cli/commands/status.js';
import { AltegioAuthError } from '../src/errors.js';
import type { PassResult } from '../src/sync/pass.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';
import { lateToday } from './helpers/anchor.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const LOYALTY = ['loyalty_programs', 'location_loyalty_card_types', 'location_membership_types', 'gift_cards'];

const outcome = (result: PassResult, scope: string) =>
  Object.fromEntries(result.runs.filter((r) => r.scope === scope).map((r) => [r.stream, r.status]));

describe('a stream the account cannot use', () => {
  it('is unavailable, not failed, where the location lacks the loyalty module; later runs skip it until the retry time', async () => {
    p = await startPipeline({ sim: { locations: 3, clients: 30, days: 3, account: { restrictedClients: [] } } });
    const streams = ['clients', ...LOYALTY];
    const first = await p.sync(streams);
    expect(first.ok).toBe(true);
    const loaded = { locations: 'succeeded', clients: 'succeeded' };
    expect(outcome(first, 'location:3')).toEqual({ ...loaded, ...Object.fromEntries(LOYALTY.map((s) => [s, 'unavailable'])) });
    expect(outcome(first, 'location:1')).toEqual({ ...loaded, ...Object.fromEntries(LOYALTY.map((s) => [s, 'succeeded'])) });
    const runs = await p.rows<{ stream: string; status: string; error: string }>(
      `select stream, status, error from altegio.sync_runs where scope = 'location:3' and stream <> 'clients' and stream <> 'locations' order by stream`,
    );
    expect(runs.map((r) => r.status)).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
    for (const r of runs) expect(r.error).toMatch(/not found \(404\): Loyalty module is not enabled for location 3; location 3 does not have the loyalty module/);
    const status = (await readStatus(p.warehouse)).filter((r) => r.scope === 'location:3' && LOYALTY.includes(r.stream));
    expect(status.map((r) => [r.stream, r.unavailableSince !== null, r.lastError?.includes('loyalty module')])).toEqual(
      [...LOYALTY].sort().map((s) => [s, true, true]),
    );

    // Within the retry time a pass does not ask again: not one request to those endpoints.
    p.sim.resetStats();
    const second = await p.sync(streams);
    expect(second.ok).toBe(true);
    expect(outcome(second, 'location:3')).toMatchObject(Object.fromEntries(LOYALTY.map((s) => [s, 'skipped'])));
    expect(second.runs.filter((r) => r.scope === 'location:3' && LOYALTY.includes(r.stream)).reduce((n, r) => n + r.requests, 0)).toBe(0);

    // Named in --streams, it is asked at once, and being unavailable then fails the pass.
    const named = await p.sync(['loyalty_programs'], {}, ['loyalty_programs']);
    expect(outcome(named, 'location:3')).toEqual({ loyalty_programs: 'unavailable' });
    expect(named.ok).toBe(false);

    // After the retry time it is asked again; a location that gained the module loads and is available again.
    const again = await p.sync(['loyalty_programs'], { ALTEGIO_UNAVAILABLE_RETRY_HOURS: '0' });
    expect(outcome(again, 'location:3')).toEqual({ loyalty_programs: 'unavailable' });
    expect(again.ok).toBe(true);
  });

  it('fails the pass where it is a stream the warehouse is useless without: a lapsed licence', async () => {
    p = await startPipeline({ sim: { locations: 2, clients: 20, days: 2, account: { lapsedLicence: [2], restrictedClients: [] } } });
    const result = await p.sync(['clients', 'staff']);
    expect(result.ok).toBe(false);
    const locations = result.runs.find((r) => r.stream === 'locations' && r.scope === 'location:2')!;
    expect(locations.status).toBe('unavailable');
    expect(locations.error?.message).toMatch(/licence has lapsed \(402\).*renew it, or remove location 2 from the configuration/);
    expect(outcome(result, 'location:1')).toEqual({ locations: 'succeeded', clients: 'succeeded', staff: 'succeeded' });
  });

  it('takes a 401 of the analytics charts for a missing right when the tokens work elsewhere, not for refused credentials', async () => {
    p = await startPipeline({ sim: { locations: 2, clients: 20, days: 3, account: { noAnalyticsRight: [2], restrictedClients: [] } } });
    const result = await p.sync(['clients', 'analytics_daily', 'analytics_overall']);
    expect(result.ok).toBe(true);
    expect(outcome(result, 'location:2')).toEqual({ locations: 'succeeded', clients: 'succeeded', analytics_daily: 'unavailable', analytics_overall: 'unavailable' });
    expect(result.runs.find((r) => r.stream === 'analytics_daily' && r.scope === 'location:2')!.error?.message).toMatch(
      /refused our credentials \(401: .*\); the tokens work elsewhere, so the user lacks the right to this report/,
    );
    expect(outcome(result, 'location:1')).toEqual({ locations: 'succeeded', clients: 'succeeded', analytics_daily: 'succeeded', analytics_overall: 'succeeded' });
    // With a wrong user token the same 401 is what it says: the pass stops, naming the token.
    const refused = await p.sync(['analytics_daily'], { ALTEGIO_USER_TOKEN: 'not-the-token', ALTEGIO_UNAVAILABLE_RETRY_HOURS: '0' });
    expect(refused.ok).toBe(false);
    const failed = refused.runs.find((r) => r.stream === 'analytics_daily')!;
    expect([failed.status, failed.error]).toEqual(['failed', expect.any(AltegioAuthError)]);
    expect(failed.error?.message).toContain('fix ALTEGIO_USER_TOKEN');
  });

  it('never stores a Z-report under a day it is not for: an answer clamped to today is refused, the stream unavailable', async () => {
    // Location 1 (New York) must have sold something today for its clamped report to be recognised.
    p = await startPipeline({ sim: { locations: 2, clients: 30, days: 5, anchor: lateToday('America/New_York'), account: { zReportTodayOnly: [1], restrictedClients: [] } } });
    const result = await p.sync(['z_reports']);
    expect(result.ok).toBe(true);
    const run = result.runs.find((r) => r.stream === 'z_reports' && r.scope === 'location:1')!;
    expect(run.status).toBe('unavailable');
    expect(run.error?.message).toMatch(/the Z-report asked for \d{4}-\d{2}-\d{2} came back with the sales of \d{4}-\d{2}-\d{2}: .*finances_z_report_no_limit_today_access/);
    const [stored] = await p.rows<{ n: string }>(`select count(*) as n from altegio.z_reports where location_id = 1`);
    expect(Number(stored!.n)).toBe(0);
    expect(outcome(result, 'location:2').z_reports).toBe('succeeded');
  });
});
