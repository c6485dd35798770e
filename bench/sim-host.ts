/**
 * The simulator in a process of its own, driven over IPC by the benchmark:
 * its memory and its CPU stay out of the process being measured. Besides the
 * simulator's own `stats()`, it keeps the arrival time of every accepted
 * request (for the busy-period rate) and the server time of each answer.
 *
 * argv[2]: the simulator options as JSON (`anchor` as an ISO string).
 */
import { startSimulator, type RateLimit, type SimulatorOptions } from '../src/simulator/index.js';
import { minimumRequests, type MinimumOptions } from './minimum.js';

export type HostCommand =
  | { cmd: 'stats' }
  | { cmd: 'reset' }
  | { cmd: 'timeline' }
  | { cmd: 'setRateLimit'; limit: RateLimit | false }
  | { cmd: 'minimum'; options: MinimumOptions }
  | { cmd: 'truth' }
  | { cmd: 'close' };

const raw = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions & { anchor?: string };
/** Arrival (ms) and endpoint of every accepted request since the last reset. */
let arrivals: Array<{ at: number; endpoint: string }> = [];
/** Server time (ms) of every accepted answer since the last reset. */
let serverMs: number[] = [];
const LINE = /^(\w+) (\S*) (\d{3}|RESET) (\d+)ms/;

/** `GET /api/v1/clients/1?page=2` → `GET /clients/{id}`. */
function endpointOf(method: string, url: string): string {
  return `${method} ${url.split('?')[0]!.replace(/^\/api\/v1/, '').replace(/\/\d+/g, '/{id}')}`;
}

const sim = await startSimulator({
  ...raw,
  anchor: raw.anchor ? new Date(raw.anchor) : undefined,
  log: (line) => {
    const m = LINE.exec(line);
    if (!m || m[3] === '429') return;
    const ms = Number(m[4]);
    arrivals.push({ at: Date.now() - ms, endpoint: endpointOf(m[1]!, m[2]!) });
    serverMs.push(ms);
  },
});

function answer(cmd: HostCommand): unknown {
  switch (cmd.cmd) {
    case 'stats':
      return sim.stats();
    case 'reset':
      sim.resetStats();
      arrivals = [];
      serverMs = [];
      return null;
    case 'timeline': {
      const sorted = [...arrivals].sort((a, b) => a.at - b.at);
      return { arrivals: sorted.map((a) => a.at), endpoints: sorted.map((a) => a.endpoint), serverMs };
    }
    case 'setRateLimit':
      sim.setRateLimit(cmd.limit);
      return null;
    case 'minimum':
      return minimumRequests(sim, cmd.options);
    case 'truth':
      return sim.truth().locations.map((l) => ({ id: l.id, clients: l.clients.count, records: l.records.count, visits: l.visits.count }));
    case 'close':
      return null;
  }
}

process.on('message', (message: { id: number } & HostCommand) => {
  try {
    const result = answer(message);
    process.send!({ id: message.id, result });
    if (message.cmd === 'close') void sim.close().finally(() => process.exit(0));
  } catch (err) {
    process.send!({ id: message.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});
// The benchmark going away takes the simulator with it.
process.on('disconnect', () => void sim.close().finally(() => process.exit(0)));
process.send!({ ready: true, url: sim.url, chainId: sim.truth().chainId, locationIds: sim.truth().locations.map((l) => l.id) });
