/**
 * Postgres text and jsonb cannot hold U+0000, and the API does send it (seen in
 * comments). Strips it from every string of a JSON value, keys included, so
 * that the row and its raw copy still load.
 */
export function stripNul<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[clean(key) as string] = clean(inner);
    return out;
  }
  return value;
}
