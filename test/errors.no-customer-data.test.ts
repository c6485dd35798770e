import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';
import { runCli } from './helpers/run-cli.js';
import { blockWrites, terminateSessions } from './helpers/terminate.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

/** A client whose every personal field is unlike anything else a run could print. */
const KNOWN = { name: 'Zebulon', surname: 'Quaxworthy', phone: '15550104477', email: 'zebulon.quaxworthy@example.org' };

/** What of KNOWN must never be printed or stored: the phone as digits and as the API may format it (`+1 555 010-4477`). */
const PERSONAL = [KNOWN.name, KNOWN.surname, KNOWN.phone, `${KNOWN.phone.slice(4, 7)}-${KNOWN.phone.slice(7)}`, KNOWN.email, 'example.org'];

/**
 * Runs `body` while the database gives each statement of a new session half
 * a second and a SHARE lock on altegio.clients makes every write to it wait
 * longer (reads go on): the page of clients then fails with SQLSTATE 57014,
 * which is neither a lost connection (waited out) nor bad data (quarantined).
 */
async function withClientsWriteTimingOut<T>(url: string, body: () => Promise<T>): Promise<T> {
  const database = new URL(url).pathname.slice(1);
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`alter database ${database} set statement_timeout = '500ms'`);
  try {
    // Sessions started before the setting (the pipeline's) are replaced by ones that have it.
    await terminateSessions(admin, database, []);
    const blocker = await blockWrites(url, ['altegio.clients']);
    try {
      return await body();
    } finally {
      await blocker.release();
    }
  } finally {
    await admin.unsafe(`alter database ${database} reset statement_timeout`);
    await admin.end();
  }
}

describe('a page the warehouse fails to write', () => {
  it('is logged, recorded and shown by what happened (SQLSTATE 57014, statement timeout), never with the clients it carried', async () => {
    p = await startPipeline({ sim: { clients: 30, days: 1, locations: 1 } });
    p.sim.mutate.addClient(1, KNOWN);
    await p.sync(['locations']);
    const env = { ...p.env, LOG_LEVEL: 'info' };
    const runs = await withClientsWriteTimingOut(p.config.databaseUrl!, async () => ({
      json: await runCli(['sync', '--streams', 'clients'], { ...env, LOG_FORMAT: 'json' }),
      pretty: await runCli(['sync', '--streams', 'clients'], { ...env, LOG_FORMAT: 'pretty' }),
    }));
    const status = await runCli(['status'], env);
    const statusJson = await runCli(['status', '--json'], env);

    const outputs = { ...runs, status, statusJson };
    // Said briefly: a failure prints its output, and the output may be what leaked.
    const excerpt = (text: string) => text.slice(0, 1500);
    for (const [what, run] of Object.entries(outputs)) {
      const text = `${run.stdout}\n${run.stderr}`;
      expect(run.code, `${what}: ${excerpt(text)}`).toBe(1);
      // Says what happened, wherever it is shown.
      expect(/57014/.test(text) && /statement timeout/.test(text), `${what} says neither 57014 nor statement timeout: ${excerpt(text)}`).toBe(true);
    }
    const recorded = [
      ...(await p.rows<{ text: string | null }>(`select error as text from altegio.sync_runs where stream = 'clients'`)),
      ...(await p.rows<{ text: string | null }>(`select last_error as text from altegio.sync_state where stream = 'clients'`)),
    ].map((r) => r.text);
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    for (const text of recorded) expect(excerpt(String(text))).toMatch(/^database error 57014: canceling statement due to statement timeout/);

    const everything = { ...Object.fromEntries(Object.entries(outputs).map(([what, run]) => [what, `${run.stdout}\n${run.stderr}`])), recorded: recorded.join('\n') };
    for (const [where, text] of Object.entries(everything)) {
      for (const piece of PERSONAL) expect(text.includes(piece), `${where} holds "${piece}": ${excerpt(text)}`).toBe(false);
    }
    // The page itself never reached the warehouse.
    expect(await p.rows(`select 1 from altegio.clients where email = '${KNOWN.email}'`)).toEqual([]);
  });
});

describe("the CLI's last line about an error nothing else caught", () => {
  it('says a database error by its SQLSTATE and message, never with its parameters, however deeply it is wrapped', async () => {
    const { DrizzleQueryError } = await import('drizzle-orm');
    const { describeFailure } = await import('../src/cli/index.js');
    const server = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014', severity: 'ERROR' });
    const failed = new DrizzleQueryError('insert into altegio.clients values ($1)', [JSON.stringify(KNOWN)], server);
    const line = describeFailure(new Error('could not commit the page', { cause: new Error('upsert failed', { cause: failed }) }));
    expect(line).toContain('could not commit the page: upsert failed: database error 57014: canceling statement due to statement timeout');
    for (const value of PERSONAL) expect(line).not.toContain(value);
  });
});
