import type { AltegioClient } from '../altegio/client.js';
import { pagedByNumber, type NumberedPage } from '../altegio/paginate.js';

export interface RecordsQuery {
  locationId: number;
  /** Naive date-time `YYYY-MM-DDTHH:MM:SS`, inclusive (`changed_after`). */
  changedAfter?: string;
  /** Location-local session dates `YYYY-MM-DD`, inclusive (`start_date`, `end_date`). */
  startDate?: string;
  endDate?: string;
  /** At most 200. */
  pageSize: number;
  /** Resume from this page, default 1. */
  startPage?: number;
}

/**
 * Records (appointments): `GET /records/{loc}`, deleted ones included
 * (`with_deleted=1`): that flag is the only way the API reports a deletion.
 */
export function extractRecords(client: AltegioClient, query: RecordsQuery): AsyncGenerator<NumberedPage> {
  return pagedByNumber(
    client,
    `/records/${query.locationId}`,
    { changed_after: query.changedAfter, start_date: query.startDate, end_date: query.endDate, with_deleted: 1 },
    { pageSize: query.pageSize, startPage: query.startPage },
  );
}
