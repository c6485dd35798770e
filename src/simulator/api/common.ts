/** Helpers shared by the endpoint handlers. */
import { hash32 } from '../random.js';
import { DATE_STYLES, DAY_MS, formatInZone, localToUtc, parseDate, type DateStyle } from '../time.js';
import { HttpError, invalid, notFound } from '../http/envelope.js';
import { dateParam } from '../http/params.js';
import type { Ctx } from '../http/router.js';
import type { LocationData } from '../world/types.js';
import type { World } from '../world/world.js';

/** The location named by `{loc}`; unknown ids are a 404 like the API's. */
export function locationOf(ctx: Ctx, param = 'loc'): LocationData {
  const raw = ctx.params[param] ?? '';
  const id = /^\d+$/.test(raw) ? Number(raw) : NaN;
  const data = Number.isInteger(id) ? ctx.world.location(id) : undefined;
  if (!data) throw notFound(`Location ${raw} not found`);
  return data;
}

/** Locations without the loyalty module answer their loyalty endpoints with 404. */
export function requireLoyalty(ctx: Ctx, data: LocationData): void {
  if (ctx.options.account.noLoyalty.includes(data.loc.id)) throw notFound(`Loyalty module is not enabled for location ${data.loc.id}`);
}

/**
 * Without the analytics right, the chart endpoints answer 401, as if the session
 * had expired (the API's quirk), and the other analytics 403.
 */
export function requireAnalytics(ctx: Ctx, data: LocationData, kind: 'chart' | 'report'): void {
  if (!ctx.options.account.noAnalyticsRight.includes(data.loc.id)) return;
  throw new HttpError(kind === 'chart' ? 401 : 403, 'Недостаточно прав');
}

/** `date_from` and `date_to` of the analytics: required, inclusive, at most ten years apart. */
export function analyticsRange(ctx: Ctx): { from: string; to: string } {
  const from = dateParam(ctx.query, 'date_from', true)!;
  const to = dateParam(ctx.query, 'date_to', true)!;
  if (to < from) throw invalid('date_to', 'date_to must not be before date_from');
  if (((parseDate(to) ?? 0) - (parseDate(from) ?? 0)) / DAY_MS > 3660) throw invalid('date_to', 'the range must not exceed ten years');
  return { from, to };
}

/** Checks `{chain}` against the one chain of the world. */
export function chainOf(ctx: Ctx): void {
  if (ctx.params.chain !== String(ctx.world.chainId)) throw notFound(`Chain ${ctx.params.chain ?? ''} not found`);
}

/** A date format chosen by a stable hash of the entity, so one listing mixes all of them. */
export function styleFor(world: World, kind: string, id: number): DateStyle {
  return DATE_STYLES[hash32(world.seed, kind, id) % DATE_STYLES.length] ?? 'naive';
}

export function fmt(data: LocationData, ms: number, style: DateStyle): string {
  return formatInZone(data.loc.zone, ms, style);
}

/** Converts a naive local filter value into an instant of the location's zone. */
export function localInstant(data: LocationData, localMs: number | null): number | null {
  return localMs === null ? null : localToUtc(data.loc.zone, localMs);
}

/** An object parameter of a POST body; a missing body is an empty object. */
export function bodyObject(ctx: Ctx): Record<string, unknown> {
  const b = ctx.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new HttpError(422, 'Request body must be a JSON object');
  return b as Record<string, unknown>;
}

/** Phone as a formatted string: "+1 315 000-0042". */
export function formatPhone(digits: string, countryCode: string): string {
  const rest = digits.slice(countryCode.length);
  return `+${countryCode} ${rest.slice(0, 3)} ${rest.slice(3, 6)}-${rest.slice(6)}`;
}
