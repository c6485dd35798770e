import type { Command } from 'commander';
import type { CheckReport } from '../../check/index.js';
import { loadConfig } from '../../config.js';
import { addDays, localDate } from '../../util/dates.js';
import { createClient, loggerFor, recorderFor } from '../context.js';
import { pickLocations, pickStreams } from '../options.js';
import { apiUnreachable } from '../reach.js';
import { renderTable } from '../table.js';
import { parseWindow } from '../window.js';

interface CheckFlags {
  json?: boolean;
  from?: string;
  to?: string;
  streams?: string;
  locations?: string;
  record?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'before the first sync: ask each stream\'s endpoint once per location (and chain) with the configured tokens, and report ' +
        'per stream whether it is available, has no right, is not found or answers in another shape, and what a first backfill costs',
    )
    .option('--from <date>', 'first local date of the backfill to estimate (default: a year before today)')
    .option('--to <date>', 'last local date of the backfill to estimate (default: yesterday)')
    .option('--streams <names>', 'comma-separated streams (default all)')
    .option('--locations <ids>', 'comma-separated location ids (default ALTEGIO_LOCATION_IDS)')
    .option('--record <dir>', 'write every API request and answer to <dir>, redacted (for bug reports)')
    .option('--json', 'print the report as JSON')
    .action(async (flags: CheckFlags) => {
      const config = loadConfig();
      const log = loggerFor(config);
      const yesterday = addDays(localDate(new Date(), 'UTC'), -1);
      const range = parseWindow(flags.from ?? addDays(yesterday, -364), flags.to ?? yesterday);
      const { streams } = pickStreams(flags.streams, config);
      const locationIds = pickLocations(config.locationIds, flags.locations);
      const client = createClient(config, log, undefined, recorderFor(config, log, flags.record));
      const { runCheck } = await import('../../check/index.js');
      const report = await runCheck({ client, config, log }, { streams, locationIds, chainId: config.chainId, range });
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
      const unreachable = apiUnreachable(config, report.rows.map((r) => r.fix));
      if (unreachable) log.error(unreachable);
      // A location that cannot be read blocks a sync, whatever the reason (an API that does not answer included): exit 1.
      process.exitCode = report.exitCode === 0 && report.blocking.length > 0 ? 1 : report.exitCode;
    });
}

/** The report as a person reads it: the table, the cost of a first backfill, and what blocks a sync. */
export function render(report: CheckReport): string {
  const body = report.rows.map((r) => [
    r.scope,
    r.stream,
    r.status,
    String(r.records),
    r.unread.length ? String(r.unread.length) : '',
    r.backfillRequests ? String(r.backfillRequests) : '',
    r.fix.length > 110 ? `${r.fix.slice(0, 109)}…` : r.fix,
  ]);
  const table = renderTable(['SCOPE', 'STREAM', 'STATUS', 'RECORDS', 'UNREAD FIELDS', 'BACKFILL REQUESTS', 'WHAT TO DO'], body);
  const { requests, seconds, perMinute } = report.estimate;
  const time = seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
  const lines = [
    table,
    '',
    `A first backfill of ${report.range.from}..${report.range.to}: about ${requests} requests, ${time} at ${perMinute} requests/min.`,
    `This check made ${report.requests} requests. UNREAD FIELDS: fields the API sends that no column keeps (they stay in raw); --json lists them.`,
  ];
  if (report.blocking.length > 0) lines.push('', 'What stops a sync:', ...report.blocking.map((b) => `  - ${b}`));
  return `${lines.join('\n')}\n`;
}
