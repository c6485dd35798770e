/**
 * Money is kept in integer milli-units (1/1000 of the currency unit) so that sums
 * never drift: 1816.875 is 1816875. The API prints plain JSON numbers; a milli
 * value divided by 1000 prints back as the same short decimal.
 */

/** An amount in 1/1000 of the currency unit. Always an integer. */
export type Milli = number;

/** A decimal string with exactly three decimals, e.g. "1816.875" or "-12.500". */
export type Money = string;

/** Parses a JSON number or a decimal string (as a warehouse returns it) into milli-units. */
export function toMilli(value: number | string): Milli {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`not a money value: ${String(value)}`);
  return Math.round(n * 1000);
}

/** The number the API prints for a milli amount. */
export function fromMilli(m: Milli): number {
  return m / 1000;
}

/** Fixed three-decimal text for ground truth; compare with `toMilli`. */
export function moneyText(m: Milli): Money {
  const sign = m < 0 ? '-' : '';
  const abs = Math.abs(m);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/**
 * The shortest exact decimal text, as the analytics print their sums
 * (`"338.1"`, `"0"`, `"1816.875"`): strings, never floats.
 */
export function decimalText(m: Milli): string {
  return moneyText(m).replace(/\.?0+$/, '');
}

/** At least two decimals (`"1000.00"`, `"12.731"`), as the transactions list prints `amount`. */
export function amountText(m: Milli): string {
  const t = moneyText(m);
  return t.endsWith('0') ? t.slice(0, -1) : t;
}

/** Rounds to a multiple of `unit` (10 = cents, 1000 = whole units such as yen). */
export function roundTo(m: number, unit: Milli): Milli {
  return Math.round(m / unit) * unit;
}

/** An average rounded to cents, as the Z-report prints its `*_average` fields. */
export function averageOf(total: Milli, count: number): number {
  if (count === 0) return 0;
  return fromMilli(roundTo(total / count, 10));
}

/** A percentage rounded to two decimals; 0 when the base is 0. */
export function percentOf(part: number, whole: number): number {
  if (whole === 0) return 0;
  return Math.round((part / whole) * 10000) / 100;
}

export function sumMilli(values: Iterable<Milli>): Milli {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
