import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { clients, membershipTypes, type NewClient, type NewMembershipType } from '../src/db/schema/index.js';
import { prepareUpsert, upsertRows, writePrepared } from '../src/db/upsert.js';
import { useTestWarehouse } from './helpers/postgres.js';

/** upsertRows sends a page to the server as one JSON value: every value must come back as it went in. */

const pg = useTestWarehouse();

const AWKWARD = ['tab\there', 'new\nline', 'cr\rlf\r\n', 'back\\slash \\N \\. \\t', '"quoted" \'single\'', 'ünïcødé 😀 日本語', '', ' padded ', '\\N', 'a,b{c}'];

function client(locationId: number, id: number): NewClient {
  const word = AWKWARD[id % AWKWARD.length]!;
  return {
    locationId,
    id,
    name: word,
    surname: id % 3 === 0 ? null : `${word}-${id}`,
    phone: id % 4 === 0 ? null : `1315555${String(id).padStart(4, '0')}`,
    birthDate: id % 5 === 0 ? null : `19${String(50 + (id % 49)).padStart(2, '0')}-0${1 + (id % 9)}-1${id % 10}`,
    genderId: id % 3,
    discount: id % 7 === 0 ? '0.0000001' : `${id}.5`,
    spent: `12345678901234.${String(id % 10000).padStart(4, '0')}`,
    paid: '-0.01',
    balance: null,
    categories: id % 2 ? [] : [{ id, title: word }],
    customFields: id % 3 ? { note: word, nested: { list: [1, 'two', null, true], esc: 'a\\b"c' } } : {},
    comment: `${word}\n${word}`,
    lastChangeAt: new Date(Date.UTC(2026, 0, 1, 10, 0, id % 60, id % 1000)),
    deletedAt: null,
    raw: { id, name: word, weird: '\u2028\u2029', deep: { x: [word] } },
  };
}

const compared = sql.raw(`id, name, surname, phone, birth_date, gender_id, discount, spent, paid, balance, categories, custom_fields, comment, round(extract(epoch from last_change_at) * 1000)::text as last_change_ms, deleted_at, raw`);

describe('upsertRows', () => {
  it('stores awkward text, JSON, numbers and instants exactly as given', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => i + 1);
    const written = await pg.warehouse.db.transaction((tx) => upsertRows(tx, clients, ids.map((id) => client(1, id)), ['locationId', 'id']));
    expect(written).toEqual({ inserted: 150, updated: 0, unchanged: 0 });
    const stored = await pg.warehouse.query<Record<string, unknown>>(sql`select ${compared} from altegio.clients where location_id = 1 order by id`);
    expect(stored).toHaveLength(150);
    stored.forEach((row, i) => {
      const given = client(1, i + 1);
      expect(row).toEqual({
        id: String(given.id),
        name: given.name,
        surname: given.surname,
        phone: given.phone,
        birth_date: given.birthDate,
        gender_id: given.genderId,
        discount: given.discount,
        spent: given.spent,
        paid: given.paid,
        balance: null,
        categories: given.categories,
        custom_fields: given.customFields,
        comment: given.comment,
        last_change_ms: String((given.lastChangeAt as Date).getTime()),
        deleted_at: null,
        raw: given.raw,
      });
    });
  });

  it('rewrites nothing when the same big batch comes again, only the changed rows when some changed, twice in one transaction', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => i + 1);
    const again = await pg.warehouse.db.transaction((tx) => upsertRows(tx, clients, ids.map((id) => client(1, id)), ['locationId', 'id']));
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 150 });
    const changed = ids.map((id) => (id % 10 === 0 ? { ...client(1, id), comment: 'changed' } : client(1, id)));
    const [first, second] = await pg.warehouse.db.transaction(async (tx) => [
      await upsertRows(tx, clients, changed, ['locationId', 'id']),
      await upsertRows(tx, clients, [...changed, ...ids.map((id) => client(1, id + 1000))], ['locationId', 'id']),
    ]);
    expect(first).toEqual({ inserted: 0, updated: 15, unchanged: 135 });
    expect(second).toEqual({ inserted: 150, updated: 0, unchanged: 150 });
  });

  it('writes arrays and booleans in one batch as in several', async () => {
    const types = (chainId: number, n: number): NewMembershipType[] =>
      Array.from({ length: n }, (_, i) => ({
        chainId,
        id: chainId * 1000 + i,
        title: AWKWARD[i % AWKWARD.length]!,
        isArchived: i % 2 === 0,
        locationIds: i % 3 === 0 ? null : i % 3 === 1 ? [] : [1, 2, 9007199254740],
        services: { [String(i)]: i },
        raw: { i },
      }));
    await pg.warehouse.db.transaction((tx) => upsertRows(tx, membershipTypes, types(1, 120), ['id']));
    for (const part of [types(2, 120).slice(0, 60), types(2, 120).slice(60)]) {
      await pg.warehouse.db.transaction((tx) => upsertRows(tx, membershipTypes, part, ['id']));
    }
    const read = (chainId: number) =>
      pg.warehouse.query(sql`select id - chain_id * 1000 as n, title, is_archived, location_ids, services, raw from altegio.membership_types where chain_id = ${chainId} order by id`);
    const [a, b] = [await read(1), await read(2)];
    expect(a).toHaveLength(120);
    expect(a).toEqual(b);
    expect(a[2]).toMatchObject({ location_ids: ['1', '2', '9007199254740'] });
  });

  it('writes prepared pages in one statement, a key that comes again keeping its last row, as page by page', async () => {
    await pg.warehouse.query(sql`delete from altegio.clients where location_id in (7, 8)`);
    // Three pages of one location; the second and third repeat keys of the ones before with other values.
    const pages = (loc: number) => [
      [1, 2, 3, 4].map((id) => client(loc, id)),
      [3, 5, 6].map((id) => ({ ...client(loc, id), comment: `second ${id}` })),
      [1, 6, 7].map((id) => ({ ...client(loc, id), comment: `third ${id}` })),
    ];
    const together = await pg.warehouse.db.transaction((tx) => writePrepared(tx, pages(7).map((rows) => prepareUpsert(clients, rows, ['locationId', 'id']))));
    const oneByOne = await pg.warehouse.db.transaction(async (tx) => {
      const counts = [];
      for (const rows of pages(8)) counts.push(await upsertRows(tx, clients, rows, ['locationId', 'id']));
      return counts;
    });
    expect(together.inserted).toBe(7);
    expect(oneByOne.reduce((n, c) => n + c.inserted, 0)).toBe(7);
    const read = (loc: number) => pg.warehouse.query(sql`select id, comment, raw from altegio.clients where location_id = ${loc} order by id`);
    const [a, b] = [await read(7), await read(8)];
    expect(a).toEqual(b);
    expect(a.map((r) => r.comment)).toEqual([`third 1`, client(7, 2).comment, `second 3`, client(7, 4).comment, `second 5`, `third 6`, `third 7`]);
  });
});
