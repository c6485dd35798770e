import type { AltegioClient } from '../altegio/client.js';
import { pagedByNumber, type NumberedPage } from '../altegio/paginate.js';
import { AltegioMalformedResponseError } from '../errors.js';

/**
 * The loyalty listings: chain-level transactions, memberships (`abonement`),
 * gift cards (`certificate`), loyalty cards and their types and programs.
 */

export interface CreatedWindowQuery {
  chainId: number;
  /** First creation date, `YYYY-MM-DD`, inclusive (`created_after`). */
  from: string;
  /** Last creation date, `YYYY-MM-DD`, inclusive (`created_before`). */
  to: string;
  pageSize: number;
  /** Resume from this page, default 1. */
  startPage?: number;
}

/** Loyalty transactions created in a window: `GET /chain/{chain}/loyalty/transactions`. */
export function extractLoyaltyTransactions(client: AltegioClient, q: CreatedWindowQuery): AsyncGenerator<NumberedPage> {
  return pagedByNumber(
    client,
    `/chain/${q.chainId}/loyalty/transactions`,
    { created_after: q.from, created_before: q.to },
    { pageSize: q.pageSize, startPage: q.startPage },
  );
}

/**
 * Memberships created in a window: `GET /chain/{chain}/loyalty/abonements`.
 * Some answers arrive wrapped in an extra array; the client unwraps them.
 */
export function extractMemberships(client: AltegioClient, q: CreatedWindowQuery): AsyncGenerator<NumberedPage> {
  return pagedByNumber(
    client,
    `/chain/${q.chainId}/loyalty/abonements`,
    { created_after: q.from, created_before: q.to },
    { pageSize: q.pageSize, startPage: q.startPage },
  );
}

/**
 * The chain's membership types: `GET /chain/{chain}/loyalty/abonement_types`.
 * The reference gives it no paging, Altegio's own client pages it with
 * `page` and `limit` and reads `meta.total_count`: we do the same, which is
 * exact either way (an unpaged answer holds the whole total on page 1).
 */
export async function* extractMembershipTypes(client: AltegioClient, chainId: number, pageSize: number): AsyncGenerator<unknown[]> {
  const path = `/chain/${chainId}/loyalty/abonement_types`;
  for await (const page of pagedByNumber(client, path, {}, { pageSize, maxPageSize: 100, sizeParam: 'limit' })) yield page.items;
}

/**
 * The membership types a location lists: `GET /company/{loc}/loyalty/abonement_types/search`,
 * at most 100 a page (default 25), and `meta.count` is the page's rows, not a total.
 */
export async function* extractLocationMembershipTypes(client: AltegioClient, locationId: number, pageSize: number): AsyncGenerator<unknown[]> {
  const path = `/company/${locationId}/loyalty/abonement_types/search`;
  for await (const page of pagedByNumber(client, path, {}, { pageSize, maxPageSize: 100, sizeParam: 'page_size' })) yield page.items;
}

/** The chain's gift card types: `GET /chain/{chain}/loyalty/certificate_types`, at most 100 a page (default 10). */
export async function* extractGiftCardTypes(client: AltegioClient, chainId: number, pageSize: number): AsyncGenerator<unknown[]> {
  const path = `/chain/${chainId}/loyalty/certificate_types`;
  for await (const page of pagedByNumber(client, path, {}, { pageSize, maxPageSize: 100, sizeParam: 'page_size' })) yield page.items;
}

/** How `extractGiftCards` names the location: the reference's `copmany_id`, the blueprint's `company_id`, or both. */
export type GiftCardLocationParam = 'both' | 'company_id' | 'copmany_id';

/**
 * The gift cards of one client, by phone: `GET /loyalty/certificates`. The
 * reference and the YCLIENTS blueprint disagree twice here, and nothing public
 * shows which the server follows. The reference spells the location
 * `copmany_id` and the blueprint `company_id`: by default both are sent. The
 * reference asks for the partner bearer alone and the blueprint for both
 * tokens: the client sends the user token along when it holds one (see
 * `USER_TOKEN_WELCOME` in the client), which satisfies either reading.
 */
export async function extractGiftCards(
  client: AltegioClient,
  locationId: number,
  phone: string,
  param: GiftCardLocationParam = 'both',
): Promise<unknown[]> {
  const location = param === 'both' ? { company_id: locationId, copmany_id: locationId } : { [param]: locationId };
  const { data } = await client.get('/loyalty/certificates', { ...location, phone });
  return listOf(data, 'GET /loyalty/certificates');
}

/**
 * The loyalty cards of one client: `GET /loyalty/client_cards/{client_id}`.
 * It answers bare, without the envelope: one card as an object, several as
 * a list (enveloped answers are read too).
 */
export async function extractLoyaltyCards(client: AltegioClient, clientId: number): Promise<unknown[]> {
  const { data } = await client.get(`/loyalty/client_cards/${clientId}`, {}, { bareBody: true });
  if (data === null) return [];
  if (!Array.isArray(data) && typeof data === 'object' && 'id' in data) return [data];
  return listOf(data, 'GET /loyalty/client_cards/{client_id}');
}

/** The chain's loyalty card types: `GET /chain/{chain}/loyalty/card_types`, a bare list. */
export async function* extractCardTypes(client: AltegioClient, chainId: number): AsyncGenerator<unknown[]> {
  const { data } = await client.get(`/chain/${chainId}/loyalty/card_types`, {}, { bareBody: true });
  yield listOf(data, 'GET /chain/{chain}/loyalty/card_types');
}

/** The loyalty card types a location lists: `GET /loyalty/card_types/salon/{loc}`, a bare list. */
export async function* extractLocationCardTypes(client: AltegioClient, locationId: number): AsyncGenerator<unknown[]> {
  const { data } = await client.get(`/loyalty/card_types/salon/${locationId}`, {}, { bareBody: true });
  yield listOf(data, 'GET /loyalty/card_types/salon/{loc}');
}

/** The loyalty programs of a location: `GET /company/{loc}/loyalty/programs/search`, unpaged. */
export async function* extractPrograms(client: AltegioClient, locationId: number): AsyncGenerator<unknown[]> {
  const { data } = await client.get(`/company/${locationId}/loyalty/programs/search`);
  yield listOf(data, 'GET /company/{loc}/loyalty/programs/search');
}

/** An answer that is not a list must not read as "every row is gone". */
function listOf(data: unknown, endpoint: string): unknown[] {
  if (!Array.isArray(data)) throw new AltegioMalformedResponseError(`${endpoint}: data is not a list`, endpoint);
  return data;
}
