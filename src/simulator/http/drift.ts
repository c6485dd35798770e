/**
 * Schema drift on purpose: a field of one endpoint renamed or gone, as happens when
 * the API changes under a running sync. Applied to the handler's answer, before
 * faults, so a drift check can be tested against a known change.
 */
import type { Reply } from './envelope.js';

export interface DriftRule {
  /** `<METHOD> <route template>`, e.g. `GET /records/{loc}` (as in `sim.stats().byEndpoint`). */
  endpoint: string;
  /** The field of each row (or of the object) that drifts, e.g. `last_change_date`. */
  field: string;
  /** Its new name; without one the field is dropped. */
  rename?: string;
}

/**
 * Parses the CLI form `GET /records/{loc}:last_change_date=changed_at`, several
 * comma-separated; `field=` or a bare `field` drops the field.
 */
export function parseDriftRules(text: string): DriftRule[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const colon = spec.lastIndexOf(':');
      if (colon < 0) throw new Error(`--drift expects '<METHOD> <template>:<field>[=<new name>]', got ${spec}`);
      const endpoint = spec.slice(0, colon).trim().replace(/\s+/, ' ');
      const [field = '', rename = ''] = spec.slice(colon + 1).split('=').map((s) => s.trim());
      if (field === '') throw new Error(`--drift ${spec}: no field named`);
      return rename === '' ? { endpoint, field } : { endpoint, field, rename };
    });
}

/** Checks every rule against the route list; fails naming the unknown endpoint. */
export function validateDrift(rules: readonly DriftRule[], endpoints: readonly string[]): DriftRule[] {
  for (const r of rules) {
    if (!endpoints.includes(r.endpoint)) {
      throw new Error(`drift rule for unknown endpoint '${r.endpoint}'; known endpoints: ${endpoints.join(', ')}`);
    }
    if (typeof r.field !== 'string' || r.field === '') throw new Error(`drift rule for ${r.endpoint} names no field`);
    if (r.rename !== undefined && (typeof r.rename !== 'string' || r.rename === '')) {
      throw new Error(`drift rule for ${r.endpoint}: rename must be a non-empty string`);
    }
  }
  return rules.map((r) => ({ ...r }));
}

/** A copy of the object with the field renamed in place (key order kept) or dropped. */
function drifted(row: unknown, rules: readonly DriftRule[]): unknown {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return row;
  let out = row as Record<string, unknown>;
  for (const rule of rules) {
    if (!(rule.field in out)) continue;
    const next: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(out)) {
      if (k !== rule.field) next[k] = v;
      else if (rule.rename !== undefined) next[rule.rename] = v;
    }
    out = next;
  }
  return out;
}

const isEnvelope = (x: unknown): x is { success: unknown; data: unknown } =>
  x !== null && typeof x === 'object' && !Array.isArray(x) && 'success' in x && 'data' in x;

function driftData(data: unknown, rules: readonly DriftRule[]): unknown {
  return Array.isArray(data) ? data.map((row) => drifted(row, rules)) : drifted(data, rules);
}

/**
 * Applies the endpoint's rules to every row of `data` (or to `data` itself), to
 * each element of a bare array, or to a bare object. Error answers are untouched.
 */
export function applyDrift(rules: readonly DriftRule[], endpoint: string, reply: Reply): Reply {
  const mine = rules.filter((r) => r.endpoint === endpoint);
  if (mine.length === 0 || reply.status >= 400) return reply;
  const body = reply.body;
  let next: unknown;
  if (isEnvelope(body)) next = { ...body, data: driftData(body.data, mine) };
  // Some answers wrap the envelope in an array; others are bare arrays of rows.
  else if (Array.isArray(body)) next = body.map((x) => (isEnvelope(x) ? { ...x, data: driftData(x.data, mine) } : drifted(x, mine)));
  else next = drifted(body, mine);
  return { ...reply, body: next };
}
