import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FixtureHandler = (url: URL, body: string) => { status?: number; body: unknown; headers?: Record<string, string> };

/**
 * A real HTTP server that answers recorded or hand-written payloads, for
 * cases the simulator never produces (malformed records, odd envelopes).
 * Routes are matched on `METHOD /path` after the /api/v1 prefix.
 */
export async function serveFixtures(routes: Record<string, FixtureHandler>): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const key = `${req.method} ${url.pathname.replace(/^\/api\/v1/, '')}`;
      requests.push(`${key}${url.search}`);
      const handler = routes[key];
      const answer = handler ? handler(url, body) : { status: 404, body: { success: false, data: null, meta: { message: 'not found' } } };
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
