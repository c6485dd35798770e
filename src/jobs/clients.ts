import { extractClients } from '../extractors/clients.js';
import { clients, type NewClient } from '../db/schema/index.js';
import { upsertInto } from '../db/upsert.js';
import { RejectError } from '../errors.js';
import {
  asObject, calendarDate, decimal, idOf, instant, integer, listField, objectField, requireId, text,
} from '../sync/map.js';
import { locationOf, zoneOf } from '../sync/scope.js';
import type { StreamDef } from '../sync/types.js';
import { changedAfterPages, type ChangedAfterCursor, type ChangedAfterProgress } from '../sync/changed-after.js';

function digitsOnly(value: string | null): string | null {
  const digits = value?.replace(/\D+/g, '') ?? '';
  return digits === '' ? null : digits;
}

/**
 * The lane of the clients and of every stream that reads them (records name
 * clients; the sweep and the per-client streams read the clients table).
 */
export const CLIENTS_LANE = 'clients';

/** Clients, incremental on `changed_after` (see changedAfterPages for the cursor rules). */
export const clientsStream: StreamDef<NewClient, ChangedAfterCursor, ChangedAfterProgress> = {
  name: 'clients',
  scope: 'location',
  description: 'clients changed since the last run (GET /clients/{loc}?changed_after)',
  cadence: 'frequent',
  reads: 'changed_after',
  backfill: 'reads-changes',
  essential: true,
  lane: CLIENTS_LANE,
  extract(ctx, state) {
    const locationId = locationOf(ctx);
    return changedAfterPages(ctx, state, (q) => extractClients(ctx.client, { locationId, ...q }));
  },
  map(raw, ctx) {
    const r = asObject(raw, 'client');
    const timeZone = zoneOf(ctx);
    const lastChangeAt = instant(r.last_change_date, 'last_change_date', timeZone);
    if (!lastChangeAt) throw new RejectError('last_change_date is missing');
    return {
      locationId: locationOf(ctx),
      id: requireId(r, 'id'),
      name: text(r.name, 'name'),
      surname: text(r.surname, 'surname'),
      // The client list names them `patronymic` and `sex_id`, the client card `middle_name` and `gender_id`.
      patronymic: text(r.patronymic ?? r.middle_name, 'patronymic'),
      // Sent as a number or formatted ("+1 (315) 555-0175"): kept as digits so it joins; raw has the original.
      phone: digitsOnly(text(r.phone, 'phone')),
      email: text(r.email, 'email'),
      card: text(r.card, 'card'),
      birthDate: calendarDate(r.birth_date, 'birth_date'),
      genderId: integer(r.gender_id ?? r.sex_id, 'gender_id'),
      discount: decimal(r.discount, 'discount'),
      importanceId: integer(r.importance_id, 'importance_id'),
      categories: listField(r.categories),
      smsCheck: integer(r.sms_check, 'sms_check'),
      smsNot: integer(r.sms_not, 'sms_not'),
      spent: decimal(r.spent, 'spent'),
      paid: decimal(r.paid, 'paid'),
      balance: decimal(r.balance, 'balance'),
      visitsCount: integer(r.visits, 'visits'),
      comment: text(r.comment, 'comment'),
      customFields: objectField(r.custom_fields),
      lastChangeAt,
      // Listed by the API, so it exists: clears a mark left by the deletion sweep.
      deletedAt: null,
      raw: r,
    };
  },
  upsert: upsertInto(clients, ['locationId', 'id']),
  sourceKey: idOf,
  estimate: (f) => Math.max(1, Math.ceil(f.clients / f.pageSize)),
};
