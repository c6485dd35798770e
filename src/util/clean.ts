/**
 * Postgres text and jsonb cannot hold U+0000, and the API does send it (seen in
 * comments). Strips it from every string of a JSON value, keys included, so
 * that the row and its raw copy still load. A value without one comes back
 * as it is, not copied: this runs on every record of every page.
 */
export function stripNul<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  if (value === null || typeof value !== 'object' || !holdsNul(value)) return value;
  if (Array.isArray(value)) return value.map(clean);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[clean(key) as string] = clean(inner);
  return out;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  for (const key in value) if (key.includes('\u0000') || holdsNul((value as Record<string, unknown>)[key])) return true;
  return false;
}
