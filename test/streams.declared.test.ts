import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { selectStreams, STREAMS } from '../src/jobs/index.js';
import { CADENCE_CLASSES, cadenceOf, defaultCadence } from '../src/queue/cadence.js';
import { planChains } from '../src/queue/enqueue.js';
import { scheduleTable } from '../src/queue/schedules.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Each stream's default interval, as the schedule has always had it. */
const DEFAULT_EVERY: Record<string, number> = {
  locations: DAY,
  staff: DAY,
  services: DAY,
  service_categories: DAY,
  accounts: DAY,
  clients: 15 * MINUTE,
  records: 5 * MINUTE,
  client_sweep: DAY,
  visits: HOUR,
  z_reports: HOUR,
  transactions: HOUR,
  loyalty_programs: DAY,
  location_loyalty_card_types: DAY,
  location_membership_types: DAY,
  loyalty_card_types: DAY,
  membership_types: DAY,
  gift_card_types: DAY,
  loyalty_transactions: HOUR,
  memberships: HOUR,
  gift_cards: HOUR,
  loyalty_cards: HOUR,
  analytics_overall: DAY,
  analytics_daily: DAY,
  loyalty_analytics: DAY,
};

describe('a stream declares its cadence class', () => {
  it('runs on its class\'s interval by default, the same for every stream as before', () => {
    expect(Object.fromEntries(STREAMS.map((s) => [s.name, defaultCadence(s)]))).toEqual(
      Object.fromEntries(Object.entries(DEFAULT_EVERY).map(([name, every]) => [name, { every }])),
    );
  });

  it('yields to ALTEGIO_CADENCE_<STREAM>, and the schedule says why each runs when it does', () => {
    const config = loadConfig({ ALTEGIO_LOCATION_IDS: '1', ALTEGIO_CADENCE_VISITS: '10m' });
    const visits = STREAMS.find((s) => s.name === 'visits')!;
    expect(cadenceOf(visits, config.queue.cadences)).toEqual({ every: 10 * MINUTE });
    const byId = new Map(scheduleTable(config, STREAMS, new Map()).map((e) => [e.id, e]));
    expect(byId.get('visits@location-1')?.why).toBe('set by ALTEGIO_CADENCE_VISITS');
    expect(byId.get('records@location-1')?.why).toBe(`hot: ${CADENCE_CLASSES.hot.why}`);
    expect(byId.get('client_sweep@location-1')?.why).toBe(`sweep: ${CADENCE_CLASSES.sweep.why}`);
  });
});

describe('a stream read per row of a parent', () => {
  it('names a stream that runs before it, in its scope and lane, and reads per client', () => {
    const children = STREAMS.filter((s) => s.parent !== undefined);
    expect(children.map((s) => s.name)).toEqual(['visits', 'gift_cards', 'loyalty_cards']);
    expect(STREAMS.filter((s) => s.reads === 'per_client').map((s) => s.name)).toEqual(children.map((s) => s.name));
    for (const child of children) {
      const parentAt = STREAMS.findIndex((s) => s.name === child.parent);
      expect(parentAt, `${child.name}'s parent`).toBeGreaterThanOrEqual(0);
      expect(parentAt).toBeLessThan(STREAMS.indexOf(child));
      const parent = STREAMS[parentAt]!;
      expect([parent.scope, parent.lane ?? parent.name]).toEqual([child.scope, child.lane ?? child.name]);
    }
  });

  it('is one job of an enqueued backfill, while a dated stream is cut into chunks', () => {
    const chains = planChains({
      mode: 'backfill',
      streams: selectStreams(['clients', 'records', 'gift_cards', 'loyalty_cards']),
      locationIds: [1],
      window: { from: '2026-03-01', to: '2026-03-10' },
      chunkDays: 5,
    });
    expect(chains.flatMap((c) => c.jobs.map((j) => `${j.stream} ${j.window?.from}..${j.window?.to}`))).toEqual([
      'clients 2026-03-01..2026-03-10',
      'records 2026-03-01..2026-03-05',
      'records 2026-03-06..2026-03-10',
      'gift_cards 2026-03-01..2026-03-10',
      'loyalty_cards 2026-03-01..2026-03-10',
    ]);
  });
});
