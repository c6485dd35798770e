import { afterEach, describe, expect, it } from 'vitest';
import type { PassResult } from '../src/sync/pass.js';
import { addDays, localDate } from '../src/util/dates.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';
import { runCliHere } from './helpers/run-cli.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const WINDOWED = ['records', 'z_reports', 'transactions', 'visits'];
const requestsOf = (result: PassResult, streams: string[]) => result.runs.filter((r) => streams.includes(r.stream)).reduce((n, r) => n + r.requests, 0);

describe('a backfill run again', () => {
  it('reads only what it had not finished: dates a completed backfill read are skipped, unless --restart', async () => {
    p = await startPipeline({ sim: { clients: 60, days: 10, locations: 2 } });
    const anchor = localDate(new Date(p.sim.truth().anchor), 'UTC');
    const window = { from: addDays(anchor, -8), to: anchor };
    const streams = ['clients', ...WINDOWED];
    const first = await p.backfill(window, streams);
    expect(first.ok).toBe(true);
    expect(requestsOf(first, WINDOWED)).toBeGreaterThan(50);

    // The same backfill again (as after a kill): nothing of the windowed streams is read again.
    const again = await p.backfill(window, streams);
    expect(again.ok).toBe(true);
    expect(requestsOf(again, WINDOWED)).toBe(0);
    const skipped = again.runs.filter((r) => WINDOWED.includes(r.stream));
    expect(skipped.map((r) => [r.status, r.skipped])).toEqual(skipped.map(() => ['skipped', 'done']));
    expect(skipped[0]!.error?.message).toMatch(new RegExp(`already backfilled ${window.from}\\.\\.${window.to} .*backfill --restart`));
    // A part of the dates is done too; wider dates are read.
    expect(requestsOf(await p.backfill({ from: addDays(anchor, -3), to: anchor }, streams), WINDOWED)).toBe(0);
    expect(requestsOf(await p.backfill({ from: addDays(anchor, -9), to: anchor }, ['records']), ['records'])).toBeGreaterThan(0);

    const restarted = await p.backfill(window, streams, { restart: true });
    expect(restarted.ok).toBe(true);
    expect(requestsOf(restarted, WINDOWED)).toBe(requestsOf(first, WINDOWED));
    expect(restarted.runs.reduce((n, r) => n + r.inserted + r.updated, 0)).toBe(0);
  });

  it('is read again from the command line with backfill --restart', async () => {
    p = await startPipeline({ sim: { clients: 30, days: 5, locations: 1 } });
    const anchor = localDate(new Date(p.sim.truth().anchor), 'UTC');
    const args = ['backfill', '--from', addDays(anchor, -3), '--to', anchor, '--streams', 'records'];
    const requests = async (extra: string[]) => {
      const before = p!.sim.stats().total;
      const run = await runCliHere([...args, ...extra], p!.env);
      expect(run.code).toBe(0);
      return p!.sim.stats().total - before;
    };
    expect(await requests([])).toBeGreaterThan(0);
    expect(await requests([])).toBe(0);
    expect(await requests(['--restart'])).toBeGreaterThan(0);
  });

  it('resumes a stream that stopped half way, and skips the ones that had finished', async () => {
    // Once armed, every request after the fourth of records is answered 500: the records backfill stops half way.
    let armed = false;
    let records = 0;
    const breakRecords = (line: string) => {
      if (armed && line.includes('/records/') && ++records === 4) p!.sim.setFaults({ serverError: 1 });
    };
    p = await startPipeline({ sim: { clients: 80, days: 10, locations: 1, log: breakRecords }, env: { ALTEGIO_PAGE_SIZE: '10', ALTEGIO_MAX_RETRIES: '0' } });
    const anchor = localDate(new Date(p.sim.truth().anchor), 'UTC');
    const window = { from: addDays(anchor, -8), to: anchor };
    const finished = await p.backfill(window, ['z_reports']);
    expect(finished.ok).toBe(true);
    armed = true;
    const broken = await p.backfill(window, ['z_reports', 'records']);
    armed = false;
    expect(broken.ok).toBe(false);
    expect(broken.runs.find((r) => r.stream === 'records')!.status).toBe('failed');
    const [progress] = await p.rows<{ progress: unknown }>(`select progress from altegio.sync_state where stream = 'records:backfill'`);
    expect(progress!.progress).not.toBeNull();
    p.sim.setFaults(0);
    p.sim.resetStats();
    const resumed = await p.backfill(window, ['z_reports', 'records']);
    expect(resumed.ok).toBe(true);
    expect(p.sim.stats().byEndpoint['GET /reports/z_report/{loc}']).toBeUndefined();
    const [{ n, distinct }] = (await p.rows<{ n: string; distinct: string }>('select count(*) as n, count(distinct id) as distinct from altegio.records')) as [{ n: string; distinct: string }];
    expect(Number(n)).toBe(Number(distinct));
    const location = p.sim.truth().locations[0]!;
    const inWindow = p.sim.world.location(location.id)!.records.filter((r) => {
      const day = localDate(new Date(r.startMs), location.timezone);
      return day >= window.from && day <= window.to;
    });
    expect(Number(n)).toBe(inWindow.length);
  });
});
