import type { AltegioClient } from '../altegio/client.js';
import { AltegioAuthError, AltegioForbiddenError, AltegioNotFoundError } from '../errors.js';

/** One location's settings: `GET /company/{loc}` (time zone, chain, the currency's symbol). */
export async function extractLocation(client: AltegioClient, locationId: number): Promise<unknown> {
  const { data } = await client.get(`/company/${locationId}`);
  return data;
}

/**
 * The ISO code of a location's currency. `GET /company/{loc}` gives only a
 * display symbol (`currency_short_title`); the money blocks of the analytics
 * overview carry `currency { iso, symbol }`, so one day of it is asked (as
 * Altegio's own client does). A user without the analytics right gets null.
 */
export async function extractCurrency(client: AltegioClient, locationId: number, day: string): Promise<unknown> {
  try {
    const { data } = await client.get(`/company/${locationId}/analytics/overall`, { date_from: day, date_to: day });
    return (data as { income_total_stats?: { currency?: unknown } } | null)?.income_total_stats?.currency ?? null;
  } catch (err) {
    // The analytics endpoints answer a missing right with 401 or 403 (404 on some accounts).
    if (err instanceof AltegioForbiddenError || err instanceof AltegioNotFoundError || err instanceof AltegioAuthError) return null;
    throw err;
  }
}
