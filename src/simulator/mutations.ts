/**
 * Changes to the world while the simulator runs, as the salon's staff would make
 * them. Every change stamps `last_change_date` with the current time (see
 * World.now) and bumps the world's version, so derived views are rebuilt.
 */
import { Rng } from './random.js';
import { localToUtc, utcToLocal } from './time.js';
import { makeClient } from './world/clients.js';
import { payRecord, serviceLine } from './world/records.js';
import type { Attendance, LocationData, SimClient, SimRecord } from './world/types.js';
import type { World } from './world/world.js';

/** Client fields a mutation may set. Money in milli-units (1/1000 of the currency unit). */
export interface ClientPatch {
  name?: string;
  surname?: string;
  patronymic?: string;
  /** Digits only, with the country code. */
  phone?: string;
  email?: string;
  card?: string;
  comment?: string;
  birthDate?: string | null;
  discount?: number;
  spent?: number;
  paid?: number;
  balance?: number;
  visits?: number;
  categoryIds?: number[];
}

export interface RecordPatch {
  clientId?: number | null;
  staffId?: number;
  /** -1 no-show, 0 waiting, 1 arrived (the record is then paid in full), 2 confirmed. */
  attendance?: Attendance;
  comment?: string;
  /** New session start; the length is kept. */
  startAt?: Date;
  /** Replaces the service lines (goods are kept). */
  serviceIds?: number[];
}

export interface Mutations {
  /** Applies the patch (default: one more visit) and bumps last_change_date; returns the client. */
  updateClient(loc: number, id: number, patch?: ClientPatch): SimClient;
  /** Creates a client (created and changed now); returns it. */
  addClient(loc: number, partial?: ClientPatch): SimClient;
  /** Deletes at the source: the client disappears from every listing and search, silently. */
  deleteClient(loc: number, id: number): SimClient;
  /** Brings a deleted client back and bumps last_change_date. */
  restoreClient(loc: number, id: number): SimClient;
  /** Applies the patch (default: a new comment) and bumps last_change_date. */
  updateRecord(loc: number, id: number, patch?: RecordPatch): SimRecord;
  /** Books a record (default: the first client, first team member, next quarter hour). */
  addRecord(loc: number, partial?: RecordPatch): SimRecord;
  /** Marks the record deleted (listed only with with_deleted=1) and bumps last_change_date. */
  deleteRecord(loc: number, id: number): SimRecord;
  /** Simulates a password change: the old user token stops working; returns the new one. */
  rotateUserToken(): string;
}

function locationData(world: World, loc: number): LocationData {
  const data = world.location(loc);
  if (!data) throw new Error(`simulator: no location ${loc}`);
  return data;
}

function clientIn(data: LocationData, id: number): SimClient {
  const c = data.clientById.get(id);
  if (!c) throw new Error(`simulator: no client ${id} in location ${data.loc.id}`);
  return c;
}

function recordIn(data: LocationData, id: number): SimRecord {
  const r = data.recordById.get(id);
  if (!r) throw new Error(`simulator: no record ${id} in location ${data.loc.id}`);
  return r;
}

function applyClientPatch(c: SimClient, patch: ClientPatch): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (c as unknown as Record<string, unknown>)[key] = value;
  }
}

function applyRecordPatch(world: World, data: LocationData, r: SimRecord, patch: RecordPatch): void {
  const rng = Rng.stream(world.seed, 'mutation', r.id, world.version);
  if (patch.clientId !== undefined) {
    if (patch.clientId !== null) clientIn(data, patch.clientId);
    r.clientId = patch.clientId;
  }
  if (patch.staffId !== undefined) {
    if (!data.staff.some((s) => s.id === patch.staffId)) throw new Error(`simulator: no staff ${patch.staffId}`);
    r.staffId = patch.staffId;
  }
  if (patch.comment !== undefined) r.comment = patch.comment;
  if (patch.startAt !== undefined) r.startMs = Math.floor(patch.startAt.getTime() / 1000) * 1000;
  if (patch.serviceIds !== undefined) {
    const goods = r.lines.filter((l) => l.kind === 'good');
    const lines = patch.serviceIds.map((sid) => {
      const s = data.services.find((x) => x.id === sid);
      if (!s) throw new Error(`simulator: no service ${sid}`);
      return serviceLine(data, s, rng);
    });
    r.lines = [...lines, ...goods];
    r.lengthSec = lines.reduce((sum, l) => sum + (data.services.find((s) => s.id === l.itemId)?.durationSec ?? 0), 0) || r.lengthSec;
  }
  if (patch.attendance !== undefined) r.attendance = patch.attendance;
  const paid = r.lines.some((l) => l.payments.length > 0);
  // Arrival means paid in full; any other status (or new lines) refunds what was paid.
  if (r.attendance !== 1 || patch.serviceIds !== undefined) for (const l of r.lines) l.payments = [];
  if (r.attendance === 1 && (!paid || patch.serviceIds !== undefined)) payRecord(world, data, r, rng);
}

export function createMutations(world: World, rotate: () => string): Mutations {
  const done = <T>(value: T): T => {
    world.touch();
    return value;
  };
  return {
    updateClient(loc, id, patch) {
      const c = clientIn(locationData(world, loc), id);
      if (patch && Object.keys(patch).length > 0) applyClientPatch(c, patch);
      else c.visits += 1;
      c.changedMs = world.now();
      return done(c);
    },
    addClient(loc, partial) {
      const data = locationData(world, loc);
      const rng = Rng.stream(world.seed, 'added-client', loc, data.clients.length);
      const c = makeClient(world, data, data.clients.length, rng);
      if (partial) applyClientPatch(c, partial);
      c.createdMs = c.changedMs = world.now();
      data.clients.push(c);
      data.clientById.set(c.id, c);
      return done(c);
    },
    deleteClient(loc, id) {
      const c = clientIn(locationData(world, loc), id);
      c.deleted = true;
      return done(c);
    },
    restoreClient(loc, id) {
      const c = clientIn(locationData(world, loc), id);
      c.deleted = false;
      c.changedMs = world.now();
      return done(c);
    },
    updateRecord(loc, id, patch) {
      const data = locationData(world, loc);
      const r = recordIn(data, id);
      applyRecordPatch(world, data, r, patch && Object.keys(patch).length > 0 ? patch : { comment: 'Rescheduled by phone' });
      r.changedMs = world.now();
      return done(r);
    },
    addRecord(loc, partial = {}) {
      const data = locationData(world, loc);
      const now = world.now();
      // Next quarter hour in local time, so the record looks like a real booking.
      const local = utcToLocal(data.loc.zone, now);
      const startMs = partial.startAt ? partial.startAt.getTime() : localToUtc(data.loc.zone, Math.ceil(local / 900_000) * 900_000);
      const service = data.services.find((s) => s.active) ?? data.services[0]!;
      const r: SimRecord = {
        id: world.nextId('record'),
        locId: loc,
        clientId: data.clients.find((c) => !c.deleted)?.id ?? null,
        staffId: (data.staff.find((s) => !s.fired) ?? data.staff[0]!).id,
        visitId: world.nextId('visit'),
        documentId: world.nextId('document'),
        startMs: Math.floor(startMs / 1000) * 1000,
        lengthSec: service.durationSec,
        attendance: 0,
        lines: [],
        createdMs: now,
        changedMs: now,
        deleted: false,
        source: 'admin',
        comment: '',
      };
      applyRecordPatch(world, data, r, { serviceIds: [service.id], ...partial, startAt: undefined });
      data.records.push(r);
      data.recordById.set(r.id, r);
      return done(r);
    },
    deleteRecord(loc, id) {
      const r = recordIn(locationData(world, loc), id);
      r.deleted = true;
      r.changedMs = world.now();
      return done(r);
    },
    rotateUserToken() {
      return done(rotate());
    },
  };
}
