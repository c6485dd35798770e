/** The results file's shape and the table printed at the end of a run. */
import type { LoadFigure } from './load.js';
import type { Machine } from './machine.js';
import type { BackfillRun } from './memory.js';
import type { NoopSync, QuotaRun } from './quota.js';
import type { RequestsFigure } from './requests.js';

export interface Results {
  command: string;
  /** NODE_OPTIONS of the engine processes (the image's, or --node-options), if any. */
  nodeOptions: string | null;
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: Machine;
  budget: { api: { perSecond: number; perMinute: number }; scale: number; scaled: { perSecond: number; perMinute: number } };
  /** The generated location of figures 1 and 2. */
  world?: World;
  quota?: QuotaRun[];
  requests?: RequestsFigure;
  /** Figure 2b (and 4): a smaller location backfilled with the engine's default 14-day backfill jobs. */
  defaults?: { world: World; requests?: RequestsFigure };
  noop?: NoopSync;
  load?: LoadFigure;
  memory: BackfillRun[];
}

/** A generated location and the backfill run over it. */
export interface World {
  clients: number;
  records: number;
  days: number;
  window: { from: string; to: string };
  /** ALTEGIO_BACKFILL_CHUNK_DAYS of the enqueued backfill. */
  chunkDays: number;
}

/** Targets of the issue. */
export const TARGETS = { quota: 0.95, requests: 1.05, load: 0.5, noopRows: 0, rssBytes: 256 * 1e6 };

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

type Row = [figure: string, result: string, target: string, met: string, numbers: string];

function quotaRows(r: Results): Row[] {
  return (r.quota ?? []).map((q) => {
    const u = q.use;
    const met = u.ratio >= TARGETS.quota && q.throttled === 0;
    return [
      `1. Quota use, ${q.workers} worker${q.workers > 1 ? 's' : ''}`,
      pct(u.ratio),
      '≥ 95 %, 0 × 429',
      met ? 'yes' : 'no',
      `${n(u.requests)} requests in ${s(u.busyMs)} busy = ${u.achievedPerSecond.toFixed(1)}/s ÷ ${u.boundPerSecond.toFixed(1)}/s, the ${u.binding} bound ` +
        `of ${q.budget.perSecond}/s & ${n(q.budget.perMinute)}/min (${r.budget.scale}× the API's); ` +
        (u.wholeMinutesRatio === null ? '' : `${pct(u.wholeMinutesRatio)} of it in the ${u.wholeMinutes} whole minutes; `) +
        `${pct(u.strictRatio)} of the ${n(u.maxRequests)} the windows allow from empty; ${q.throttled} × 429; peaks ${q.peakPerSecond}/s, ${n(q.peakPerMinute)}/min`,
    ];
  });
}

function otherRows(r: Results): Row[] {
  const rows: Row[] = [];
  if (r.requests) {
    const q = r.requests;
    rows.push(['2. Requests ÷ minimum', q.ratio.toFixed(3), '≤ 1.05', q.ratio <= TARGETS.requests ? 'yes' : 'no', `${n(q.made)} made, ${n(q.minimum)} at least, one backfill job per stream (per stream below)`]);
  }
  if (r.defaults?.requests) {
    const q = r.defaults.requests;
    const w = r.defaults.world;
    rows.push([
      '2b. … with 14-day backfill jobs',
      q.ratio.toFixed(3),
      '≤ 1.05',
      q.ratio <= TARGETS.requests ? 'yes' : 'no',
      `${n(q.made)} made, ${n(q.minimum)} at least; ${n(w.clients)} clients, ${w.days} days, the engine's default ALTEGIO_BACKFILL_CHUNK_DAYS=${w.chunkDays}`,
    ]);
  }
  for (const m of r.memory) {
    rows.push([
      `3a. End to end, ${n(m.rows)} rows`,
      `${n(m.rowsPerSecond)} rows/s`,
      '—',
      '',
      `unlimited simulator: ${n(m.rows)} rows, ${n(m.requests)} requests (${m.requestsPerSecond.toFixed(0)}/s) in ${s(m.syncMs)}`,
    ]);
  }
  if (r.load) {
    const l = r.load;
    rows.push([
      '3b. Load step ÷ COPY',
      pct(l.ratio),
      '≥ 50 %',
      l.ratio >= TARGETS.load ? 'yes' : 'no',
      `${n(l.rows)} clients in pages of ${l.batchSize}: the runner's load step ${n(l.loadRowsPerSecond)} rows/s (${n(l.loadCommits)} commits), ` +
        `COPY into UNLOGGED ${n(l.copyRowsPerSecond)} rows/s; unchanged re-load ${n(l.reloadRowsPerSecond)} rows/s (${l.reloadWritten} written); map alone ${n(l.mapRowsPerSecond)} rows/s; ` +
        `building a page's upsert with the query builder alone takes ${l.builderMsPerPage.toFixed(1)} ms, the whole load step ${l.loadMsPerPage.toFixed(1)} ms a page`,
    ]);
  }
  if (r.noop) {
    const o = r.noop;
    rows.push([
      '4. No-op sync',
      `${n(o.rowsWritten)} rows rewritten`,
      '0 rows',
      o.rowsWritten === TARGETS.noopRows ? 'yes' : 'no',
      `${n(o.requests)} requests (the first sync after the backfill: ${n(o.firstRequests)} requests, ${n(o.firstRowsWritten)} rows)` +
        (Object.keys(o.writers).length ? `; writers: ${JSON.stringify(o.writers)}` : ''),
    ]);
  }
  if (r.memory.length > 0) {
    const peak = Math.max(...r.memory.map((m) => m.peakRss));
    rows.push([
      `5. Peak RSS of the sync${r.nodeOptions ? ` (NODE_OPTIONS=${r.nodeOptions})` : ''}`,
      mib(peak),
      '≤ 256 MB',
      peak <= TARGETS.rssBytes ? 'yes' : 'no',
      `${r.memory.map((m) => `${n(m.rows)} rows: ${mib(m.peakRss)}`).join(', ')}; process floor (migrate, nothing to do) ${mib(r.memory[0]!.baselineRss)}` +
        ((r.quota ?? []).length ? `; workers in figure 1: ${r.quota!.map((q) => q.workerPeakRss.map(mib).join('/')).join(', ')}` : ''),
    ]);
  }
  return rows;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

export function printReport(r: Results): void {
  const m = r.machine;
  const out: string[] = [];
  out.push(`${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; node ${m.node}; postgres ${m.postgres}; redis ${m.redis ?? '?'}; load average ${m.loadAverage} at start`);
  const describe = (w: World) =>
    `one location, ${n(w.clients)} clients, ${n(w.records)} records, ${w.days} days of history (backfill ${w.window.from}..${w.window.to} in jobs of ${w.chunkDays} days)`;
  if (r.world) out.push(`figures 1, 2: ${describe(r.world)}`);
  if (r.defaults) out.push(`figures 2b, 4: ${describe(r.defaults.world)}`);
  out.push('');
  out.push(table([['figure', 'result', 'target', 'met', 'numbers'], ...quotaRows(r), ...otherRows(r)]));
  for (const q of r.quota ?? []) {
    const u = q.use;
    const paced = Object.entries(u.pacedByEndpoint).sort((a, b) => b[1] - a[1]).slice(0, 3);
    out.push('');
    out.push(
      `quota, ${q.workers} worker(s): with its ${u.marginMs} ms margin on each window the engine's own budget allows at most ${n(u.maxWithMargin)} ` +
        `(${pct(u.requests / u.maxWithMargin)} of that used); the budget held it back ${s(u.busyMs - u.clientPacedMs)} of ${s(u.busyMs)}, ` +
        `the engine set the pace the rest (longest pause ${s(u.longestIdleMs)}; before ${paced.map(([e, ms]) => `${e} ${s(ms)}`).join(', ')}); ` +
        `the simulator answered in ${q.serverMsP50} ms (p50), ${q.serverMsP99} ms (p99); ${q.jobs} jobs, at most ${q.maxConcurrentJobs} running at once`,
    );
    const interval = 1000 / u.boundPerSecond;
    const slow = q.streams.filter((x) => x.requests >= 10 && x.msPerRequest > interval).slice(0, 5);
    if (slow.length) {
      out.push(
        `  streams slower per request than the budget's ${interval.toFixed(1)} ms: ` +
          `${slow.map((x) => `${x.stream} ${x.msPerRequest.toFixed(0)} ms (${n(x.requests)} requests, ${s(x.ms)})`).join(', ')}`,
      );
    }
    out.push(`  requests per second: ${u.perSecond.join(' ')}`);
  }
  if (r.requests) {
    out.push('');
    out.push(
      table([
        ['stream', 'made', 'minimum', 'ratio', 'minimum counted as'],
        ...r.requests.streams.map((x) => [x.stream, n(x.made), n(x.minimum), x.ratio === null ? 'all extra' : x.ratio.toFixed(3), x.rule]),
      ]),
    );
  }
  const over = r.defaults?.requests?.streams.filter((x) => x.made > x.minimum);
  if (over?.length) {
    out.push('');
    out.push(`2b, streams over their minimum: ${over.map((x) => `${x.stream} ${n(x.made)}/${n(x.minimum)}`).join(', ')}`);
  }
  out.push('');
  out.push(
    'Method. Quota use: accepted requests per second over the busy period (first to last accepted request, simulator clock) ' +
      '÷ the binding bound (per minute once the period is a minute long; else the most either window allows in it); ' +
      'stricter: the share in the whole minutes, and requests ÷ the most a client sending each request at the earliest instant ' +
      'both sliding windows allow could send, from empty windows. Requests ÷ minimum: accepted requests per endpoint (simulator) ÷ the fewest ' +
      'that read the same data (ground truth, largest pages). End to end: rows in the warehouse ÷ first run start to last run end. ' +
      'Load step: the runner on pages served from memory (strip NULs, map, upsert, rejects, cursor, sync_runs; pages that arrive while others commit commit together, the next group written while the last commits) vs COPY FROM STDIN of the same mapped rows. ' +
      'Peak RSS: VmHWM of the process running the sync (the compiled build, as the image runs it); the simulator runs in another process.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
