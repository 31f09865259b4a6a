/** A scriptable loopback HTTP server for runtime tests: routes by path, counts requests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Route = (req: Recorded, res: http.ServerResponse) => void;

export interface Loopback {
  url: string;
  origin: string;
  requests: Recorded[];
  count(path: string): number;
  close(): Promise<void>;
}

export async function startLoopback(routes: Record<string, Route>): Promise<Loopback> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const rec: Recorded = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(rec);
      const route = routes[path];
      if (!route) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      route(rec, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    requests,
    count: (p) => requests.filter((r) => r.path.split('?')[0] === p).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function vxml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">\n${body}\n</vxml>\n`;
}
