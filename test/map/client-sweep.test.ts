import { describe, expect, it } from 'vitest';
import { AltegioClient } from '../../src/altegio/client.js';
import { isRetryable } from '../../src/altegio/retry-policy.js';
import { AltegioLicenceError } from '../../src/errors.js';
import { extractClientIds } from '../../src/extractors/client-ids.js';
import { countClients } from '../../src/extractors/clients.js';
import { collect, fixture, recordedClient } from '../helpers/recorded.js';

/** The client_sweep stream lists ids and compares them with the warehouse; its API side is this extractor. */
describe('client_sweep extractor on recorded answers', () => {
  it('searches with order_by_direction ASC, ids only, and pages until the total is listed', async () => {
    const { client, asked } = recordedClient(fixture('clients-search'));
    const pages = await collect(extractClientIds(client, { locationId: 4564, pageSize: 2 }));
    expect(asked.map((a) => a.body)).toEqual([
      { page: 1, page_size: 2, fields: ['id'], filters: [], order_by: 'id', order_by_direction: 'ASC' },
      { page: 2, page_size: 2, fields: ['id'], filters: [], order_by: 'id', order_by_direction: 'ASC' },
    ]);
    expect(asked.map((a) => `${a.method} ${a.path}`)).toEqual([
      'POST /company/4564/clients/search',
      'POST /company/4564/clients/search',
    ]);
    expect(pages).toEqual([
      { page: 1, ids: [501, 502], total: 3, last: false },
      { page: 2, ids: [503], total: 3, last: true },
    ]);
  });

  it('asks again for chosen clients through the id filter, still in ASC order', async () => {
    const { client, asked } = recordedClient(fixture('clients-search'));
    const pages = await collect(extractClientIds(client, { locationId: 4564, pageSize: 2, ids: [502, 509] }));
    expect(asked.map((a) => (a.body as { filters: unknown }).filters)).toEqual([[{ type: 'id', state: { value: [502, 509] } }]]);
    expect(pages).toEqual([{ page: 1, ids: [502], total: 1, last: true }]);
  });

  it('counts the clients GET /clients lists from the total of a one-row page', async () => {
    const { client, asked } = recordedClient(fixture('clients-count'));
    expect(await countClients(client, 4564)).toBe(3);
    expect(asked.map((a) => `${a.method} ${a.path}?${a.query}`)).toEqual(['GET /clients/4564?page=1&count=1']);
  });

  it('throws AltegioLicenceError on a 402 (lapsed licence), final: not retried', async () => {
    const { client: recorded, asked } = recordedClient(fixture('clients-search-licence'));
    // The same transport, with retries allowed: a retryable error would be asked again.
    const client = new AltegioClient({ ...recorded.options, maxRetries: 3, minRetryDelayMs: 1 });
    const error = await collect(extractClientIds(client, { locationId: 4564, pageSize: 2 })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AltegioLicenceError);
    expect((error as AltegioLicenceError).status).toBe(402);
    expect((error as Error).message).toContain('The licence of location 4564 must be renewed');
    expect(isRetryable(error)).toBe(false);
    expect(asked).toHaveLength(1);
  });
});
