/**
 * The fewest requests that can read the data of a backfill, per endpoint,
 * from the simulator's ground truth: the largest page each endpoint serves,
 * one call per unit the API cannot merge (a Z-report is one day, a visits
 * search is one client, loyalty transactions carry no date so the only way to
 * date them is a one-day window), and nothing asked twice.
 */
import { transactionsOf, visitsOf } from '../src/simulator/derive/views.js';
import type { Simulator } from '../src/simulator/index.js';
import { VISITS_PAGE } from '../src/simulator/api/visits.js';
import { localDate } from '../src/simulator/time.js';
import { eachDate } from '../src/util/dates.js';

export interface MinimumOptions {
  /** The backfill's local dates, both included. */
  window: { from: string; to: string };
  locationIds: number[];
  /** Set when the chain streams run. */
  chainId?: number;
  /** Largest page of the page/count listings, 200. */
  pageSize?: number;
}

export interface EndpointMinimum {
  /** `GET /clients/{loc}`, as the simulator's stats key it. */
  endpoint: string;
  minimum: number;
  /** How the minimum was counted. */
  rule: string;
}

/** Pages of a listing that reports its total: at least one call even when empty. */
const pages = (rows: number, size: number) => Math.max(1, Math.ceil(rows / size));
/** Pages of a listing without a total: the end is a short page, so a full last page costs one more call. */
const pagesUntilShort = (rows: number, size: number) => Math.floor(rows / size) + 1;

export function minimumRequests(sim: Simulator, options: MinimumOptions): EndpointMinimum[] {
  const size = options.pageSize ?? 200;
  const { from, to } = options.window;
  const days = eachDate(from, to).length;
  const inWindow = (date: string) => date >= from && date <= to;
  const out = new Map<string, EndpointMinimum>();
  const add = (endpoint: string, n: number, rule: string) => {
    const e = out.get(endpoint);
    if (e) e.minimum += n;
    else out.set(endpoint, { endpoint, minimum: n, rule });
  };
  const truth = sim.truth();
  for (const locationId of options.locationIds) {
    const data = sim.world.locations.get(locationId)!;
    const lt = truth.locations.find((l) => l.id === locationId)!;
    const zone = data.loc.zone;
    const live = data.clients.filter((c) => !c.deleted);
    add('GET /company/{loc}', 1, 'one per location');
    for (const e of ['GET /company/{loc}/staff', 'GET /company/{loc}/services', 'GET /company/{loc}/service_categories', 'GET /accounts/{loc}']) {
      add(e, 1, 'whole list in one call');
    }
    add('GET /clients/{loc}', pages(lt.clients.count, size), `ceil(live clients / ${size})`);
    // The deletion sweep is redundant on a first backfill: the complete clients listing already says who exists.
    add('POST /company/{loc}/clients/search', 0, 'none: a first backfill lists every client already');
    const records = data.records.filter((r) => inWindow(localDate(zone, r.startMs))).length;
    add('GET /records/{loc}', pages(records, size), `ceil(records of the window incl. deleted / ${size}), one date range`);
    const byClient = visitsOf(sim.world, data).byClient;
    let visitCalls = 0;
    for (const c of live) visitCalls += visitPages((byClient.get(c.id) ?? []).filter((v) => inWindow(v.date)).map((v) => v.date));
    add('POST /company/{loc}/clients/visits/search', visitCalls, `per live client: its pages of ${VISITS_PAGE} visits (+ same-date extras) in the window, at least one`);
    add('GET /reports/z_report/{loc}', days, 'one per day');
    const tx = transactionsOf(sim.world, data).filter((t) => inWindow(localDate(zone, t.atMs))).length;
    add('GET /transactions/{loc}', pagesUntilShort(tx, size), `floor(transactions of the window / ${size}) + 1 (no total: ends on a short page)`);
    add('GET /company/{loc}/analytics/overall', days, 'one per day (a call sums its range)');
    add('GET /company/{loc}/analytics/overall/charts/{chart}', 3 + 2 * days, 'daily charts once for the window (3), structure charts one per day (2 × days)');
    add('GET /company/{loc}/analytics/loyalty_programs/{kind}', 2 * days, 'visits and staff, one per day each');
    add('GET /loyalty/certificates', live.filter((c) => c.phone !== '').length, 'one per live client with a phone (searched by phone)');
    add('GET /loyalty/client_cards/{client}', live.length, 'one per live client');
    const programs = sim.world.chain.programs.filter((g) => g.locIds.includes(locationId)).length;
    add('GET /company/{loc}/loyalty/programs/search', pages(programs, size), 'whole list');
    add('GET /loyalty/card_types/salon/{loc}', 1, 'whole list');
    const types = sim.world.chain.membershipTypes.filter((t) => t.locIds.includes(locationId)).length;
    add('GET /company/{loc}/loyalty/abonement_types/search', pages(types, size), 'whole list');
  }
  if (options.chainId !== undefined) {
    const chain = sim.world.chain;
    const localOf = (locId: number, ms: number) => localDate(sim.world.locations.get(locId)?.loc.zone ?? 'UTC', ms);
    add('GET /chain/{chain}/loyalty/card_types', 1, 'whole list');
    add('GET /chain/{chain}/loyalty/abonement_types', pages(chain.membershipTypes.length, size), 'whole list');
    add('GET /chain/{chain}/loyalty/certificate_types', pages(chain.giftCardTypes.length, 100), 'ceil(types / 100) (page_size ≤ 100)');
    const perDay = new Map<string, number>();
    for (const t of chain.loyaltyTransactions) {
      const d = localOf(t.locId, t.atMs);
      if (inWindow(d)) perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    let loyaltyCalls = 0;
    for (const d of eachDate(from, to)) loyaltyCalls += pages(perDay.get(d) ?? 0, size);
    add('GET /chain/{chain}/loyalty/transactions', loyaltyCalls, 'one per day (rows carry no date), more pages on a busy day');
    const memberships = chain.memberships.filter((m) => inWindow(localOf(m.locId, m.createdMs))).length;
    add('GET /chain/{chain}/loyalty/abonements', pages(memberships, size), `ceil(memberships created in the window / ${size})`);
  }
  add('POST /auth', 0, 'none: the user token is configured');
  return [...out.values()];
}

/** Calls of one client's visits search, newest first: 25 visits a page plus every visit sharing the 25th's date. */
function visitPages(datesNewestFirst: string[]): number {
  const dates = [...datesNewestFirst].sort().reverse();
  let calls = 0;
  let start = 0;
  do {
    calls++;
    let end = Math.min(start + VISITS_PAGE, dates.length);
    while (end < dates.length && dates[end] === dates[end - 1]) end++;
    start = end;
  } while (start < dates.length);
  return calls;
}
