/** Figure 2: requests made ÷ the fewest that read the same data, per stream and in total. */
import type { RequestStats } from '../src/simulator/index.js';
import type { EndpointMinimum } from './minimum.js';

/** Which stream asks each endpoint (the simulator's stats key). */
const STREAM_OF: Record<string, string> = {
  'GET /company/{loc}': 'locations',
  'GET /company/{loc}/staff': 'staff',
  'GET /company/{loc}/services': 'services',
  'GET /company/{loc}/service_categories': 'service_categories',
  'GET /accounts/{loc}': 'accounts',
  'GET /clients/{loc}': 'clients',
  'POST /company/{loc}/clients/search': 'client_sweep',
  'GET /records/{loc}': 'records',
  'POST /company/{loc}/clients/visits/search': 'visits',
  'GET /reports/z_report/{loc}': 'z_reports',
  'GET /transactions/{loc}': 'transactions',
  'GET /company/{loc}/analytics/overall': 'analytics_overall',
  'GET /company/{loc}/analytics/overall/charts/{chart}': 'analytics_daily',
  'GET /company/{loc}/analytics/loyalty_programs/{kind}': 'loyalty_analytics',
  'GET /loyalty/certificates': 'gift_cards',
  'GET /loyalty/client_cards/{client}': 'loyalty_cards',
  'GET /company/{loc}/loyalty/programs/search': 'loyalty_programs',
  'GET /loyalty/card_types/salon/{loc}': 'location_loyalty_card_types',
  'GET /company/{loc}/loyalty/abonement_types/search': 'location_membership_types',
  'GET /chain/{chain}/loyalty/card_types': 'loyalty_card_types',
  'GET /chain/{chain}/loyalty/abonement_types': 'membership_types',
  'GET /chain/{chain}/loyalty/certificate_types': 'gift_card_types',
  'GET /chain/{chain}/loyalty/transactions': 'loyalty_transactions',
  'GET /chain/{chain}/loyalty/abonements': 'memberships',
  'POST /auth': 'auth',
};

export interface StreamRequests {
  stream: string;
  endpoint: string;
  made: number;
  minimum: number;
  /** made ÷ minimum; null when the minimum is 0 (every request is extra). */
  ratio: number | null;
  rule: string;
}

export interface RequestsFigure {
  made: number;
  minimum: number;
  ratio: number;
  streams: StreamRequests[];
}

/** Accepted requests (429s are not requests the data needed, and there should be none). */
export function requestsFigure(stats: RequestStats, minimum: EndpointMinimum[]): RequestsFigure {
  const made = (endpoint: string) => {
    const e = stats.byEndpoint[endpoint];
    return e ? e.requests - (e.status[429] ?? 0) : 0;
  };
  const streams: StreamRequests[] = minimum.map((m) => ({
    stream: STREAM_OF[m.endpoint] ?? m.endpoint,
    endpoint: m.endpoint,
    made: made(m.endpoint),
    minimum: m.minimum,
    ratio: m.minimum > 0 ? made(m.endpoint) / m.minimum : null,
    rule: m.rule,
  }));
  // An endpoint the model does not know is all extra.
  for (const endpoint of Object.keys(stats.byEndpoint)) {
    if (!minimum.some((m) => m.endpoint === endpoint)) {
      streams.push({ stream: STREAM_OF[endpoint] ?? endpoint, endpoint, made: made(endpoint), minimum: 0, ratio: null, rule: 'not expected at all' });
    }
  }
  const total = streams.reduce((s, r) => s + r.made, 0);
  const least = streams.reduce((s, r) => s + r.minimum, 0);
  return { made: total, minimum: least, ratio: total / least, streams: streams.filter((s) => s.made > 0 || s.minimum > 0) };
}
