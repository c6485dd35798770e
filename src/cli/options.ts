import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { selectStreams } from '../jobs/index.js';
import type { AnyStream } from '../sync/types.js';

/** `--locations 1,2` → [1, 2]; fails naming the option. */
export function parseIdList(value: string, option: string): number[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (ids.length === 0 || ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
    throw new ConfigError(`${option} expects comma-separated positive integers, e.g. ${option} 720441,720442`, option);
  }
  return ids;
}

export function parseNameList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Locations to run: the flag's, which must be configured ones, else all configured. */
export function pickLocations(configured: number[], flag?: string): number[] {
  if (flag === undefined) return configured;
  const wanted = parseIdList(flag, '--locations');
  const foreign = wanted.filter((id) => !configured.includes(id));
  if (foreign.length > 0) {
    throw new ConfigError(`--locations ${foreign.join(',')} not in ALTEGIO_LOCATION_IDS (${configured.join(',')})`, '--locations');
  }
  return wanted;
}

/** The streams of `--streams`, and the names the user gave (see `PassOptions.named`). */
export interface PickedStreams {
  streams: AnyStream[];
  named: string[];
}

/**
 * Streams to run: every stream without `--streams`; else the named ones,
 * which must be valid names (an empty list is refused, not read as "all"),
 * chain streams only with ALTEGIO_CHAIN_ID (without it they would silently do nothing).
 */
export function pickStreams(flag: string | undefined, config: Pick<Config, 'chainId'>): PickedStreams {
  if (flag === undefined) return { streams: selectStreams([]), named: [] };
  const named = parseNameList(flag);
  if (named.length === 0) {
    throw new ConfigError('--streams is empty: name one or more streams, e.g. --streams clients,records, or leave the flag out for every stream', '--streams');
  }
  const streams = selectStreams(named);
  const chain = streams.filter((s) => s.scope === 'chain').map((s) => s.name);
  if (chain.length > 0 && !config.chainId) {
    const what = chain.length > 1 ? `${chain.join(', ')} are chain streams: they need` : `${chain[0]} is a chain stream: it needs`;
    throw new ConfigError(
      `${what} ALTEGIO_CHAIN_ID, the chain's id (for example ALTEGIO_CHAIN_ID=128284); set it, or leave ${chain.join(', ')} out of --streams`,
      'ALTEGIO_CHAIN_ID',
    );
  }
  return { streams, named };
}

export function parseIntOption(value: string, option: string, min = 0): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new ConfigError(`${option} expects an integer ≥ ${min}, got ${value}`, option);
  return n;
}
