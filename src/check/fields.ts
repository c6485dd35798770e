/**
 * Which fields of a source record a stream's `map` reads. The record is
 * wrapped in proxies that note every property read (one level into nested
 * objects and lists) while `map` runs; what the record has and `map` never
 * read is kept only in `raw`, and what `map` looked for and the record did
 * not have may be a renamed field.
 */

export interface FieldUse {
  /** Paths `map` read, e.g. `last_change_date`, `client.id`, `services[].cost`. */
  read: Set<string>;
  /** Paths present in the record. */
  present: Set<string>;
}

export function emptyUse(): FieldUse {
  return { read: new Set(), present: new Set() };
}

/** Runs `fn` on a tracked copy of `record`, adding to `use` what it read and what the record holds. */
export function withTracking<T>(record: unknown, use: FieldUse, fn: (tracked: unknown) => T): T {
  let active = true;
  collectPresent(record, '', 0, use.present);
  const wrap = (value: unknown, path: string, depth: number): unknown => {
    if (value === null || typeof value !== 'object' || depth > 1) return value;
    return new Proxy(value as object, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver);
        if (!active || typeof key !== 'string' || (Array.isArray(target) && !/^\d+$/.test(key))) return child;
        const at = Array.isArray(target) ? `${path}[]` : path ? `${path}.${key}` : key;
        if (!Array.isArray(target)) use.read.add(at);
        return wrap(child, at, Array.isArray(target) ? depth : depth + 1);
      },
    });
  };
  try {
    return fn(wrap(record, '', 0));
  } finally {
    active = false;
  }
}

function collectPresent(value: unknown, path: string, depth: number, out: Set<string>): void {
  if (value === null || typeof value !== 'object' || depth > 1) return;
  if (Array.isArray(value)) {
    for (const item of value) collectPresent(item, `${path}[]`, depth, out);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const at = path ? `${path}.${key}` : key;
    out.add(at);
    collectPresent(child, at, depth + 1, out);
  }
}

/** Top-level fields the records had that `map` never read (kept in `raw` only). */
export function unread(use: FieldUse): string[] {
  return [...use.present].filter((p) => !p.includes('.') && !p.includes('[]') && !use.read.has(p)).sort();
}

/** Fields `map` read that no record had. */
export function notSent(use: FieldUse): string[] {
  return [...use.read].filter((p) => !use.present.has(p)).sort();
}
