/** Records (appointments): GET /records/{loc} with change, session and creation filters. */
import { fromMilli } from '../money.js';
import { hash32 } from '../random.js';
import { ok } from '../http/envelope.js';
import { dateParam, flagParam, naiveParam, pageOf, paging } from '../http/params.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { paidOf, recordDates, recordsByTime } from '../derive/views.js';
import { localDate } from '../time.js';
import type { LocationData, SimLine, SimRecord, SimStaff } from '../world/types.js';
import type { World } from '../world/world.js';
import { fmt, localInstant, locationOf, styleFor } from './common.js';

export function staffBrief(data: LocationData, id: number): Record<string, unknown> {
  const s: SimStaff | undefined = data.staff.find((m) => m.id === id);
  return {
    id,
    name: s?.name ?? '',
    specialization: s?.specialization ?? '',
    position: s ? { id: s.positionId, title: s.positionTitle } : [],
    avatar: 'https://assets.example.com/no-master.png',
    rating: s?.rating ?? 0,
  };
}

export function clientBrief(data: LocationData, clientId: number | null): Record<string, unknown> | null {
  if (clientId === null) return null;
  const c = data.clientById.get(clientId);
  if (!c) return null;
  return {
    id: c.id,
    name: c.name,
    surname: c.surname,
    display_name: `${c.name} ${c.surname}`.trim(),
    phone: `+${c.phone}`,
    email: c.email,
    card: c.card,
    success_visits_count: c.visits,
    fail_visits_count: 0,
  };
}

function serviceJson(l: SimLine): Record<string, unknown> {
  return {
    id: l.itemId,
    title: l.title,
    cost: fromMilli(l.cost),
    cost_to_pay: fromMilli(l.cost),
    manual_cost: fromMilli(l.cost),
    cost_per_unit: fromMilli(l.cost),
    discount: l.discountPercent,
    first_cost: fromMilli(l.firstCost),
    amount: l.quantity,
  };
}

export function goodsJson(data: LocationData, r: SimRecord, l: SimLine): Record<string, unknown> {
  return {
    id: l.goodsTxId,
    document_id: r.documentId,
    type_id: 1,
    company_id: data.loc.id,
    good_id: l.itemId,
    good: { id: l.itemId, title: l.title },
    // Sales leave the storage: the API prints them as negative quantities.
    amount: -l.quantity,
    cost_per_unit: fromMilli(Math.round(l.firstCost / l.quantity)),
    discount: l.discountPercent,
    cost: fromMilli(l.cost),
    unit_id: 1,
    storage_id: data.loc.id,
    master_id: r.staffId,
  };
}

const RECORD_FROM: Record<SimRecord['source'], string> = { admin: '', online: 'online widget', mobile: 'mobile app' };

/**
 * A record as the API prints it. One object mixes date formats: `date` naive local,
 * `datetime` ISO with a colon offset, `create_date` with an offset without a colon,
 * `last_change_date` in a format chosen per record.
 */
export function recordJson(world: World, data: LocationData, r: SimRecord): Record<string, unknown> {
  const h = hash32(world.seed, 'record', r.id);
  let due = 0;
  let paid = 0;
  for (const l of r.lines) {
    due += l.cost;
    paid += paidOf(l);
  }
  return {
    id: r.id,
    company_id: data.loc.id,
    staff_id: r.staffId,
    services: r.lines.filter((l) => l.kind === 'service').map(serviceJson),
    goods_transactions: r.lines.filter((l) => l.kind === 'good').map((l) => goodsJson(data, r, l)),
    staff: staffBrief(data, r.staffId),
    client: clientBrief(data, r.clientId),
    comer: null,
    clients_count: 1,
    date: fmt(data, r.startMs, 'naive'),
    datetime: fmt(data, r.startMs, 'iso'),
    create_date: fmt(data, r.createdMs, 'compact'),
    comment: r.comment,
    online: r.source !== 'admin',
    visit_attendance: r.attendance,
    attendance: r.attendance,
    confirmed: r.attendance === 1 || r.attendance === 2 ? 1 : 0,
    seance_length: r.lengthSec,
    length: r.lengthSec,
    sms_before: 0,
    sms_now: 0,
    sms_now_text: '',
    email_now: 0,
    notified: 0,
    master_request: h & 1,
    api_id: '',
    from_url: r.source === 'online' ? 'https://n1.alteg.io/' : '',
    review_requested: 0,
    visit_id: r.visitId,
    created_user_id: r.source === 'admin' ? 1 : 0,
    deleted: r.deleted,
    paid_full: due > 0 && paid >= due ? 1 : 0,
    prepaid: false,
    prepaid_confirmed: false,
    last_change_date: fmt(data, r.changedMs, styleFor(world, 'record-change', r.id)),
    custom_color: '',
    custom_font_color: '',
    record_labels: [],
    activity_id: 0,
    custom_fields: (h >> 1) & 1 ? {} : [],
    documents: [{ id: r.documentId, type_id: 7, type_title: 'Visit', visit_id: r.visitId, record_id: r.id, company_id: data.loc.id }],
    bookform_id: r.source === 'online' ? 1 : 0,
    record_from: RECORD_FROM[r.source],
    is_mobile: r.source === 'mobile' ? 1 : 0,
  };
}

/**
 * Deleted records only with `with_deleted=1`. Date filters: `changed_*` are naive
 * local date-times (inclusive); `start_date`/`end_date` are local session dates and
 * `c_start_date`/`c_end_date` local creation dates, all inclusive. Ordered by session.
 * `count` defaults to 20 and may be up to 1000.
 */
function list(ctx: Ctx) {
  const data = locationOf(ctx);
  const q = ctx.query;
  const after = localInstant(data, naiveParam(q, 'changed_after'));
  const before = localInstant(data, naiveParam(q, 'changed_before'));
  const start = dateParam(q, 'start_date');
  const end = dateParam(q, 'end_date');
  const cStart = dateParam(q, 'c_start_date');
  const cEnd = dateParam(q, 'c_end_date');
  const withDeleted = flagParam(q, 'with_deleted');
  const staffId = q.get('staff_id') ? Number(q.get('staff_id')) : null;
  const clientId = q.get('client_id') ? Number(q.get('client_id')) : null;
  const p = paging(q, 'count', 1000, 20);
  const key = `records-list:${data.loc.id}:${after}:${before}:${start}:${end}:${cStart}:${cEnd}:${withDeleted}:${staffId}:${clientId}`;
  const rows = ctx.world.listing(key, () => {
    const dates = recordDates(ctx.world, data);
    return recordsByTime(ctx.world, data).filter((r) => {
      if (r.deleted && !withDeleted) return false;
      if (after !== null && r.changedMs < after) return false;
      if (before !== null && r.changedMs > before) return false;
      if (staffId !== null && r.staffId !== staffId) return false;
      if (clientId !== null && r.clientId !== clientId) return false;
      if (start !== null || end !== null) {
        const d = dates.get(r.id) ?? '';
        if ((start !== null && d < start) || (end !== null && d > end)) return false;
      }
      if (cStart !== null || cEnd !== null) {
        const d = localDate(data.loc.zone, r.createdMs);
        if ((cStart !== null && d < cStart) || (cEnd !== null && d > cEnd)) return false;
      }
      return true;
    });
  });
  return ok(
    pageOf(rows, p).map((r) => recordJson(ctx.world, data, r)),
    { page: p.page, total_count: rows.length },
  );
}

export const recordRoutes: Route[] = [route('GET', '/records/{loc}', list)];
