/**
 * Ten questions analysts ask, answered in SQL against the warehouse. The one
 * source of docs/queries.md (scripts/warehouse-docs.ts writes it), of the
 * demo's closing answer, and of test/queries.test.ts (which reads them back
 * from the Markdown), so the three cannot drift apart.
 *
 * "Today", "last month" and "the last N days" are the location's own calendar:
 * `now() at time zone locations.timezone`.
 */
export interface BiQuery {
  /** Stable id: the Markdown anchor, and how the demo and the tests name a query. */
  id: string;
  /** The question as an analyst asks it. */
  question: string;
  /** How to read the answer: definitions, caveats. Markdown. */
  notes: string;
  /** The query, runnable as is in psql or a BI tool's SQL editor. */
  sql: string;
}

export const QUERIES: readonly BiQuery[] = [
  {
    id: 'revenue-last-month',
    question: 'How much revenue did each location make last month?',
    notes:
      'Last calendar month in each location\'s own time zone. `zreport_revenue` is what the day-end reports say was paid for what was sold; ' +
      '`records_revenue` is the price after discounts of the appointments where the client came. `difference` is unpaid balances, tips and ' +
      'sales outside appointments (gift cards, memberships). Amounts are in each location\'s `currency`: do not add them across locations.',
    sql: `select d.location_id, d.location, d.currency,
       sum(d.zreport_revenue) as zreport_revenue,
       sum(d.records_revenue) as records_revenue,
       sum(d.difference) as difference
from altegio_bi.daily_revenue d
join altegio.locations l on l.id = d.location_id
where d.date >= date_trunc('month', (now() at time zone l.timezone) - interval '1 month')::date
  and d.date < date_trunc('month', now() at time zone l.timezone)::date
group by d.location_id, d.location, d.currency
order by d.location_id;`,
  },
  {
    id: 'top-clients',
    question: 'Who are the five best clients of each location over the last 12 months?',
    notes:
      'Ranked by what their appointments cost after discounts, counting only appointments where they came (`status = \'arrived\'`). ' +
      'Ties go to the lower client id. `visits` counts arrivals (several appointments of one arrival are one visit).',
    sql: `select location_id, location, rank, client_id, client, phone, visits, revenue, currency
from (
  select a.location_id, l.title as location, a.client_id,
         concat_ws(' ', c.name, c.surname) as client, c.phone,
         count(distinct a.visit_id)::int as visits,
         sum(a.price) as revenue, a.currency,
         row_number() over (partition by a.location_id order by sum(a.price) desc, a.client_id) as rank
  from altegio_bi.appointments a
  join altegio.locations l on l.id = a.location_id
  left join altegio.clients c on c.location_id = a.location_id and c.id = a.client_id
  where a.status = 'arrived' and a.client_id is not null
    and a.date >= ((now() at time zone l.timezone) - interval '12 months')::date
  group by a.location_id, l.title, a.client_id, c.name, c.surname, c.phone, a.currency
) ranked
where rank <= 5
order by location_id, rank;`,
  },
  {
    id: 'no-show-rate',
    question: 'What is the no-show rate of each team member over the last 90 days?',
    notes:
      'No-shows divided by appointments that had an outcome (arrived or no-show), for appointments that have already started. ' +
      'Cancelled (deleted) appointments are not counted. A team member with no outcome yet has a null rate.',
    sql: `select a.location_id, a.staff_id, s.name as team_member,
       count(*) filter (where a.status = 'arrived')::int as arrived,
       count(*) filter (where a.status = 'no-show')::int as no_shows,
       round(100.0 * count(*) filter (where a.status = 'no-show')
             / nullif(count(*) filter (where a.status in ('arrived', 'no-show')), 0), 2) as no_show_percent
from altegio_bi.appointments a
join altegio.locations l on l.id = a.location_id
left join altegio.staff s on s.location_id = a.location_id and s.id = a.staff_id
where a.date >= (now() at time zone l.timezone)::date - 90
  and a.starts_at < now()
group by a.location_id, a.staff_id, s.name
order by no_show_percent desc nulls last, a.location_id, a.staff_id;`,
  },
  {
    id: 'memberships-expiring',
    question: 'Which memberships with visits left expire in the next 30 days?',
    notes:
      'Memberships (`abonement` in Altegio) whose expiry falls within 30 days from now and that still have visits on them: ' +
      'the clients to call before the visits are lost. `expires_at` is an instant; `expires_local` is the same in the selling location\'s time.',
    sql: `select m.location_id, l.title as location, m.id as membership_id, m.number, t.title as membership_type,
       m.client_id, concat_ws(' ', c.name, c.surname) as client, c.phone,
       m.balance as visits_left, m.expires_at,
       m.expires_at at time zone l.timezone as expires_local
from altegio.memberships m
left join altegio.membership_types t on t.id = m.type_id
left join altegio.locations l on l.id = m.location_id
left join altegio.clients c on c.location_id = m.location_id and c.id = m.client_id
where m.deleted_at is null and m.balance > 0
  and m.expires_at > now() and m.expires_at <= now() + interval '30 days'
order by m.expires_at, m.id;`,
  },
  {
    id: 'average-ticket',
    question: 'What is the average ticket per location and month, this month and the two before?',
    notes:
      'Revenue of the appointments where the client came, divided by the number of visits (arrivals). The current month is not over yet.',
    sql: `select a.location_id, l.title as location, date_trunc('month', a.date::timestamp)::date as month, a.currency,
       count(distinct a.visit_id)::int as visits,
       sum(a.price) as revenue,
       round(sum(a.price) / count(distinct a.visit_id), 2) as average_ticket
from altegio_bi.appointments a
join altegio.locations l on l.id = a.location_id
where a.status = 'arrived'
  and a.date >= date_trunc('month', (now() at time zone l.timezone) - interval '2 months')::date
group by a.location_id, l.title, date_trunc('month', a.date::timestamp)::date, a.currency
order by a.location_id, month;`,
  },
  {
    id: 'busiest-hours',
    question: 'At which hours of the day do most appointments start (last four weeks)?',
    notes:
      'Appointments of the last 28 complete local days (today excluded), whatever their outcome, by the local hour they start in. ' +
      '`per_day` is the average over those 28 days.',
    sql: `select a.location_id, l.title as location, a.hour,
       count(*)::int as appointments,
       round(count(*) / 28.0, 2) as per_day
from altegio_bi.appointments a
join altegio.locations l on l.id = a.location_id
where a.date >= (now() at time zone l.timezone)::date - 28
  and a.date < (now() at time zone l.timezone)::date
group by a.location_id, l.title, a.hour
order by a.location_id, appointments desc, a.hour;`,
  },
  {
    id: 'gift-card-liability',
    question: 'How much do we owe on gift cards?',
    notes:
      'The unspent balance of gift cards (`certificate` in Altegio) that have not expired, per location, and what those cards were sold for. ' +
      'Memberships are in the same view with `kind = \'membership\'` (their balance is visits, not money).',
    sql: `select location_id, location, currency, items as gift_cards, balance as outstanding, sold_for
from altegio_bi.loyalty_liability
where kind = 'gift card'
order by location_id;`,
  },
  {
    id: 'clients-lost',
    question: 'Which clients have not come back for more than 90 days?',
    notes:
      'Clients (not deleted) whose last arrival is more than 90 local days ago and who have no appointment booked since, ' +
      'most valuable first. History starts where the warehouse\'s backfill starts.',
    sql: `with last_visit as (
  select a.location_id, a.client_id, max(a.date) as last_visit,
         count(distinct a.visit_id)::int as visits, sum(a.price) as revenue
  from altegio_bi.appointments a
  where a.status = 'arrived' and a.client_id is not null
  group by a.location_id, a.client_id
)
select v.location_id, l.title as location, v.client_id,
       concat_ws(' ', c.name, c.surname) as client, c.phone,
       v.last_visit, v.visits, v.revenue
from last_visit v
join altegio.locations l on l.id = v.location_id
join altegio.clients c on c.location_id = v.location_id and c.id = v.client_id
where c.deleted_at is null
  and v.last_visit < (now() at time zone l.timezone)::date - 90
  and not exists (
    select 1 from altegio.records r
    where r.location_id = v.location_id and r.client_id = v.client_id
      and r.deleted_at is null and r.session_date > v.last_visit)
order by v.revenue desc, v.location_id, v.client_id;`,
  },
  {
    id: 'revenue-by-account',
    question: 'How much came into each payment account last month, according to the Z-reports?',
    notes:
      'Sums of the day-end reports\' payments by account (cash desk, card terminal...) over last calendar month, in each location\'s currency.',
    sql: `select p.location_id, l.title as location, p.title as account, l.currency,
       sum(p.amount) as received
from altegio.z_report_payments p
join altegio.locations l on l.id = p.location_id
where p.kind = 'account'
  and p.report_date >= date_trunc('month', (now() at time zone l.timezone) - interval '1 month')::date
  and p.report_date < date_trunc('month', now() at time zone l.timezone)::date
group by p.location_id, l.title, p.title, l.currency
order by p.location_id, received desc, account;`,
  },
  {
    id: 'new-clients-per-month',
    question: 'How many new clients came each month, and how many of them came back?',
    notes:
      'A client is new in the month of their first arrival in the warehouse\'s history; returning clients came in an earlier month too. ' +
      '`return_rate_percent` is the share of the month\'s new clients who came again on a later day (so recent months are still filling up).',
    sql: `select r.location_id, l.title as location, r.month,
       r.new_clients, r.returning_clients, r.new_came_back, r.return_rate_percent
from altegio_bi.client_return_monthly r
join altegio.locations l on l.id = r.location_id
where r.month >= date_trunc('month', (now() at time zone l.timezone) - interval '11 months')::date
order by r.location_id, r.month;`,
  },
];

/** The query with this id; throws listing the ids when there is none. */
export function queryById(id: string): BiQuery {
  const query = QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(`no query ${id}; queries: ${QUERIES.map((q) => q.id).join(', ')}`);
  return query;
}
