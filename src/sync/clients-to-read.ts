import { sql } from 'drizzle-orm';
import type { RunContext } from './types.js';

export interface ClientRef {
  id: number;
  phone: string | null;
}

/**
 * The clients whose per-client data (visit history, gift cards, loyalty
 * cards) must be read: in a backfill or a first run, every live client of
 * the location in the warehouse; otherwise only those touched since `since`,
 * i.e. written by the clients stream or named by a record the records stream
 * wrote. `asOf` is the database's clock at the time of the question: the
 * next run's `since`, so the two clocks are never mixed.
 */
export async function clientsToRead(ctx: RunContext, since: string | null): Promise<{ clients: ClientRef[]; asOf: string }> {
  if (ctx.scope.kind !== 'location') throw new Error('per-client streams are location streams');
  const loc = ctx.scope.locationId;
  const all = ctx.mode === 'backfill' || since === null;
  const [clock] = await ctx.warehouse.query<{ now: string | Date }>(sql`select now() as now`);
  const rows = await ctx.warehouse.query<{ id: number | string; phone: string | null }>(
    all
      ? sql`select id, phone from altegio.clients where location_id = ${loc} and deleted_at is null order by id`
      : sql`select c.id, c.phone from altegio.clients c
            where c.location_id = ${loc} and c.deleted_at is null
              and (c.synced_at >= ${since}::timestamptz
                   or exists (select 1 from altegio.records r
                              where r.location_id = c.location_id and r.client_id = c.id and r.synced_at >= ${since}::timestamptz))
            order by c.id`,
  );
  return {
    clients: rows.map((r) => ({ id: Number(r.id), phone: r.phone })),
    asOf: new Date(clock!.now).toISOString(),
  };
}
