import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { selectStreams, STREAMS } from '../src/jobs/index.js';
import { parseCadence } from '../src/queue/cadence.js';
import { planChains } from '../src/queue/enqueue.js';
import { checkCadences, scheduleTable } from '../src/queue/schedules.js';

const base = { ALTEGIO_LOCATION_IDS: '1,2', ALTEGIO_CHAIN_ID: '77' };

describe('the schedule table', () => {
  it('has one scheduler per stream of the registry and location (chain streams: per chain), with stable ids', () => {
    const table = scheduleTable(loadConfig(base), STREAMS, new Map());
    const perScope = STREAMS.reduce((n, s) => n + (s.scope === 'chain' ? 1 : 2), 0);
    expect(table).toHaveLength(perScope);
    expect(new Set(table.map((e) => e.id)).size).toBe(table.length);
    const byId = new Map(table.map((e) => [e.id, e]));
    expect(byId.get('records@location-1')?.repeat.every).toBe(5 * 60_000);
    expect(byId.get('clients@location-2')?.repeat.every).toBe(15 * 60_000);
    expect(byId.get('z_reports@location-1')?.repeat.every).toBe(3_600_000);
    expect(byId.get('client_sweep@location-1')?.repeat.every).toBe(86_400_000);
    expect(byId.get('staff@location-1')?.repeat.every).toBe(86_400_000);
    for (const stream of STREAMS.filter((s) => s.scope === 'chain')) expect(byId.has(`${stream.name}@chain-77`)).toBe(true);
    // Without a chain id, chain streams are not scheduled.
    const noChain = scheduleTable(loadConfig({ ALTEGIO_LOCATION_IDS: '1' }), STREAMS, new Map());
    expect(noChain.every((e) => e.data.scope.kind === 'location')).toBe(true);
  });

  it('takes ALTEGIO_CADENCE_<STREAM>: a duration, a cron pattern in the location\'s zone, or off', () => {
    const config = loadConfig({ ...base, ALTEGIO_CADENCE_RECORDS: '90s', ALTEGIO_CADENCE_CLIENT_SWEEP: '0 3 * * *', ALTEGIO_CADENCE_STAFF: 'off' });
    const table = scheduleTable(config, STREAMS, new Map([[1, 'Asia/Tokyo']]));
    const byId = new Map(table.map((e) => [e.id, e]));
    expect(byId.get('records@location-1')?.repeat).toEqual({ every: 90_000, tz: 'Asia/Tokyo' });
    expect(byId.get('client_sweep@location-1')?.repeat).toEqual({ pattern: '0 3 * * *', tz: 'Asia/Tokyo' });
    expect(byId.get('client_sweep@location-2')?.repeat).toEqual({ pattern: '0 3 * * *', tz: 'UTC' });
    expect(byId.has('staff@location-1')).toBe(false);
  });

  it('fails at start naming a malformed cadence, or one for a stream that does not exist', () => {
    expect(() => loadConfig({ ...base, ALTEGIO_CADENCE_RECORDS: 'often' })).toThrow(/ALTEGIO_CADENCE_RECORDS is malformed/);
    expect(() => checkCadences(loadConfig({ ...base, ALTEGIO_CADENCE_RECORD: '5m' }))).toThrow(ConfigError);
    expect(() => checkCadences(loadConfig({ ...base, ALTEGIO_CADENCE_RECORDS: '61 * * * *' }))).toThrow(/ALTEGIO_CADENCE_RECORDS is malformed/);
    expect(parseCadence('every 2h')).toEqual({ every: 7_200_000 });
    expect(parseCadence('500ms')).toBeNull();
  });
});

describe('an enqueued pass', () => {
  it('is one chain per scope and lane, in registry order, date-windowed streams of a backfill cut into windows', () => {
    const streams = selectStreams(['locations', 'clients', 'records', 'visits', 'z_reports']);
    const chains = planChains({
      mode: 'backfill',
      streams,
      locationIds: [1, 2],
      chainId: 77,
      window: { from: '2026-01-01', to: '2026-01-20' },
      chunkDays: 7,
    });
    expect(chains.map((c) => `${c.scope.kind === 'location' ? c.scope.locationId : 'chain'} ${c.lane}`)).toEqual([
      '1 locations',
      '1 clients',
      '1 z_reports',
      '2 locations',
      '2 clients',
      '2 z_reports',
    ]);
    const jobs = (lane: string) => chains.find((c) => c.lane === lane)!.jobs.map((j) => `${j.stream} ${j.window?.from}..${j.window?.to}`);
    expect(jobs('locations')).toEqual(['locations 2026-01-01..2026-01-20']);
    // The clients lane: what reads the clients waits for them; visits (per client) is one job for the whole range.
    expect(jobs('clients')).toEqual([
      'clients 2026-01-01..2026-01-20',
      'records 2026-01-01..2026-01-07',
      'records 2026-01-08..2026-01-14',
      'records 2026-01-15..2026-01-20',
      'visits 2026-01-01..2026-01-20',
    ]);
    expect(jobs('z_reports')).toEqual(['z_reports 2026-01-01..2026-01-07', 'z_reports 2026-01-08..2026-01-14', 'z_reports 2026-01-15..2026-01-20']);
    const sync = planChains({ mode: 'sync', streams: STREAMS, locationIds: [1], chainId: 77, chunkDays: 7 });
    expect(sync.flatMap((c) => c.jobs.map((j) => j.stream)).sort()).toEqual(STREAMS.map((s) => s.name).sort());
    const clientsLane = sync.find((c) => c.lane === 'clients')!.jobs.map((j) => j.stream);
    expect(clientsLane).toEqual(['clients', 'records', 'client_sweep', 'visits', 'gift_cards', 'loyalty_cards']);
    // Every other stream is a chain of its own.
    expect(sync.filter((c) => c.lane !== 'clients').every((c) => c.jobs.length === 1 && c.jobs[0]!.stream === c.lane)).toBe(true);
    expect(sync.flatMap((c) => c.jobs).every((j) => j.mode === 'sync' && j.window === undefined)).toBe(true);
  });
});
