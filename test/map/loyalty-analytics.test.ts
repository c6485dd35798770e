import { describe, expect, it } from 'vitest';
import { extractLoyaltyStaff, extractLoyaltyVisits } from '../../src/extractors/analytics.js';
import { loyaltyAnalyticsStream } from '../../src/jobs/loyalty-analytics.js';
import { fixture, location, mapContext, recordedClient } from '../helpers/recorded.js';

/** The stream reads the location's programs from the warehouse; here the program and the page meta are set by hand. */
const scope = location(4564, 'Asia/Almaty');
const day = { from: '2026-11-18', to: '2026-11-18' };
const programId = 18005;

function client() {
  return recordedClient([...fixture('analytics-loyalty-visits'), ...fixture('analytics-loyalty-staff')]);
}

/** Columns of the new and old segments, which a flat staff `client_stats` does not split. */
const noSegments = {
  newClients: null, newLost: null, newReturned: null, newReturnedPercent: null,
  oldClients: null, oldLost: null, oldReturned: null, oldReturnedPercent: null,
};

describe('loyalty_analytics on recorded answers', () => {
  it('asks the visits report with loyalty_program_id and include[]=visits_stats_by_day, and maps its client segments', async () => {
    const { client: c, asked } = client();
    const ctx = mapContext(scope, c);
    const visits = await extractLoyaltyVisits(c, 4564, programId, day);
    expect(asked.map((a) => `${a.method} ${a.path}?${decodeURIComponent(a.query.toString())}`)).toEqual([
      'GET /company/4564/analytics/loyalty_programs/visits?date_from=2026-11-18&date_to=2026-11-18&loyalty_program_id=18005&include[]=visits_stats_by_day',
    ]);
    const row = loyaltyAnalyticsStream.map(visits, ctx, { date: day.from, programId, report: 'visits' });
    expect(row).toEqual({
      day: {
        locationId: 4564,
        date: '2026-11-18',
        programId,
        newVisits: 2,
        oldVisits: 9,
        newClients: 2,
        newLost: 0,
        newReturned: 1,
        newReturnedPercent: '50',
        oldClients: 9,
        oldLost: 1,
        oldReturned: 6,
        oldReturnedPercent: '66.7',
        totalClients: 11,
        totalLost: 1,
        totalReturned: 7,
        totalReturnedPercent: '63.6',
        raw: (fixture('analytics-loyalty-visits')[0]!.body as { data: unknown }).data,
      },
    });
  });

  it('maps staff rows {staff: {id, name}, client_stats} whose flat client_stats fills the total_* columns', async () => {
    const { client: c, asked } = client();
    const ctx = mapContext(scope, c);
    const staff = await extractLoyaltyStaff(c, 4564, programId, day);
    expect(asked.map((a) => a.query.toString())).toEqual(['date_from=2026-11-18&date_to=2026-11-18&loyalty_program_id=18005']);
    const meta = { date: day.from, programId, report: 'staff' as const, staffIds: [7001, 7002] };
    const items = (fixture('analytics-loyalty-staff')[0]!.body as { data: unknown[] }).data;
    expect(staff.map((row) => loyaltyAnalyticsStream.map(row, ctx, meta))).toEqual([
      {
        staff: {
          locationId: 4564, date: '2026-11-18', programId, staffId: 7001, staffName: 'Team Member A', ...noSegments,
          totalClients: 6, totalLost: 0, totalReturned: 4, totalReturnedPercent: '66.7', raw: items[0],
        },
      },
      {
        staff: {
          locationId: 4564, date: '2026-11-18', programId, staffId: 7002, staffName: 'Team Member B', ...noSegments,
          totalClients: 5, totalLost: 1, totalReturned: 3, totalReturnedPercent: '60', raw: items[1],
        },
      },
    ]);
    expect(staff.map((row) => loyaltyAnalyticsStream.sourceKey!(row, meta))).toEqual(['18005:2026-11-18:7001', '18005:2026-11-18:7002']);
  });
});
