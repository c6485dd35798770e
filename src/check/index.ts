import { sql } from 'drizzle-orm';
import type { AltegioClient } from '../altegio/client.js';
import type { Config } from '../config.js';
import { openPglite, type Warehouse } from '../db/connect.js';
import { migrateWarehouse } from '../db/migrate.js';
import {
  AltegioAuthError,
  AltegioForbiddenError,
  AltegioLicenceError,
  AltegioMalformedResponseError,
  AltegioNotFoundError,
} from '../errors.js';
import { locationsStream } from '../jobs/locations.js';
import type { Logger } from '../log.js';
import type { AnyStream, CostFacts, DateWindow, Scope } from '../sync/types.js';
import { addDays, eachDate, localDate } from '../util/dates.js';
import { isAuthFailure, isUnknownScope, probeStream, type Probe } from './probe.js';

/** How a stream stands for the account, as `check` prints it. */
export type CheckStatus = 'available' | 'no right' | 'not found' | 'licence lapsed' | 'shape differs' | 'failed';

export interface CheckRow extends Omit<Probe, 'error'> {
  status: CheckStatus;
  /** Requests of a first backfill of the range in this scope (0 for a stream that is not available). */
  backfillRequests: number;
  /** What to do about it, when anything. */
  fix: string;
}

export interface CheckReport {
  /** The first backfill the estimate is for. */
  range: DateWindow;
  rows: CheckRow[];
  /** Requests the check itself made. */
  requests: number;
  estimate: { requests: number; seconds: number; perMinute: number };
  /** What stops a sync altogether (refused credentials, an unknown location); empty when nothing does. */
  blocking: string[];
  /** 0, 1 (an unknown location) or 3 (refused credentials). */
  exitCode: 0 | 1 | 3;
}

export interface CheckOptions {
  streams: readonly AnyStream[];
  locationIds: readonly number[];
  chainId?: number;
  range: DateWindow;
}

/** Local days the probes look at: the week before today, so that most streams find records to map. */
const PROBE_DAYS = 7;

/**
 * `altegio-sync check`: one probe of every stream in every scope, with the
 * configured tokens, a few dozen requests in all; nothing is written but to
 * a scratch warehouse in memory. The location is probed first: its zone
 * places the probes' days, and a location that cannot be read is not probed
 * further.
 */
export async function runCheck(deps: { client: AltegioClient; config: Readonly<Config>; log: Logger }, options: CheckOptions): Promise<CheckReport> {
  const scratch = await openPglite(null);
  try {
    await migrateWarehouse(scratch);
    const probeDeps = { ...deps, scratch };
    const rows: CheckRow[] = [];
    const blocking: string[] = [];
    let exitCode: CheckReport['exitCode'] = 0;
    const scopes: Scope[] = [];
    for (const locationId of options.locationIds) {
      const probe = await probeStream(locationsStream, locationScope(locationId, 'UTC'), probeWindow('UTC'), probeDeps);
      const cost = probe.outcome === 'available' ? (locationsStream.estimate?.(factsOf([], options.range, deps.config)) ?? 1) : 0;
      rows.push(settle(probe, locationsStream, cost));
      if (isAuthFailure(probe)) return report(options, deps.config, rows, [probe.message ?? 'credentials refused'], 3);
      if (probe.outcome !== 'available') {
        blocking.push(`location ${locationId}: ${probe.message}; check ALTEGIO_LOCATION_IDS`);
        if (isUnknownScope(probe) || probe.outcome === 'unavailable') exitCode = 1;
        continue;
      }
      scopes.push(locationScope(locationId, await zoneOf(scratch, locationId)));
    }
    if (options.chainId) scopes.push({ kind: 'chain', key: `chain:${options.chainId}`, chainId: options.chainId });
    for (const scope of scopes) {
      const zone = scope.kind === 'location' ? scope.timezone : 'UTC';
      const probes: Probe[] = [];
      for (const stream of options.streams) {
        if (stream.name === locationsStream.name || stream.scope !== scope.kind) continue;
        const probe = await probeStream(stream, scope, probeWindow(zone), probeDeps);
        probes.push(probe);
        if (isAuthFailure(probe)) {
          rows.push(settle(probe, stream, 0));
          return report(options, deps.config, rows, [probe.message ?? 'credentials refused'], 3);
        }
      }
      const facts = factsOf(probes, options.range, deps.config);
      for (const probe of probes) {
        const stream = options.streams.find((s) => s.name === probe.stream)!;
        rows.push(settle(probe, stream, probe.outcome === 'available' ? (stream.estimate?.(facts) ?? 1) : 0));
      }
    }
    return report(options, deps.config, rows, blocking, exitCode);
  } finally {
    await scratch.close();
  }
}

function locationScope(locationId: number, timezone: string): Scope {
  return { kind: 'location', key: `location:${locationId}`, locationId, timezone };
}

/** The week before today in the scope's zone. */
function probeWindow(zone: string): DateWindow {
  const today = localDate(new Date(), zone);
  return { from: addDays(today, -PROBE_DAYS), to: addDays(today, -1) };
}

async function zoneOf(scratch: Warehouse, locationId: number): Promise<string> {
  const [row] = await scratch.query<{ timezone: string }>(sql`select timezone from altegio.locations where id = ${locationId}`);
  return row?.timezone ?? 'UTC';
}

/** What a scope's first backfill will cost depends on, read off its probes. */
function factsOf(probes: readonly Probe[], range: DateWindow, config: Readonly<Config>): CostFacts {
  const of = (name: string) => probes.find((p) => p.stream === name && p.outcome === 'available');
  const clients = of('clients');
  const records = of('records');
  return {
    days: eachDate(range.from, range.to).length,
    clients: clients?.total ?? clients?.records ?? 0,
    recordsPerDay: (records?.total ?? records?.records ?? 0) / PROBE_DAYS,
    programs: of('loyalty_programs')?.records ?? 0,
    pageSize: config.altegio.pageSize,
    chunkDays: config.sync.backfillChunkDays,
  };
}

/** A probe as a row of the report: its status in words, its share of the backfill, and what to do. */
function settle(probe: Probe, stream: AnyStream, backfillRequests: number): CheckRow {
  const { error: _error, ...rest } = probe;
  const status = statusOf(probe);
  const fix =
    status === 'available'
      ? ''
      : status === 'shape differs'
        ? `${probe.reason ?? probe.message ?? ''}; the API answers in a shape this version does not read: run \`altegio-sync check --record DIR\` and attach DIR to a bug report`
        : status === 'not found' && stream.module
          ? `no ${stream.module} module here: nothing to do, the stream is skipped`
          : (probe.message ?? '');
  return { ...rest, status, backfillRequests, fix };
}

function statusOf(probe: Probe): CheckStatus {
  if (probe.outcome === 'available') return probe.rejected > 0 ? 'shape differs' : 'available';
  const err = probe.error;
  if (err instanceof AltegioMalformedResponseError) return 'shape differs';
  if (probe.outcome === 'failed') return 'failed';
  if (err instanceof AltegioLicenceError) return 'licence lapsed';
  if (err instanceof AltegioNotFoundError) return 'not found';
  if (err instanceof AltegioForbiddenError || err instanceof AltegioAuthError) return 'no right';
  return 'failed';
}

function report(options: CheckOptions, config: Readonly<Config>, rows: CheckRow[], blocking: string[], exitCode: CheckReport['exitCode']): CheckReport {
  const requests = rows.reduce((n, r) => n + r.requests, 0);
  const estimated = rows.reduce((n, r) => n + r.backfillRequests, 0);
  const { perSecond, perMinute } = config.rateLimit;
  const seconds = Math.ceil(Math.max(estimated / perSecond, (estimated / perMinute) * 60));
  return { range: options.range, rows, requests, estimate: { requests: estimated, seconds, perMinute }, blocking, exitCode };
}
