/**
 * The web console (issue 11): call any application from the browser on the simulated channel, watch its
 * dialog graph light up as the call moves, and — for operators holding CONSOLE_TOKEN — watch every call in
 * progress on the gateway, whatever its channel. The gateway's server mounts `createWebConsole(…).router`.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type express from 'express';
import { systemClock, type Clock, type GatewayRuntime, type Logger, type StartAppServer } from '../../gateway/index';
import { AppViews } from './app-views';
import { BrowserCalls } from './browser-calls';
import { AppCatalog } from './catalog';
import type { ConsoleConfig } from './config';
import { DocumentSets } from './documents';
import { LiveCalls } from './live';
import { createConsoleRouter } from './router';
import { RateLimiter } from './security';

export { loadConsoleConfig, consoleConfig, ConsoleConfigError, DEFAULT_SENSITIVE_ITEMS, type ConsoleConfig } from './config';
export { LiveCalls, type LiveLine, type LiveSummary } from './live';
export { dialable } from './browser-calls';
export { buildChartView, type ChartView, type ChartBox, type ChartEdge } from './chart';
export { turnView, type TurnView } from './turn-view';

export interface WebConsoleOptions {
  runtime: GatewayRuntime;
  logger: Logger;
  /** The gateway's default application and the origins a typed URL may be on. */
  apps: { defaultApp?: string; allowedOrigins: readonly string[] };
  config: ConsoleConfig;
  /** The bundled sample apps and the server of their back ends (offered in the application picker). */
  samples?: { root: string; startAppServer: StartAppServer };
  clock?: Clock;
  /** Where the page's files are (default: adapters/web/public of this package). */
  publicDir?: string;
}

export interface WebConsole {
  /** Mount at the server's root: it answers `/`, `/console/assets/*` and `/console/api/*` only. */
  router: express.RequestHandler;
  live: LiveCalls;
  /** Hangs up browser calls, stops observing the runtime and stops the sample app server if started. */
  close(): Promise<void>;
}

export function createWebConsole(opts: WebConsoleOptions): WebConsole {
  const clock = opts.clock ?? systemClock;
  const { config, runtime, logger } = opts;
  const catalog = new AppCatalog({ samplesRoot: opts.samples?.root, startAppServer: opts.samples?.startAppServer, defaultApp: opts.apps.defaultApp, allowedOrigins: opts.apps.allowedOrigins });
  const documents = new DocumentSets({ allowedOrigins: opts.apps.allowedOrigins, maxBytes: runtime.config.fetch.maxDocumentBytes, timeoutMs: runtime.config.fetch.timeoutMs, clock });
  const live = new LiveCalls({ clock, sensitiveItems: config.sensitiveItems, ...config.live });
  const stopObserving = runtime.observe(live);
  const calls = new BrowserCalls({ runtime, clock, logger, maxCalls: config.maxCalls, maxCallsPerClient: config.maxCallsPerClient, idleMs: config.idleMs });
  const r = config.rate;
  const router = createConsoleRouter({
    config,
    catalog,
    calls,
    views: new AppViews(documents),
    live,
    logger,
    limits: {
      calls: new RateLimiter(clock, r.callsPerMinute / 60, r.callsPerMinute),
      inputs: new RateLimiter(clock, r.inputsPerSecond, r.inputBurst),
      live: new RateLimiter(clock, r.livePerSecond, r.liveBurst),
      badTokens: new RateLimiter(clock, 10 / 60, 10),
    },
    publicDir: opts.publicDir ?? defaultPublicDir(),
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopObserving();
      await calls.closeAll();
      await catalog.close();
    })();
    return closing;
  };

  // The console learns which HTTP server it runs in from its requests, and stops the sample app server it
  // started when that server closes, so `serve` exits cleanly without extra wiring. (A later sample call
  // would start it again: mounting the console in a short-lived server, as supertest(app) does, is harmless.)
  const watched = new WeakSet<net.Server>();
  const outer: express.RequestHandler = (req, res, next) => {
    const server: unknown = (req.socket as unknown as { server?: unknown }).server;
    if (server instanceof net.Server && !watched.has(server)) {
      watched.add(server);
      server.once('close', () => {
        catalog.close().catch((e: unknown) => logger.error(`web console: stopping the sample app server failed: ${e instanceof Error ? e.message : String(e)}`));
      });
    }
    router(req, res, next);
  };
  return { router: outer, live, close };
}

/** adapters/web/public beside this module (ts-jest), or at the package root when running from dist/. */
export function defaultPublicDir(): string {
  const candidates = [path.join(__dirname, 'public'), path.resolve(__dirname, '..', '..', '..', 'adapters', 'web', 'public')];
  for (const candidate of candidates) if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  throw new Error(`web console: cannot find its page (looked in ${candidates.join(', ')})`);
}
