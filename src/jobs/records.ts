import { records, type NewRecord, type NewRecordGood, type NewRecordService } from '../db/schema/index.js';
import { addCounts, upsertRows } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import { extractRecords } from '../extractors/records.js';
import { changedAfterPages, type ChangedAfterCursor, type ChangedAfterProgress } from '../sync/changed-after.js';
import { asObject, bool, idOf, instant, integer, listField, objectField, oneOf, requireId, text, type Obj } from '../sync/map.js';
import { locationOf, zoneOf } from '../sync/scope.js';
import type { StreamDef, StreamState } from '../sync/types.js';
import { windowPages, type WindowCursor, type WindowProgress } from '../sync/windows.js';
import { localDate } from '../util/dates.js';
import { mapGoodsLines, mapServiceLines, replaceLines } from './record-lines.js';
import { CLIENTS_LANE } from './clients.js';

/** A record with its lines: they are written together, in the page's transaction. */
export interface RecordRows {
  record: NewRecord;
  services: NewRecordService[];
  goods: NewRecordGood[];
}

/** Attendance codes: -1 no-show, 0 waiting, 1 arrived, 2 confirmed. */
const ATTENDANCE = [-1, 0, 1, 2] as const;

/** `client.id`; the API sends `client: null` (or an empty object) for a walk-in. */
function clientIdOf(r: Obj): number | null {
  const id = integer(objectField(r.client, 'client').id ?? r.client_id, 'client.id');
  return id && id > 0 ? id : null;
}

/**
 * Records (appointments), deleted ones included. A sync is incremental on
 * `changed_after`; a backfill re-reads the session dates of its window
 * (`start_date`/`end_date`, location-local) with its own resumable state.
 */
export const recordsStream: StreamDef<RecordRows, ChangedAfterCursor | WindowCursor, ChangedAfterProgress | WindowProgress> = {
  name: 'records',
  scope: 'location',
  description: 'appointments with their services and goods, deleted ones flagged (GET /records/{loc})',
  cadence: 'hot',
  reads: 'changed_after',
  backfill: 'rereads-history',
  essential: true,
  lane: CLIENTS_LANE,
  extract(ctx, state) {
    const locationId = locationOf(ctx);
    const pageSize = ctx.config.altegio.pageSize;
    if (ctx.mode === 'backfill') {
      return windowPages(ctx, state as StreamState<WindowCursor, WindowProgress>, {
        // Session dates per date range, as many as an enqueued backfill gives a job: one range a job, its last page the only short one.
        chunkDays: ctx.config.sync.backfillChunkDays,
        fetch: (chunk, startPage) =>
          extractRecords(ctx.client, { locationId, startDate: chunk.from, endDate: chunk.to, pageSize, startPage }),
      });
    }
    return changedAfterPages(ctx, state as StreamState<ChangedAfterCursor, ChangedAfterProgress>, (q) =>
      extractRecords(ctx.client, { locationId, changedAfter: q.changedAfter, startPage: q.startPage, pageSize: q.pageSize }),
    );
  },
  map(raw, ctx) {
    const r = asObject(raw, 'record');
    const [locationId, timeZone] = [locationOf(ctx), zoneOf(ctx)];
    const id = requireId(r, 'id');
    const lastChangeAt = instant(r.last_change_date, 'last_change_date', timeZone);
    if (!lastChangeAt) throw new RejectError('last_change_date is missing');
    // `datetime` carries the offset; `date` is the same wall-clock time without one.
    const startsAt = instant(r.datetime, 'datetime', timeZone) ?? instant(r.date, 'date', timeZone);
    if (!startsAt) throw new RejectError('datetime and date are missing');
    const document = objectField(listField(r.documents)[0]);
    const record: NewRecord = {
      locationId,
      id,
      clientId: clientIdOf(r),
      staffId: integer(r.staff_id, 'staff_id'),
      visitId: integer(r.visit_id, 'visit_id'),
      documentId: integer(document.id, 'documents[0].id'),
      startsAt,
      sessionDate: localDate(startsAt, timeZone),
      seanceLength: integer(r.seance_length, 'seance_length'),
      length: integer(r.length, 'length'),
      attendance: oneOf(r.attendance, 'attendance', ATTENDANCE),
      visitAttendance: oneOf(r.visit_attendance, 'visit_attendance', ATTENDANCE),
      confirmed: bool(r.confirmed, 'confirmed'),
      paidFull: bool(r.paid_full, 'paid_full'),
      prepaid: bool(r.prepaid, 'prepaid'),
      online: bool(r.online, 'online'),
      comment: text(r.comment, 'comment'),
      apiId: text(r.api_id, 'api_id'),
      source: text(r.record_from ?? r.source, 'record_from'),
      customFields: objectField(r.custom_fields),
      createdAt: instant(r.create_date, 'create_date', timeZone),
      lastChangeAt,
      deletedAt: bool(r.deleted, 'deleted') ? lastChangeAt : null,
      raw: r,
    };
    return { record, services: mapServiceLines(r, locationId, id), goods: mapGoodsLines(r, locationId, id) };
  },
  async write(tx, rows, ctx) {
    const locationId = locationOf(ctx);
    const written = await upsertRows(tx, records, rows.map((r) => r.record), ['locationId', 'id']);
    const ids = rows.map((r) => r.record.id);
    const services = await replaceLines(tx, 'services', locationId, ids, rows.flatMap((r) => r.services));
    const goods = await replaceLines(tx, 'goods', locationId, ids, rows.flatMap((r) => r.goods));
    return addCounts(written, addCounts(services, goods));
  },
  sourceKey: idOf,
  estimate: (f) => Math.ceil((f.recordsPerDay * f.days) / f.pageSize) + Math.ceil(f.days / f.chunkDays),
};
