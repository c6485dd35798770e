import { afterEach, describe, expect, it } from 'vitest';
import type { PassResult } from '../src/sync/pass.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const CHAIN_LISTS = ['membership_types', 'gift_card_types', 'loyalty_card_types'];
const LOCATION_LISTS = ['loyalty_programs', 'location_loyalty_card_types', 'location_membership_types'];
const PER_CLIENT = ['gift_cards', 'loyalty_cards'];
const DATED = ['loyalty_transactions', 'memberships'];
const LOYALTY = [...LOCATION_LISTS, ...CHAIN_LISTS, ...DATED, ...PER_CLIENT];

function totals(result: PassResult, streams: string[] = LOYALTY) {
  const runs = result.runs.filter((r) => streams.includes(r.stream));
  const sum = (k: 'inserted' | 'updated' | 'rejected' | 'requests') => runs.reduce((n, r) => n + r[k], 0);
  return { runs: runs.length, written: sum('inserted') + sum('updated'), rejected: sum('rejected'), requests: sum('requests') };
}

function requestsOf(result: PassResult, stream: string, scope: string): number {
  return result.runs.filter((r) => r.stream === stream && r.scope === scope).reduce((n, r) => n + r.requests, 0);
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const localDay = (ms: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

async function ids(pipeline: Pipeline, query: string): Promise<number[]> {
  return (await pipeline.rows<{ id: string }>(query)).map((r) => Number(r.id));
}

async function sum(pipeline: Pipeline, column: string, from: string): Promise<string> {
  const [row] = await pipeline.rows<{ s: string }>(`select coalesce(sum(${column}), 0)::numeric(20,3)::text as s from ${from}`);
  return row!.s;
}

/** Every loyalty table against the simulator's ground truth. */
async function expectTruth(pipeline: Pipeline): Promise<void> {
  const truth = pipeline.sim.truth();
  const chain = truth.chain;
  const live = 'deleted_at is null';
  expect(await ids(pipeline, `select id from altegio.loyalty_transactions where ${live} order by id`)).toEqual(chain.loyaltyTransactions.ids);
  expect(await sum(pipeline, 'amount', `altegio.loyalty_transactions where ${live}`)).toBe(chain.loyaltyTransactions.amount);
  expect(await ids(pipeline, 'select id from altegio.memberships order by id')).toEqual(chain.memberships.ids);
  expect(await sum(pipeline, 'cost', 'altegio.memberships')).toBe(chain.memberships.cost);
  expect(await ids(pipeline, `select id from altegio.membership_types where ${live} order by id`)).toEqual(chain.membershipTypeIds);
  expect(await ids(pipeline, `select id from altegio.gift_card_types where ${live} order by id`)).toEqual(chain.giftCardTypeIds);
  expect(await ids(pipeline, `select id from altegio.loyalty_card_types where ${live} order by id`)).toEqual(chain.cardTypeIds);
  expect(await ids(pipeline, `select id from altegio.loyalty_cards where ${live} order by id`)).toEqual(chain.loyaltyCards.ids);
  expect(await sum(pipeline, 'balance', `altegio.loyalty_cards where ${live}`)).toBe(chain.loyaltyCards.balance);
  for (const loc of truth.locations) {
    const at = `where location_id = ${loc.id} and ${live} order by id`;
    expect(await ids(pipeline, `select id from altegio.gift_cards ${at}`)).toEqual(loc.loyalty.giftCards.ids);
    expect(await sum(pipeline, 'balance', `altegio.gift_cards where location_id = ${loc.id} and ${live}`)).toBe(loc.loyalty.giftCards.balance);
    expect(await ids(pipeline, `select id from altegio.loyalty_programs ${at}`)).toEqual(loc.loyalty.programIds);
    expect(await ids(pipeline, `select id from altegio.location_loyalty_card_types ${at}`)).toEqual(loc.loyalty.cardTypeIds);
    expect(await ids(pipeline, `select id from altegio.location_membership_types ${at}`)).toEqual(loc.loyalty.membershipTypeIds);
    // The chain's own list of attached locations agrees with what each location lists.
    expect(await ids(pipeline, `select id from altegio.membership_types where ${loc.id} = any(location_ids) order by id`)).toEqual(
      loc.loyalty.membershipTypeIds,
    );
  }
}

describe('loyalty streams', () => {
  it('a backfill loads every loyalty table exactly as the source has it, and a second one rewrites nothing', async () => {
    p = await startPipeline({ sim: { clients: 60, days: 10 } });
    const anchor = p.sim.truth().anchor.slice(0, 10);
    // Memberships go back 120 days; loyalty transactions follow paid records.
    const window = { from: addDays(anchor, -125), to: addDays(anchor, 8) };
    const first = await p.backfill(window, ['clients', ...LOYALTY]);
    expect(first.ok).toBe(true);
    expect(totals(first).rejected).toBe(0);
    await expectTruth(p);

    // The rows carry no date: each is dated by the one-day window that listed it.
    const zones = new Map(p.sim.truth().locations.map((l) => [l.id, l.timezone]));
    const dated = await p.rows<{ id: string; created_date: string }>(`select id, created_date::text from altegio.loyalty_transactions`);
    const byId = new Map(dated.map((r) => [Number(r.id), r.created_date]));
    for (const t of p.sim.world.chain.loyaltyTransactions) expect(byId.get(t.id)).toBe(localDay(t.atMs, zones.get(t.locId)!));
    // One request a day for the chain (every day had at most one page).
    expect(requestsOf(first, 'loyalty_transactions', `chain:${p.sim.truth().chainId}`)).toBe(134);

    const second = await p.backfill(window, ['clients', ...LOYALTY]);
    expect(second.ok).toBe(true);
    expect(totals(second).written).toBe(0);
  });

  it('reads memberships whether or not the answer arrives wrapped in an extra array', async () => {
    p = await startPipeline({ sim: { clients: 120, locations: 2, days: 5 }, env: { ALTEGIO_PAGE_SIZE: '2' } });
    const anchor = p.sim.truth().anchor.slice(0, 10);
    const window = { from: addDays(anchor, -125), to: addDays(anchor, 1) };
    // The quirk is real in this world: some pages come wrapped, some do not.
    const shapes = new Set<string>();
    for (let page = 1; page <= 6; page++) {
      const url = `${p.sim.url}/chain/${p.sim.truth().chainId}/loyalty/abonements?created_after=${window.from}&created_before=${window.to}&page=${page}&count=2`;
      const body: unknown = await (await fetch(url, {
        headers: { Accept: 'application/vnd.api.v2+json', Authorization: 'Bearer sim-partner-token, User sim-user-token' },
      })).json();
      shapes.add(Array.isArray(body) ? 'wrapped' : 'plain');
    }
    expect([...shapes].sort()).toEqual(['plain', 'wrapped']);

    const result = await p.backfill(window, ['memberships']);
    expect(result.ok).toBe(true);
    const chain = p.sim.truth().chain;
    expect(chain.memberships.count).toBeGreaterThan(6);
    expect(await ids(p, 'select id from altegio.memberships order by id')).toEqual(chain.memberships.ids);
    expect(await sum(p, 'cost', 'altegio.memberships')).toBe(chain.memberships.cost);
    // Naive expiration dates are read in the selling location's zone.
    const [row] = await p.rows<{ n: string }>(`select count(*) as n from altegio.memberships where expires_at - created_at <> interval '90 days'`);
    expect(Number(row!.n)).toBe(0);
  });

  it('without a chain id skips the chain streams, and the locations fill membership_types', async () => {
    p = await startPipeline({ sim: { clients: 20, locations: 2, days: 3 } });
    const result = await p.sync(['clients', ...LOYALTY], { ALTEGIO_CHAIN_ID: '' });
    expect(result.ok).toBe(true);
    expect(result.runs.filter((r) => r.scope.startsWith('chain:'))).toEqual([]);
    const truth = p.sim.truth();
    const listed = [...new Set(truth.locations.flatMap((l) => l.loyalty.membershipTypeIds))].sort((a, b) => a - b);
    expect(await ids(p, 'select id from altegio.membership_types order by id')).toEqual(listed);
    const [row] = await p.rows<{ n: string }>(`select count(*) as n from altegio.membership_types where chain_id = ${truth.chainId}`);
    expect(Number(row!.n)).toBe(listed.length);
    expect(await ids(p, 'select id from altegio.gift_cards order by id')).toEqual(truth.locations.flatMap((l) => l.loyalty.giftCards.ids).sort((a, b) => a - b));
    expect(totals(await p.sync(['clients', ...LOYALTY], { ALTEGIO_CHAIN_ID: '' })).written).toBe(0);
  });

  it('re-reads the cards of touched clients only, keeps recent days fresh, and a re-run rewrites nothing', async () => {
    p = await startPipeline({ sim: { clients: 60, days: 10 } });
    const world = p.sim.world;
    const chain = world.chain;
    // A membership sold five days ago: incremental runs re-read the last 31 days of sales.
    const day = 86_400_000;
    const sold = { ...chain.memberships[0]!, id: 62_999_001, visitsLeft: 4, createdMs: world.now() - 5 * day, expirationMs: world.now() + 85 * day };
    chain.memberships.push(sold);
    world.touch();
    const streams = ['clients', 'records', 'client_sweep', ...LOYALTY];
    expect((await p.sync(streams)).ok).toBe(true);
    await expectTruth(p);

    const loc = p.sim.truth().locations[0]!.id;
    const giftCards = chain.giftCards.filter((g) => g.locId === loc);
    const [touchedCard, otherCard, goneCard, leftCard] = [giftCards[0]!, giftCards[1]!, giftCards[2]!, giftCards[3]!];
    const loyaltyCard = chain.loyaltyCards.find((c) => c.locId === loc)!;
    // The simulator has no loyalty mutations: change the world as the salon would.
    touchedCard.balance = 12_345;
    otherCard.balance = 54_321;
    chain.giftCards.splice(chain.giftCards.indexOf(goneCard), 1);
    loyaltyCard.balance += 7_000;
    // A refund takes back yesterday's accrual; a new one is made today.
    const latest = chain.loyaltyTransactions.reduce((a, b) => (a.atMs > b.atMs ? a : b));
    expect(world.now() - latest.atMs).toBeLessThan(2 * day);
    chain.loyaltyTransactions.splice(chain.loyaltyTransactions.indexOf(latest), 1);
    chain.loyaltyTransactions.push({ ...latest, id: 63_999_001, amount: 4_250, typeId: 1, atMs: world.now() });
    sold.visitsLeft = 0;
    chain.memberships.push({ ...sold, id: 62_999_002, visitsLeft: 10, createdMs: world.now() });
    world.touch();
    const touched = new Set([touchedCard.clientId, goneCard.clientId, loyaltyCard.clientId]);
    for (const clientId of touched) p.sim.mutate.addRecord(loc, { clientId });
    // A client deleted at the source is never asked again: its cards go with it.
    expect(touched.has(leftCard.clientId)).toBe(false);
    p.sim.mutate.deleteClient(loc, leftCard.clientId);

    const second = await p.sync(streams);
    expect(second.ok).toBe(true);
    expect(totals(second).rejected).toBe(0);
    expect(requestsOf(second, 'gift_cards', `location:${loc}`)).toBe(touched.size);
    expect(requestsOf(second, 'loyalty_cards', `location:${loc}`)).toBe(touched.size);
    expect(requestsOf(second, 'gift_cards', `location:${p.sim.truth().locations[1]!.id}`)).toBe(0);
    const card = async (id: number) =>
      (await p!.rows<{ balance: string; deleted_at: Date | null }>(`select balance::text, deleted_at from altegio.gift_cards where id = ${id}`))[0]!;
    expect(Number((await card(touchedCard.id)).balance)).toBe(12.345);
    expect((await card(goneCard.id)).deleted_at).not.toBeNull();
    expect((await card(leftCard.id)).deleted_at).not.toBeNull();
    // An untouched client's card is not asked for again: still the old balance.
    expect(Number((await card(otherCard.id)).balance)).not.toBe(54.321);
    const memberships = await p.rows<{ id: string; balance: number }>(`select id, balance from altegio.memberships where id > 62999000 order by id`);
    expect(memberships.map((m) => [Number(m.id), m.balance])).toEqual([[62_999_001, 0], [62_999_002, 10]]);
    expect(await ids(p, 'select id from altegio.loyalty_transactions where id = 63999001')).toEqual([63_999_001]);
    expect(await ids(p, `select id from altegio.loyalty_transactions where deleted_at is not null`)).toEqual([latest.id]);

    const third = await p.sync(streams);
    expect(totals(third).written).toBe(0);
    const [logged] = await p.rows<{ n: string }>(
      `select coalesce(sum(rows_written), 0) as n from altegio.sync_runs where stream in (${LOYALTY.map((s) => `'${s}'`).join(',')})
       and started_at >= (select max(started_at) from altegio.sync_runs where stream = 'clients')`,
    );
    expect(Number(logged!.n)).toBe(0);

    // A backfill reads every client again and catches up with the untouched one.
    const anchor = p.sim.truth().anchor.slice(0, 10);
    expect((await p.backfill({ from: addDays(anchor, -2), to: addDays(anchor, 1) }, ['clients', 'client_sweep', ...LOYALTY])).ok).toBe(true);
    expect(Number((await card(otherCard.id)).balance)).toBe(54.321);
    await expectTruth(p);
  });
});
