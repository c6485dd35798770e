import { extractClients } from '../extractors/clients.js';
import { clients, type NewClient } from '../db/schema/index.js';
import { upsertRows } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import {
  asObject, calendarDate, decimal, idOf, instant, integer, listField, objectField, requireId, text,
} from '../sync/map.js';
import type { Scope, StreamDef } from '../sync/types.js';
import { formatFilterLowerBound, parseApiInstant } from '../util/dates.js';

interface Cursor {
  /** ISO instant: every change at or before it is loaded. */
  changedAfter: string;
}

interface Progress {
  /** `changed_after` as sent, kept so a resumed run asks the same question. */
  lowerBound: string | null;
  nextPage: number;
  pageSize: number;
  /** Largest `last_change_date` seen so far in this run (ISO). */
  maxSeen: string | null;
  /** Start of the run that began this pass (ISO). */
  startedAt: string;
}

function timeZoneOf(scope: Scope): string {
  if (scope.kind !== 'location') throw new Error('clients is a location stream');
  return scope.timezone;
}

/** The largest parseable `last_change_date` of a page; unparseable ones are rejected later by `map`. */
function latestChange(items: unknown[], timeZone: string, start: string | null): string | null {
  let max = start ? Date.parse(start) : -Infinity;
  for (const item of items) {
    try {
      const at = parseApiInstant((item as { last_change_date?: unknown } | null)?.last_change_date, timeZone);
      if (at && at.getTime() > max) max = at.getTime();
    } catch {
      // map() rejects it with the reason
    }
  }
  return Number.isFinite(max) ? new Date(max).toISOString() : null;
}

/**
 * Clients, incremental on `changed_after`. The lower bound is the cursor
 * minus the lookback, inclusive; the order of the listing is not assumed. The
 * cursor becomes the latest change seen, but never later than the start of
 * the run: a client that changes while we page may move to a page we already
 * read, and the next run must still catch it.
 */
export const clientsStream: StreamDef<NewClient, Cursor, Progress> = {
  name: 'clients',
  scope: 'location',
  description: 'clients changed since the last run (GET /clients/{loc}?changed_after)',
  cursor: 'changed_after',
  async *extract(ctx, state) {
    const timeZone = timeZoneOf(ctx.scope);
    const locationId = ctx.scope.kind === 'location' ? ctx.scope.locationId : 0;
    let progress = state.progress;
    if (!progress) {
      const since = state.cursor ? new Date(Date.parse(state.cursor.changedAfter) - ctx.config.sync.lookbackMinutes * 60_000) : null;
      progress = {
        lowerBound: since ? formatFilterLowerBound(since, timeZone, ctx.config.sync.filterTimezone) : null,
        nextPage: 1,
        pageSize: ctx.config.altegio.pageSize,
        maxSeen: state.cursor?.changedAfter ?? null,
        startedAt: ctx.now.toISOString(),
      };
    }
    const pages = extractClients(ctx.client, {
      locationId,
      changedAfter: progress.lowerBound ?? undefined,
      pageSize: progress.pageSize,
      startPage: progress.nextPage,
    });
    for await (const page of pages) {
      const maxSeen = latestChange(page.items, timeZone, progress.maxSeen);
      progress = { ...progress, nextPage: page.page + 1, pageSize: page.pageSize, maxSeen };
      const label = `page ${page.page}${page.total !== undefined ? `/${Math.max(1, Math.ceil(page.total / page.pageSize))}` : ''}`;
      if (!page.last) {
        yield { items: page.items, progress, label };
        continue;
      }
      const cap = Date.parse(progress.startedAt);
      const cursorAt = maxSeen ? new Date(Math.min(Date.parse(maxSeen), cap)) : null;
      yield {
        items: page.items,
        progress: null,
        cursor: cursorAt ? { changedAfter: cursorAt.toISOString() } : state.cursor,
        highWaterAt: new Date(cap),
        label,
      };
    }
  },
  map(raw, ctx) {
    const r = asObject(raw, 'client');
    const timeZone = timeZoneOf(ctx.scope);
    const lastChangeAt = instant(r.last_change_date, 'last_change_date', timeZone);
    if (!lastChangeAt) throw new RejectError('last_change_date is missing');
    return {
      locationId: ctx.scope.kind === 'location' ? ctx.scope.locationId : 0,
      id: requireId(r, 'id'),
      name: text(r.name, 'name'),
      surname: text(r.surname, 'surname'),
      patronymic: text(r.patronymic, 'patronymic'),
      phone: text(r.phone, 'phone'),
      email: text(r.email, 'email'),
      card: text(r.card, 'card'),
      birthDate: calendarDate(r.birth_date, 'birth_date'),
      genderId: integer(r.gender_id, 'gender_id'),
      discount: decimal(r.discount, 'discount'),
      importanceId: integer(r.importance_id, 'importance_id'),
      categories: listField(r.categories),
      smsCheck: integer(r.sms_check, 'sms_check'),
      smsNot: integer(r.sms_not, 'sms_not'),
      spent: decimal(r.spent, 'spent'),
      paid: decimal(r.paid, 'paid'),
      balance: decimal(r.balance, 'balance'),
      visitsCount: integer(r.visits, 'visits'),
      comment: text(r.comment, 'comment'),
      customFields: objectField(r.custom_fields),
      lastChangeAt,
      // Listed by the API, so it exists: clears a mark left by the deletion sweep.
      deletedAt: null,
      raw: r,
    };
  },
  write: (tx, rows) => upsertRows(tx, clients, rows, ['locationId', 'id']),
  sourceKey: idOf,
};
