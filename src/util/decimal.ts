/**
 * Exact sums of decimal strings (as `decimal()` in src/sync/map.ts returns
 * them), for totals computed from a record's lines: adding JSON numbers as
 * doubles would drift (0.1 + 0.2), and money is stored exact.
 */
export function sumDecimals(values: ReadonlyArray<string | null | undefined>): string {
  const present = values.filter((v): v is string => v !== null && v !== undefined);
  const scale = Math.max(0, ...present.map((v) => v.split('.')[1]?.length ?? 0));
  let total = 0n;
  for (const v of present) total += scaled(v, scale);
  return unscaled(total, scale);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const d = scaled(a, scale) - scaled(b, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

function scaled(value: string, scale: number): bigint {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`not a plain decimal: ${value}`);
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace(/^-/, '').split('.');
  const n = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -n : n;
}

function unscaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
