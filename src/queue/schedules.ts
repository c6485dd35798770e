import { defaultRepeatStrategy, type JobSchedulerJson, type Queue } from 'bullmq';
import type { Config } from '../config.js';
import { ConfigError, errorMessage } from '../errors.js';
import { STREAMS } from '../jobs/index.js';
import type { Logger } from '../log.js';
import type { AnyStream } from '../sync/types.js';
import { cadenceOf, cadenceReason, cadenceVariable, describeCadence } from './cadence.js';
import { defaultJobOptions, jobName, scopesFor, scopeSlug, type SyncJobData } from './job-data.js';

/** One Job Scheduler: a stream for one location (or the chain), on its cadence. */
export interface ScheduleEntry {
  /** Stable id, e.g. `records@location-720441`: upserting it again changes nothing. */
  id: string;
  data: SyncJobData;
  repeat: { every?: number; pattern?: string; tz: string };
  /** For logs: `every 5m`, `cron 0 3 * * *`. */
  cadence: string;
  /** For logs: why that cadence (`hot: appointments are booked...`, or the variable that set it). */
  why: string;
}

/** Our scheduler ids, so that stale ones (a location or stream removed) can be told from others'. */
const OUR_ID = /^[a-z0-9_]+@(location|chain)-\d+$/;

/**
 * The schedule: every stream of the registry (or the ones given) × every
 * location (chain streams: the chain), on the stream's cadence. Cron
 * cadences of a location run in its time zone once the warehouse knows it.
 */
export function scheduleTable(config: Readonly<Config>, streams: readonly AnyStream[], zones: ReadonlyMap<number, string>): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [];
  for (const stream of streams) {
    const cadence = cadenceOf(stream, config.queue.cadences);
    if ('off' in cadence) continue;
    for (const scope of scopesFor(stream.scope, config.locationIds, config.chainId)) {
      const tz = (scope.kind === 'location' ? zones.get(scope.locationId) : undefined) ?? config.queue.scheduleTimezone;
      entries.push({
        id: `${stream.name}@${scopeSlug(scope)}`,
        data: { stream: stream.name, scope, mode: 'sync' },
        repeat: 'every' in cadence ? { every: cadence.every, tz } : { pattern: cadence.pattern, tz },
        cadence: describeCadence(cadence),
        why: cadenceReason(stream, config.queue.cadences),
      });
    }
  }
  return entries;
}

/**
 * Fails at start, naming the variable, when an `ALTEGIO_CADENCE_*` names no
 * stream or holds a cron pattern BullMQ would refuse: before any scheduler is
 * registered, so that a typo does not leave half a schedule behind.
 */
export function checkCadences(config: Readonly<Config>): void {
  for (const [name, cadence] of Object.entries(config.queue.cadences)) {
    const variable = cadenceVariable(name);
    if (!STREAMS.some((s) => s.name === name)) {
      throw new ConfigError(`${variable} names no stream; streams are ${STREAMS.map((s) => s.name).join(', ')}`, variable);
    }
    if (!('pattern' in cadence)) continue;
    try {
      defaultRepeatStrategy(Date.now(), { pattern: cadence.pattern, tz: config.queue.scheduleTimezone });
    } catch (err) {
      throw new ConfigError(`${variable} is malformed (${errorMessage(err)}); for example ${variable}="0 3 * * *"`, variable);
    }
  }
}

export interface KeeperOptions {
  /** The schedule as it should be now (re-read each check: time zones arrive with the first locations run). */
  table: () => Promise<ScheduleEntry[]>;
  log: Logger;
  /** Check interval in ms. */
  intervalMs: number;
  /** Remove our schedulers that are no longer in the table (only when this worker runs every stream). */
  pruneStale: boolean;
}

/**
 * Keeps the Job Schedulers registered: upserts them at start, then checks
 * every `intervalMs` (and whenever Redis reconnects) that each one exists
 * with its settings, upserting what is missing. After a FLUSHALL the worker
 * thus schedules again by itself; the cursors were never in Redis.
 */
export class SchedulerKeeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #first = true;

  constructor(
    private readonly queue: Queue,
    private readonly config: Readonly<Config>,
    private readonly options: KeeperOptions,
  ) {}

  /** Registers every scheduler (throws if one is refused, e.g. a malformed cron), then keeps checking. */
  async start(): Promise<void> {
    const upserted = await this.check();
    this.options.log.info({ schedulers: (await this.options.table()).length, upserted }, 'job schedulers registered');
    this.#timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.#timer.unref();
  }

  /** A check soon, unless one is running; errors are logged (Redis may be down). */
  kick(): void {
    this.check().catch((err) => this.options.log.warn({ err: errorMessage(err) }, 'could not check the job schedulers'));
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Upserts every missing or changed scheduler; returns how many. */
  check(): Promise<number> {
    this.#running ??= this.#check().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(): Promise<number> {
    const table = await this.options.table();
    const existing = new Map((await this.queue.getJobSchedulers(0, -1, true)).map((s) => [s.key, s]));
    let upserted = 0;
    for (const entry of table) {
      if (sameSchedule(existing.get(entry.id), entry)) continue;
      try {
        await this.queue.upsertJobScheduler(entry.id, entry.repeat, {
          name: jobName(entry.data),
          data: entry.data,
          opts: defaultJobOptions(this.config),
        });
      } catch (err) {
        if (!entry.repeat.pattern) throw err;
        // A cron pattern is the one part of a scheduler that comes from the environment.
        const variable = cadenceVariable(entry.data.stream);
        throw new ConfigError(`${variable}: the scheduler ${entry.id} (${entry.cadence}) was refused: ${errorMessage(err)}`, variable);
      }
      upserted += 1;
      if (!this.#first) this.options.log.warn({ scheduler: entry.id, cadence: entry.cadence, why: entry.why }, 'job scheduler was missing or changed; registered it again');
    }
    if (this.#first && this.options.pruneStale) {
      const wanted = new Set(table.map((e) => e.id));
      for (const id of existing.keys()) {
        if (OUR_ID.test(id) && !wanted.has(id)) {
          await this.queue.removeJobScheduler(id);
          this.options.log.info({ scheduler: id }, 'removed a job scheduler that is no longer configured');
        }
      }
    }
    this.#first = false;
    return upserted;
  }
}

function sameSchedule(current: JobSchedulerJson | undefined, entry: ScheduleEntry): boolean {
  if (!current) return false;
  return (
    (current.every ?? undefined) === entry.repeat.every &&
    (current.pattern ?? undefined) === entry.repeat.pattern &&
    (current.tz ?? undefined) === entry.repeat.tz &&
    JSON.stringify(current.template?.data ?? null) === JSON.stringify(entry.data)
  );
}
