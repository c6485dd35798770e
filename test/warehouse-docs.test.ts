import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dictionaryProblems, parseQueriesDoc } from '../src/bi/docs.js';
import { QUERIES } from '../src/bi/queries.js';
import { warehouseRelations } from '../src/bi/relations.js';
import { viewDefinition } from '../src/bi/views.js';
import { DICTIONARY } from '../src/db/dictionary.js';
import { applyComments, columnComment, relationComment } from '../src/db/dictionary-comments.js';
import { migrateWarehouse } from '../src/db/migrate.js';
import { useTestWarehouse } from './helpers/postgres.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'scripts', 'warehouse-docs.ts');

async function docsCheck(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [SCRIPT, '--check', ...args], { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('warehouse documentation', () => {
  it('docs/warehouse.md and docs/queries.md are current, and every column is documented (npm run docs:check)', async () => {
    const { code, out } = await docsCheck([]);
    expect(out).toContain('up to date');
    expect(code).toBe(0);
  });

  it('the check fails when a generated file is stale', async () => {
    const root = mkdtempSync(join(tmpdir(), 'altegio-docs-'));
    try {
      cpSync(join(ROOT, 'docs'), join(root, 'docs'), { recursive: true });
      const file = join(root, 'docs', 'warehouse.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Record id.', 'Record identifier.'));
      const { code, out } = await docsCheck(['--root', root]);
      expect(code).toBe(1);
      expect(out).toContain('docs/warehouse.md is out of date');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
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
