/**
 * `replay --app-server <url>`: scripts whose application needs its back end are replayed against an app server
 * that is already running (docker-compose's `apps` service, or one the gateways were told to allow), instead of
 * one started on an ephemeral loopback port the remote gateways could neither reach nor allow.
 *
 * Before the first script, the server must prove it serves the SAME applications: its index lists every app
 * directory the scripts use, and each entry document is byte for byte the local one. A mismatch fails the run
 * loudly — a replay must never pass or fail against some other application.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StartAppServer } from '../index';

interface ListedApp {
  app: string;
  entry: string;
}

function isListing(x: unknown): x is ListedApp[] {
  return Array.isArray(x) && x.every((e) => typeof e === 'object' && e !== null && typeof (e as ListedApp).app === 'string' && typeof (e as ListedApp).entry === 'string');
}

/** Local app directories under `root` (those holding an app.json) and their entry documents. */
function localApps(root: string): { id: string; entry: string }[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'app.json')))
    .map((d) => {
      const manifest: unknown = JSON.parse(fs.readFileSync(path.join(root, d.name, 'app.json'), 'utf8'));
      const entry = typeof manifest === 'object' && manifest !== null && typeof (manifest as { entry?: unknown }).entry === 'string' ? (manifest as { entry: string }).entry : '';
      return { id: d.name, entry };
    });
}

async function get(url: string, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err: unknown) {
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    throw new Error(`--app-server ${url}: not reachable: ${err instanceof Error ? err.message : String(err)}${cause}`);
  }
}

/** A StartAppServer that checks and then uses the app server at `base` (closing it is left to its owner). */
export function sharedAppServer(base: string, timeoutMs = 5000): StartAppServer {
  const url = base.replace(/\/+$/, '');
  return async ({ root }) => {
    const index = await get(`${url}/`, timeoutMs);
    if (!index.ok) throw new Error(`--app-server ${url}: GET / answered HTTP ${index.status}; expected the vxml-samples app server's index of applications`);
    const listed: unknown = await index.json().catch(() => undefined);
    if (!isListing(listed)) throw new Error(`--app-server ${url}: GET / is not the vxml-samples app server's index (a JSON list of { app, entry })`);
    const served = new Set(listed.map((a) => a.app));
    const problems: string[] = [];
    for (const app of localApps(root)) {
      if (!served.has(app.id)) {
        problems.push(`it does not serve ${app.id} (it serves: ${[...served].join(', ') || 'nothing'})`);
        continue;
      }
      if (!app.entry) continue;
      const res = await get(`${url}/${encodeURIComponent(app.id)}/${app.entry}`, timeoutMs);
      const remote = Buffer.from(await res.arrayBuffer());
      const local = fs.readFileSync(path.join(root, app.id, app.entry));
      if (!res.ok || !remote.equals(local)) problems.push(`its ${app.id}/${app.entry} is not this checkout's ${path.join(root, app.id, app.entry)}${res.ok ? '' : ` (HTTP ${res.status})`}`);
    }
    if (problems.length > 0) throw new Error(`--app-server ${url} does not serve the applications of these scripts: ${problems.join('; ')}`);
    return { url, close: async () => undefined };
  };
}
