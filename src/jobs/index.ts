import { ConfigError } from '../errors.js';
import type { AnyStream } from '../sync/types.js';
import { clientsStream } from './clients.js';
import { locationsStream } from './locations.js';

/**
 * Every stream, in the order a pass runs them. The CLI, the worker and
 * `status` all walk this table. `locations` comes first: the other location
 * streams read its time zone.
 */
export const STREAMS: readonly AnyStream[] = [locationsStream, clientsStream];

/** The named streams (all when `names` is empty); unknown names fail, listing the valid ones. */
export function selectStreams(names: readonly string[] = []): AnyStream[] {
  if (names.length === 0) return [...STREAMS];
  const unknown = names.filter((name) => !STREAMS.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown stream ${unknown.join(', ')}; valid streams: ${STREAMS.map((s) => s.name).join(', ')}`,
      '--streams',
    );
  }
  return STREAMS.filter((s) => names.includes(s.name));
}
