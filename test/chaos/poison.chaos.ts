import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { startRewritingProxy } from '../helpers/rewriting-proxy.js';
import { sqlClient, startCli, stopChild, testEnv, type Child } from '../worker.harness.js';
import { backfillArgs, CHAOS_STREAMS, CHAOS_WORLD, FAST_API, notes, outcomeOf, scenario } from './world.js';

/** Where the poison is served: location 1's clients and records. */
const LOCATION = 1;
/** An id no client of the world has. */
const HUGE_VISITS_ID = 990_000_001;

type Item = Record<string, unknown>;
type Answer = { data?: unknown };

/** Changes to four real records of location 1, each refused for another reason. */
function recordPoison(sim: Simulator): Map<number, Item> {
  const records = sim.world.location(LOCATION)!.records.filter((r) => !r.deleted && r.clientId !== null && r.lines.some((l) => l.kind === 'service'));
  const patches: Item[] = [{ client: 'someone' }, { services: 'none' }, { attendance: 5 }, { seance_length: 99_999_999_999 }];
  return new Map(patches.map((patch, i) => [records[i * 7]!.id, patch]));
}

/** Three clients that are no client (a null, a 6,000-character id, a visit count no integer holds), and a lone surrogate in a real one's comment. */
function clientPoison(sim: Simulator, answer: Answer): Item[] {
  const list = answer.data as Item[];
  const template = { ...list[0]!, comment: '' };
  const cleaned = sim.truth().locations[0]!.clients.ids[1];
  return [
    ...list.map((c) => (c.id === cleaned ? { ...c, comment: 'half a pair \ud800 of surrogates' } : c)),
    null as unknown as Item,
    { ...template, id: 'x'.repeat(6000) },
    { ...template, id: HUGE_VISITS_ID, visits: 3_000_000_000 },
  ];
}

let sim: Simulator | undefined;
let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let proxy: Awaited<ReturnType<typeof startRewritingProxy>> | undefined;
const children: Child[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopChild(c)));
  await proxy?.close();
  await sim?.close();
  await db?.drop();
  sim = db = proxy = undefined;
});

describe('poison records among the answers', () => {
  it('never stall their stream: exactly those are rejected into rejected_records and everything else loads', () =>
    scenario('7. poison records (4 records, 3 clients refused; 1 comment cleaned)', async (row) => {
      sim = await startSimulator({ ...CHAOS_WORLD, rateLimit: false });
      db = await createTestDatabase();
      const poisoned = recordPoison(sim);
      const target = sim;
      proxy = await startRewritingProxy(sim.url, (endpoint, query, body) => {
        const answer = body as Answer;
        if (!Array.isArray(answer?.data)) return undefined;
        if (endpoint === `GET /clients/${LOCATION}` && (query.get('page') ?? '1') === '1') return { ...answer, data: clientPoison(target, answer) };
        if (endpoint === `GET /records/${LOCATION}` && (answer.data as Item[]).some((r) => poisoned.has(r.id as number))) {
          return { ...answer, data: (answer.data as Item[]).map((r) => ({ ...r, ...poisoned.get(r.id as number) })) };
        }
        return undefined;
      });
      const env = testEnv(sim, db.url, { ...FAST_API, ALTEGIO_BASE_URL: proxy.url });
      const run = async (args: string[]) => {
        const child = startCli(args, env);
        children.push(child);
        return outcomeOf(child, await child.exited);
      };
      const backfill = await run(backfillArgs(sim));
      // The stream goes on past them: a client added later arrives with the next sync.
      const added = sim.mutate.addClient(LOCATION, { name: 'Arrived After The Poison' });
      const sync = await run(['sync', '--streams', CHAOS_STREAMS.join(',')]);

      const sql = sqlClient(db.url);
      try {
        const rejects = await sql<{ stream: string; source_key: string; reason: string; raw: unknown; times_seen: number }[]>`
          select stream, source_key, reason, raw, times_seen from altegio.rejected_records order by stream, source_key`;
        const [cleaned] = await sql<{ n: number }[]>`select coalesce(sum(rows_cleaned), 0)::int as n from altegio.sync_runs where stream = 'clients'`;
        const [arrived] = await sql<{ n: number }[]>`select count(*)::int as n from altegio.clients where location_id = ${LOCATION} and id = ${added.id}`;
        row.requests = sim.stats().total;
        row.faults = `${proxy.rewritten()} answers rewritten`;
        row.notes = notes(
          `rejected ${rejects.map((r) => `${r.stream} ${r.source_key.length > 20 ? `${r.source_key.slice(0, 10)}…` : r.source_key}`).join(', ')}`,
          `${cleaned!.n} cleaned and loaded`,
          backfill.note && `backfill ${backfill.note}`,
          sync.note && `sync ${sync.note}`,
        );
        const diffs = await row.check((text) => sql.unsafe(text), sim);
        expect(backfill.failures).toEqual([]);
        expect(sync.failures).toEqual([]);
        expect(arrived!.n).toBe(1);
        const numeric = rejects.filter((r) => /^\d+$/.test(r.source_key));
        expect(numeric.map((r) => [r.stream, Number(r.source_key)])).toEqual([
          ['clients', HUGE_VISITS_ID],
          ...[...poisoned.keys()].sort((a, b) => a - b).map((id) => ['records', id]),
        ]);
        const hashed = rejects.filter((r) => !/^\d+$/.test(r.source_key));
        expect(hashed.map((r) => r.source_key)).toEqual([expect.stringMatching(/^sha1:/), expect.stringMatching(/^sha1:/)]);
        expect(hashed.map((r) => r.reason).sort()).toEqual(['client is not an object', expect.stringMatching(/^id is not an integer/)]);
        expect(rejects.find((r) => r.source_key === String(HUGE_VISITS_ID))!.reason).toMatch(/the warehouse refused it: .*out of range/);
        expect(cleaned!.n).toBeGreaterThan(0);
        expect(diffs).toEqual([]);
      } finally {
        await sql.end();
      }
    }));
});
