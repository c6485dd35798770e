import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dictionaryProblems, parseQueriesDoc } from '../src/bi/docs.js';
import { QUERIES } from '../src/bi/queries.js';
import { warehouseRelations } from '../src/bi/relations.js';
import { viewDefinition } from '../src/bi/views.js';
import { DICTIONARY, describedTwice } from '../src/db/dictionary.js';
import { applyComments, columnComment, relationComment } from '../src/db/dictionary-comments.js';
import { migrateWarehouse } from '../src/db/migrate.js';
import { clientsStream } from '../src/jobs/clients.js';
import { columnComments } from '../scripts/schema-comments.js';
import { checkEdited, docsCheck, replaceIn, ROOT } from './helpers/docs-check.js';
import { useTestWarehouse } from './helpers/postgres.js';
import { location, mapContext, recordedClient } from './helpers/recorded.js';

describe('warehouse documentation', () => {
  it('docs/warehouse.md and docs/queries.md are current, and every column is documented (npm run docs:check)', async () => {
    const { code, out } = await docsCheck();
    expect(out).toContain('up to date');
    expect(code).toBe(0);
  });

  it('the check fails when a generated file is stale', async () => {
    const { code, out } = await checkEdited((root) => replaceIn(join(root, 'docs', 'warehouse.md'), 'Record id.', 'Record identifier.'));
    expect(code).toBe(1);
    expect(out).toContain('docs/warehouse.md is out of date');
  });

  it('names a column without an entry, an entry without a column, and an amount without units', () => {
    const relations = warehouseRelations(viewDefinition);
    expect(dictionaryProblems(relations)).toEqual([]);
    const records = relations.find((r) => r.key === 'altegio.records')!;
    const changed = relations.map((r) =>
      r === records ? { ...r, columns: [...r.columns, { name: 'tip', type: 'numeric', notNull: false }].filter((c) => c.name !== 'comment') } : r,
    );
    expect(dictionaryProblems(changed)).toEqual([
      'altegio.records.comment: documented, but the table has no such column',
      'altegio.records.tip: column has no entry in the dictionary',
    ]);
    const noUnits = { ...DICTIONARY, 'altegio.records': { ...DICTIONARY['altegio.records']!, columns: { ...DICTIONARY['altegio.records']!.columns, starts_at: { meaning: 'Start.' } } } };
    expect(dictionaryProblems(relations, noUnits)).toEqual(['altegio.records.starts_at: timestamp with time zone column needs "units" (currency, unit or time zone)']);
  });

  it('docs/queries.md shows each query of src/bi/queries.ts exactly', () => {
    const documented = parseQueriesDoc(readFileSync(join(ROOT, 'docs', 'queries.md'), 'utf8'));
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(QUERIES.map((q) => [q.id, q.sql.trim()])));
  });
});

describe('one description per column', () => {
  it('a comment beside a column fails the check, naming the file, the line and the column', async () => {
    const { code, out } = await checkEdited((root) =>
      replaceIn(join(root, 'src', 'db', 'schema', 'clients.ts'), "    phone: text('phone'),", "    /** As the API sent it, formatting kept. */\n    phone: text('phone'),"),
    );
    expect(code).toBe(1);
    expect(out).toMatch(/src\/db\/schema\/clients\.ts:\d+: clients\.phone has a comment of its own \("As the API sent it, formatting kept\."\)/);
  });

  it('finds comments before, after and inside a column, but not on the table or its indexes', () => {
    const source = [
      '/** Things. */',
      "export const things = altegio.table('things', {",
      '  id: id().notNull(),',
      '  /** Leading. */',
      "  phone: text('phone'), // trailing",
      "  day: date('day', { mode: 'string' /* inside */ }),",
      '  ...synced(),',
      '}, (t) => [',
      '  // Why this index.',
      '  index(\'things_day_idx\').on(t.day),',
      ']);',
    ].join('\n');
    expect(columnComments(source).map(({ line, table, column, text }) => `${line} ${table}.${column} ${text}`)).toEqual([
      '4 things.phone Leading.',
      '5 things.phone trailing',
      '6 things.day inside',
    ]);
    expect(columnComments('/** Things. */\nexport const things = altegio.table(\'things\', { id: id() });')).toEqual([]);
  });

  it('a relation described in two area files of the dictionary is named', () => {
    expect(describedTwice()).toEqual([]);
    const clients = DICTIONARY['altegio.clients']!;
    expect(describedTwice({ 'dictionary-core.ts': { 'altegio.clients': clients }, 'dictionary-loyalty.ts': { 'altegio.clients': clients } })).toEqual([
      'altegio.clients: described in both src/db/dictionary-core.ts and src/db/dictionary-loyalty.ts; keep one',
    ]);
  });

  it("the phone's description is what the clients stream does with a phone", () => {
    const meaning = DICTIONARY['altegio.clients']!.columns.phone!.meaning;
    const [, sent, kept] = /`([^`]+)` is kept as `([^`]+)`/.exec(meaning) ?? [];
    expect(sent).toBeDefined();
    const ctx = mapContext(location(1, 'UTC'), recordedClient([]).client);
    const phoneOf = (phone: unknown) => clientsStream.map({ id: 7, phone, last_change_date: '2026-11-19T10:15:00+0000' }, ctx, undefined).phone;
    expect(phoneOf(sent)).toBe(kept);
    expect(phoneOf(Number(kept))).toBe(kept);
    expect(meaning).toContain('null when it has no digits');
    expect(phoneOf(' - ')).toBeNull();
  });
});

describe('the dictionary as Postgres comments', () => {
  const pg = useTestWarehouse();

  it('migrate writes them, a second run writes nothing, a changed one is put back', async () => {
    const comment = async (target: string) =>
      (await pg.warehouse.query<{ c: string | null }>(sql.raw(`select ${target} as c`)))[0]!.c;
    const sessionDate = columnComment(DICTIONARY['altegio.records']!.columns.session_date!);
    const attnum = `(select attnum from pg_attribute where attrelid = 'altegio.records'::regclass and attname = 'session_date')`;
    const view = DICTIONARY['altegio_bi.daily_revenue']!;
    // The clone's template may predate a dictionary change: remove two comments, then migrate.
    await pg.warehouse.query(sql`comment on column altegio.records.session_date is null`);
    await pg.warehouse.query(sql`comment on view altegio_bi.daily_revenue is null`);
    expect(await migrateWarehouse(pg.warehouse)).toEqual({ applied: 0 });
    expect(await comment(`col_description('altegio.records'::regclass, ${attnum})`)).toBe(sessionDate);
    expect(sessionDate).toContain("location's local calendar day");
    expect(await comment(`obj_description('altegio_bi.daily_revenue'::regclass, 'pg_class')`)).toBe(relationComment(view.about, view.source));

    expect(await applyComments(pg.warehouse)).toBe(0);
    await pg.warehouse.query(sql`comment on column altegio.records.session_date is 'stale'`);
    expect(await applyComments(pg.warehouse)).toBe(1);
    expect(await comment(`col_description('altegio.records'::regclass, ${attnum})`)).toBe(sessionDate);
  });
});
