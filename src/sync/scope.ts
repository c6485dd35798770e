import type { RunContext } from './types.js';

/**
 * What a stream reads of its run's scope. A location stream that finds a
 * chain scope (or the reverse) was registered wrong: that is a bug, not data,
 * so these throw plain errors.
 */

/** The location a location stream runs for. */
export function locationOf(ctx: RunContext): number {
  if (ctx.scope.kind !== 'location') throw new Error(`${ctx.scope.key}: a location stream ran for the chain`);
  return ctx.scope.locationId;
}

/** The chain a chain stream runs for. */
export function chainOf(ctx: RunContext): number {
  if (ctx.scope.kind !== 'chain') throw new Error(`${ctx.scope.key}: a chain stream ran for a location`);
  return ctx.scope.chainId;
}

/** The scope's own id: the chain's or the location's. */
export function ownerOf(ctx: RunContext): number {
  return ctx.scope.kind === 'chain' ? ctx.scope.chainId : ctx.scope.locationId;
}

/** The zone naive times are read in: the location's; UTC for the chain, whose zone the API does not give. */
export function zoneOf(ctx: RunContext): string {
  return ctx.scope.kind === 'location' ? ctx.scope.timezone : 'UTC';
}

/**
 * The meta of a record's page, for streams whose every page with records
 * carries one (only an empty page may come without).
 */
export function metaOf<M>(meta: M | undefined, stream: string): M {
  if (meta === undefined) throw new Error(`${stream}: a page of records came without its meta`);
  return meta;
}
