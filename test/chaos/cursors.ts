/**
 * Watches `sync_state` while processes run and die, and keeps every step
 * backwards: a cursor's instants never move back, a backfilled range never
 * shrinks, and a cursor once set is never cleared. Read every `everyMs`, so
 * that a regression a later run repairs is still seen.
 */
import type { Query } from './exact.js';

type Leaves = Map<string, unknown>;

function leaves(value: unknown, path = '', out: Leaves = new Map()): Leaves {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, path ? `${path}.${key}` : key, out);
  } else out.set(path, value);
  return out;
}

/**
 * Why `next` is behind `prev`, or null. A range's `from` may only move
 * earlier, every other instant or number only later; a cursor that changes
 * shape (a backfill's `since` replaced by the range it completed) is not a
 * step back, one that is cleared is.
 */
function regression(prev: Leaves, next: Leaves): string | null {
  const set = (l: Leaves) => [...l].some(([path, v]) => path.startsWith('cursor') && v !== null);
  if (set(prev) && !set(next)) return 'cursor cleared';
  for (const [path, before] of prev) {
    const after = next.get(path);
    if (before === null || after === null || after === undefined) continue;
    if (typeof before !== typeof after || (typeof before !== 'string' && typeof before !== 'number')) continue;
    const earlierOnly = path === 'from' || path.endsWith('.from');
    if (earlierOnly ? after > before : after < before) return `${path} ${JSON.stringify(before)} -> ${JSON.stringify(after)}`;
  }
  return null;
}

export function watchCursors(query: Query, everyMs = 50): { observations: () => number; stop: () => Promise<string[]> } {
  const seen = new Map<string, Leaves>();
  const found: string[] = [];
  let reads = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await query(`select stream, scope, cursor, high_water_at::text as high_water from altegio.sync_state`).catch(() => []);
      reads += rows.length > 0 ? 1 : 0;
      for (const r of rows) {
        const key = `${String(r.stream)} ${String(r.scope)}`;
        const now = leaves({ cursor: r.cursor, high_water: r.high_water });
        const before = seen.get(key);
        const back = before ? regression(before, now) : null;
        if (back) found.push(`${key}: ${back}`);
        seen.set(key, now);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    observations: () => reads,
    async stop() {
      stopped = true;
      await loop;
      return found;
    },
  };
}
