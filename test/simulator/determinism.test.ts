import { describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { ANCHOR, call } from './helpers.js';

const PATHS = [
  '/companies?my=1',
  '/company/2/staff',
  '/company/3/services',
  '/clients/1?count=200',
  '/clients/2?page=2&count=50&changed_after=2026-03-01T00:00:00',
  '/records/3?with_deleted=1&count=200',
  '/reports/z_report/1?start_date=15.03.2026',
  '/transactions/2?start_date=2026-03-10&end_date=2026-03-12&count=200',
  '/company/1/analytics/overall?date_from=2026-03-01&date_to=2026-03-15',
  '/company/2/analytics/overall/charts/income_daily?date_from=2026-03-01&date_to=2026-03-15',
  '/chain/1001/loyalty/transactions?created_after=2026-01-01&created_before=2026-12-31&count=200',
  '/chain/1001/loyalty/abonements?created_after=2025-01-01&created_before=2026-12-31&count=50',
  `/loyalty/client_cards/100001`,
];

async function snapshot(options: SimulatorOptions): Promise<{ bodies: string[]; truth: string }> {
  const sim: Simulator = await startSimulator({ rateLimit: false, clients: 150, days: 20, ...options });
  try {
    const bodies: string[] = [];
    for (const p of PATHS) bodies.push((await call(sim, p)).text);
    const visits = await call(sim, '/company/1/clients/visits/search', {
      method: 'POST',
      json: { client_id: sim.truth().locations[0]!.clients.ids[5], client_phone: null, from: null, to: null, payment_statuses: [], attendance: null },
    });
    bodies.push(visits.text);
    return { bodies, truth: JSON.stringify(sim.truth()) };
  } finally {
    await sim.close();
  }
}

describe('determinism', () => {
  it('builds an identical world for the same seed and anchor', async () => {
    const a = await snapshot({ seed: 42, anchor: ANCHOR });
    const b = await snapshot({ seed: 42, anchor: ANCHOR });
    expect(b.bodies).toEqual(a.bodies);
    expect(b.truth).toBe(a.truth);
    // Envelopes (some wrapped in an array) or bare bodies (charts, cards), never an error.
    for (const body of a.bodies) expect(body).not.toMatch(/"success":false/);
  });

  it('builds a different world for another seed or anchor', async () => {
    const a = await snapshot({ seed: 42, anchor: ANCHOR });
    const otherSeed = await snapshot({ seed: 43, anchor: ANCHOR });
    const otherAnchor = await snapshot({ seed: 42, anchor: new Date(ANCHOR.getTime() + 86_400_000) });
    expect(otherSeed.truth).not.toBe(a.truth);
    expect(otherAnchor.truth).not.toBe(a.truth);
  });
});
