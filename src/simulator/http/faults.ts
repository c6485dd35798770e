/**
 * Fault injection. Whether request number N (counting accepted requests from 1)
 * fails, and how, is a pure function of (seed, N, rates): two simulators with the
 * same seed that receive the same sequence of requests fail identically.
 */
import { FAULT_KINDS, type FaultKind, type FaultRates } from '../options.js';
import { hash01, hash32 } from '../random.js';

export function decideFault(seed: number, seq: number, rates: FaultRates): FaultKind | null {
  const u = hash01(seed, 'fault', seq);
  let edge = 0;
  for (const kind of FAULT_KINDS) {
    edge += rates[kind];
    if (u < edge) return kind;
  }
  return null;
}

const STATUSES = [500, 502, 503] as const;
const TITLES: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' };

/** The status and HTML page of a server-error fault, as a front proxy would answer. */
export function serverErrorPage(seed: number, seq: number): { status: number; html: string } {
  const status = STATUSES[hash32(seed, '5xx', seq) % STATUSES.length] ?? 500;
  const title = `${status} ${TITLES[status] ?? 'Error'}`;
  return {
    status,
    html: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** Half of a JSON body: still starts like JSON, never parses. */
export function truncate(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}
