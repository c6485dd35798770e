import type { AnyStream } from '../sync/types.js';

/** How often a stream runs: every so many ms, on a cron pattern, or never (`off`). */
export type Cadence = { every: number } | { pattern: string } | { off: true };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads one `ALTEGIO_CADENCE_<STREAM>` value: a duration (`30s`, `5m`, `1h`,
 * `1d`, optionally prefixed `every `), a cron pattern of five or six fields
 * (`0 3 * * *`, read in the scope's time zone), or `off`. Returns null when
 * it is none of these.
 */
export function parseCadence(text: string): Cadence | null {
  const value = text.trim().toLowerCase().replace(/^every\s+/, '');
  if (value === 'off' || value === 'never') return { off: true };
  const duration = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value);
  if (duration) {
    const ms = Math.round(Number(duration[1]) * UNITS[duration[2]!]!);
    return ms >= 1000 ? { every: ms } : null;
  }
  const fields = value.split(/\s+/);
  if ((fields.length === 5 || fields.length === 6) && fields.every((f) => /^[\d*/,\-a-z?lw#]+$/.test(f))) {
    return { pattern: fields.join(' ') };
  }
  return null;
}

/** `z_reports` → `ALTEGIO_CADENCE_Z_REPORTS`. */
export function cadenceVariable(stream: string): string {
  return `ALTEGIO_CADENCE_${stream.toUpperCase()}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Default cadences, first match wins; a stream that matches none runs hourly.
 * Matching on names keeps a new stream scheduled without touching the worker.
 */
const DEFAULTS: ReadonlyArray<[match: (stream: AnyStream) => boolean, every: number, why: string]> = [
  [(s) => s.name === 'records', 5 * MINUTE, 'appointments are booked and changed all day'],
  [(s) => s.name === 'clients', 15 * MINUTE, 'new clients and edits; visits follow the clients touched'],
  [(s) => s.name.includes('analytics'), DAY, 'daily aggregates: one read a day is enough'],
  [(s) => s.name === 'client_sweep', DAY, 'deletions are rare and the sweep reads every client id'],
  [
    (s) => ['locations', 'staff', 'services', 'service_categories', 'accounts'].includes(s.name) || /_types$|_programs$/.test(s.name),
    DAY,
    'reference data (settings, team, catalogue, loyalty types) changes seldom',
  ],
  [(s) => s.name === 'z_reports', HOUR, 'the day\'s cash report fills up as the day goes'],
  [(s) => /loyalty|membership|gift_card/.test(s.name), HOUR, 'balances move with visits'],
];

/** The default cadence of a stream (hourly unless the table says otherwise). */
export function defaultCadence(stream: AnyStream): Cadence {
  const hit = DEFAULTS.find(([match]) => match(stream));
  return { every: hit ? hit[1] : HOUR };
}

/** The stream's cadence: its `ALTEGIO_CADENCE_<STREAM>` override, else the default. */
export function cadenceOf(stream: AnyStream, overrides: Readonly<Record<string, Cadence>>): Cadence {
  return overrides[stream.name] ?? defaultCadence(stream);
}

/** `300000` → `5m`, for logs and docs. */
export function describeCadence(cadence: Cadence): string {
  if ('off' in cadence) return 'off';
  if ('pattern' in cadence) return `cron ${cadence.pattern}`;
  for (const [unit, ms] of [['d', DAY], ['h', HOUR], ['m', MINUTE], ['s', 1000]] as const) {
    if (cadence.every % ms === 0) return `every ${cadence.every / ms}${unit}`;
  }
  return `every ${cadence.every}ms`;
}
