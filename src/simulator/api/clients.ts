/** Clients: the deprecated GET listing (the only one with a change filter) and POST search. */
import { fromMilli } from '../money.js';
import { hash01, hash32 } from '../random.js';
import { DATE_STYLES } from '../time.js';
import { HttpError, invalid, ok } from '../http/envelope.js';
import { naiveParam, pageOf, paging } from '../http/params.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { clientsById, clientsByName } from '../derive/views.js';
import type { LocationData, SimClient } from '../world/types.js';
import type { World } from '../world/world.js';
import { GENDERS, IMPORTANCE } from '../world/catalog.js';
import { bodyObject, fmt, formatPhone, localInstant, locationOf } from './common.js';

/**
 * A client as the API prints it. Quirks chosen per client by a stable hash: phone as
 * a number or a formatted string, card as a number or "", empty categories as [] or
 * {}, custom_fields as {} or [], and one of four last_change_date formats.
 */
export function clientJson(world: World, data: LocationData, c: SimClient): Record<string, unknown> {
  const h = hash32(world.seed, 'client', c.id);
  const categories = c.categoryIds.length
    ? c.categoryIds.map((id) => {
        const cat = data.clientCategories.find((k) => k.id === id);
        return { id, title: cat?.title ?? '', color: cat?.color ?? '' };
      })
    : (h >> 1) & 1
      ? []
      : {};
  const customFields = (h >> 6) % 10 === 0 ? { hair_type: 'curly', referral: 'instagram' } : (h >> 5) & 1 ? {} : [];
  return {
    id: c.id,
    name: c.name,
    surname: c.surname,
    patronymic: c.patronymic,
    display_name: `${c.name} ${c.surname}`.trim(),
    phone: h & 1 ? formatPhone(c.phone, data.loc.phoneCountry) : Number(c.phone),
    email: c.email,
    categories,
    gender_id: c.genderId,
    gender: GENDERS[c.genderId] ?? 'unknown',
    discount: c.discount,
    importance_id: c.importanceId,
    importance: IMPORTANCE[c.importanceId] ?? '',
    card: c.card === '' ? '' : (h >> 2) & 1 ? Number(c.card) : c.card,
    birth_date: c.birthDate,
    comment: c.comment,
    sms_check: c.smsCheck,
    sms_not: c.smsNot,
    spent: fromMilli(c.spent),
    paid: fromMilli(c.paid),
    balance: fromMilli(c.balance),
    visits: c.visits,
    last_change_date: fmt(data, c.changedMs, DATE_STYLES[(h >>> 3) % DATE_STYLES.length] ?? 'naive'),
    custom_fields: customFields,
  };
}

function contains(haystack: string, needle: string | null): boolean {
  return needle === null || needle === '' || haystack.toLowerCase().includes(needle.toLowerCase());
}

/**
 * `changed_after` / `changed_before` are naive date-times read in the location's
 * zone, both inclusive. Ordered by name then id, so a sync cannot rely on order.
 * `count` defaults to 20 and may be up to 300.
 */
function list(ctx: Ctx) {
  const data = locationOf(ctx);
  const q = ctx.query;
  const after = localInstant(data, naiveParam(q, 'changed_after'));
  const before = localInstant(data, naiveParam(q, 'changed_before'));
  const p = paging(q, 'count', 300, 20);
  const fullname = q.get('fullname');
  const phone = (q.get('phone') ?? '').replace(/\D/g, '');
  const email = q.get('email');
  const key = `clients-list:${data.loc.id}:${after}:${before}:${fullname}:${phone}:${email}`;
  const rows = ctx.world.listing(key, () =>
    clientsByName(ctx.world, data).filter(
      (c) =>
        (after === null || c.changedMs >= after) &&
        (before === null || c.changedMs <= before) &&
        contains(`${c.name} ${c.surname}`, fullname) &&
        (phone === '' || c.phone.includes(phone)) &&
        contains(c.email, email),
    ),
  );
  return ok(
    pageOf(rows, p).map((c) => clientJson(ctx.world, data, c)),
    { page: p.page, total_count: rows.length },
  );
}

interface SearchFilter {
  type?: unknown;
  state?: { value?: unknown };
}

const SEARCH_PAGE_SIZE = 25;
const SEARCH_MAX_PAGE_SIZE = 200;

/**
 * Where the user's client rights are limited, the search sees only some clients
 * (a seeded half), while GET /clients still lists every one.
 */
function searchable(ctx: Ctx, data: LocationData): (c: SimClient) => boolean {
  if (!ctx.options.account.restrictedClients.includes(data.loc.id)) return () => true;
  return (c) => hash01(ctx.world.seed, 'client-rights', c.id) < 0.5;
}

/** `order_by_direction` is ASC or DESC, uppercase only; absent means ASC; anything else is a 400. */
function descending(value: unknown): boolean {
  if (value === undefined || value === null || value === 'ASC') return false;
  if (value === 'DESC') return true;
  throw new HttpError(400, 'Invalid sort direction', { order_by_direction: ['The order_by_direction must be ASC or DESC'] });
}

/**
 * POST search: live clients only (deleted ones vanish without a trace), `page_size`
 * 25 by default and at most 200 (above that, silently the default), `fields` picks
 * keys (["id"] gives `{id}` objects). Supported filters: `id` (state.value: ids) and
 * `quick_search` (name/phone/email).
 */
function search(ctx: Ctx) {
  const data = locationOf(ctx);
  const body = bodyObject(ctx);
  const page = body.page ?? 1;
  let size = body.page_size ?? SEARCH_PAGE_SIZE;
  if (!Number.isInteger(page) || (page as number) < 1) throw invalid('page', 'page must be a positive integer');
  if (!Number.isInteger(size) || (size as number) < 1) throw invalid('page_size', 'page_size must be a positive integer');
  if ((size as number) > SEARCH_MAX_PAGE_SIZE) size = SEARCH_PAGE_SIZE;
  const desc = descending(body.order_by_direction);
  const fields = Array.isArray(body.fields) ? body.fields.filter((f): f is string => typeof f === 'string') : [];
  const filters = Array.isArray(body.filters) ? (body.filters as SearchFilter[]) : [];
  const visible = searchable(ctx, data);
  let rows = (body.order_by === 'name' ? clientsByName(ctx.world, data) : clientsById(ctx.world, data)).filter(visible);
  for (const f of filters) {
    const value = f?.state?.value;
    if (f?.type === 'id' && Array.isArray(value)) {
      const ids = new Set(value.map(Number));
      rows = rows.filter((c) => ids.has(c.id));
    } else if (f?.type === 'quick_search' && typeof value === 'string' && value !== '') {
      const digits = value.replace(/\D/g, '');
      rows = rows.filter((c) => contains(`${c.name} ${c.surname} ${c.email}`, value) || (digits !== '' && c.phone.includes(digits)));
    }
  }
  if (desc) rows = [...rows].reverse();
  const p = { page: page as number, count: size as number, offset: ((page as number) - 1) * (size as number) };
  const out = pageOf(rows, p).map((c) => {
    if (fields.length === 1 && fields[0] === 'id') return { id: c.id };
    const full = clientJson(ctx.world, data, c);
    if (fields.length === 0) return full;
    const picked: Record<string, unknown> = { id: c.id };
    for (const f of fields) if (f in full) picked[f] = full[f];
    return picked;
  });
  return ok(out, { total_count: rows.length });
}

export const clientRoutes: Route[] = [
  route('GET', '/clients/{loc}', list),
  route('POST', '/company/{loc}/clients/search', search),
];
