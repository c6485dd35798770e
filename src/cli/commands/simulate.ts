import type { Command } from 'commander';
import { SIMULATOR_DEFAULTS } from '../../simulator/options.js';
import { parseIntOption } from '../options.js';

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
}

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
    .option('--verbose', 'log every request')
    .action(async (flags: SimulateFlags) => {
      const { startSimulator } = await import('../../simulator/index.js');
      const sim = await startSimulator({
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
        log: flags.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
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
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
    });
}
