/**
 * Bad usage stops a command at start (exit 2), naming the flag or variable
 * and saying what would be right. None of these reach a service. A command
 * is the real binary in a child process; each case has its own, so they run
 * side by side.
 */
import { describe, expect, it } from 'vitest';
import { configError } from './helpers/errors.js';
import { loadConfig } from '../src/config.js';
import { selectStreams } from '../src/jobs/index.js';
import { futureEndWarning, refuseFutureStart } from '../src/cli/window.js';
import { runCli } from './helpers/run-cli.js';

const tokens = { ALTEGIO_PARTNER_TOKEN: 'p', ALTEGIO_USER_TOKEN: 'u', ALTEGIO_LOCATION_IDS: '1' };

describe.concurrent('stream names', () => {
  it.concurrent.for([['sync'], ['backfill', '--from', '2026-01-01', '--to', '2026-01-02'], ['check'], ['worker']])(
    '%s refuses an unknown stream, suggesting the closest valid one',
    async (args, { expect }) => {
      const run = await runCli([...args, '--streams', 'clientz'], tokens);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('unknown stream clientz; did you mean clients? valid streams: locations, staff,');
    },
  );

  it.concurrent.for(['sync', 'worker', 'check'])('%s refuses an empty --streams instead of running every stream', async (command, { expect }) => {
    const run = await runCli([command, '--streams', ''], tokens);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--streams is empty: name one or more streams');
  });

  it.concurrent('refuses a chain stream without ALTEGIO_CHAIN_ID, naming the variable, instead of doing nothing', async ({ expect }) => {
    const run = await runCli(['sync', '--streams', 'clients,memberships,gift_card_types'], tokens);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('gift_card_types, memberships are chain streams: they need ALTEGIO_CHAIN_ID');
    expect(run.stderr).toContain('for example ALTEGIO_CHAIN_ID=');
  });

  it.concurrent('refuses an empty --locations instead of running every location', async ({ expect }) => {
    const run = await runCli(['sync', '--locations', ''], tokens);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--locations expects comma-separated positive integers');
  });

  it('names each unknown stream, with a suggestion only where one is close', () => {
    const err = configError(() => selectStreams(['recods', 'clients', 'nothing_like_it']));
    expect(err.variable).toBe('--streams');
    expect(err.message).toMatch(/^unknown streams recods \(did you mean records\?\), nothing_like_it; valid streams: /);
  });
});

describe.concurrent('backfill dates', () => {
  // 11:00 UTC: the date is already the next one in UTC+14.
  const now = new Date('2026-03-01T11:00:00Z');

  it('refuses a --from after today everywhere, naming the flag', () => {
    expect(() => refuseFutureStart({ from: '2026-03-02', to: '2026-03-02' }, now)).not.toThrow();
    const err = configError(() => refuseFutureStart({ from: '2026-03-03', to: '2026-03-04' }, now));
    expect(err.variable).toBe('--from');
    expect(err.message).toContain('--from 2026-03-03 is after today (2026-03-02 in the easternmost time zone, UTC+14)');
  });

  it('warns when --to is after today everywhere, and only then', () => {
    expect(futureEndWarning({ from: '2026-02-01', to: '2026-03-02' }, now)).toBeUndefined();
    expect(futureEndWarning({ from: '2026-02-01', to: '2026-03-10' }, now)).toContain('days after today are read as far as the API has them');
  });

  it.concurrent('says which flag is malformed and how a date is written', async ({ expect }) => {
    const run = await runCli(['backfill', '--from', '2026-1-1', '--to', '2026-01-02'], tokens);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from expects a date YYYY-MM-DD, e.g. --from 2026-01-01 (got 2026-1-1)');
  });
});

describe.concurrent('variables with a choice of values', () => {
  it.each([
    ['LOG_FORMAT', 'xml', ['json', 'pretty']],
    ['LOG_LEVEL', 'loud', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']],
    ['ALTEGIO_FILTER_TIMEZONE', 'mars', ['safe', 'location', 'utc']],
    ['ALTEGIO_Z_REPORT_DATE_FORMAT', 'roman', ['dotted', 'iso']],
    ['ALTEGIO_GIFT_CARD_LOCATION_PARAM', 'id', ['both', 'company_id', 'copmany_id']],
    ['BULL_BOARD_READ_ONLY', 'yes', ['true', 'false']],
  ])('a bad %s=%s names the variable, the allowed values and the value given', (name, value, allowed) => {
    const err = configError(() => loadConfig({ ...tokens, [name]: value }));
    expect(err.variable).toBe(name);
    expect(err.message).toContain(`${name} is malformed (expected one of ${allowed.join(', ')}; got ${value})`);
  });

  it.concurrent('stops any command at a bad LOG_FORMAT, simulate included (exit 2)', async ({ expect }) => {
    const run = await runCli(['simulate', '--port', '0'], { LOG_FORMAT: 'xml' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('LOG_FORMAT is malformed (expected one of json, pretty; got xml)');
  });
});

describe.concurrent('flags', () => {
  it.concurrent('refuses --wait without --enqueue, naming both', async ({ expect }) => {
    const run = await runCli(['sync', '--wait'], tokens);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--wait needs --enqueue');
  });

  it.concurrent('refuses an unknown option, pointing at --help', async ({ expect }) => {
    const run = await runCli(['sync', '--stream', 'clients'], tokens);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--stream'");
    expect(run.stderr).toContain('(Did you mean --streams?)');
  });
});
