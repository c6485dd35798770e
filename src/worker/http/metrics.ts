import type { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Warehouse } from '../../db/connect.js';
import type { PageDelta, RunObserver } from '../../queue/processor.js';
import type { RunSummary } from '../../sync/runner.js';

/**
 * The worker's Prometheus metrics. Counters are this process's (sum them
 * over workers); lag and queue depth are read from Postgres and Redis at
 * scrape time, so every worker reports the same, global values.
 */
export class WorkerMetrics implements RunObserver {
  readonly registry = new Registry();
  readonly #requests = new Counter({
    name: 'altegio_requests_total',
    help: 'Requests sent to the Altegio API, by stream (counted as pages commit)',
    labelNames: ['stream'],
    registers: [this.registry],
  });
  readonly #responses = new Counter({
    name: 'altegio_http_responses_total',
    help: 'Answers of the Altegio API by HTTP status (0: no answer)',
    labelNames: ['status'],
    registers: [this.registry],
  });
  readonly #throttled = new Counter({ name: 'altegio_throttled_total', help: '429 answers of the Altegio API', registers: [this.registry] });
  readonly #rows = new Counter({
    name: 'altegio_rows_total',
    help: 'Source records by stream and outcome: inserted, updated, unchanged or rejected',
    labelNames: ['stream', 'outcome'],
    registers: [this.registry],
  });
  readonly #runs = new Counter({ name: 'altegio_runs_total', help: 'Finished stream runs by outcome', labelNames: ['stream', 'status'], registers: [this.registry] });
  readonly #budgetWait = new Counter({
    name: 'altegio_budget_wait_seconds_total',
    help: 'Time requests were told to wait for the shared request budget',
    registers: [this.registry],
  });
  readonly #runRequests = new Map<string, number>();

  constructor(warehouse: Warehouse, queue?: Queue) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'altegio_stream_lag_seconds',
      help: 'Seconds since the instant each stream and scope is complete up to (high_water_at, else last_success_at)',
      labelNames: ['stream', 'scope'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await warehouse.query<{ stream: string; scope: string; lag: number | string | null }>(sql`
          select stream, scope, extract(epoch from now() - coalesce(high_water_at, last_success_at))::float8 as lag
          from altegio.sync_state where stream not like '%:backfill'`);
        for (const r of rows) if (r.lag !== null) this.set({ stream: r.stream, scope: r.scope }, Number(r.lag));
      },
    });
    if (queue) {
      new Gauge({
        name: 'altegio_queue_jobs',
        help: 'Jobs in the BullMQ queue by state',
        labelNames: ['state'],
        registers: [this.registry],
        async collect() {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children', 'prioritized');
          for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        },
      });
    }
  }

  /** For `createClient`'s onResponse. */
  readonly onResponse = ({ status }: { status: number | null }): void => {
    this.#responses.inc({ status: String(status ?? 0) });
    if (status === 429) this.#throttled.inc();
  };

  /** For the Redis budget's onWait. */
  readonly onBudgetWait = (ms: number): void => this.#budgetWait.inc(ms / 1000);

  page(stream: string, scope: string, delta: PageDelta): void {
    this.#requests.inc({ stream }, delta.requests);
    for (const outcome of ['inserted', 'updated', 'unchanged', 'rejected'] as const) {
      if (delta[outcome] > 0) this.#rows.inc({ stream, outcome }, delta[outcome]);
    }
    // One run per stream and scope at a time (the runner's lock), so this key names the run.
    const key = `${stream} ${scope}`;
    this.#runRequests.set(key, (this.#runRequests.get(key) ?? 0) + delta.requests);
  }

  finished(summary: RunSummary): void {
    this.#runs.inc({ stream: summary.stream, status: summary.status });
    // Requests after the last committed page (or of a run that committed none).
    const key = `${summary.stream} ${summary.scope}`;
    const counted = this.#runRequests.get(key) ?? 0;
    this.#runRequests.delete(key);
    if (summary.requests > counted) this.#requests.inc({ stream: summary.stream }, summary.requests - counted);
  }
}
