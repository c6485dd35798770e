import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, pglitePath } from '../../src/db/connect.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startCli, stopChild, type Child } from '../worker.harness.js';
import { afterRequests, backfillArgs, CHAOS_STREAMS, CHAOS_WORLD, FAST_API, notes, outcomeOf, scenario } from './world.js';

let dir: string | undefined;
let sim: Simulator | undefined;
const children: Child[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopChild(c)));
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = sim = undefined;
});

describe('two processes on one embedded warehouse', () => {
  it('the second exits 1 naming the first one\'s pid, and the first ends with the warehouse exact', () =>
    scenario('8. two processes on one embedded warehouse', async (row) => {
      sim = await startSimulator({ ...CHAOS_WORLD, rateLimit: false });
      dir = mkdtempSync(join(tmpdir(), 'altegio-chaos-'));
      // No DATABASE_URL: the embedded warehouse in ALTEGIO_DATA_DIR.
      const truth = sim.truth();
      const env = {
        ...FAST_API,
        ALTEGIO_BASE_URL: sim.url,
        ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
        ALTEGIO_USER_TOKEN: 'sim-user-token',
        ALTEGIO_LOCATION_IDS: truth.locations.map((l) => l.id).join(','),
        ALTEGIO_CHAIN_ID: String(truth.chainId),
        ALTEGIO_DATA_DIR: dir,
      };
      const start = (args: string[]) => {
        const child = startCli(args, env);
        children.push(child);
        return child;
      };
      const first = start(backfillArgs(sim));
      await afterRequests(sim, 50, 0);
      const second = start(['sync', '--streams', CHAOS_STREAMS.join(',')]);
      const secondCode = await second.exited;
      const secondSaid = second.lines.join('\n');
      expect(first.proc.exitCode).toBeNull();
      const run = outcomeOf(first, await first.exited);

      const warehouse = await openPglite(dir);
      try {
        row.requests = sim.stats().total;
        row.faults = '1 second process';
        row.notes = notes(`second process exit ${secondCode}${secondSaid.includes(`in use by process ${first.proc.pid}`) ? ', naming the first one\'s pid' : ''}`, run.note && `first ${run.note}`);
        const diffs = await row.check((text) => warehouse.query(sql.raw(text)), sim);
        expect(secondCode).toBe(1);
        expect(secondSaid).toContain(`the embedded warehouse in ${pglitePath(dir)} is in use by process ${first.proc.pid}`);
        expect(run.failures).toEqual([]);
        expect(run.code).toBe(run.expectedCode);
        expect(diffs).toEqual([]);
      } finally {
        await warehouse.close();
      }
    }));
});
