import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AltegioClient, type ClientOptions } from '../../src/altegio/client.js';
import { LocalBudget } from '../../src/altegio/budget.js';
import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import type { AnyStream, Batch, DateWindow, RunContext, Scope, StreamDef } from '../../src/sync/types.js';
import { Secret } from '../../src/util/secret.js';

/**
 * Recorded answers of the API, in the shape `--record` writes them: one
 * exchange `{ method, path, query, status, body }`, or a list of them. A
 * fixture's `query` names only the parameters a request must carry (a
 * value of null: the parameter must be absent); `body` is the answer as sent,
 * envelope or bare.
 */
export interface Exchange {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | string[] | null>;
  /** For POST: the keys the request body must carry, with their values. */
  requestBody?: Record<string, unknown>;
  status?: number;
  body: unknown;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'api');

/** The exchanges of `test/fixtures/api/<name>.json`. */
export function fixture(name: string): Exchange[] {
  const parsed = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Exchange | Exchange[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** What a test client was asked, in order. */
export interface Asked {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/**
 * The project's own HTTP client over a transport that answers from
 * fixtures (no network): every request must match one exchange, else the
 * transport answers 599 naming the request, so an unexpected question fails
 * the test. The first matching exchange answers; with `once`, each answers once.
 */
export function recordedClient(
  exchanges: Exchange[],
  options: { once?: boolean; client?: Partial<ClientOptions> } = {},
): { client: AltegioClient; asked: Asked[] } {
  const asked: Asked[] = [];
  const left = [...exchanges];
  const transport = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const method = (init?.method ?? 'GET') as 'GET' | 'POST';
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    asked.push({ method, path, query: url.searchParams, body });
    const i = left.findIndex((e) => e.method === method && e.path === path && queryMatches(e.query, url.searchParams) && bodyMatches(e.requestBody, body));
    if (i < 0) return new Response(`no fixture answers ${method} ${path}?${url.searchParams}`, { status: 599 });
    const exchange = left[i]!;
    if (options.once) left.splice(i, 1);
    return new Response(JSON.stringify(exchange.body), { status: exchange.status ?? 200, headers: { 'Content-Type': 'application/json' } });
  };
  const client = new AltegioClient({
    baseUrl: 'http://fixtures.invalid/api/v1',
    partnerToken: new Secret('fixture-partner-token'),
    userToken: new Secret('fixture-user-token'),
    accept: 'application/vnd.api.v2+json',
    timeoutMs: 1000,
    maxRetries: 0,
    budget: new LocalBudget({ perSecond: 1000, perMinute: 100_000, marginMs: 0 }),
    fetch: transport as typeof fetch,
    ...options.client,
  });
  return { client, asked };
}

function queryMatches(want: Exchange['query'], got: URLSearchParams): boolean {
  for (const [key, value] of Object.entries(want ?? {})) {
    if (value === null) {
      if (got.has(key)) return false;
    } else if (Array.isArray(value)) {
      if (JSON.stringify(got.getAll(key)) !== JSON.stringify(value)) return false;
    } else if (got.get(key) !== value) return false;
  }
  return true;
}

function bodyMatches(want: Record<string, unknown> | undefined, got: unknown): boolean {
  if (!want) return true;
  const body = (got ?? {}) as Record<string, unknown>;
  return Object.entries(want).every(([key, value]) => JSON.stringify(body[key]) === JSON.stringify(value));
}

/** A run context for mapping without a database: `warehouse` throws if a stream reaches for it. */
export function mapContext(scope: Scope, client: AltegioClient, env: Record<string, string> = {}, now = new Date('2026-11-20T12:00:00Z')): RunContext {
  const config: Readonly<Config> = loadConfig({ ALTEGIO_PARTNER_TOKEN: 'x', ALTEGIO_USER_TOKEN: 'y', ALTEGIO_LOCATION_IDS: '1', ...env });
  const noDatabase = () => {
    throw new Error('a mapping test has no database');
  };
  return {
    runId: 'map-test',
    scope,
    mode: 'sync',
    now,
    client,
    config,
    warehouse: { db: undefined as never, kind: 'postgres', where: 'none', query: noDatabase, withLock: noDatabase, close: async () => undefined },
    log: silentLogger,
  };
}

/** The page meta a stream's extract yields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MetaOf<S> = S extends StreamDef<any, any, any, infer M> ? M : never;

/** The chain's scope. */
export function chain(chainId: number): Scope {
  return { kind: 'chain', key: `chain:${chainId}`, chainId };
}

/**
 * Runs a stream's `extract` from scratch against recorded answers: its
 * pages, the context to `map` them with, and what it asked, as
 * `METHOD /path?query` lines. With `window`, as a backfill of those dates.
 */
export async function runExtract<S extends AnyStream>(
  stream: S,
  exchanges: Exchange[],
  scope: Scope,
  options: { window?: DateWindow; env?: Record<string, string> } = {},
): Promise<{ ctx: RunContext; pages: Batch<unknown, unknown, MetaOf<S>>[]; asked: string[] }> {
  const { client, asked } = recordedClient(exchanges);
  const base = mapContext(scope, client, options.env);
  const ctx: RunContext = options.window ? { ...base, mode: 'backfill', window: options.window } : base;
  const pages = await collect(stream.extract(ctx, { cursor: null, progress: null }));
  return { ctx, pages, asked: asked.map((a) => `${a.method} ${a.path}?${a.query}`) };
}

/** A location scope in `timezone`. */
export function location(locationId: number, timezone: string): Scope {
  return { kind: 'location', key: `location:${locationId}`, locationId, timezone };
}

/** Every batch an async iterable yields. */
export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}
