import { ConfigError } from '../errors.js';

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
  if (!flag) return configured;
  const wanted = parseIdList(flag, '--locations');
  const foreign = wanted.filter((id) => !configured.includes(id));
  if (foreign.length > 0) {
    throw new ConfigError(`--locations ${foreign.join(',')} not in ALTEGIO_LOCATION_IDS (${configured.join(',')})`, '--locations');
  }
  return wanted;
}

export function parseIntOption(value: string, option: string, min = 0): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new ConfigError(`${option} expects an integer ≥ ${min}, got ${value}`, option);
  return n;
}
