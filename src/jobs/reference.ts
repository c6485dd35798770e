import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { accounts, serviceCategories, services, staff } from '../db/schema/index.js';
import { upsertRows, type WriteCounts } from '../db/upsert.js';
import { extractReference, type ReferenceResource } from '../extractors/reference.js';
import { asObject, bool, decimal, idOf, integer, objectField, requireId, text, type Obj } from '../sync/map.js';
import type { RunContext, StreamDef } from '../sync/types.js';

/** A location-keyed table that a full refresh keeps, with `deleted_at` for rows gone from the listing. */
type ReferenceTable = PgTable & { locationId: PgColumn; id: PgColumn; deletedAt: PgColumn; syncedAt: PgColumn };

interface ReferenceSpec<T extends ReferenceTable> {
  name: string;
  resource: ReferenceResource;
  description: string;
  table: T;
  /** The columns of one source row, apart from the key, `deleted_at` and `raw`. */
  columns(r: Obj): Omit<T['$inferInsert'], 'locationId' | 'id' | 'deletedAt' | 'raw' | 'syncedAt'>;
}

/**
 * Ids of the rows the listing answered, per run, rejected rows included:
 * a row that fails to map is still there at the source and must not be
 * marked deleted. The run's context is the same object in extract and write.
 */
const listedIds = new WeakMap<RunContext, Set<number>>();

function locationOf(ctx: RunContext): number {
  if (ctx.scope.kind !== 'location') throw new Error('reference data is per location');
  return ctx.scope.locationId;
}

/**
 * A full-refresh stream of one reference listing: one request, every row
 * upserted, and rows missing from the answer marked `deleted_at` in the same
 * transaction (cleared again if they come back).
 */
export function referenceStream<T extends ReferenceTable>(spec: ReferenceSpec<T>): StreamDef<T['$inferInsert']> {
  return {
    name: spec.name,
    scope: 'location',
    description: spec.description,
    cursor: 'full_refresh',
    backfill: 'refresh',
    async *extract(ctx) {
      for await (const items of extractReference(ctx.client, spec.resource, locationOf(ctx))) {
        listedIds.set(ctx, new Set(items.map((item) => Number(idOf(item))).filter(Number.isSafeInteger)));
        yield { items, highWaterAt: ctx.now };
      }
    },
    map(raw, ctx) {
      const r = asObject(raw, spec.name);
      return { ...spec.columns(r), locationId: locationOf(ctx), id: requireId(r, 'id'), deletedAt: null, raw: r } as T['$inferInsert'];
    },
    async write(tx, rows, ctx) {
      const written = await upsertRows(tx, spec.table, rows, ['locationId', 'id'] as never);
      const listed = listedIds.get(ctx) ?? new Set(rows.map((row) => (row as { id: number }).id));
      const gone = await tx
        .update(spec.table)
        .set({ deletedAt: sql`now()`, syncedAt: sql`now()` } as never)
        .where(and(eq(spec.table.locationId, locationOf(ctx)), isNull(spec.table.deletedAt), notInArray(spec.table.id, [...listed])))
        .returning({ id: spec.table.id });
      return { ...written, updated: written.updated + gone.length } satisfies WriteCounts;
    },
    sourceKey: idOf,
  };
}

export const staffStream = referenceStream({
  name: 'staff',
  resource: 'staff',
  description: 'team members, fired ones included (GET /company/{loc}/staff)',
  table: staff,
  columns: (r) => {
    const position = objectField(r.position);
    return {
      name: text(r.name, 'name'),
      specialization: text(r.specialization, 'specialization'),
      positionId: integer(position.id, 'position.id'),
      position: Object.keys(position).length > 0 ? position : null,
      fired: bool(r.fired, 'fired'),
      hidden: bool(r.hidden, 'hidden'),
      rating: decimal(r.rating, 'rating'),
      weight: integer(r.weight, 'weight'),
    };
  },
});

export const servicesStream = referenceStream({
  name: 'services',
  resource: 'services',
  description: 'services and their price ranges (GET /company/{loc}/services)',
  table: services,
  columns: (r) => ({
    title: text(r.title, 'title'),
    categoryId: integer(r.category_id, 'category_id'),
    priceMin: decimal(r.price_min, 'price_min'),
    priceMax: decimal(r.price_max, 'price_max'),
    duration: integer(r.duration, 'duration'),
    active: bool(r.active, 'active'),
    weight: integer(r.weight, 'weight'),
    apiId: text(r.api_id, 'api_id'),
    comment: text(r.comment, 'comment'),
  }),
});

export const serviceCategoriesStream = referenceStream({
  name: 'service_categories',
  resource: 'serviceCategories',
  description: 'service categories (GET /company/{loc}/service_categories)',
  table: serviceCategories,
  columns: (r) => ({
    title: text(r.title, 'title'),
    weight: integer(r.weight, 'weight'),
    apiId: text(r.api_id, 'api_id'),
  }),
});

export const accountsStream = referenceStream({
  name: 'accounts',
  resource: 'accounts',
  description: 'payment accounts: cash desks and terminals (GET /accounts/{loc})',
  table: accounts,
  columns: (r) => ({
    title: text(r.title, 'title'),
    type: integer(r.type, 'type'),
    comment: text(r.comment, 'comment'),
    archived: bool(r.is_deleted, 'is_deleted'),
  }),
});

/** The four reference streams, in run order. */
export const REFERENCE_STREAMS = [staffStream, servicesStream, serviceCategoriesStream, accountsStream] as const;
