import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { logFormatOf, writeLogLine } from '../../log.js';
import { GIFT_CARD_PARAMS, type AccountOptions, type GiftCardParam } from '../../simulator/account.js';
import { parseDriftRules, type DriftRule } from '../../simulator/http/drift.js';
import { SIMULATOR_DEFAULTS } from '../../simulator/options.js';
import { parseIdList, parseIntOption } from '../options.js';

interface SimulateFlags {
  port: string;
  host: string;
  seed: string;
  locations: string;
  clients: string;
  days: string;
  faults: string;
  perSecond: string;
  perMinute: string;
  unlimited?: boolean;
  verbose?: boolean;
  /** `--no-loyalty <ids>` (commander files a `--no-` flag under the positive name). */
  loyalty?: string | boolean;
  restrictedClients?: string;
  zReportTodayOnly?: string;
  lapsedLicence?: string;
  /** `--no-analytics-right <ids>`. */
  analyticsRight?: string | boolean;
  giftCardParam?: string;
  drift: string[];
}

/** A location list; `none` (or an empty value) is the empty list. */
function locationList(value: string | boolean | undefined, option: string): number[] | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  if (value.trim() === '' || value.trim() === 'none') return [];
  return parseIdList(value, option);
}

function accountOptions(flags: SimulateFlags): AccountOptions {
  const param = flags.giftCardParam;
  if (param !== undefined && !GIFT_CARD_PARAMS.includes(param as GiftCardParam)) {
    throw new ConfigError(`--gift-card-param expects one of ${GIFT_CARD_PARAMS.join(', ')}, got ${param}`, '--gift-card-param');
  }
  const account: AccountOptions = {
    noLoyalty: locationList(flags.loyalty, '--no-loyalty'),
    restrictedClients: locationList(flags.restrictedClients, '--restricted-clients'),
    zReportTodayOnly: locationList(flags.zReportTodayOnly, '--z-report-today-only'),
    lapsedLicence: locationList(flags.lapsedLicence, '--lapsed-licence'),
    noAnalyticsRight: locationList(flags.analyticsRight, '--no-analytics-right'),
    giftCardParam: param as GiftCardParam | undefined,
  };
  return Object.fromEntries(Object.entries(account).filter(([, v]) => v !== undefined)) as AccountOptions;
}

function driftRules(values: string[]): DriftRule[] {
  try {
    return values.flatMap(parseDriftRules);
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err), '--drift');
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseRate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`--faults expects a rate from 0 to 1, got ${value}`);
  return n;
}

export function registerSimulate(program: Command): void {
  const d = SIMULATOR_DEFAULTS;
  program
    .command('simulate')
    .description('serve the built-in Altegio simulator over HTTP until interrupted')
    .option('--port <n>', 'TCP port', '8787')
    .option('--host <addr>', 'interface to listen on', d.host)
    .option('--seed <n>', 'seed of the generated world and of the faults', String(d.seed))
    .option('--locations <n>', 'locations (one chain)', String(d.locations))
    .option('--clients <n>', 'clients per location', String(d.clients))
    .option('--days <n>', 'days of history per location', String(d.days))
    .option('--faults <rate>', 'share of requests that fail (5xx, resets, slow, truncated JSON), 0..1', String(d.faults))
    .option('--per-second <n>', 'rate limit per client IP, requests per second', String(d.rateLimit.perSecond))
    .option('--per-minute <n>', 'rate limit per client IP, requests per minute', String(d.rateLimit.perMinute))
    .option('--unlimited', 'no rate limit')
    .option('--no-loyalty <ids>', `locations without the loyalty module, or 'none' (default: ${d.account.noLoyalty})`)
    .option('--restricted-clients <ids>', `locations whose client search sees only part of the clients, or 'none' (default: ${d.account.restrictedClients})`)
    .option('--z-report-today-only <ids>', `locations whose Z-report always answers today's report (default: ${d.account.zReportTodayOnly})`)
    .option('--lapsed-licence <ids>', `locations whose licence has lapsed: every endpoint answers 402 (default: ${d.account.lapsedLicence})`)
    .option('--no-analytics-right <ids>', `locations without the analytics right: charts 401, other analytics 403 (default: ${d.account.noAnalyticsRight})`)
    .option('--gift-card-param <name>', `location parameter of GET /loyalty/certificates: ${GIFT_CARD_PARAMS.join(', ')}`, d.account.giftCardParam)
    .option('--drift <rule>', "rename or drop a field, e.g. 'GET /records/{loc}:last_change_date=changed_at' ('field=' drops it); repeatable", collect, [])
    .option('--verbose', 'log every request')
    .action(async (flags: SimulateFlags) => {
      const { startSimulator } = await import('../../simulator/index.js');
      const account = accountOptions(flags);
      const drift = driftRules(flags.drift);
      const sim = await startSimulator({
        account,
        drift,
        port: parseIntOption(flags.port, '--port'),
        host: flags.host,
        seed: parseIntOption(flags.seed, '--seed'),
        locations: parseIntOption(flags.locations, '--locations', 1),
        clients: parseIntOption(flags.clients, '--clients', 1),
        days: parseIntOption(flags.days, '--days', 1),
        faults: parseRate(flags.faults),
        rateLimit: flags.unlimited
          ? false
          : { perSecond: parseIntOption(flags.perSecond, '--per-second', 1), perMinute: parseIntOption(flags.perMinute, '--per-minute', 1) },
        // One JSON object a line under JSON logs, like every other line on stderr.
        log: flags.verbose ? (line) => (logFormatOf() === 'json' ? writeLogLine('info', line) : process.stderr.write(`${line}\n`)) : undefined,
      }).catch((err: unknown) => {
        if ((err as { code?: unknown }).code !== 'EADDRINUSE') throw err;
        throw new Error(`port ${flags.port} of ${flags.host} is in use: stop what listens there, or pick another --port (--port 0 takes a free one)`);
      });
      // Listening for the signals before saying so: a script that signals once it reads the banner must not kill the process instead.
      const stopped = new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const ids = sim.truth().locations.map((l) => l.id).join(',');
      process.stdout.write(
        [
          `Altegio simulator listening on ${sim.url}`,
          '',
          'Point altegio-sync at it with:',
          `  export ALTEGIO_BASE_URL=${sim.url}`,
          `  export ALTEGIO_PARTNER_TOKEN=${d.partnerToken} ALTEGIO_USER_TOKEN=${d.userToken}`,
          `  export ALTEGIO_LOCATION_IDS=${ids} ALTEGIO_CHAIN_ID=${d.chainId}`,
          '',
          'Or ask it directly:',
          `  curl -H 'Accept: application/vnd.api.v2+json' -H 'Authorization: Bearer ${d.partnerToken}, User ${d.userToken}' '${sim.url}/clients/1?count=5'`,
          '',
          'Ctrl-C stops it.',
          '',
        ].join('\n'),
      );
      await stopped;
      await sim.close();
    });
}
