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
} from './loyalty-types.js';
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

/** The named streams (all when `names` is empty); unknown names fail, listing the valid ones. */
export function selectStreams(names: readonly string[] = []): AnyStream[] {
  if (names.length === 0) return [...STREAMS];
  const unknown = names.filter((name) => !STREAMS.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown stream ${unknown.join(', ')}; valid streams: ${STREAMS.map((s) => s.name).join(', ')}`,
      '--streams',
    );
  }
  return STREAMS.filter((s) => names.includes(s.name));
}
