/**
 * The licence check: every endpoint of a location whose licence has lapsed answers
 * 402 with the API's (Russian) message, whatever it was asked.
 */
import type { ResolvedOptions } from '../options.js';
import type { World } from '../world/world.js';
import { errorReply, type Reply } from './envelope.js';

/** The location a request is about: `{loc}`, the client's location, or the gift-card lookup's parameter. */
export function requestLocationId(world: World, params: Record<string, string>, query: URLSearchParams): number | null {
  let raw: string | null | undefined = params.loc;
  if (raw === undefined && params.client !== undefined && /^\d+$/.test(params.client)) {
    const c = world.findClient(Number(params.client));
    raw = c ? String(c.locId) : undefined;
  }
  raw ??= query.get('company_id') || query.get('copmany_id');
  return raw && /^\d+$/.test(raw) ? Number(raw) : null;
}

/** Null when the location's licence is valid (or the request names no location). */
export function licenceRefusal(world: World, options: ResolvedOptions, params: Record<string, string>, query: URLSearchParams): Reply | null {
  const loc = requestLocationId(world, params, query);
  if (loc === null || !options.account.lapsedLicence.includes(loc)) return null;
  return errorReply(402, `Необходимо продлить лицензию в филиале с id: ${loc}`);
}
