import type { Job, Queue } from 'bullmq';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { loggerFor } from '../context.js';
import { UsageError } from '../usage-error.js';

/** The states of a job that has not started: it can go without stopping anything. */
const NOT_STARTED = ['waiting', 'delayed', 'prioritized', 'waiting-children', 'paused'] as const;
/** Jobs read from Redis at a time. */
const PAGE = 500;

interface CancelFlags {
  batch?: string;
  all?: boolean;
}

export interface CancelResult {
  /** Jobs removed. */
  removed: number;
  /** Jobs of the selection that were running (or started while this ran): left to finish. */
  running: number;
}

/** Whether a job was made by a Job Scheduler (`repeat:` ids): those belong to the worker's schedule. */
function scheduled(job: Job): boolean {
  return Boolean(job.repeatJobKey) || String(job.id).startsWith('repeat:');
}

/** Every job of `states` whose id `select` takes, a page at a time per state. */
async function jobsIn(queue: Queue, states: readonly string[], select: (job: Job) => boolean): Promise<Job[]> {
  const found: Job[] = [];
  for (const state of states) {
    for (let start = 0; ; start += PAGE) {
      const page = await queue.getJobs([state as (typeof NOT_STARTED)[number]], start, start + PAGE - 1, true);
      found.push(...page.filter((job) => job && select(job)));
      if (page.length < PAGE) break;
    }
  }
  return found;
}

/** How many of `job`'s ancestors are in `byId`: parents are removed before their children, so no child's removal releases its parent. */
function depth(job: Job, byId: Map<string, Job>): number {
  let n = 0;
  for (let parent = job.parent?.id; parent && byId.has(parent) && n < 10_000; parent = byId.get(parent)!.parent?.id) n++;
  return n;
}

/**
 * Removes the jobs `select` takes that have not started, and only those:
 * Job Schedulers and their jobs stay, and so do running jobs (a job that
 * starts meanwhile is counted as running). An enqueued chain waits as
 * parents of the job before them, so parents go first: removing a child
 * first would release its parent to run.
 */
export async function cancelJobs(queue: Queue, select: (id: string) => boolean): Promise<CancelResult> {
  const take = (job: Job) => !scheduled(job) && select(String(job.id));
  const waiting = await jobsIn(queue, NOT_STARTED, take);
  const byId = new Map(waiting.map((job) => [String(job.id), job]));
  const ordered = waiting.map((job) => ({ job, depth: depth(job, byId) })).sort((a, b) => a.depth - b.depth);
  let removed = 0;
  let busy = 0;
  for (const { job } of ordered) {
    if ((await queue.remove(String(job.id), { removeChildren: false })) === 1) removed++;
    else busy++;
  }
  const running = (await jobsIn(queue, ['active'], take)).length;
  return { removed, running: Math.max(running, busy) };
}

/** `--batch` or `--all`, and only one. */
function selection(flags: CancelFlags): { select: (id: string) => boolean; what: string } {
  if (flags.batch !== undefined && flags.all) throw new UsageError('cancel takes --batch <id> or --all, not both', '--all');
  if (flags.all) return { select: () => true, what: 'enqueued job(s)' };
  if (flags.batch === undefined) {
    throw new UsageError('cancel needs --batch <id> (the batch id `sync --enqueue` or `backfill --enqueue` printed, e.g. sync-mx8hcvlo-2475d3) or --all', '--batch');
  }
  const batch = flags.batch.trim();
  if (!/^[\w-]+$/.test(batch)) {
    throw new UsageError(`--batch expects a batch id as \`--enqueue\` prints it, e.g. --batch sync-mx8hcvlo-2475d3 (got ${JSON.stringify(flags.batch)})`, '--batch');
  }
  return { select: (id) => id.startsWith(`${batch}.`), what: `job(s) of batch ${batch}` };
}

export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description(
      'remove enqueued jobs that have not started: those of one batch (the id `sync --enqueue` or `backfill --enqueue` printed), ' +
        'or with --all every one of ALTEGIO_QUEUE_PREFIX that no Job Scheduler made; running jobs and the Job Schedulers stay',
    )
    .option('--batch <id>', 'the batch id `--enqueue` printed, e.g. sync-mx8hcvlo-2475d3')
    .option('--all', 'every waiting or delayed job of the queue, except the Job Schedulers\' own')
    .action(async (flags: CancelFlags) => {
      const { select, what } = selection(flags);
      const config = loadConfig();
      const log = loggerFor(config);
      // BullMQ and ioredis are loaded by the commands that use them only.
      const [{ Queue }, { connectRedisOrFail, QUEUE_NAME, RedisReporter }] = await Promise.all([import('bullmq'), import('../../queue/connection.js')]);
      const redis = await connectRedisOrFail(config.redisUrl, { reporter: new RedisReporter(config.redisUrl, log) });
      const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: config.queue.prefix });
      try {
        const { removed, running } = await cancelJobs(queue, select);
        const left = running > 0 ? `; ${running} running job(s) left to finish` : '';
        process.stdout.write(`removed ${removed} ${what} that had not started (queue prefix ${config.queue.prefix})${left}\n`);
      } finally {
        await queue.close().catch(() => undefined);
        redis.disconnect();
      }
    });
}
