import { ConfigError } from '../errors.js';
import type { AnyStream } from '../sync/types.js';
import { clientSweepStream } from './client-sweep.js';
import { clientsStream } from './clients.js';
import { locationsStream } from './locations.js';
import { recordsStream } from './records.js';
import { REFERENCE_STREAMS } from './reference.js';
import { transactionsStream } from './transactions.js';
import { visitsStream } from './visits.js';
import { zReportsStream } from './z-reports.js';
import { analyticsDailyStream, analyticsOverallStream } from './analytics.js';
import { giftCardsStream, loyaltyCardsStream } from './client-loyalty.js';
import { loyaltyAnalyticsStream } from './loyalty-analytics.js';
import { loyaltyTransactionsStream } from './loyalty-transactions.js';
import {
  giftCardTypesStream,
  locationLoyaltyCardTypesStream,
  locationMembershipTypesStream,
  loyaltyCardTypesStream,
  loyaltyProgramsStream,
  membershipTypesStream,
} from './loyalty-catalogue.js';
import { membershipsStream } from './memberships.js';

/**
 * Every stream, in the order a pass runs them. The CLI, the worker and
 * `status` all walk this table. `locations` comes first: the other location
 * streams read its time zone.
 */
export const STREAMS: readonly AnyStream[] = [
  locationsStream,
  ...REFERENCE_STREAMS,
  clientsStream,
  // Right after clients: the per-client streams below read the clients its records touched.
  recordsStream,
  // Before the per-client streams, so they skip clients deleted at the source.
  clientSweepStream,
  // visits reads the clients that the clients and records streams touched: it runs after both.
  visitsStream,
  zReportsStream,
  transactionsStream,
  // Loyalty reference data, then the chain's dated listings (skipped without ALTEGIO_CHAIN_ID).
  loyaltyProgramsStream,
  locationLoyaltyCardTypesStream,
  locationMembershipTypesStream,
  loyaltyCardTypesStream,
  membershipTypesStream,
  giftCardTypesStream,
  loyaltyTransactionsStream,
  membershipsStream,
  // Per client, like visits: after the clients, records and the deletion sweep.
  giftCardsStream,
  loyaltyCardsStream,
  analyticsOverallStream,
  analyticsDailyStream,
  loyaltyAnalyticsStream,
];

/**
 * The named streams, in registry order (all when `names` is empty); unknown
 * names fail, each with the closest valid name when one is close, listing
 * the valid ones.
 */
export function selectStreams(names: readonly string[] = []): AnyStream[] {
  if (names.length === 0) return [...STREAMS];
  const valid = STREAMS.map((s) => s.name);
  const unknown = names.filter((name) => !valid.includes(name));
  if (unknown.length > 0) {
    const list = `valid streams: ${valid.join(', ')}`;
    if (unknown.length === 1) {
      const near = closest(unknown[0]!, valid);
      throw new ConfigError(`unknown stream ${unknown[0]}; ${near ? `did you mean ${near}? ` : ''}${list}`, '--streams');
    }
    const described = unknown.map((name) => {
      const near = closest(name, valid);
      return near ? `${name} (did you mean ${near}?)` : name;
    });
    throw new ConfigError(`unknown streams ${described.join(', ')}; ${list}`, '--streams');
  }
  return STREAMS.filter((s) => names.includes(s.name));
}

/** The candidate nearest to `name` by edit distance, when it is near enough to be a slip (a third of its length, at least 2). */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.candidate : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
