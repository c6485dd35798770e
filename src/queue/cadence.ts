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
 * How fast a stream's source changes, and so how often it runs unless
 * `ALTEGIO_CADENCE_<STREAM>` says otherwise (`StreamDef.cadence`):
 * - `hot`: every 5 minutes; changed all day and wanted within minutes (records).
 * - `frequent`: every 15 minutes; edited through the day, and streams read per client follow it (clients).
 * - `intraday`: hourly; fills up or moves as the day goes (Z-reports, transactions, visits, balances).
 * - `aggregates`: daily; figures of whole days (analytics).
 * - `sweep`: daily; reads every id to find the rare deletion (client sweep).
 * - `reference`: daily; settings, team, catalogue and loyalty types, which change seldom.
 */
export type CadenceClass = 'hot' | 'frequent' | 'intraday' | 'aggregates' | 'sweep' | 'reference';

/** The default interval of each cadence class, and why it is enough. */
export const CADENCE_CLASSES: Readonly<Record<CadenceClass, { every: number; why: string }>> = {
  hot: { every: 5 * MINUTE, why: 'appointments are booked and changed all day' },
  frequent: { every: 15 * MINUTE, why: 'new clients and edits; visits follow the clients touched' },
  intraday: { every: HOUR, why: "the day's cash report and payments fill up as the day goes; balances move with visits" },
  aggregates: { every: DAY, why: 'daily aggregates: one read a day is enough' },
  sweep: { every: DAY, why: 'deletions are rare and the sweep reads every client id' },
  reference: { every: DAY, why: 'reference data (settings, team, catalogue, loyalty types) changes seldom' },
};

/** What the cadence of a stream is read from: its name (for the override) and its class. */
export interface Cadenced {
  name: string;
  cadence: CadenceClass;
}

/** The default cadence of a stream: its class's interval. */
export function defaultCadence(stream: Cadenced): Cadence {
  return { every: CADENCE_CLASSES[stream.cadence].every };
}

/** The stream's cadence: its `ALTEGIO_CADENCE_<STREAM>` override, else the default. */
export function cadenceOf(stream: Cadenced, overrides: Readonly<Record<string, Cadence>>): Cadence {
  return overrides[stream.name] ?? defaultCadence(stream);
}

/** Why the stream runs on its cadence, for logs: the override's variable, or its class and the class's reason. */
export function cadenceReason(stream: Cadenced, overrides: Readonly<Record<string, Cadence>>): string {
  if (overrides[stream.name]) return `set by ${cadenceVariable(stream.name)}`;
  return `${stream.cadence}: ${CADENCE_CLASSES[stream.cadence].why}`;
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
