/**
 * Postgres text and jsonb cannot hold U+0000 nor a lone UTF-16 surrogate, and
 * the API does send them (NULs seen in comments; a lone surrogate is valid
 * JSON). Drops the NULs and replaces each lone surrogate by U+FFFD in every
 * string of a JSON value, keys included, so that the row and its raw copy
 * still load. A value without either comes back as it is, not copied: this
 * runs on every record of every page.
 */
export function cleanText<T>(value: T): T {
  return clean(value) as T;
}

/** ES2024's well-formedness methods, which Node 20 has and this TypeScript target does not declare. */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

function bad(s: string): boolean {
  return s.includes('\u0000') || !(s as unknown as WellFormed).isWellFormed();
}

function fix(s: string): string {
  const withoutNul = s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
  return (withoutNul as unknown as WellFormed).toWellFormed();
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return bad(value) ? fix(value) : value;
  if (value === null || typeof value !== 'object' || !holdsBad(value)) return value;
  if (Array.isArray(value)) return value.map(clean);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[clean(key) as string] = clean(inner);
  return out;
}

function holdsBad(value: unknown): boolean {
  if (typeof value === 'string') return bad(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsBad);
  for (const key in value) if (bad(key) || holdsBad((value as Record<string, unknown>)[key])) return true;
  return false;
}
