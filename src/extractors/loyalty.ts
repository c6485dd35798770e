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

/** The chain's membership types: `GET /chain/{chain}/loyalty/abonement_types` (`meta.total_count`). */
export async function* extractMembershipTypes(client: AltegioClient, chainId: number, pageSize: number): AsyncGenerator<unknown[]> {
  for await (const page of pagedByNumber(client, `/chain/${chainId}/loyalty/abonement_types`, {}, { pageSize })) yield page.items;
}

/** The membership types a location lists: `GET /company/{loc}/loyalty/abonement_types/search`. */
export async function* extractLocationMembershipTypes(client: AltegioClient, locationId: number, pageSize: number): AsyncGenerator<unknown[]> {
  const path = `/company/${locationId}/loyalty/abonement_types/search`;
  for await (const page of pagedByNumber(client, path, {}, { pageSize, sizeParam: 'page_size' })) yield page.items;
}

/** The chain's gift card types: `GET /chain/{chain}/loyalty/certificate_types`; it serves at most 100 a page. */
export async function* extractGiftCardTypes(client: AltegioClient, chainId: number, pageSize: number): AsyncGenerator<unknown[]> {
  const path = `/chain/${chainId}/loyalty/certificate_types`;
  for await (const page of pagedByNumber(client, path, {}, { pageSize: Math.min(pageSize, 100), sizeParam: 'page_size' })) yield page.items;
}

/**
 * The gift cards of one client, by phone: `GET /loyalty/certificates`. It
 * takes the partner token only (the client knows) and the reference misspells
 * `company_id` as `copmany_id`.
 */
export async function extractGiftCards(client: AltegioClient, locationId: number, phone: string): Promise<unknown[]> {
  const { data } = await client.get('/loyalty/certificates', { company_id: locationId, phone });
  return listOf(data, 'GET /loyalty/certificates');
}

/** The loyalty cards of one client: `GET /loyalty/client_cards/{client_id}`. */
export async function extractLoyaltyCards(client: AltegioClient, clientId: number): Promise<unknown[]> {
  const { data } = await client.get(`/loyalty/client_cards/${clientId}`);
  return listOf(data, 'GET /loyalty/client_cards/{client_id}');
}

/** The chain's loyalty card types: `GET /chain/{chain}/loyalty/card_types`. */
export async function* extractCardTypes(client: AltegioClient, chainId: number): AsyncGenerator<unknown[]> {
  const { data } = await client.get(`/chain/${chainId}/loyalty/card_types`);
  yield listOf(data, 'GET /chain/{chain}/loyalty/card_types');
}

/** The loyalty card types a location lists: `GET /loyalty/card_types/salon/{loc}`. */
export async function* extractLocationCardTypes(client: AltegioClient, locationId: number): AsyncGenerator<unknown[]> {
  const { data } = await client.get(`/loyalty/card_types/salon/${locationId}`);
  yield listOf(data, 'GET /loyalty/card_types/salon/{loc}');
}

/** The loyalty programs of a location: `GET /company/{loc}/loyalty/programs/search`. */
export async function* extractPrograms(client: AltegioClient, locationId: number, pageSize: number): AsyncGenerator<unknown[]> {
  const path = `/company/${locationId}/loyalty/programs/search`;
  for await (const page of pagedByNumber(client, path, {}, { pageSize })) yield page.items;
}

/** An answer that is not a list must not read as "every row is gone". */
function listOf(data: unknown, endpoint: string): unknown[] {
  if (!Array.isArray(data)) throw new AltegioMalformedResponseError(`${endpoint}: data is not a list`, endpoint);
  return data;
}
