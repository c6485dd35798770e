/** The shapes of the data dictionary, and wording its entries share (see dictionary.ts). */

/** One column. */
export interface ColumnDoc {
  /** What a value means, in the domain's words. */
  meaning: string;
  /** Where it comes from: the API field (path in the source object), or how it is computed. */
  source?: string;
  /**
   * Units, currency and time-zone semantics. Required for every numeric, date,
   * timestamp and timestamptz column: an amount without its currency, or a
   * date without its zone, is how reports go wrong.
   */
  units?: string;
}

/** One table or view. */
export interface RelationDoc {
  /** What one row is, and anything a reader must know before querying it. */
  about: string;
  /** Where the rows come from: the endpoint and the stream, or the tables a view reads. */
  source: string;
  /** Keyed by SQL column name. */
  columns: Record<string, ColumnDoc>;
}

/** Keyed by `schema.name`. */
export type Dictionary = Record<string, RelationDoc>;

// Wording shared by many columns, so that the same thing is said the same way.

/** Money in the location's currency. */
export const MONEY = "numeric, the location's currency (`locations.currency`)";
/** An instant. */
export const INSTANT = 'timestamptz, an instant; `at time zone locations.timezone` gives the local wall-clock time';
/** An instant from our clock, not the source's. */
export const OUR_CLOCK = "timestamptz, the warehouse's clock (when the sync saw it), not the source's";
/** A location-local calendar day. */
export const LOCAL_DATE = "date, the location's local calendar day (`locations.timezone`)";
export const PERCENT = 'percent (0–100)';
export const SECONDS = 'seconds';
export const COUNT = 'count';

export const col = (meaning: string, source?: string, units?: string): ColumnDoc => ({
  meaning,
  ...(source === undefined ? {} : { source }),
  ...(units === undefined ? {} : { units }),
});

/** `location_id` of a location-keyed table. */
export const LOCATION_ID: Record<string, ColumnDoc> = {
  location_id: col('The location (salon, clinic, studio) the row belongs to; `locations.id`.', 'the `{location_id}` of the request (`company_id` in older payloads)'),
};

/** `raw` and `synced_at`, which every synced row has. */
export function synced(what = 'the source object'): Record<string, ColumnDoc> {
  return {
    raw: col(`${what[0]!.toUpperCase()}${what.slice(1)} exactly as the API sent it (jsonb): fields without a column of their own are here.`, 'the whole object', 'jsonb'),
    synced_at: col('When the sync last wrote this row (it is not rewritten when nothing changed).', undefined, OUR_CLOCK),
  };
}

/** `deleted_at` of a reference listing that is refreshed in full. */
export const GONE_FROM_LISTING = col(
  'Set when a full refresh of the listing no longer has the row; cleared if it comes back. Filter `deleted_at is null` for current rows.',
  'computed by the refresh',
  OUR_CLOCK,
);
