import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Receives a JSON answer of `METHOD /path` (after /api/v1) and returns it changed, or undefined to pass it on as it is. */
export type Rewrite = (endpoint: string, query: URLSearchParams, body: unknown) => unknown;

/**
 * An HTTP relay in front of the simulator that lets a test change a few
 * records of its real answers (a field of another type, a record the
 * database refuses), so that the rest of a world stays the simulator's, with
 * its ground truth. Everything else, status and headers included, passes
 * through untouched.
 */
export async function startRewritingProxy(target: string, rewrite: Rewrite): Promise<{ url: string; rewritten: () => number; close(): Promise<void> }> {
  const upstream = new URL(target);
  let rewritten = 0;
  const server = createServer((req, res) => {
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let text = Buffer.concat(chunks).toString('utf8');
          const url = new URL(req.url ?? '/', 'http://proxy');
          try {
            const changed = rewrite(`${req.method} ${url.pathname.replace(/^\/api\/v1/, '')}`, url.searchParams, JSON.parse(text));
            if (changed !== undefined) {
              text = JSON.stringify(changed);
              rewritten += 1;
            }
          } catch {
            // Not JSON (a fault page, a cut body): passed on as it came.
          }
          const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(text);
        });
        answer.on('error', () => res.destroy());
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    rewritten: () => rewritten,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
