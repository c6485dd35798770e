import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { ANCHOR, call } from './helpers.js';

const PARTNER = { Authorization: 'Bearer sim-partner-token' };

describe('a location without the loyalty module (location 3 by default)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 300, locations: 3, days: 10 });
  });
  afterAll(() => sim.close());

  it('answers 404 on every loyalty endpoint of location 3 and 200 on location 1', async () => {
    const phone = sim.world.location(3)!.clients[0]!.phone;
    const paths = (loc: number) => [
      `/loyalty/card_types/salon/${loc}`,
      `/company/${loc}/loyalty/abonement_types/search`,
      `/company/${loc}/loyalty/programs/search`,
      `/company/${loc}/analytics/loyalty_programs/visits?date_from=2026-03-10&date_to=2026-03-12&loyalty_program_id=901`,
      `/company/${loc}/analytics/loyalty_programs/staff?date_from=2026-03-10&date_to=2026-03-12&loyalty_program_id=901`,
      `/loyalty/certificates?company_id=${loc}&phone=${phone}`,
    ];
    for (const p of paths(3)) {
      const a = await call(sim, p, p.startsWith('/loyalty/certificates') ? { headers: PARTNER } : {});
      expect(a.status, p).toBe(404);
      expect(a.body).toEqual({ success: false, data: null, meta: { message: 'Loyalty module is not enabled for location 3' } });
    }
    for (const p of paths(1)) expect((await call(sim, p, p.startsWith('/loyalty/certificates') ? { headers: PARTNER } : {})).status, p).toBe(200);
  });

  it('generates no loyalty data there, and says so in the truth', () => {
    const c = sim.world.chain;
    const clients3 = new Set(sim.world.location(3)!.clients.map((x) => x.id));
    for (const list of [c.programs, c.cardTypes, c.membershipTypes]) for (const x of list) expect(x.locIds).not.toContain(3);
    for (const list of [c.loyaltyCards, c.giftCards, c.memberships, c.loyaltyTransactions]) {
      expect(list.some((x) => x.locId === 3 || clients3.has(x.clientId))).toBe(false);
      expect(list.length).toBeGreaterThan(0);
    }
    const [one, , three] = sim.truth().locations;
    expect(three!.loyalty).toEqual({ enabled: false, giftCards: { ids: [], count: 0, balance: '0.000' }, programIds: [], membershipTypeIds: [], cardTypeIds: [] });
    expect(one!.loyalty.enabled).toBe(true);
  });

  it('serves the card lists and a client card as raw bodies', async () => {
    const chain = await call<any>(sim, '/chain/1001/loyalty/card_types');
    expect(chain.raw).toEqual(sim.world.chain.cardTypes.map((t) => ({ id: t.id, title: t.title, salon_group_id: 1001 })));
    const salon = await call<any>(sim, '/loyalty/card_types/salon/1');
    expect(Array.isArray(salon.raw)).toBe(true);
    for (const t of salon.raw) expect(t).toEqual({ id: expect.any(Number), title: expect.any(String), salon_group_id: 1001, salon_group: { id: 1001, title: expect.any(String) } });

    const perClient = new Map<number, number>();
    for (const card of sim.world.chain.loyaltyCards) perClient.set(card.clientId, (perClient.get(card.clientId) ?? 0) + 1);
    const single = [...perClient].find(([, n]) => n === 1)![0];
    const several = [...perClient].find(([, n]) => n > 1)![0];
    const none = sim.world.location(1)!.clients.find((x) => !perClient.has(x.id))!.id;
    const one = (await call<any>(sim, `/loyalty/client_cards/${single}`)).raw;
    expect(Array.isArray(one)).toBe(false);
    expect(one).toMatchObject({ id: expect.any(Number), number: expect.any(String), salon_group_id: 1001, type: { salon_group_id: 1001 }, salon_group: { id: 1001 } });
    expect('success' in one).toBe(false);
    expect(one.programs[0]).toMatchObject({ id: expect.any(Number), loyalty_type: { id: expect.any(Number) }, rules: [] });
    const many = (await call<any>(sim, `/loyalty/client_cards/${several}`)).raw;
    expect(Array.isArray(many) && many.length).toBe(perClient.get(several));
    expect((await call<any>(sim, `/loyalty/client_cards/${none}`)).raw).toEqual([]);
  });
});

describe('licence, gift-card parameter spelling', () => {
  it('answers 402 on every endpoint of a location whose licence has lapsed', async () => {
    const sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 20, locations: 2, days: 2, account: { lapsedLicence: [2] } });
    try {
      const client = sim.world.location(2)!.clients[0]!;
      for (const p of ['/company/2', '/clients/2', '/records/2', '/reports/z_report/2?start_date=2026-03-19', `/loyalty/client_cards/${client.id}`, '/transactions/2']) {
        const a = await call(sim, p);
        expect(a.status, p).toBe(402);
        expect(a.body).toEqual({ success: false, data: null, meta: { message: 'Необходимо продлить лицензию в филиале с id: 2' } });
      }
      const cert = await call(sim, `/loyalty/certificates?company_id=2&phone=${client.phone}`, { headers: PARTNER });
      expect(cert.status).toBe(402);
      expect((await call(sim, '/clients/1')).status).toBe(200);
      expect((await call(sim, '/clients/2', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    } finally {
      await sim.close();
    }
  });

  it('reads the spelling of the gift-card location parameter it is told to', async () => {
    for (const [param, works] of [
      ['either', ['company_id', 'copmany_id']],
      ['company_id', ['company_id']],
      ['copmany_id', ['copmany_id']],
    ] as const) {
      const sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 200, locations: 1, days: 2, account: { giftCardParam: param } });
      try {
        const card = sim.world.chain.giftCards[0]!;
        const phone = sim.world.findClient(card.clientId)!.phone;
        for (const key of ['company_id', 'copmany_id']) {
          const a = await call<any[]>(sim, `/loyalty/certificates?${key}=1&phone=${phone}`, { headers: PARTNER });
          if ((works as readonly string[]).includes(key)) {
            expect(a.status, `${param} ${key}`).toBe(200);
            expect(a.body.data.map((g) => g.id)).toContain(card.id);
          } else {
            expect(a.status, `${param} ${key}`).toBe(422);
            expect(a.body.meta.message).toBe('company_id is required');
          }
        }
      } finally {
        await sim.close();
      }
    }
  });

  it('drops the ISO currency from the location and keeps the symbol', async () => {
    const sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, clients: 5, locations: 3, days: 1 });
    try {
      for (const [loc, symbol] of [[1, '$'], [2, '¥'], [3, '£']] as const) {
        const a = await call<any>(sim, `/company/${loc}`);
        expect('currency' in a.body.data).toBe(false);
        expect(a.body.data.currency_short_title).toBe(symbol);
        expect(sim.truth().locations[loc - 1]!.currencySymbol).toBe(symbol);
      }
    } finally {
      await sim.close();
    }
  });
});
