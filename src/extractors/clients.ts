import type { AltegioClient } from '../altegio/client.js';
import { pagedByNumber, type NumberedPage } from '../altegio/paginate.js';

export interface ClientsQuery {
  locationId: number;
  /** Naive date-time `YYYY-MM-DDTHH:MM:SS`, inclusive (`changed_after`). */
  changedAfter?: string;
  /** Naive date-time, inclusive (`changed_before`). */
  changedBefore?: string;
  /** Default 200 (the most the API serves). */
  pageSize: number;
  /** Resume from this page, default 1. */
  startPage?: number;
}

/**
 * Clients changed in a window: `GET /clients/{loc}` (deprecated in the
 * reference, but the only client listing with a change filter).
 */
export function extractClients(client: AltegioClient, query: ClientsQuery): AsyncGenerator<NumberedPage> {
  return pagedByNumber(
    client,
    `/clients/${query.locationId}`,
    { changed_after: query.changedAfter, changed_before: query.changedBefore },
    { pageSize: query.pageSize, startPage: query.startPage },
  );
}

/**
 * How many clients `GET /clients/{loc}` lists in all (`meta.total_count` of
 * a one-row page). What the client search lists follows the user's client
 * rights, so this is the figure its listing is checked against.
 */
export async function countClients(client: AltegioClient, locationId: number): Promise<number | undefined> {
  for await (const page of extractClients(client, { locationId, pageSize: 1 })) return page.total;
  return undefined;
}
