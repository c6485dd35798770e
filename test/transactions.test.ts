import { afterEach, describe, expect, it } from 'vitest';
import { chunkWindow } from '../src/sync/windows.js';
import { addDays, localDate } from '../src/util/dates.js';
import { moneyText, toMilli } from '../src/simulator/index.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const ENDPOINT = 'GET /transactions/{loc}';

async function live(pipeline: Pipeline, locationId: number): Promise<{ ids: number[]; amount: string }> {
  const rows = await pipeline.rows<{ id: string }>(
    `select id from altegio.transactions where location_id = ${locationId} and deleted_at is null order by id`,
  );
  const [sum] = await pipeline.rows<{ amount: string | null }>(
    `select sum(amount)::text as amount from altegio.transactions where location_id = ${locationId} and deleted_at is null`,
  );
  return { ids: rows.map((r) => Number(r.id)), amount: moneyText(toMilli(sum!.amount ?? '0')) };
}

const written = (result: Awaited<ReturnType<Pipeline['sync']>>) =>
  result.runs.filter((r) => r.stream === 'transactions').reduce((n, r) => n + r.inserted + r.updated, 0);

describe('financial transactions by date window', () => {
  it('backfills exactly the source, pages each chunk with a day of slack to an empty page, and a re-run rewrites nothing', async () => {
    const pageSize = 7;
    p = await startPipeline({ sim: { locations: 3, clients: 40, days: 12 }, env: { ALTEGIO_PAGE_SIZE: String(pageSize) } });
    const anchor = new Date(p.sim.truth().anchor);
    const window = { from: addDays(localDate(anchor, 'UTC'), -14), to: addDays(localDate(anchor, 'UTC'), 9) };
    const result = await p.backfill(window, ['transactions']);
    expect(result.ok).toBe(true);

    const truth = p.sim.truth();
    for (const location of truth.locations) {
      expect(location.transactions.count).toBeGreaterThan(3 * pageSize);
      expect(await live(p, location.id)).toEqual({ ids: location.transactions.ids, amount: location.transactions.amount });
    }
    // No total in `meta`: each 7-day chunk, asked a day wider on either side (the server files
    // transactions under its own zone's dates), is paged until an empty page.
    let expectedRequests = 0;
    for (const location of truth.locations) {
      for (const chunk of chunkWindow(window, 7)) {
        const [n] = await p.rows<{ n: string }>(
          `select count(*) as n from altegio.transactions where location_id = ${location.id}
              and (paid_at at time zone 'Asia/Dubai')::date between '${addDays(chunk.from, -1)}' and '${addDays(chunk.to, 1)}'`,
        );
        expectedRequests += Math.ceil(Number(n!.n) / pageSize) + 1;
      }
    }
    expect(p.sim.stats().byEndpoint[ENDPOINT]?.requests).toBe(expectedRequests);
    const [expenses] = await p.rows<{ n: string }>(`select count(*) as n from altegio.transactions where amount < 0 and expense_id is not null and record_id is null`);
    expect(Number(expenses!.n)).toBe(truth.locations.reduce((n, l) => n + l.transactions.expenseIds.length, 0));

    // A re-read marks nothing deleted: an evening payment in New York is the next day in Dubai, where the server files it.
    expect(written(await p.backfill(window, ['transactions']))).toBe(0);
    const [marked] = await p.rows<{ n: string }>(`select count(*) as n from altegio.transactions where deleted_at is not null`);
    expect(Number(marked!.n)).toBe(0);
  });

  it('marks refunded transactions of the recent days and loads new ones', async () => {
    p = await startPipeline({ sim: { locations: 1, clients: 40, days: 5 } });
    expect((await p.sync(['transactions'])).ok).toBe(true);
    const location = p.sim.truth().locations[0]!;
    const data = p.sim.world.location(location.id)!;
    const today = localDate(new Date(), location.timezone);
    const onDay = (d: string) => data.records.filter((r) => !r.deleted && localDate(new Date(r.startMs), location.timezone) === d);
    const recent = [...onDay(today), ...onDay(addDays(today, -1)), ...onDay(addDays(today, -2))];
    const paid = recent.find((r) => r.lines.some((l) => l.payments.length > 0));
    expect(paid).toBeDefined();
    const refunded = paid!.lines.flatMap((l) => l.payments.map((x) => x.txId));
    p.sim.mutate.deleteRecord(location.id, paid!.id);
    // Six hours ago and at most four hours long: paid on today or yesterday (local).
    const added = p.sim.mutate.addRecord(location.id, { startAt: new Date(Date.now() - 6 * 3600_000), attendance: 1 });
    const fresh = added.lines.flatMap((l) => l.payments.map((x) => x.txId));
    expect(fresh.length).toBeGreaterThan(0);

    const second = await p.sync(['transactions']);
    expect(second.ok).toBe(true);
    const truth = p.sim.truth().locations[0]!.transactions;
    expect(await live(p, location.id)).toEqual({ ids: truth.ids, amount: truth.amount });
    const gone = await p.rows<{ id: string }>(`select id from altegio.transactions where deleted_at is not null order by id`);
    expect(gone.map((r) => Number(r.id))).toEqual([...refunded].sort((a, b) => a - b));
    const [loaded] = await p.rows<{ n: string }>(`select count(*) as n from altegio.transactions where id in (${fresh.join(',')}) and deleted_at is null`);
    expect(Number(loaded!.n)).toBe(fresh.length);

    expect(written(await p.sync(['transactions']))).toBe(0);
  });
});
