import { describe, expect, it } from 'vitest';
import { readClientHistory, visitsStream } from '../../src/jobs/visits.js';
import { listedIds } from '../../src/sync/map.js';
import type { ClientsPage } from '../../src/sync/per-client.js';
import { fixture, location, mapContext, recordedClient } from '../helpers/recorded.js';

/**
 * The visits stream reads the clients to ask from the warehouse; its API side
 * is readClientHistory, one client's history grouped into visits.
 */
const scope = location(4564, 'Asia/Almaty');

type Raw = { records: Record<string, unknown>[]; goods_transactions: Record<string, unknown>[] };
const pages = fixture('clients-visits-search').map((e) => (e.body as { data: Raw }).data);
const [page1, page2] = pages as [Raw, Raw];
const [sale, waxSale] = page1.goods_transactions;
const [haircut] = page1.records;
const [styling, coloring] = page2.records;

async function history() {
  const { client, asked } = recordedClient(fixture('clients-visits-search'));
  const ctx = mapContext(scope, client);
  const groups = await readClientHistory(client, 4564, 501, null);
  const meta: ClientsPage = { window: null, clients: [{ clientId: 501, ids: listedIds(groups, 'key') }] };
  return { ctx, groups, meta, asked };
}

describe('visits on a recorded client history', () => {
  it('follows meta.dateCursor.next and groups records and goods transactions by visit', async () => {
    const { groups, meta, asked } = await history();
    expect(asked.map((a) => a.body)).toEqual([
      { client_id: 501, client_phone: null, from: null, to: null, payment_statuses: [], attendance: null },
      { client_id: 501, client_phone: null, from: '2026-10-01', to: '2026-11-09', payment_statuses: [], attendance: null },
    ]);
    expect(groups).toEqual([
      { key: 70001, visit_id: 70001, client_id: 501, records: [haircut], goods_transactions: [waxSale] },
      { key: 69001, visit_id: 69001, client_id: 501, records: [styling, coloring], goods_transactions: [] },
      { key: -900, visit_id: 0, client_id: 501, records: [], goods_transactions: [sale] },
    ]);
    expect(meta.clients[0]!.ids).toEqual([70001, 69001, -900]);
  });

  it('sums the goods lines under goods[] of a goods transaction into goods_cost and goods_paid', async () => {
    const { ctx, groups, meta } = await history();
    expect(visitsStream.map(groups[0], ctx, meta)).toEqual({
      locationId: 4564,
      id: 70001,
      clientId: 501,
      visitDate: '2026-11-18',
      startsAt: new Date('2026-11-18T05:00:00Z'),
      attendance: 1,
      recordsCount: 1,
      // The history's service lines carry no first_cost.
      firstCost: '0',
      costToPay: '45',
      paidSum: '45',
      goodsCost: '15',
      goodsPaid: '15',
      paymentStatus: 'paid_full',
      deletedAt: null,
      raw: { records: [haircut], goods_transactions: [waxSale] },
    });
  });

  it('loads a goods-only sale (visit_id 0, record_id 0) as its own visit keyed minus the goods transaction id', async () => {
    const { ctx, groups, meta } = await history();
    const row = visitsStream.map(groups[2], ctx, meta);
    expect(row).toEqual({
      locationId: 4564,
      id: -900,
      clientId: 501,
      visitDate: '2026-11-10',
      startsAt: new Date('2026-11-10T05:00:00Z'),
      attendance: null,
      recordsCount: 0,
      firstCost: '0',
      costToPay: '0',
      paidSum: '0',
      // Shampoo 500 + comb 120.5 due; 500 + 100 paid.
      goodsCost: '620.5',
      goodsPaid: '600',
      paymentStatus: 'paid_not_full',
      deletedAt: null,
      raw: { records: [], goods_transactions: [sale] },
    });
    expect(visitsStream.sourceKey!(groups[2], meta)).toBe('-900');
  });

  it('dates a visit of several records by its earliest record and sums their services', async () => {
    const { ctx, groups, meta } = await history();
    expect(visitsStream.map(groups[1], ctx, meta)).toEqual({
      locationId: 4564,
      id: 69001,
      clientId: 501,
      visitDate: '2026-10-05',
      // Coloring at 16:00 in Almaty, listed after the styling at 17:00.
      startsAt: new Date('2026-10-05T11:00:00Z'),
      attendance: -1,
      recordsCount: 2,
      firstCost: '0',
      costToPay: '150',
      paidSum: '0',
      goodsCost: '0',
      goodsPaid: '0',
      paymentStatus: 'not_paid',
      deletedAt: null,
      raw: { records: [styling, coloring], goods_transactions: [] },
    });
  });
});
