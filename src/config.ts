import { z } from 'zod';
import { ConfigError } from './errors.js';
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

const variables = {
  ALTEGIO_BASE_URL: { schema: url(['http:', 'https:']).default(DEFAULT_BASE_URL), example: DEFAULT_BASE_URL },
  ALTEGIO_PARTNER_TOKEN: { schema: z.string().trim().min(1).optional(), example: 'abcdef0123456789' },
  ALTEGIO_USER_TOKEN: { schema: z.string().trim().min(1).optional(), example: '0123456789abcdef' },
  ALTEGIO_LOGIN: { schema: z.string().trim().min(1).optional(), example: 'owner@example.com' },
  ALTEGIO_PASSWORD: { schema: z.string().min(1).optional(), example: 'your-password' },
  ALTEGIO_LOCATION_IDS: { schema: idList.optional(), example: '720441,720442' },
  ALTEGIO_CHAIN_ID: { schema: positiveInt.optional(), example: '128284' },
  ALTEGIO_RATE_LIMIT_PER_SECOND: { schema: positiveInt.default(5), example: '5' },
  ALTEGIO_RATE_LIMIT_PER_MINUTE: { schema: positiveInt.default(200), example: '200' },
  ALTEGIO_RATE_LIMIT_MARGIN_MS: { schema: z.coerce.number().int().min(0).max(5000).default(100), example: '100' },
  ALTEGIO_ACCEPT: { schema: z.string().trim().min(1).default('application/vnd.api.v2+json'), example: 'application/vnd.api.v2+json' },
  ALTEGIO_TIMEOUT_MS: { schema: positiveInt.default(30_000), example: '30000' },
  ALTEGIO_MAX_RETRIES: { schema: z.coerce.number().int().min(0).max(50).default(8), example: '8' },
  ALTEGIO_PAGE_SIZE: { schema: z.coerce.number().int().min(1).max(200).default(200), example: '200' },
  ALTEGIO_LOOKBACK_MINUTES: { schema: z.coerce.number().int().min(0).default(15), example: '15' },
  ALTEGIO_FILTER_TIMEZONE: { schema: z.enum(['safe', 'location', 'utc']).default('safe'), example: 'safe' },
  DATABASE_URL: { schema: url(['postgres:', 'postgresql:']).optional(), example: 'postgres://postgres@127.0.0.1:5432/altegio' },
  ALTEGIO_DATA_DIR: { schema: z.string().trim().min(1).default('.altegio-data'), example: './.altegio-data' },
  REDIS_URL: { schema: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'), example: 'redis://127.0.0.1:6379' },
  LOG_LEVEL: { schema: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'), example: 'info' },
} as const;

type Variables = typeof variables;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

export interface Config {
  altegio: {
    /** API base, default `https://api.alteg.io/api/v1`. */
    baseUrl: string;
    partnerToken?: Secret;
    userToken?: Secret;
    login?: string;
    password?: Secret;
    /** Accept header, default `application/vnd.api.v2+json` (YCLIENTS: `application/vnd.yclients.v2+json`). */
    accept: string;
    /** Per-request timeout, default 30 s. */
    timeoutMs: number;
    /** Retries of a failed request (429s do not count), default 8. */
    maxRetries: number;
    /** Rows asked for per page, default and maximum 200. */
    pageSize: number;
  };
  /** Request budget shared by every process behind one IP: default 5/s and 200/min. */
  rateLimit: { perSecond: number; perMinute: number; marginMs: number };
  /** Location ids to sync (empty when unset; `requireApi` insists). */
  locationIds: number[];
  chainId?: number;
  sync: {
    /** Incremental lower bounds are moved back by this much, default 15 minutes. */
    lookbackMinutes: number;
    /** How naive filter date-times are written: `safe` (earliest of location and UTC readings), `location` or `utc`. */
    filterTimezone: 'safe' | 'location' | 'utc';
  };
  /** Postgres URL; unset means the embedded warehouse in `dataDir`. */
  databaseUrl?: string;
  /** Where the embedded warehouse lives, default `.altegio-data`. */
  dataDir: string;
  redisUrl: string;
  logLevel: Parsed['LOG_LEVEL'];
}

function fail(name: keyof Variables, problem: string): never {
  throw new ConfigError(`${name} ${problem}; for example ${name}=${variables[name].example}`, name);
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
    if (!result.success) {
      const issue = result.error.issues[0]?.message ?? 'is malformed';
      fail(name as keyof Variables, raw === undefined ? 'is required' : `is malformed (${issue})`);
    }
    values[name] = result.data;
  }
  const v = values as Parsed;
  const secret = (value?: string) => (value === undefined ? undefined : new Secret(value));
  return Object.freeze({
    altegio: Object.freeze({
      baseUrl: v.ALTEGIO_BASE_URL.replace(/\/+$/, ''),
      partnerToken: secret(v.ALTEGIO_PARTNER_TOKEN),
      userToken: secret(v.ALTEGIO_USER_TOKEN),
      login: v.ALTEGIO_LOGIN,
      password: secret(v.ALTEGIO_PASSWORD),
      accept: v.ALTEGIO_ACCEPT,
      timeoutMs: v.ALTEGIO_TIMEOUT_MS,
      maxRetries: v.ALTEGIO_MAX_RETRIES,
      pageSize: v.ALTEGIO_PAGE_SIZE,
    }),
    rateLimit: Object.freeze({
      perSecond: v.ALTEGIO_RATE_LIMIT_PER_SECOND,
      perMinute: v.ALTEGIO_RATE_LIMIT_PER_MINUTE,
      marginMs: v.ALTEGIO_RATE_LIMIT_MARGIN_MS,
    }),
    locationIds: v.ALTEGIO_LOCATION_IDS ?? [],
    chainId: v.ALTEGIO_CHAIN_ID,
    sync: Object.freeze({ lookbackMinutes: v.ALTEGIO_LOOKBACK_MINUTES, filterTimezone: v.ALTEGIO_FILTER_TIMEZONE }),
    databaseUrl: v.DATABASE_URL,
    dataDir: v.ALTEGIO_DATA_DIR,
    redisUrl: v.REDIS_URL,
    logLevel: v.LOG_LEVEL,
  });
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
