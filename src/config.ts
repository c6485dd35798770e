import { z } from 'zod';
import { DEFAULT_MARGIN_MS } from './altegio/budget.js';
import { ConfigError } from './errors.js';
import { cadenceVariable, parseCadence, type Cadence } from './queue/cadence.js';
import { isTimeZone } from './util/dates.js';
import { Secret } from './util/secret.js';

/** The documented Altegio production base URL. */
export const DEFAULT_BASE_URL = 'https://api.alteg.io/api/v1';

/** One entry per environment variable: its parser, and an example shown when it is wrong. */
const positiveInt = z.coerce.number().int().positive();
const idList = z
  .string()
  .trim()
  .min(1)
  .transform((value, ctx) => {
    const ids = value.split(',').map((part) => part.trim()).filter(Boolean);
    const parsed = ids.map(Number);
    if (parsed.length === 0 || parsed.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
      ctx.addIssue({ code: 'custom', message: 'expected comma-separated positive integers' });
      return z.NEVER;
    }
    return [...new Set(parsed)];
  });
const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `expected a ${protocols.join(' or ')} URL`);
/** A token or password: wrapped as soon as it is read, so that no printed config shows it. */
const secret = (text: z.ZodString) => text.transform((value) => new Secret(value));

const variables = {
  ALTEGIO_BASE_URL: {
    schema: url(['http:', 'https:']).default(DEFAULT_BASE_URL).transform((value) => value.replace(/\/+$/, '')),
    example: DEFAULT_BASE_URL,
  },
  ALTEGIO_PARTNER_TOKEN: { schema: secret(z.string().trim().min(1)).optional(), example: 'abcdef0123456789' },
  ALTEGIO_USER_TOKEN: { schema: secret(z.string().trim().min(1)).optional(), example: '0123456789abcdef' },
  ALTEGIO_LOGIN: { schema: z.string().trim().min(1).optional(), example: 'owner@example.com' },
  ALTEGIO_PASSWORD: { schema: secret(z.string().min(1)).optional(), example: 'your-password' },
  ALTEGIO_LOCATION_IDS: { schema: idList.optional(), example: '720441,720442' },
  ALTEGIO_CHAIN_ID: { schema: positiveInt.optional(), example: '128284' },
  ALTEGIO_RATE_LIMIT_PER_SECOND: { schema: positiveInt.default(5), example: '5' },
  ALTEGIO_RATE_LIMIT_PER_MINUTE: { schema: positiveInt.default(200), example: '200' },
  ALTEGIO_RATE_LIMIT_MARGIN_MS: { schema: z.coerce.number().int().min(0).max(5000).default(DEFAULT_MARGIN_MS), example: '250' },
  ALTEGIO_ACCEPT: { schema: z.string().trim().min(1).default('application/vnd.api.v2+json'), example: 'application/vnd.api.v2+json' },
  ALTEGIO_TIMEOUT_MS: { schema: positiveInt.default(30_000), example: '30000' },
  ALTEGIO_MAX_RETRIES: { schema: z.coerce.number().int().min(0).max(50).default(8), example: '8' },
  ALTEGIO_PAGE_SIZE: { schema: z.coerce.number().int().min(1).max(200).default(200), example: '200' },
  ALTEGIO_Z_REPORT_DAYS: { schema: z.coerce.number().int().min(1).max(62).default(3), example: '3' },
  ALTEGIO_LOOKBACK_MINUTES: { schema: z.coerce.number().int().min(0).default(15), example: '15' },
  ALTEGIO_FILTER_TIMEZONE: { schema: z.enum(['safe', 'location', 'utc']).default('safe'), example: 'safe' },
  ALTEGIO_LANGUAGE: { schema: z.string().trim().regex(/^[a-z]{2}(-[A-Za-z]{2})?$/).default('en'), example: 'en' },
  ALTEGIO_GIFT_CARD_LOCATION_PARAM: { schema: z.enum(['both', 'company_id', 'copmany_id']).default('both'), example: 'both' },
  ALTEGIO_Z_REPORT_DATE_FORMAT: { schema: z.enum(['dotted', 'iso']).default('dotted'), example: 'dotted' },
  ALTEGIO_TRANSACTIONS_TIMEZONE: {
    schema: z.string().trim().refine(isTimeZone, 'expected an IANA time zone').default('Asia/Dubai'),
    example: 'Asia/Dubai',
  },
  ALTEGIO_SWEEP_MAX_DELETED_PERCENT: { schema: z.coerce.number().min(0).max(100).default(5), example: '5' },
  ALTEGIO_UNAVAILABLE_RETRY_HOURS: { schema: z.coerce.number().min(0).max(24 * 30).default(24), example: '24' },
  ALTEGIO_DB_RETRY_SECONDS: { schema: z.coerce.number().int().min(0).max(3600).default(120), example: '120' },
  DATABASE_URL: { schema: url(['postgres:', 'postgresql:']).optional(), example: 'postgres://postgres@127.0.0.1:5432/altegio' },
  ALTEGIO_DATA_DIR: { schema: z.string().trim().min(1).default('.altegio-data'), example: './.altegio-data' },
  REDIS_URL: { schema: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'), example: 'redis://127.0.0.1:6379' },
  LOG_LEVEL: { schema: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'), example: 'info' },
  LOG_FORMAT: { schema: z.enum(['json', 'pretty']).optional(), example: 'json' },
  ALTEGIO_QUEUE_PREFIX: { schema: z.string().trim().regex(/^[\w.-]+$/).default('altegio'), example: 'altegio' },
  ALTEGIO_WORKER_CONCURRENCY: { schema: positiveInt.max(64).default(4), example: '4' },
  ALTEGIO_JOB_ATTEMPTS: { schema: positiveInt.max(100).default(5), example: '5' },
  ALTEGIO_JOB_BACKOFF_MS: { schema: positiveInt.default(10_000), example: '10000' },
  ALTEGIO_JOB_LOCK_MS: { schema: z.coerce.number().int().min(1000).default(30_000), example: '30000' },
  ALTEGIO_SHUTDOWN_TIMEOUT_MS: { schema: z.coerce.number().int().min(0).default(30_000), example: '30000' },
  ALTEGIO_SCHEDULE_TIMEZONE: { schema: z.string().trim().refine(isTimeZone, 'expected an IANA time zone').default('UTC'), example: 'Europe/Berlin' },
  ALTEGIO_SCHEDULER_CHECK_MS: { schema: z.coerce.number().int().min(100).default(60_000), example: '60000' },
  ALTEGIO_BACKFILL_CHUNK_DAYS: { schema: positiveInt.max(366).default(14), example: '14' },
  ALTEGIO_WAIT_NO_WORKER_SECONDS: { schema: z.coerce.number().int().min(0).max(86_400).default(60), example: '60' },
  METRICS_PORT: { schema: z.coerce.number().int().min(0).max(65_535).default(9464), example: '9464' },
  METRICS_HOST: { schema: z.string().trim().min(1).default('0.0.0.0'), example: '0.0.0.0' },
  BULL_BOARD_TOKEN: { schema: secret(z.string().trim().min(16, 'use at least 16 characters')).optional(), example: 'a-long-random-string' },
  BULL_BOARD_READ_ONLY: { schema: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'), example: 'true' },
  ALTEGIO_API_DEGRADED_AFTER_SECONDS: { schema: z.coerce.number().int().min(0).max(86_400).default(300), example: '300' },
} as const;

type Variables = typeof variables;
/**
 * Each variable's parsed value: the type of every leaf of `Config` below, so
 * that a variable's type is written once, by its schema.
 */
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

export interface Config {
  altegio: {
    /** API base, default `https://api.alteg.io/api/v1`. */
    baseUrl: Parsed['ALTEGIO_BASE_URL'];
    partnerToken?: Parsed['ALTEGIO_PARTNER_TOKEN'];
    userToken?: Parsed['ALTEGIO_USER_TOKEN'];
    login?: Parsed['ALTEGIO_LOGIN'];
    password?: Parsed['ALTEGIO_PASSWORD'];
    /** Accept header, default `application/vnd.api.v2+json` (YCLIENTS: `application/vnd.yclients.v2+json`). */
    accept: Parsed['ALTEGIO_ACCEPT'];
    /** Per-request timeout, default 30 s. */
    timeoutMs: Parsed['ALTEGIO_TIMEOUT_MS'];
    /** Retries of a failed request (429s do not count), default 8. */
    maxRetries: Parsed['ALTEGIO_MAX_RETRIES'];
    /** Rows asked for per page, default and maximum 200 (endpoints with a lower maximum get that). */
    pageSize: Parsed['ALTEGIO_PAGE_SIZE'];
    /** `Accept-Language`, default `en`: chart labels and titles come in it. */
    language: Parsed['ALTEGIO_LANGUAGE'];
    /** How gift cards name the location: `both` (default), `company_id` (blueprint) or `copmany_id` (reference). */
    giftCardLocationParam: Parsed['ALTEGIO_GIFT_CARD_LOCATION_PARAM'];
    /** How Z-report dates are sent: `dotted` (`DD.MM.YYYY`, default, as Altegio's own client does) or `iso`. */
    zReportDateFormat: Parsed['ALTEGIO_Z_REPORT_DATE_FORMAT'];
    /** The zone of naive dates in financial transactions (server time), default `Asia/Dubai`. */
    transactionsTimezone: Parsed['ALTEGIO_TRANSACTIONS_TIMEZONE'];
  };
  /** Request budget shared by every process behind one IP: default 5/s and 200/min. */
  rateLimit: {
    perSecond: Parsed['ALTEGIO_RATE_LIMIT_PER_SECOND'];
    perMinute: Parsed['ALTEGIO_RATE_LIMIT_PER_MINUTE'];
    /** Widening of each window (the server counts arrivals, we count sends), default 250 ms. */
    marginMs: Parsed['ALTEGIO_RATE_LIMIT_MARGIN_MS'];
  };
  /** Location ids to sync (empty when unset; `requireApi` insists). */
  locationIds: NonNullable<Parsed['ALTEGIO_LOCATION_IDS']>;
  chainId?: Parsed['ALTEGIO_CHAIN_ID'];
  sync: {
    /** Incremental lower bounds are moved back by this much, default 15 minutes. */
    lookbackMinutes: Parsed['ALTEGIO_LOOKBACK_MINUTES'];
    /** How naive filter date-times are written: `safe` (earliest of location and UTC readings), `location` or `utc`. */
    filterTimezone: Parsed['ALTEGIO_FILTER_TIMEZONE'];
    /** Local days up to today that every incremental Z-report run re-reads (days are corrected after the fact), default 3. */
    zReportDays: Parsed['ALTEGIO_Z_REPORT_DAYS'];
    /** A deletion sweep refuses to mark more than this share (percent) of a location's clients deleted at once, default 5. */
    sweepMaxDeletedPercent: Parsed['ALTEGIO_SWEEP_MAX_DELETED_PERCENT'];
    /** A stream the account cannot use is asked again after this many hours, default 24. */
    unavailableRetryHours: Parsed['ALTEGIO_UNAVAILABLE_RETRY_HOURS'];
    /** How long a run waits out a lost warehouse connection before it fails, default 120 s. */
    databaseRetrySeconds: Parsed['ALTEGIO_DB_RETRY_SECONDS'];
    /** Days of one date range a backfill of records asks, and of one job of an enqueued backfill of a dated stream, default 14. */
    backfillChunkDays: Parsed['ALTEGIO_BACKFILL_CHUNK_DAYS'];
  };
  /** Postgres URL; unset means the embedded warehouse in `dataDir`. */
  databaseUrl?: Parsed['DATABASE_URL'];
  /** Where the embedded warehouse lives, default `.altegio-data`. */
  dataDir: Parsed['ALTEGIO_DATA_DIR'];
  redisUrl: Parsed['REDIS_URL'];
  logLevel: Parsed['LOG_LEVEL'];
  /** `json` (one object a line) or `pretty`; unset: pretty when stderr is a terminal, else json. */
  logFormat?: Parsed['LOG_FORMAT'];
  /** BullMQ: the `worker` command and `--enqueue`. */
  queue: {
    /** Prefix of every BullMQ key in Redis, default `altegio`. */
    prefix: Parsed['ALTEGIO_QUEUE_PREFIX'];
    /** Jobs one worker process runs at once, default 4 (the API budget is shared anyway). */
    concurrency: Parsed['ALTEGIO_WORKER_CONCURRENCY'];
    /** Attempts of a job before it fails, default 5; 401/403/404/422 fail at once. */
    attempts: Parsed['ALTEGIO_JOB_ATTEMPTS'];
    /** First retry delay of a job, doubled each attempt with jitter, default 10 s. */
    backoffMs: Parsed['ALTEGIO_JOB_BACKOFF_MS'];
    /** A job whose worker stops renewing its lock for this long is retried elsewhere, default 30 s. */
    lockMs: Parsed['ALTEGIO_JOB_LOCK_MS'];
    /** How long SIGTERM waits for running jobs to reach a page boundary, default 30 s. */
    shutdownTimeoutMs: Parsed['ALTEGIO_SHUTDOWN_TIMEOUT_MS'];
    /** Time zone of cron cadences for chain streams (location streams use the location's), default UTC. */
    scheduleTimezone: Parsed['ALTEGIO_SCHEDULE_TIMEZONE'];
    /** How often the worker checks that its Job Schedulers still exist in Redis, default 60 s. */
    schedulerCheckMs: Parsed['ALTEGIO_SCHEDULER_CHECK_MS'];
    /** `--wait` gives up after this long with no worker connected and no job moving, default 60 s; 0 waits for ever. */
    waitNoWorkerSeconds: Parsed['ALTEGIO_WAIT_NO_WORKER_SECONDS'];
    /** `ALTEGIO_CADENCE_<STREAM>` overrides, by stream name. */
    cadences: Readonly<Record<string, Cadence>>;
  };
  /** The worker's HTTP server: `/healthz`, `/metrics`, and the Bull Board. */
  http: {
    /** Default 9464; 0 disables the server. */
    port: Parsed['METRICS_PORT'];
    /** Default `0.0.0.0`. */
    host: Parsed['METRICS_HOST'];
    /** Bearer token of the Bull Board; unset disables the board. */
    boardToken?: Parsed['BULL_BOARD_TOKEN'];
    /** The board shows but does not change jobs, default true. */
    boardReadOnly: Parsed['BULL_BOARD_READ_ONLY'];
    /** `/healthz` answers 503 (`api: degraded`) once the API has failed, without a success, for longer than this; default 300 s. */
    apiDegradedAfterSeconds: Parsed['ALTEGIO_API_DEGRADED_AFTER_SECONDS'];
  };
}

function fail(name: keyof Variables, problem: string): never {
  throw new ConfigError(`${name} ${problem}; for example ${name}=${variables[name].example}`, name);
}

/** What is wrong with a value: for a choice, the allowed values and the one given. */
function describeIssue(issue: z.core.$ZodIssue | undefined, raw: string): string {
  if (issue?.code === 'invalid_value' && issue.values.length > 0) return `expected one of ${issue.values.join(', ')}; got ${raw}`;
  return issue?.message ?? 'unreadable';
}

/**
 * Parses the environment once into a frozen config. A malformed variable fails
 * here, naming it; a missing one fails later in `requireApi`, only for the
 * commands that need it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const values = {} as Record<string, unknown>;
  for (const [name, { schema }] of Object.entries(variables)) {
    const raw = env[name];
    const result = (schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (!result.success) fail(name as keyof Variables, raw === undefined ? 'is required' : `is malformed (${describeIssue(result.error.issues[0], raw)})`);
    values[name] = result.data;
  }
  const v = values as Parsed;
  return Object.freeze({
    altegio: Object.freeze({
      baseUrl: v.ALTEGIO_BASE_URL,
      partnerToken: v.ALTEGIO_PARTNER_TOKEN,
      userToken: v.ALTEGIO_USER_TOKEN,
      login: v.ALTEGIO_LOGIN,
      password: v.ALTEGIO_PASSWORD,
      accept: v.ALTEGIO_ACCEPT,
      timeoutMs: v.ALTEGIO_TIMEOUT_MS,
      maxRetries: v.ALTEGIO_MAX_RETRIES,
      pageSize: v.ALTEGIO_PAGE_SIZE,
      language: v.ALTEGIO_LANGUAGE,
      giftCardLocationParam: v.ALTEGIO_GIFT_CARD_LOCATION_PARAM,
      zReportDateFormat: v.ALTEGIO_Z_REPORT_DATE_FORMAT,
      transactionsTimezone: v.ALTEGIO_TRANSACTIONS_TIMEZONE,
    }),
    rateLimit: Object.freeze({
      perSecond: v.ALTEGIO_RATE_LIMIT_PER_SECOND,
      perMinute: v.ALTEGIO_RATE_LIMIT_PER_MINUTE,
      marginMs: v.ALTEGIO_RATE_LIMIT_MARGIN_MS,
    }),
    locationIds: v.ALTEGIO_LOCATION_IDS ?? [],
    chainId: v.ALTEGIO_CHAIN_ID,
    sync: Object.freeze({
      lookbackMinutes: v.ALTEGIO_LOOKBACK_MINUTES,
      filterTimezone: v.ALTEGIO_FILTER_TIMEZONE,
      zReportDays: v.ALTEGIO_Z_REPORT_DAYS,
      sweepMaxDeletedPercent: v.ALTEGIO_SWEEP_MAX_DELETED_PERCENT,
      unavailableRetryHours: v.ALTEGIO_UNAVAILABLE_RETRY_HOURS,
      databaseRetrySeconds: v.ALTEGIO_DB_RETRY_SECONDS,
      backfillChunkDays: v.ALTEGIO_BACKFILL_CHUNK_DAYS,
    }),
    databaseUrl: v.DATABASE_URL,
    dataDir: v.ALTEGIO_DATA_DIR,
    redisUrl: v.REDIS_URL,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    queue: Object.freeze({
      prefix: v.ALTEGIO_QUEUE_PREFIX,
      concurrency: v.ALTEGIO_WORKER_CONCURRENCY,
      attempts: v.ALTEGIO_JOB_ATTEMPTS,
      backoffMs: v.ALTEGIO_JOB_BACKOFF_MS,
      lockMs: v.ALTEGIO_JOB_LOCK_MS,
      shutdownTimeoutMs: v.ALTEGIO_SHUTDOWN_TIMEOUT_MS,
      scheduleTimezone: v.ALTEGIO_SCHEDULE_TIMEZONE,
      schedulerCheckMs: v.ALTEGIO_SCHEDULER_CHECK_MS,
      waitNoWorkerSeconds: v.ALTEGIO_WAIT_NO_WORKER_SECONDS,
      cadences: readCadences(env),
    }),
    http: Object.freeze({
      port: v.METRICS_PORT,
      host: v.METRICS_HOST,
      boardToken: v.BULL_BOARD_TOKEN,
      boardReadOnly: v.BULL_BOARD_READ_ONLY,
      apiDegradedAfterSeconds: v.ALTEGIO_API_DEGRADED_AFTER_SECONDS,
    }),
  });
}

/**
 * LOG_LEVEL and LOG_FORMAT alone, checked as `loadConfig` checks them: every
 * command reads them, those that read nothing else of the environment
 * (`simulate`) included.
 */
export function loadLogSettings(env: NodeJS.ProcessEnv = process.env): Pick<Config, 'logLevel' | 'logFormat'> {
  const read = <K extends 'LOG_LEVEL' | 'LOG_FORMAT'>(name: K): Parsed[K] => {
    const raw = env[name];
    const result = (variables[name].schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (!result.success) fail(name, `is malformed (${describeIssue(result.error.issues[0], String(raw))})`);
    return result.data as Parsed[K];
  };
  return { logLevel: read('LOG_LEVEL'), logFormat: read('LOG_FORMAT') };
}

/** Every `ALTEGIO_CADENCE_<STREAM>`, by lower-case stream name; the worker checks the names against the registry. */
function readCadences(env: NodeJS.ProcessEnv): Record<string, Cadence> {
  const cadences: Record<string, Cadence> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('ALTEGIO_CADENCE_') || raw === undefined || raw.trim() === '') continue;
    const stream = name.slice('ALTEGIO_CADENCE_'.length).toLowerCase();
    const cadence = parseCadence(raw);
    if (!cadence) {
      throw new ConfigError(
        `${name} is malformed (expected a duration such as 5m, 1h or 1d, a cron pattern such as "0 3 * * *", or off); ` +
          `for example ${cadenceVariable(stream)}=15m`,
        name,
      );
    }
    cadences[stream] = cadence;
  }
  return cadences;
}

/** Fails, naming the variable, unless the config can talk to the API. */
export function requireApi(config: Config): void {
  if (!config.altegio.partnerToken) fail('ALTEGIO_PARTNER_TOKEN', 'is required');
  if (config.locationIds.length === 0) fail('ALTEGIO_LOCATION_IDS', 'is required');
  if (!config.altegio.userToken) {
    if (config.altegio.login && !config.altegio.password) fail('ALTEGIO_PASSWORD', 'is required with ALTEGIO_LOGIN');
    if (!config.altegio.login && config.altegio.password) fail('ALTEGIO_LOGIN', 'is required with ALTEGIO_PASSWORD');
    if (!config.altegio.login) fail('ALTEGIO_USER_TOKEN', 'is required (or ALTEGIO_LOGIN and ALTEGIO_PASSWORD)');
  }
}

/** A copy of the config with some values replaced (CLI flags, demo, tests). */
export function withOverrides(config: Config, patch: Partial<Config>): Readonly<Config> {
  return Object.freeze({ ...config, ...patch });
}
