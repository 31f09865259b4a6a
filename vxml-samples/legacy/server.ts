/**
 * The web server the legacy probe applications (vxml-samples/legacy/<app>/) ran on: static documents,
 * grammars and scripts under `/<app>/…`, plus each app's back end (backend.ts) under the same prefix.
 * Kept apart from vxml-samples/app-server.ts so these apps do not join the main samples' suites; the replay
 * runner uses it through `startLegacyAppServer` (a StartAppServer) in test/legacy/replays.test.ts.
 */
import express from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SAMPLE_CONTENT_TYPES } from '../app-server';
import { createBankBackend } from './bank/backend';
import { createClaimsBackend } from './claims/backend';
import { createRefillBackend } from './refill/backend';
import { createStrutsBackend } from './struts/backend';

const BACKENDS: Record<string, () => express.Router> = {
  bank: createBankBackend,
  claims: createClaimsBackend,
  refill: createRefillBackend,
  struts: createStrutsBackend,
};

function staticFiles(dir: string): express.RequestHandler {
  const root = path.resolve(dir);
  return (req, res, next) => {
    if (req.method !== 'GET') return next();
    const type = SAMPLE_CONTENT_TYPES[path.extname(req.path).toLowerCase()];
    const file = path.resolve(root, '.' + path.posix.normalize('/' + decodeURIComponent(req.path)));
    if (!type || !file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return next();
    res.status(200).type(type).send(fs.readFileSync(file));
  };
}

export async function startLegacyAppServer(opts: { host?: string; port?: number; root?: string }): Promise<{ url: string; close(): Promise<void> }> {
  const root = opts.root ?? __dirname;
  const app = express();
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || !fs.existsSync(path.join(root, entry.name, 'app.json'))) continue;
    app.use(`/${entry.name}`, staticFiles(path.join(root, entry.name)));
    const backend = BACKENDS[entry.name];
    if (backend) app.use(`/${entry.name}`, backend());
  }
  app.use((req, res) => {
    res.status(404).type('text/html').send(`<html><body><h1>404 Not Found</h1></body></html>`);
  });
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
