/**
 * The simulator's state: locations, the chain, id counters and a small cache of
 * derived views. Every mutation bumps `version`, which invalidates every derived
 * view at once (Z-reports, transactions, visits and sorted listings are recomputed
 * lazily on the next request), so derived data can never disagree with records.
 */
import type { ChainData, LocationData, SimClient, SimRecord } from './types.js';

/** First id of each id sequence; sequences are global across locations, like Altegio's. */
export const ID_BASES = Object.freeze({
  staff: 2001,
  category: 3001,
  service: 4001,
  account: 5001,
  good: 6001,
  clientCategory: 7001,
  cardType: 801,
  program: 901,
  membershipType: 811,
  giftCardType: 851,
  client: 100_001,
  record: 10_000_001,
  visit: 20_000_001,
  transaction: 30_000_001,
  goodsTransaction: 40_000_001,
  document: 50_000_001,
  loyaltyCard: 60_000_001,
  giftCard: 61_000_001,
  membership: 62_000_001,
  loyaltyTransaction: 63_000_001,
});

export type IdKind = keyof typeof ID_BASES;

/** Filtered query results kept at once (each may hold every client of a location). */
const MAX_LISTINGS = 32;

export class World {
  readonly locations = new Map<number, LocationData>();
  chain: ChainData;
  /** Bumped by every mutation. */
  version = 0;
  userToken: string;
  private readonly counters = new Map<IdKind, number>();
  private readonly views = new Map<string, { version: number; value: unknown }>();
  private readonly listings = new Map<string, { version: number; value: unknown }>();

  constructor(
    readonly seed: number,
    readonly anchorMs: number,
    readonly chainId: number,
    userToken: string,
  ) {
    this.userToken = userToken;
    this.chain = {
      id: chainId,
      title: 'Sim Beauty Group',
      cardTypes: [],
      programs: [],
      loyaltyCards: [],
      loyaltyTransactions: [],
      membershipTypes: [],
      memberships: [],
      giftCardTypes: [],
      giftCards: [],
    };
  }

  nextId(kind: IdKind): number {
    const id = this.counters.get(kind) ?? ID_BASES[kind];
    this.counters.set(kind, id + 1);
    return id;
  }

  /**
   * "Now" for mutations: the real clock, but never before the anchor, in whole
   * seconds, so a mutated row is always the newest change a sync can see.
   */
  now(): number {
    return Math.floor(Math.max(Date.now(), this.anchorMs + 1000) / 1000) * 1000;
  }

  location(id: number): LocationData | undefined {
    return this.locations.get(id);
  }

  /** Finds a client in any location (client ids are global). */
  findClient(id: number): SimClient | undefined {
    for (const data of this.locations.values()) {
      const c = data.clientById.get(id);
      if (c) return c;
    }
    return undefined;
  }

  findRecord(id: number): SimRecord | undefined {
    for (const data of this.locations.values()) {
      const r = data.recordById.get(id);
      if (r) return r;
    }
    return undefined;
  }

  touch(): void {
    this.version++;
    this.views.clear();
    this.listings.clear();
  }

  /** A derived view of the whole world (sorted lists, indexes), rebuilt after any change. */
  derived<T>(key: string, compute: () => T): T {
    const hit = this.views.get(key);
    if (hit && hit.version === this.version) return hit.value as T;
    const value = compute();
    this.views.set(key, { version: this.version, value });
    return value;
  }

  /**
   * The answer to one filtered query (e.g. clients changed after T), kept while a
   * client pages through it. Bounded: each distinct filter adds an entry.
   */
  listing<T>(key: string, compute: () => T): T {
    const hit = this.listings.get(key);
    if (hit && hit.version === this.version) {
      // Re-insert to keep the most recently used entries at the end.
      this.listings.delete(key);
      this.listings.set(key, hit);
      return hit.value as T;
    }
    const value = compute();
    this.listings.set(key, { version: this.version, value });
    if (this.listings.size > MAX_LISTINGS) {
      const oldest = this.listings.keys().next().value;
      if (oldest !== undefined) this.listings.delete(oldest);
    }
    return value;
  }
}
