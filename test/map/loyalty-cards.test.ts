import { describe, expect, it } from 'vitest';
import { extractLoyaltyCards } from '../../src/extractors/loyalty.js';
import { loyaltyCardsStream } from '../../src/jobs/client-loyalty.js';
import { listedIds } from '../../src/sync/map.js';
import type { ClientsPage } from '../../src/sync/per-client.js';
import { fixture, location, mapContext, recordedClient } from '../helpers/recorded.js';

/** The stream reads its clients from the warehouse; its API side is extractLoyaltyCards, by client id. */
const scope = location(4564, 'Asia/Almaty');
const [one, several] = fixture('loyalty-client-cards').map((e) => e.body) as [Record<string, unknown>, Record<string, unknown>[]];

const card = (raw: Record<string, unknown>, clientId: number) => ({ id: raw.id, locationId: 4564, clientId, chainId: 2100, deletedAt: null, raw });

describe('loyalty_cards on recorded answers', () => {
  it('reads a bare object (no envelope) as one card and a bare array as several', async () => {
    const { client, asked } = recordedClient(fixture('loyalty-client-cards'));
    const ctx = mapContext(scope, client);
    const answers = new Map<number, unknown[]>();
    for (const clientId of [501, 502, 503]) answers.set(clientId, await extractLoyaltyCards(client, clientId));
    expect(asked.map((a) => `${a.method} ${a.path}`)).toEqual([
      'GET /loyalty/client_cards/501',
      'GET /loyalty/client_cards/502',
      'GET /loyalty/client_cards/503',
    ]);
    expect([...answers.values()]).toEqual([[one], several, []]);
    const page: ClientsPage = { window: null, clients: [...answers].map(([clientId, cards]) => ({ clientId, ids: listedIds(cards) })) };
    const rows = [...answers.values()].flat().map((raw) => loyaltyCardsStream.map(raw, ctx, page));
    expect(rows).toEqual([
      {
        ...card(one, 501),
        typeId: 10992,
        number: '0014507109210520',
        balance: '100',
        points: '0',
        paidAmount: '1000',
        soldAmount: '1000',
        visitsCount: 1,
      },
      {
        ...card(several[0]!, 502),
        typeId: 10992,
        number: '0014507109210521',
        balance: '12.5',
        points: '35',
        paidAmount: '240.75',
        soldAmount: '260',
        visitsCount: 3,
      },
      {
        ...card(several[1]!, 502),
        typeId: 10993,
        number: '0014507109210522',
        balance: '0',
        points: '0',
        paidAmount: '0',
        soldAmount: '0',
        visitsCount: 0,
      },
    ]);
  });
});
