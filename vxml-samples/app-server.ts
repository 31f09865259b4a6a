/**
 * The legacy web server the sample applications ran on: one HTTP server that serves every sample app's static
 * documents under `/<app>/…` (VoiceXML, SRGS grammars, scripts, audio) and mounts each app's back end (its
 * JSP/ASP/servlet services) under the same `/<app>/` prefix, so documents reach their back end with RELATIVE
 * URLs exactly as they did in production.
 *
 * Used by the replay runner (which starts it on an ephemeral port), by tests, and standalone by docker-compose:
 *   node dist/vxml-samples/app-server.js --port 8080 [--host 0.0.0.0]
 */
import express from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createBackend as createAirlineBackend } from './airline/backend';
import { createBackend as createRailwayBackend } from './railway/backend';
import { createBackend as createMobileBackend } from './mobile/backend';

/** `app.json` beside each sample app. */
export interface SampleAppManifest {
  name: string;
  description: string;
  /** Entry document, relative to the app directory. */
  entry: string;
  /** Whether the app has a back end (backend.ts) mounted under its prefix. */
  backend: boolean;
  languages: string[];
}

export interface SampleApp {
  /** Directory name = URL prefix. */
  id: string;
  dir: string;
  manifest: SampleAppManifest;
}

/** The back ends, by app directory. Static imports keep them type-checked and bundled with the build. */
const BACKENDS: Record<string, () => express.Router> = {
  airline: createAirlineBackend,
  railway: createRailwayBackend,
  mobile: createMobileBackend,
};

/** Content types the legacy server announced; anything else under an app directory is not served. */
export const SAMPLE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.vxml': 'application/voicexml+xml',
  '.grxml': 'application/srgs+xml',
  '.gram': 'application/srgs',
  '.js': 'text/javascript',
  '.xml': 'application/xml',
  '.wav': 'audio/wav',
};

/**
 * Where the sample apps live. Compiled, this module runs from dist/vxml-samples while the documents stay in
 * vxml-samples/ at the package root; run by ts-jest it sits beside them.
 */
export function defaultSamplesRoot(): string {
  const candidates = [__dirname, path.resolve(__dirname, '..', '..', 'vxml-samples')];
  for (const candidate of candidates) {
    if (fs.existsSync(path.join(candidate, 'airline', 'app.json'))) return candidate;
  }
  throw new Error(`vxml-samples: cannot find the sample apps (looked in ${candidates.join(', ')})`);
}

/** Reads and checks one app.json; throws with the file name on anything malformed. */
export function readManifest(file: string): SampleAppManifest {
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof raw !== 'object' || raw === null) throw new Error(`${file}: expected a JSON object`);
  const m = raw as Record<string, unknown>;
  const str = (key: string): string => {
    const v = m[key];
    if (typeof v !== 'string' || v === '') throw new Error(`${file}: "${key}" must be a non-empty string`);
    return v;
  };
  if (typeof m.backend !== 'boolean') throw new Error(`${file}: "backend" must be true or false`);
  if (!Array.isArray(m.languages) || !m.languages.every((l): l is string => typeof l === 'string')) {
    throw new Error(`${file}: "languages" must be an array of language tags`);
  }
  return { name: str('name'), description: str('description'), entry: str('entry'), backend: m.backend, languages: m.languages };
}

/** Every directory under `root` holding an app.json, sorted by name. */
export function listSampleApps(root: string = defaultSamplesRoot()): SampleApp[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'app.json')))
    .map((d) => ({ id: d.name, dir: path.join(root, d.name), manifest: readManifest(path.join(root, d.name, 'app.json')) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Serves the static files of one app directory with the content types above. Source files (backend.ts,
 * replays, app.json) are never served, just as the JSP sources were not.
 */
function staticFiles(dir: string): express.RequestHandler {
  const root = path.resolve(dir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch (err: unknown) {
      res.status(400).type('text/plain').send(`bad path: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const contentType = SAMPLE_CONTENT_TYPES[path.extname(relative).toLowerCase()];
    if (!contentType) return next();
    const file = path.resolve(root, '.' + path.posix.normalize('/' + relative));
    if (!file.startsWith(root + path.sep)) return next();
    fs.stat(file, (statErr, stat) => {
      if (statErr || !stat.isFile()) return next();
      res.setHeader('Content-Type', contentType);
      res.setHeader('Content-Length', String(stat.size));
      res.setHeader('Last-Modified', stat.mtime.toUTCString());
      res.setHeader('Cache-Control', 'max-age=60');
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file)
        .on('error', (readErr) => next(readErr))
        .pipe(res);
    });
  };
}

/** Builds the express application serving every sample app under its prefix. */
export function createAppServer(opts: { root?: string } = {}): express.Express {
  const root = opts.root ?? defaultSamplesRoot();
  const apps = listSampleApps(root);
  const server = express();
  server.disable('x-powered-by');
  server.get('/', (_req, res) => {
    res.json(apps.map((a) => ({ app: a.id, name: a.manifest.name, entry: `/${a.id}/${a.manifest.entry}` })));
  });
  server.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  for (const app of apps) {
    server.use(`/${app.id}`, staticFiles(app.dir));
    if (app.manifest.backend) {
      const create = BACKENDS[app.id];
      if (!create) throw new Error(`${app.dir}/app.json says "backend": true but app-server.ts has no back end for "${app.id}"`);
      server.use(`/${app.id}`, create());
    }
  }
  server.use((req, res) => {
    res.status(404).type('text/html').send(`<html><body><h1>404 Not Found</h1><p>${escapeHtml(req.path)}</p></body></html>`);
  });
  return server;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Starts the app server; `port: 0` (the default) picks an ephemeral port. */
export async function startAppServer(opts: { host?: string; port?: number; root?: string }): Promise<{ url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const app = createAppServer({ root: opts.root });
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Standalone entry (docker-compose, demos). The only place in vxml-samples that reads argv/env. */
function argValue(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const port = Number(argValue(argv, '--port') ?? process.env.PORT ?? 8080);
  const host = argValue(argv, '--host') ?? process.env.HOST ?? '0.0.0.0';
  startAppServer({ host, port }).then(
    ({ url }) => {
      process.stdout.write(`vxml-samples app server listening on ${url}\n`);
      for (const app of listSampleApps()) process.stdout.write(`  ${url}/${app.id}/${app.manifest.entry}  ${app.manifest.name}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`vxml-samples app server failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
