import type { AltegioClient } from '../altegio/client.js';

/** One location's settings: `GET /company/{loc}` (time zone, currency, chain). */
export async function* extractLocation(client: AltegioClient, locationId: number): AsyncGenerator<unknown[]> {
  const { data } = await client.get(`/company/${locationId}`);
  yield [data];
}
