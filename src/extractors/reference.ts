import type { AltegioClient } from '../altegio/client.js';
import { AltegioMalformedResponseError } from '../errors.js';

/**
 * The reference listings of a location. Each answers every row in one
 * response (no paging), so one request is a complete refresh.
 */
export const REFERENCE_PATHS = {
  /** Team members, fired ones included (`fired: 1`). */
  staff: (locationId: number) => `/company/${locationId}/staff`,
  services: (locationId: number) => `/company/${locationId}/services`,
  serviceCategories: (locationId: number) => `/company/${locationId}/service_categories`,
  /** Payment accounts (cash desks, terminals). */
  accounts: (locationId: number) => `/accounts/${locationId}`,
} as const;

export type ReferenceResource = keyof typeof REFERENCE_PATHS;

/** Every row of one reference listing, as a single page. */
export async function* extractReference(
  client: AltegioClient,
  resource: ReferenceResource,
  locationId: number,
): AsyncGenerator<unknown[]> {
  const path = REFERENCE_PATHS[resource](locationId);
  const { data } = await client.get(path);
  // An answer that is not a list must not read as "every row is gone".
  if (!Array.isArray(data)) throw new AltegioMalformedResponseError(`GET ${path}: data is not a list`, `GET ${path}`);
  yield data;
}
