/**
 * What the API user's account may and may not do, per location. Real accounts
 * differ in modules, rights and licences, and each difference changes what the
 * endpoints answer; the defaults make a default world exercise the common ones.
 */

/** Which spelling of the location parameter `GET /loyalty/certificates` reads. */
export type GiftCardParam = 'either' | 'company_id' | 'copmany_id';
export const GIFT_CARD_PARAMS: readonly GiftCardParam[] = ['either', 'company_id', 'copmany_id'];

export interface AccountOptions {
  /**
   * Locations without the loyalty module: their loyalty endpoints answer 404 and the
   * world has no programs, card types, membership types, cards, gift cards or
   * memberships there. Default `[3]` when there are at least 3 locations, else `[]`.
   */
  noLoyalty?: number[];
  /**
   * Locations where the user's client rights are limited: `POST .../clients/search`
   * lists (and counts) only a seeded half of the live clients, while `GET /clients`
   * still lists them all. Default `[2]` when there are at least 2 locations, else `[]`.
   */
  restrictedClients?: number[];
  /**
   * Locations where the user lacks the right to past cash reports: the Z-report
   * answers today's report (the anchor's local date) whatever day is asked. Default `[]`.
   */
  zReportTodayOnly?: number[];
  /** Locations whose licence has lapsed: every endpoint of theirs answers 402. Default `[]`. */
  lapsedLicence?: number[];
  /**
   * Locations where the user lacks the analytics right: the chart endpoints answer
   * 401 (sic), the overall and loyalty analytics 403. Default `[]`.
   */
  noAnalyticsRight?: number[];
  /** Spelling of the location parameter `GET /loyalty/certificates` reads. Default `'either'`. */
  giftCardParam?: GiftCardParam;
}

export interface ResolvedAccount {
  noLoyalty: readonly number[];
  restrictedClients: readonly number[];
  zReportTodayOnly: readonly number[];
  lapsedLicence: readonly number[];
  noAnalyticsRight: readonly number[];
  giftCardParam: GiftCardParam;
}

/** Defaults as text, for `altegio-sync simulate --help` and the docs. */
export const ACCOUNT_DEFAULTS = Object.freeze({
  noLoyalty: '[3] when locations >= 3, else []',
  restrictedClients: '[2] when locations >= 2, else []',
  zReportTodayOnly: '[]',
  lapsedLicence: '[]',
  noAnalyticsRight: '[]',
  giftCardParam: 'either',
} as const);

function locationIds(name: string, value: number[] | undefined, fallback: number[]): readonly number[] {
  const ids = value ?? fallback;
  if (!Array.isArray(ids) || ids.some((id) => !Number.isSafeInteger(id) || id < 1)) {
    throw new Error(`simulator option account.${name} must be a list of location ids, got ${JSON.stringify(value)}`);
  }
  return Object.freeze([...new Set(ids)].sort((a, b) => a - b));
}

export function resolveAccount(a: AccountOptions | undefined, locations: number): ResolvedAccount {
  const o = a ?? {};
  const giftCardParam = o.giftCardParam ?? 'either';
  if (!GIFT_CARD_PARAMS.includes(giftCardParam)) {
    throw new Error(`simulator option account.giftCardParam must be one of ${GIFT_CARD_PARAMS.join(', ')}, got ${String(giftCardParam)}`);
  }
  return {
    noLoyalty: locationIds('noLoyalty', o.noLoyalty, locations >= 3 ? [3] : []),
    restrictedClients: locationIds('restrictedClients', o.restrictedClients, locations >= 2 ? [2] : []),
    zReportTodayOnly: locationIds('zReportTodayOnly', o.zReportTodayOnly, []),
    lapsedLicence: locationIds('lapsedLicence', o.lapsedLicence, []),
    noAnalyticsRight: locationIds('noAnalyticsRight', o.noAnalyticsRight, []),
    giftCardParam,
  };
}
