/** Shared helpers of the simulator tests: real HTTP through fetch. */
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

export const ACCEPT = 'application/vnd.api.v2+json';
export const AUTH = 'Bearer sim-partner-token, User sim-user-token';
/** A fixed anchor: 12 days after New York's DST start (2026-03-08), so 30 days of history cross it. */
export const ANCHOR = new Date('2026-03-20T15:30:00Z');

/**
 * A simulator for the tests of the enclosing describe (unlimited, at ANCHOR,
 * with `options`), started before them and closed after: call the result
 * for it.
 */
export function simulatorFor(options: Parameters<typeof startSimulator>[0]): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ rateLimit: false, anchor: ANCHOR, ...options });
  });
  afterAll(() => sim?.close());
  return () => sim!;
}

export interface Envelope<T = unknown> {
  success: boolean;
  data: T;
  meta: any;
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: Envelope<T>;
  /** The parsed body as it came: for the endpoints that answer without an envelope (bare arrays, a bare card). */
  raw: any;
  text: string;
}

export async function call<T = any>(sim: Simulator, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: ACCEPT, Authorization: AUTH, ...(init.headers as Record<string, string>) };
  const body = init.json === undefined ? init.body : JSON.stringify(init.json);
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(sim.url + path, { ...init, headers, body });
  const text = await res.text();
  let parsed: Envelope<T>;
  try {
    parsed = JSON.parse(text) as Envelope<T>;
  } catch {
    parsed = { success: false, data: undefined as T, meta: { unparsable: true } };
  }
  return { status: res.status, headers: res.headers, body: parsed, raw: parsed, text };
}

export async function getData<T = any>(sim: Simulator, path: string): Promise<Envelope<T>> {
  const a = await call<T>(sim, path);
  if (a.status !== 200) throw new Error(`${path}: ${a.status} ${a.text.slice(0, 200)}`);
  return a.body;
}

/** Reads every page of a page/count listing until a short page. */
export async function readAllPages<T = any>(sim: Simulator, path: string, count = 200): Promise<{ rows: T[]; pages: number; totals: number[] }> {
  const rows: T[] = [];
  const totals: number[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let page = 1; ; page++) {
    const body = await getData<T[]>(sim, `${path}${sep}page=${page}&count=${count}`);
    rows.push(...body.data);
    if (body.meta && typeof body.meta.total_count === 'number') totals.push(body.meta.total_count);
    if (body.data.length < count) return { rows, pages: page, totals };
  }
}

/** Local wall-clock text of an instant in a zone: "YYYY-MM-DDTHH:MM:SS". */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localText(zone: string, ms: number): string {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f.format(new Date(ms)).replace(' ', 'T');
}

/**
 * Reads any of the API's date-time formats into epoch ms; naive values are read in
 * `zone` by searching the offset that maps back to the same wall-clock text.
 */
export function instantOf(text: string, zone: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) throw new Error(`unknown date format ${text}`);
  const [, date, time, offset] = m;
  if (offset) {
    const norm = offset === 'Z' ? 'Z' : offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
    return Date.parse(`${date}T${time}${norm}`);
  }
  const naive = Date.parse(`${date}T${time}Z`);
  for (let h = -14; h <= 14; h++) {
    const candidate = naive - h * 3_600_000;
    if (localText(zone, candidate) === `${date}T${time}`) return candidate;
  }
  throw new Error(`no instant for ${text} in ${zone}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
