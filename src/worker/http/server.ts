import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Registry } from 'prom-client';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { BOARD_PATH, boardRouter, type BoardOptions } from './board.js';

export interface HealthReport {
  ok: boolean;
  /**
   * Not ok only because of something outside this process that a restart
   * would not mend (the API): the status reads `degraded`, not `unhealthy`.
   */
  degraded?: boolean;
  /** Each dependency: `ok` or what is wrong. */
  checks: Record<string, string>;
  /** Facts beside the checks (since when the API fails, its last error), as more fields of the body. */
  details?: Record<string, string>;
}

export interface HttpOptions {
  port: number;
  host: string;
  log: Logger;
  metrics: Registry;
  health: () => Promise<HealthReport>;
  /** The Bull Board; absent when no BULL_BOARD_TOKEN is set. */
  board?: BoardOptions;
}

export interface HttpServer {
  /** The port listened on. */
  port: number;
  close(): Promise<void>;
}

/**
 * `/healthz` (200, or 503 with `status` `unhealthy` or `degraded`; JSON),
 * `/metrics` (Prometheus text), and `/board` when configured.
 */
export async function startHttpServer(options: HttpOptions): Promise<HttpServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    const report = await options.health().catch((err): HealthReport => ({ ok: false, checks: { health: errorMessage(err) } }));
    const status = report.ok ? 'ok' : report.degraded ? 'degraded' : 'unhealthy';
    res.status(report.ok ? 200 : 503).json({ status, ...report.checks, ...report.details });
  });
  app.get('/metrics', async (_req, res) => {
    try {
      res.set('Content-Type', options.metrics.contentType).send(await options.metrics.metrics());
    } catch (err) {
      options.log.warn({ err: errorMessage(err) }, 'could not collect metrics');
      res.status(500).type('text/plain').send(`# could not collect metrics: ${errorMessage(err)}\n`);
    }
  });
  if (options.board) app.use(BOARD_PATH, ...boardRouter(options.board));
  else app.use(BOARD_PATH, (_req, res) => void res.status(404).type('text/plain').send('the board is off: set BULL_BOARD_TOKEN to turn it on\n'));
  const server: Server = app.listen(options.port, options.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  options.log.info({ port, board: Boolean(options.board) }, `serving /healthz, /metrics${options.board ? ` and ${BOARD_PATH}` : ''} on ${options.host}:${port}`);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
