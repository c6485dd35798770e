/**
 * The request pipeline: rate limit -> fault decision -> Accept -> route -> auth ->
 * licence -> handler -> drift. Order matters and mirrors the real service: a
 * throttled request is refused before anything else and is never faulted; faults
 * come from the gateway in front of the API, so they replace whatever the API
 * would have answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRates, RateLimit, ResolvedOptions } from '../options.js';
import { hash01 } from '../random.js';
import type { World } from '../world/world.js';
import { checkAuth, acceptsApi } from './auth.js';
import { HttpError, errorBody, errorReply, type Reply } from './envelope.js';
import { applyDrift } from './drift.js';
import { decideFault, serverErrorPage, truncate } from './faults.js';
import { licenceRefusal } from './licence.js';
import { RateLimiter } from './ratelimit.js';
import { matchRoute, type Match, type Route } from './router.js';
import { StatsCollector } from './stats.js';

export const API_PREFIX = '/api/v1';
const MAX_BODY = 1 << 20;

export class SimServer {
  readonly stats = new StatsCollector();
  private faults: FaultRates;
  private limiter: RateLimiter | null;
  /** Number of accepted requests so far: the fault sequence number. */
  private seq = 0;
  private throttled = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly world: World,
    private readonly options: ResolvedOptions,
    private readonly routes: readonly Route[],
  ) {
    this.faults = options.faults;
    this.limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : null;
  }

  setFaults(rates: FaultRates): void {
    this.faults = rates;
    this.options.faults = rates;
  }

  /** Replaces the budget; the windows start empty. */
  setRateLimit(limit: RateLimit | false): void {
    this.limiter = limit ? new RateLimiter(limit) : null;
    this.options.rateLimit = limit;
  }

  /** Cancels pending slow answers (their sockets are being closed anyway). */
  cancelTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.process(req, res).catch((err: unknown) => {
      this.options.log?.(`simulator: ${err instanceof Error ? err.stack : String(err)}`);
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) this.send(res, 500, JSON.stringify(errorBody(`Internal simulator error: ${message}`)));
    });
  };

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = Date.now();
    this.stats.arrive(now);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://simulator');
    const sub = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : null;
    const match = sub === null ? null : matchRoute(this.routes, method, sub);
    const endpoint = match ? `${method} ${match.route.template}` : `${method} (unknown)`;
    const ip = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');

    const refusal = this.limiter?.tryAcquire(ip, now);
    if (refusal) {
      req.resume();
      this.refuse(res, refusal.retryMs, endpoint);
      this.logLine(method, req.url, 429, now, null);
      return;
    }
    this.stats.accept(now);
    const seq = ++this.seq;
    // POST /auth is never faulted: a flaky login would only test the retry policy twice.
    const fault = match?.route.template === '/auth' ? null : decideFault(this.options.seed, seq, this.faults);
    const body = await readBody(req);
    if (fault) this.stats.fault(fault);

    if (fault === 'connectionReset') {
      this.stats.answer(endpoint, 0);
      this.logLine(method, req.url, 0, now, fault);
      req.socket.resetAndDestroy();
      return;
    }
    if (fault === 'serverError') {
      const page = serverErrorPage(this.options.seed, seq);
      this.send(res, page.status, page.html, { 'Content-Type': 'text/html' });
      this.stats.answer(endpoint, page.status);
      this.logLine(method, req.url, page.status, now, fault);
      return;
    }
    const reply = applyDrift(this.options.drift, endpoint, this.compute(req, match, url, body));
    let text = JSON.stringify(reply.body);
    let status = reply.status;
    if (fault === 'slow') await this.delay(this.options.slowMs);
    if (fault === 'truncatedJson') {
      text = truncate(text);
      status = 200;
    }
    if (res.destroyed) return;
    this.send(res, status, text, reply.headers);
    this.stats.answer(endpoint, status);
    this.logLine(method, req.url, status, now, fault);
  }

  private compute(req: IncomingMessage, match: Match | null, url: URL, body: string | null): Reply {
    if (!acceptsApi(req.headers.accept)) {
      return errorReply(406, 'Not acceptable: send Accept: application/vnd.api.v2+json');
    }
    if (!match) return errorReply(404, 'Not found');
    const denied = checkAuth(match.route.auth, req.headers.authorization, this.options.partnerToken, this.world.userToken);
    if (denied) return errorReply(401, denied);
    const lapsed = licenceRefusal(this.world, this.options, match.params, url.searchParams);
    if (lapsed) return lapsed;
    let parsed: unknown;
    if (body !== null && body.trim() !== '') {
      try {
        parsed = JSON.parse(body);
      } catch {
        return errorReply(400, 'Request body is not valid JSON');
      }
    }
    try {
      return match.route.handler({ world: this.world, options: this.options, params: match.params, query: url.searchParams, body: parsed });
    } catch (err) {
      if (err instanceof HttpError) return errorReply(err.status, err.message, err.errors);
      throw err;
    }
  }

  /**
   * 429 with the API's unhelpful message: the seconds it names are usually 0 and only
   * sometimes the real wait; Retry-After is present on some answers only. Both choices
   * are seeded per refusal, so a run is reproducible.
   */
  private refuse(res: ServerResponse, retryMs: number, endpoint: string): void {
    const n = ++this.throttled;
    const seconds = Math.ceil(retryMs / 1000);
    const said = hash01(this.options.seed, 'retry-text', n) < 0.7 ? 0 : seconds;
    const headers: Record<string, string> = {};
    if (hash01(this.options.seed, 'retry-after', n) < 0.5) headers['Retry-After'] = String(seconds);
    this.send(res, 429, JSON.stringify(errorBody(`Too many requests, retry in ${said} seconds`)), headers);
    this.stats.throttle();
    this.stats.answer(endpoint, 429);
  }

  private send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private logLine(method: string, url: string | undefined, status: number, started: number, fault: string | null): void {
    if (!this.options.log) return;
    const ms = Date.now() - started;
    this.options.log(`${method} ${url ?? ''} ${status === 0 ? 'RESET' : status} ${ms}ms${fault ? ` fault=${fault}` : ''}`);
  }
}

/** Reads the whole body (so a reset happens after the request was sent); null when empty. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size === 0 ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}


