import { inArray } from 'drizzle-orm';
import { locations } from '../db/schema/index.js';
import { AltegioAuthError, errorMessage } from '../errors.js';
import { locationsStream } from '../jobs/locations.js';
import { runStream, type RunDeps, type RunSummary } from './runner.js';
import type { AnyStream, DateWindow, Mode, Scope } from './types.js';

export interface PassOptions {
  streams: AnyStream[];
  locationIds: number[];
  chainId?: number;
  mode?: Mode;
  window?: DateWindow;
}

export interface PassResult {
  runs: RunSummary[];
  /** True when every requested stream completed. */
  ok: boolean;
}

/**
 * One pass over the given streams and scopes, in this process. Location
 * streams need the location's time zone, so the location itself is read
 * first when it is not in the warehouse yet (or when `locations` is asked
 * for). A 401 ends the pass at once: every further request would fail alike.
 */
export async function runPass(deps: RunDeps, options: PassOptions): Promise<PassResult> {
  const runs: RunSummary[] = [];
  const wantsLocations = options.streams.some((s) => s.name === locationsStream.name);
  const known = await knownZones(deps, options.locationIds);
  const unreadable = new Map<number, string>();
  for (const locationId of options.locationIds) {
    if (!wantsLocations && known.has(locationId)) continue;
    const summary = await runStream(locationsStream, { kind: 'location', key: `location:${locationId}`, locationId, timezone: 'UTC' }, deps, options);
    runs.push(summary);
    if (summary.error instanceof AltegioAuthError) return { runs, ok: false };
    if (summary.status === 'failed') unreadable.set(locationId, errorMessage(summary.error));
  }
  const zones = await knownZones(deps, options.locationIds);
  for (const stream of options.streams) {
    if (stream.name === locationsStream.name) continue;
    for (const scope of scopesOf(stream, options, zones)) {
      if (scope.kind === 'location' && unreadable.has(scope.locationId)) {
        deps.log.warn({ stream: stream.name, scope: scope.key }, `skipped: the location could not be read (${unreadable.get(scope.locationId)})`);
        continue;
      }
      const summary = await runStream(stream, scope, deps, options);
      runs.push(summary);
      if (summary.error instanceof AltegioAuthError) return { runs, ok: false };
    }
  }
  const skipped = unreadable.size > 0 && options.streams.some((s) => s.scope === 'location' && s.name !== locationsStream.name);
  return { runs, ok: !skipped && runs.every((r) => r.status === 'succeeded') };
}

function scopesOf(stream: AnyStream, options: PassOptions, zones: Map<number, string>): Scope[] {
  if (stream.scope === 'chain') {
    return options.chainId ? [{ kind: 'chain', key: `chain:${options.chainId}`, chainId: options.chainId }] : [];
  }
  return options.locationIds
    .filter((id) => zones.has(id))
    .map((locationId) => ({ kind: 'location', key: `location:${locationId}`, locationId, timezone: zones.get(locationId)! }));
}

async function knownZones(deps: RunDeps, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await deps.warehouse.db
    .select({ id: locations.id, timezone: locations.timezone })
    .from(locations)
    .where(inArray(locations.id, ids));
  return new Map(rows.map((r) => [r.id, r.timezone]));
}
