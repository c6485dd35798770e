/** Route table: path templates such as `/clients/{loc}` with the auth each one needs. */
import type { ResolvedOptions } from '../options.js';
import type { World } from '../world/world.js';
import type { Reply } from './envelope.js';

/** `user`: `Bearer <partner>, User <user>`; `partner`: the partner bearer is enough. */
export type AuthLevel = 'user' | 'partner' | 'none';

export interface Ctx {
  world: World;
  options: ResolvedOptions;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body of a POST (undefined when there is none). */
  body: unknown;
}

export type Handler = (ctx: Ctx) => Reply;

export interface Route {
  method: 'GET' | 'POST';
  /** Path below /api/v1, used as the stats key (`GET /clients/{loc}`). */
  template: string;
  auth: AuthLevel;
  handler: Handler;
  regex: RegExp;
  keys: string[];
}

export function route(method: Route['method'], template: string, handler: Handler, auth: AuthLevel = 'user'): Route {
  const keys: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { method, template, auth, handler, regex: new RegExp(`^${pattern}/?$`), keys };
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): Match | null {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => {
      params[k] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route: r, params };
  }
  return null;
}
