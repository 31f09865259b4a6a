/**
 * Resolves a script's `app` to the absolute URI a call starts with: URLs as written; a path relative to
 * the script becomes a file: URI — unless it lies in a sample app directory whose app.json says
 * `"backend": true`, in which case the legacy app server is started (once per run) and the app is
 * replayed over http, where its back end lives.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type StartAppServer = (opts: { host: string; port: number; root: string }) => Promise<{ url: string; close(): Promise<void> }>;

export class AppResolver {
  private readonly servers = new Map<string, Promise<{ url: string; close(): Promise<void> }>>();

  constructor(private readonly startAppServer?: StartAppServer) {}

  async resolve(app: string, scriptFile: string): Promise<string> {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(app) || app.startsWith('file:')) return app;
    const hashAt = app.indexOf('#');
    const fragment = hashAt >= 0 ? app.slice(hashAt) : '';
    const file = path.resolve(path.dirname(scriptFile), hashAt >= 0 ? app.slice(0, hashAt) : app);
    if (!fs.existsSync(file)) throw new Error(`app ${app} (resolved to ${file}) does not exist`);
    const appDir = findAppDir(path.dirname(file));
    if (appDir && hasBackend(appDir)) {
      if (!this.startAppServer) throw new Error(`${appDir}/app.json needs its back end, but no app server is available to this run`);
      const root = path.dirname(appDir);
      let server = this.servers.get(root);
      if (!server) {
        server = this.startAppServer({ host: '127.0.0.1', port: 0, root });
        this.servers.set(root, server);
      }
      const { url } = await server;
      const rel = path.relative(appDir, file).split(path.sep).map(encodeURIComponent).join('/');
      return `${url}/${encodeURIComponent(path.basename(appDir))}/${rel}${fragment}`;
    }
    return pathToFileURL(file).href + fragment;
  }

  async close(): Promise<void> {
    const servers = [...this.servers.values()];
    this.servers.clear();
    // A server that failed to start was already reported by the scripts that needed it; nothing to close.
    await Promise.all(servers.map((s) => s.then((server) => server.close(), () => undefined)));
  }
}

/** The nearest directory (this one or up to three above) holding an app.json. */
function findAppDir(dir: string): string | undefined {
  let current = dir;
  for (let i = 0; i < 4; i++) {
    if (fs.existsSync(path.join(current, 'app.json'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}

function hasBackend(appDir: string): boolean {
  const file = path.join(appDir, 'app.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  return typeof manifest === 'object' && manifest !== null && (manifest as { backend?: unknown }).backend === true;
}
