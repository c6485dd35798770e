/** Builds the whole world from the resolved options; pure function of (options, seed, anchor). */
import { SIMULATOR_DEFAULTS, type ResolvedOptions } from '../options.js';
import { generateClients } from './clients.js';
import { generateLoyalty } from './loyalty.js';
import { generateRecords } from './records.js';
import { createLocation } from './reference.js';
import { generateGoodsSales } from './sales.js';
import { World } from './world.js';

export function generateWorld(o: ResolvedOptions): World {
  const world = new World(o.seed, o.anchor.getTime(), SIMULATOR_DEFAULTS.chainId, o.userToken);
  for (let id = 1; id <= o.locations; id++) world.locations.set(id, createLocation(world, id, o.recordsPerDay));
  // One phase at a time across locations, so each id sequence runs in blocks per location.
  for (const data of world.locations.values()) generateClients(world, data, o.clients);
  for (const data of world.locations.values()) generateRecords(world, data, o.days, o.recordsPerDay);
  // After every record, so adding sales leaves the records' ids and payments as they were.
  for (const data of world.locations.values()) generateGoodsSales(world, data, o.days);
  generateLoyalty(world, o.account.noLoyalty);
  return world;
}
