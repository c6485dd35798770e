import { inArray } from 'drizzle-orm';
import { locations } from '../db/schema/index.js';
import { AltegioAuthError, errorMessage, StreamBusyError } from '../errors.js';
import { locationsStream } from '../jobs/locations.js';
import { withDatabaseRetry } from './db-retry.js';
import { retryOptions, runStream, skippedSummary, type RunDeps, type RunOptions, type RunSummary } from './runner.js';
import type { AnyStream, DateWindow, Mode, Scope } from './types.js';

export interface PassOptions {
  streams: AnyStream[];
  locationIds: number[];
  chainId?: number;
  mode?: Mode;
  window?: DateWindow;
  /**
   * The streams the user named (`--streams`): they are asked even when found
   * unavailable recently, and their being unavailable fails the pass.
   */
  named?: readonly string[];
  /** A backfill reads again the dates a completed backfill already read (`backfill --restart`). */
  restart?: boolean;
  /** Asked before each run: once true (a signal), the runs not started are left out, not recorded. */
  shouldStop?: () => boolean;
}

export interface PassResult {
  runs: RunSummary[];
  /**
   * True when every requested stream completed, or was `unavailable` to
   * the account without mattering (see `passOk`).
   */
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
    const scope: Scope = { kind: 'location', key: `location:${locationId}`, locationId, timezone: 'UTC' };
    const summary = await runStream(locationsStream, scope, deps, { ...options, force: true });
    runs.push(summary);
    if (summary.error instanceof AltegioAuthError) return { runs, ok: false };
    if (summary.status === 'failed' || summary.status === 'unavailable') unreadable.set(locationId, errorMessage(summary.error));
  }
  const zones = await knownZones(deps, options.locationIds);
  for (const stream of options.streams) {
    if (stream.name === locationsStream.name) continue;
    for (const scope of scopesOf(stream, options, zones)) {
      if (options.shouldStop?.()) return { runs, ok: false };
      if (scope.kind === 'location' && unreadable.has(scope.locationId)) {
        deps.log.warn({ stream: stream.name, scope: scope.key }, `skipped: the location could not be read (${unreadable.get(scope.locationId)})`);
        continue;
      }
      const summary = await runBesideOthers(stream, scope, deps, { ...options, force: options.named?.includes(stream.name) });
      runs.push(summary);
      if (summary.status === 'unavailable') deps.log.warn({ stream: stream.name, scope: scope.key }, `unavailable: ${errorMessage(summary.error)}`);
      if (summary.status === 'skipped') deps.log.info({ stream: stream.name, scope: scope.key }, `skipped: ${errorMessage(summary.error)}`);
      if (summary.error instanceof AltegioAuthError) return { runs, ok: false };
    }
  }
  const skipped = unreadable.size > 0 && options.streams.some((s) => s.scope === 'location' && s.name !== locationsStream.name);
  return { runs, ok: !skipped && passOk(runs, options.streams, options.named ?? []) };
}

/**
 * A run, or a skipped one when another process (a worker) is running the
 * same stream and scope: the pass goes on with the rest, and reports both.
 */
async function runBesideOthers(stream: AnyStream, scope: Scope, deps: RunDeps, options: RunOptions): Promise<RunSummary> {
  try {
    return await runStream(stream, scope, deps, options);
  } catch (err) {
    if (!(err instanceof StreamBusyError)) throw err;
    return skippedSummary('', stream, scope, 'busy', `${err.message}: left to it`);
  }
}

/**
 * The exit rule: a pass is ok when every run succeeded, or was skipped as
 * busy elsewhere or backfilled before, or found the stream unavailable (or
 * was skipped as recently unavailable) where that does not matter: the user
 * did not name the stream, and it is not `essential`.
 */
export function passOk(runs: readonly RunSummary[], streams: readonly AnyStream[], named: readonly string[]): boolean {
  return runs.every((r) => {
    if (r.status === 'succeeded' || r.skipped === 'busy' || r.skipped === 'done') return true;
    if (r.status !== 'unavailable' && r.status !== 'skipped') return false;
    const stream = streams.find((s) => s.name === r.stream) ?? (r.stream === locationsStream.name ? locationsStream : undefined);
    return !named.includes(r.stream) && !stream?.essential;
  });
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
  const rows = await withDatabaseRetry(
    'read the locations',
    () => deps.warehouse.db.select({ id: locations.id, timezone: locations.timezone }).from(locations).where(inArray(locations.id, ids)),
    retryOptions(deps),
  );
  return new Map(rows.map((r) => [r.id, r.timezone]));
}
