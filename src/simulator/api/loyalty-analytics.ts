/**
 * Loyalty-program analytics: visit statistics of the clients in one program, in
 * total and per team member. The program is required and must be attached to the
 * location; its clients are those holding a loyalty card whose type lists it.
 */
import { percentOf } from '../money.js';
import { datesBetween } from '../time.js';
import { invalid, notFound, ok, type Reply } from '../http/envelope.js';
import { route, type Ctx, type Route } from '../http/router.js';
import { firstVisits } from '../derive/analytics.js';
import { liveRecordsByDate } from '../derive/views.js';
import type { LocationData } from '../world/types.js';
import { analyticsRange, locationOf, requireAnalytics, requireLoyalty } from './common.js';

interface Counts {
  all_count: number;
  lost_count: number;
  returned_count: number;
  returned_percent: number;
}

/** all: clients who came; returned: those who came at least twice; lost: the rest. */
function counts(visitsPerClient: Map<number, number>, keep: (id: number) => boolean): Counts {
  let all = 0;
  let returned = 0;
  for (const [id, n] of visitsPerClient) {
    if (!keep(id)) continue;
    all++;
    if (n >= 2) returned++;
  }
  return { all_count: all, lost_count: all - returned, returned_count: returned, returned_percent: percentOf(returned, all) };
}

interface Scope {
  data: LocationData;
  from: string;
  to: string;
  /** Clients of the program. */
  members: Set<number>;
}

/** Visits (attendance 1) of the program's clients, per client and per day; "new" = first visit ever within the range. */
function visitFigures(ctx: Ctx, s: Scope, staffId: number | null) {
  const first = firstVisits(ctx.world, s.data);
  const perClient = new Map<number, number>();
  const byDay: { date: string; new_count: number; old_count: number }[] = [];
  for (const date of datesBetween(s.from, s.to)) {
    const day = { date, new_count: 0, old_count: 0 };
    const seen = new Set<number>();
    for (const r of liveRecordsByDate(ctx.world, s.data).get(date) ?? []) {
      if (r.attendance !== 1 || r.clientId === null || seen.has(r.visitId) || !s.members.has(r.clientId)) continue;
      if (staffId !== null && r.staffId !== staffId) continue;
      seen.add(r.visitId);
      perClient.set(r.clientId, (perClient.get(r.clientId) ?? 0) + 1);
      if ((first.get(r.clientId) ?? '') >= s.from) day.new_count++;
      else day.old_count++;
    }
    byDay.push(day);
  }
  const isNew = (id: number) => (first.get(id) ?? '') >= s.from;
  return {
    client_stats: { new: counts(perClient, isNew), old: counts(perClient, (id) => !isNew(id)), total: counts(perClient, () => true) },
    visits_stats_by_day: byDay,
  };
}

/** The program named by the required `loyalty_program_id`, and the location's clients in it. */
function programMembers(ctx: Ctx, data: LocationData): Set<number> {
  const raw = ctx.query.get('loyalty_program_id');
  if (raw === null || raw === '') throw invalid('loyalty_program_id', 'loyalty_program_id is required');
  if (!/^\d+$/.test(raw)) throw invalid('loyalty_program_id', 'loyalty_program_id must be an integer');
  const id = Number(raw);
  const chain = ctx.world.chain;
  if (!chain.programs.some((p) => p.id === id && p.locIds.includes(data.loc.id))) throw notFound(`Loyalty program ${id} not found`);
  const types = new Set(chain.cardTypes.filter((t) => t.programIds.includes(id)).map((t) => t.id));
  const members = new Set<number>();
  for (const card of chain.loyaltyCards) {
    if (card.locId === data.loc.id && types.has(card.typeId) && data.clientById.get(card.clientId)?.deleted === false) members.add(card.clientId);
  }
  return members;
}

function loyaltyAnalytics(ctx: Ctx): Reply {
  const data = locationOf(ctx);
  requireLoyalty(ctx, data);
  requireAnalytics(ctx, data, 'report');
  const kind = ctx.params.kind;
  if (kind !== 'visits' && kind !== 'staff') throw notFound(`Unknown report ${kind ?? ''}`);
  const { from, to } = analyticsRange(ctx);
  const scope: Scope = { data, from, to, members: programMembers(ctx, data) };
  if (kind === 'visits') {
    const f = visitFigures(ctx, scope, null);
    // The daily breakdown only comes when asked for with include[]=visits_stats_by_day.
    const byDay = ctx.query.getAll('include[]').includes('visits_stats_by_day') ? f.visits_stats_by_day : [];
    return ok({ client_stats: f.client_stats, visits_stats_by_day: byDay });
  }
  // Per team member: a flat client_stats (no new/old/total split).
  const rows = data.staff.map((s) => ({ client_stats: visitFigures(ctx, scope, s.id).client_stats.total, staff: { id: s.id, name: s.name } }));
  return ok(rows, { count: rows.length });
}

export const loyaltyAnalyticsRoutes: Route[] = [route('GET', '/company/{loc}/analytics/loyalty_programs/{kind}', loyaltyAnalytics)];
