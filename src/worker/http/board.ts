import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Secret } from '../../util/secret.js';

export const BOARD_PATH = '/board';
const COOKIE = 'altegio_board';

export interface BoardOptions {
  queue: Queue;
  token: Secret;
  /** Default true: jobs can be looked at, not retried, promoted or removed. */
  readOnly?: boolean;
}

/**
 * The Bull Board under /board, behind a token: `Authorization: Bearer
 * <token>`, or `/board?token=<token>` once in a browser, which sets an
 * HttpOnly cookie for the page's own requests.
 */
export function boardRouter(options: BoardOptions): RequestHandler[] {
  const adapter = new ExpressAdapter().setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(options.queue, { readOnlyMode: options.readOnly ?? true })],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'altegio-sync' } },
  });
  return [requireToken(options.token), adapter.getRouter() as RequestHandler];
}

function requireToken(token: Secret): RequestHandler {
  const expected = digest(token.reveal());
  const matches = (candidate: string | undefined) => candidate !== undefined && timingSafeEqual(digest(candidate), expected);
  return (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (matches(bearer) || matches(readCookie(req.headers.cookie, COOKIE))) return next();
    if (matches(fromQuery)) {
      // Keep the token out of the address bar (and of history and referrers).
      res.cookie(COOKIE, fromQuery, { httpOnly: true, sameSite: 'strict', path: BOARD_PATH, secure: req.secure });
      return res.redirect(303, req.baseUrl || BOARD_PATH);
    }
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'the board needs BULL_BOARD_TOKEN (Authorization: Bearer, or ?token= once)' });
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
