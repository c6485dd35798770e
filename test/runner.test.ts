import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/cli/context.js';
import { loadConfig } from '../src/config.js';
import { clientsStream } from '../src/jobs/clients.js';
import { silentLogger } from '../src/log.js';
import { ReadAhead } from '../src/sync/ahead.js';
import { runStream, type PageEvent, type RunDeps, type RunSummary } from '../src/sync/runner.js';
import { writeOf, type AnyStream, type Batch, type Scope } from '../src/sync/types.js';
import { useTestWarehouse } from './helpers/postgres.js';

const scope: Scope = { kind: 'location', key: 'location:1', locationId: 1, timezone: 'UTC' };
const PER_PAGE = 50;

const pg = useTestWarehouse();

/** Page `p` (from 1) of clients `(p-1)*50+1 .. p*50`, as the API prints them. */
function page(p: number): unknown[] {
  return Array.from({ length: PER_PAGE }, (_, i) => ({ id: (p - 1) * PER_PAGE + i + 1, name: `client ${p}.${i}`, last_change_date: '2026-01-01 10:00:00' }));
}

/** The clients stream with its pages served by `pages` instead of the API, and a `write` of its own if given. */
function streamOf(name: string, pages: (state: { progress: unknown }) => AsyncGenerator<Batch<unknown, unknown>>, write?: AnyStream['write']): AnyStream {
  const base = { ...clientsStream, name, extract: (_ctx: unknown, state: { progress: unknown }) => pages(state) };
  return write ? { ...base, upsert: undefined, write } : base;
}

function deps(onPage?: (e: PageEvent) => void): RunDeps {
  const config = loadConfig({ ALTEGIO_BASE_URL: 'http://127.0.0.1:9', ALTEGIO_PARTNER_TOKEN: 'p', ALTEGIO_USER_TOKEN: 'u', ALTEGIO_LOCATION_IDS: '1', DATABASE_URL: pg.url });
  return { warehouse: pg.warehouse, config, log: silentLogger, client: createClient(config, silentLogger), onPage };
}

async function reset(): Promise<void> {
  await pg.warehouse.query(sql`truncate altegio.clients, altegio.sync_state, altegio.sync_runs, altegio.rejected_records`);
}

async function clientCount(): Promise<number> {
  const [row] = await pg.warehouse.query<{ n: string }>(sql`select count(*) as n from altegio.clients`);
  return Number(row!.n);
}

async function progressOf(stream: string): Promise<unknown> {
  const [row] = await pg.warehouse.query<{ progress: unknown }>(sql`select progress from altegio.sync_state where stream = ${stream}`);
  return row?.progress ?? null;
}

/**
 * The run failed with `message` at page `failedPage`: the saved cursor is
 * before it, and exactly the pages up to the cursor are in, none ahead of
 * it, none missing. Returns how many pages committed.
 */
async function expectFailedAtCursor(run: RunSummary, stream: string, message: string, failedPage: number): Promise<number> {
  expect(run.status).toBe('failed');
  expect(run.error?.message).toContain(message);
  const progress = (await progressOf(stream)) as { page: number } | null;
  const committedPages = progress?.page ?? 0;
  expect(committedPages).toBeLessThan(failedPage);
  expect(await clientCount()).toBe(committedPages * PER_PAGE);
  return committedPages;
}

describe('the runner', () => {
  it('commits the pages fetched while the last ones committed together, with the last page\'s cursor', async () => {
    await reset();
    const run = await runStream(
      streamOf('fast_source', async function* () {
        for (let p = 1; p <= 40; p++) yield { items: page(p), progress: { page: p }, ...(p === 40 ? { cursor: { done: true } } : {}) };
      }),
      scope,
      deps(),
    );
    expect(run.status).toBe('succeeded');
    expect(run.pages).toBe(40);
    expect(run.inserted).toBe(40 * PER_PAGE);
    expect(await clientCount()).toBe(40 * PER_PAGE);
    // The source never waits, so pages pile up behind a commit and go in together.
    expect(run.commits).toBeLessThan(40);
    expect(await progressOf('fast_source')).toEqual({ page: 40 });
  });

  it('commits each page alone when the source is slower than the database', async () => {
    await reset();
    let committed = 0;
    const run = await runStream(
      streamOf('slow_source', async function* () {
        for (let p = 1; p <= 6; p++) {
          // The next page arrives only once the last one is committed: nothing to group.
          while (committed < p - 1) await new Promise((r) => setTimeout(r, 5));
          yield { items: page(p), progress: { page: p } };
        }
      }),
      scope,
      deps(() => (committed += 1)),
    );
    expect(run.status).toBe('succeeded');
    expect(run.commits).toBe(6);
  });

  it('commits every page the source yielded before it failed, then fails the run and stops reading', async () => {
    await reset();
    let closed = false;
    const run = await runStream(
      streamOf('failing_source', async function* () {
        try {
          for (let p = 1; p <= 5; p++) yield { items: page(p), progress: { page: p } };
          throw new Error('the source broke after page 5');
        } finally {
          closed = true;
        }
      }),
      scope,
      deps(),
    );
    expect(run.status).toBe('failed');
    expect(run.error?.message).toBe('the source broke after page 5');
    expect(await clientCount()).toBe(5 * PER_PAGE);
    expect(await progressOf('failing_source')).toEqual({ page: 5 });
    expect(closed).toBe(true);
  });

  it('keeps rows and cursor together when a write fails: the failed group is rolled back whole, the reader is closed', async () => {
    await reset();
    let closed = false;
    let fetched = 0;
    const run = await runStream(
      streamOf(
        'failing_write',
        async function* () {
          try {
            for (let p = 1; p <= 60; p++) {
              fetched = p;
              yield { items: page(p), progress: { page: p } };
            }
          } finally {
            closed = true;
          }
        },
        async (tx, rows, ctx, meta) => {
          if (rows.some((r) => r.id === 17 * PER_PAGE)) throw new Error('page 17 does not fit');
          return writeOf(clientsStream)(tx, rows, ctx, meta);
        },
      ),
      scope,
      deps(),
    );
    const committedPages = await expectFailedAtCursor(run, 'failing_write', 'page 17 does not fit', 17);
    expect(closed).toBe(true);
    expect(fetched).toBeLessThan(60);
    // The run's own count says what committed, not what was tried.
    expect(run.pages).toBe(committedPages);
    const [recorded] = await pg.warehouse.query<{ pages: number }>(sql`select pages from altegio.sync_runs where id = ${run.runId}`);
    expect(recorded!.pages).toBe(committedPages);
  });
});

describe('a plain upsert stream, a group of pages a statement', () => {
  it('rejects only the record the database refuses, with its message, and commits the rest with the cursor', async () => {
    await reset();
    const run = await runStream(
      {
        ...streamOf('refused_row', async function* () {
          for (let p = 1; p <= 60; p++) yield { items: page(p), progress: { page: p } };
        }),
        // A value the column's type refuses: the server fails the whole statement.
        map: (raw, ctx, meta) => {
          const row = clientsStream.map(raw, ctx, meta);
          return row.id === 25 * PER_PAGE ? { ...row, discount: 'not a number' } : row;
        },
      },
      scope,
      deps(),
    );
    expect(run.status).toBe('succeeded');
    expect(await progressOf('refused_row')).toEqual({ page: 60 });
    expect(await clientCount()).toBe(60 * PER_PAGE - 1);
    expect([run.inserted, run.rejected, run.pages]).toEqual([60 * PER_PAGE - 1, 1, 60]);
    const rejects = await pg.warehouse.query<{ source_key: string; reason: string }>(sql`select source_key, reason from altegio.rejected_records where stream = 'refused_row'`);
    expect(rejects).toEqual([{ source_key: String(25 * PER_PAGE), reason: expect.stringMatching(/^the warehouse refused it: database error 22P02: invalid input syntax for type numeric/) }]);
  });

  it('writes a key that a later page repeats as that page has it, whichever groups the two pages fall in', async () => {
    await reset();
    // Pages 21..40 repeat the clients of pages 1..20, renamed.
    const run = await runStream(
      streamOf('repeated_keys', async function* () {
        for (let p = 1; p <= 40; p++) {
          const items = p <= 20 ? page(p) : page(p - 20).map((c) => ({ ...(c as object), name: `renamed ${p}` }));
          yield { items, progress: { page: p } };
        }
      }),
      scope,
      deps(),
    );
    expect(run.status).toBe('succeeded');
    expect(await clientCount()).toBe(20 * PER_PAGE);
    expect(run.inserted + run.updated).toBe(40 * PER_PAGE);
    expect(run.updated).toBe(20 * PER_PAGE);
    const names = await pg.warehouse.query<{ name: string; n: string }>(sql`select name, count(*) as n from altegio.clients group by name order by name`);
    expect(names).toEqual(Array.from({ length: 20 }, (_, i) => ({ name: `renamed ${i + 21}`, n: String(PER_PAGE) })).sort((a, b) => a.name.localeCompare(b.name)));
    expect(await progressOf('repeated_keys')).toEqual({ page: 40 });
  });
});

describe('reading ahead', () => {
  it('holds at most `depth` items, hands them out in order, and throws a failure only after the items before it', async () => {
    let made = 0;
    async function* source() {
      for (let i = 1; i <= 5; i++) {
        made = i;
        yield i;
      }
      throw new Error('after five');
    }
    const ahead = new ReadAhead(source(), 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(made).toBeLessThanOrEqual(3);
    expect(await ahead.take(() => true)).toEqual([1, 2]);
    const rest: number[] = [];
    await expect(
      (async () => {
        for (;;) {
          const got = await ahead.take((taken) => taken.length < 1);
          if (got.length === 0) break;
          rest.push(...got);
        }
      })(),
    ).rejects.toThrow('after five');
    expect(rest).toEqual([3, 4, 5]);
  });
});
