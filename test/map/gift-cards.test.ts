import { describe, expect, it } from 'vitest';
import { RejectError } from '../../src/errors.js';
import { extractGiftCards } from '../../src/extractors/loyalty.js';
import { giftCardsStream, phoneDigits } from '../../src/jobs/client-loyalty.js';
import type { ClientsPage } from '../../src/sync/per-client.js';
import { fixture, location, mapContext, recordedClient } from '../helpers/recorded.js';

/** The stream reads its clients from the warehouse; its API side is extractGiftCards, by phone. */
const scope = location(4564, 'Asia/Almaty');

async function cardsOf(phone: string, env: Record<string, string> = {}) {
  const { client, asked } = recordedClient(fixture('loyalty-certificates'));
  const ctx = mapContext(scope, client, env);
  const cards = await extractGiftCards(client, 4564, phone, ctx.config.altegio.giftCardLocationParam);
  return { ctx, cards, asked: asked.map((a) => `${a.method} ${a.path}?${a.query}`) };
}

describe('gift_cards on recorded answers', () => {
  it('sends both company_id and copmany_id by default, and maps the client card with its status and dates', async () => {
    const phone = phoneDigits('+1 (555) 010-0142')!;
    const { ctx, cards, asked } = await cardsOf(phone);
    expect(asked).toEqual(['GET /loyalty/certificates?company_id=4564&copmany_id=4564&phone=15550100142']);
    const page: ClientsPage = { window: null, clients: [{ clientId: 501, ids: [880001] }] };
    const items = (fixture('loyalty-certificates')[0]!.body as { data: unknown[] }).data;
    expect(cards.map((card) => giftCardsStream.map(card, ctx, page))).toEqual([
      {
        id: 880001,
        locationId: 4564,
        clientId: 501,
        number: '888',
        balance: '9000',
        defaultBalance: '9000',
        typeId: 3301,
        statusId: 2,
        status: 'Activated',
        createdAt: new Date('2026-10-07T11:20:05Z'),
        expiresAt: new Date('2027-10-06T18:59:59Z'),
        deletedAt: null,
        raw: items[0],
      },
    ]);
  });

  it('sends only the spelling ALTEGIO_GIFT_CARD_LOCATION_PARAM names', async () => {
    const one = await cardsOf('15550100143', { ALTEGIO_GIFT_CARD_LOCATION_PARAM: 'company_id' });
    expect(one.asked).toEqual(['GET /loyalty/certificates?company_id=4564&phone=15550100143']);
    const other = await cardsOf('15550100143', { ALTEGIO_GIFT_CARD_LOCATION_PARAM: 'copmany_id' });
    expect(other.asked).toEqual(['GET /loyalty/certificates?copmany_id=4564&phone=15550100143']);
    expect([one.cards, other.cards]).toEqual([[], []]);
  });

  it('rejects a card that no client of the page listed', async () => {
    const { ctx, cards } = await cardsOf('15550100142');
    expect(() => giftCardsStream.map(cards[0], ctx, { window: null, clients: [] })).toThrow(RejectError);
  });
});
