/** Builds the whole world from the resolved options; pure function of (options, seed, anchor). */
import { SIMULATOR_DEFAULTS, type ResolvedOptions } from '../options.js';
import { generateClients } from './clients.js';
import { generateLoyalty } from './loyalty.js';
import { generateRecords } from './records.js';
import { createLocation } from './reference.js';
import { World } from './world.js';

export function generateWorld(o: ResolvedOptions): World {
  const world = new World(o.seed, o.anchor.getTime(), SIMULATOR_DEFAULTS.chainId, o.userToken);
  for (let id = 1; id <= o.locations; id++) world.locations.set(id, createLocation(world, id, o.recordsPerDay));
  // One phase at a time across locations, so each id sequence runs in blocks per location.
  for (const data of world.locations.values()) generateClients(world, data, o.clients);
  for (const data of world.locations.values()) generateRecords(world, data, o.days, o.recordsPerDay);
  generateLoyalty(world);
  return world;
}
