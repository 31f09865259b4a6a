/**
 * The gateway's HTTP server: one express app with every platform's routes and the operational endpoints.
 *   /twilio/*   Twilio webhooks (adapters/twilio)
 *   /acs/*      ACS Call Automation callbacks (adapters/acs, mounted below)
 *   /healthz    liveness
 *   /readyz     readiness
 *   /metrics    Prometheus metrics
 * Composition only: adapters bring their routes, this file decides where they live.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { afterSlice, type GatewayMetrics, type GatewayRuntime, type Logger } from '../index';
import { createTwilioRouter, TWILIO_MOUNT_PATH, type TwilioConfig } from '../../adapters/twilio/index';
import { createWebConsole, type ConsoleConfig } from '../../adapters/web/index';
import { defaultSamplesRoot, startAppServer } from '../../vxml-samples/app-server';
import type { AcsAdapter, AcsCallStore, AcsConfig } from '../../adapters/acs/index';

export interface GatewayServerOptions {
  runtime: GatewayRuntime;
  logger: Logger;
  twilio: TwilioConfig;
  /** Application of calls that name none, and the other origins an incoming call may name (`app` parameter). */
  apps: { defaultApp?: string; allowedOrigins: string[] };
  /** Extra routers (tests, later features) mounted after the platforms, before the 404. */
  extra?: { path: string; router: express.Router }[];
  /** Prometheus metrics: served on /metrics, and every HTTP answer counted. */
  metrics?: GatewayMetrics;
  /** Readiness checks for /readyz (default: always ready). */
  ready?: () => Promise<Readiness>;
  /**
   * ACS Call Automation, when configured (`config`; no routes without it): call state shared by instances
   * (Redis; default in memory). The adapter is handed out to be closed.
   */
  acs?: { config?: AcsConfig; store?: AcsCallStore; onAdapter?: (adapter: AcsAdapter) => void };
  /** The web console's configuration (token, caps); loaded by the caller from its environment. */
  console: ConsoleConfig;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

/** Route family of a request, a bounded metrics label. */
export function routeFamily(path: string): string {
  const m = /^\/(twilio\/(?:voice|gather|record|dial|status)|acs\/(?:incoming|callbacks)|healthz|readyz|metrics)(?:[/?]|$)/.exec(path);
  return m ? m[1] : 'other';
}

export function createGatewayApp(opts: GatewayServerOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const startedAt = Date.now();

  const metrics = opts.metrics;
  if (metrics) {
    app.use((req, res, next) => {
      res.once('finish', () => metrics.httpAnswered(routeFamily(req.originalUrl), res.statusCode));
      next();
    });
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeS: Math.round((Date.now() - startedAt) / 1000) });
  });
  app.get('/readyz', (_req, res, next) => {
    const ready = opts.ready ?? (async (): Promise<Readiness> => ({ ready: true, checks: {} }));
    ready().then(
      (r) => res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', ...r.checks }),
      next,
    );
  });
  if (metrics) {
    app.get('/metrics', (_req, res, next) => {
      metrics.render().then((text) => res.type(metrics.contentType()).send(text), next);
    });
  }

  // A webhook waits for its event-loop slice before its body is read and its signature checked, so under load
  // the loop keeps polling between slices (new connections, health checks, metrics: loop-slices.ts). The Twilio
  // router gates its own webhooks, to count the wait in its answer deadline.
  const slices = opts.runtime.slices;
  if (slices) {
    app.use('/acs', (_req, _res, next) => afterSlice(slices, () => next()));
  }
  app.use(TWILIO_MOUNT_PATH, createTwilioRouter({ runtime: opts.runtime, config: opts.twilio, logger: opts.logger, apps: opts.apps, slices }));
  // ACS Call Automation: the ACS adapter mounts its router here (one line).
  if (opts.acs?.config) {
    // Loaded only when ACS is configured: the Call Automation SDK, its Azure pipeline and the adapter are some
    // 290 modules, 3.6 MB of heap and about 150 ms of CPU that a Twilio-only gateway would pay at start-up.
    const { createAcsAdapter } = require('../../adapters/acs/index') as typeof import('../../adapters/acs/index');
    const acs = createAcsAdapter({ runtime: opts.runtime, config: opts.acs.config, logger: opts.logger, defaultApp: opts.apps.defaultApp, allowedOrigins: opts.apps.allowedOrigins, store: opts.acs?.store });
    opts.acs?.onAdapter?.(acs);
    app.use(acs.router);
  }

  // Web console (issue 11): the page at /, its assets and API under /console/ (adapters/web).
  app.use(createWebConsole({ runtime: opts.runtime, logger: opts.logger, apps: opts.apps, config: opts.console, samples: { root: defaultSamplesRoot(), startAppServer } }).router);
  for (const mount of opts.extra ?? []) app.use(mount.path, mount.router);

  app.use((req, res) => {
    res.status(404).type('text/plain').send(`Not Found: ${req.method} ${req.path}\n`);
  });
  // Whatever escapes a route: a plain answer, the details in the log, never a stack trace to the caller.
  const lastResort: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    opts.logger.error(`http: ${req.method} ${req.originalUrl} failed: ${err instanceof Error ? err.message : String(err)}`);
    if (res.headersSent) return;
    res.status(500).type('text/plain').send('Internal Server Error\n');
  };
  app.use(lastResort);
  return app;
}

export interface RunningServer {
  /** http://host:port as bound (the ephemeral port resolved). */
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

export async function startGatewayServer(app: express.Express, opts: { port: number; host: string }): Promise<RunningServer> {
  const server = await new Promise<http.Server>((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  // Twilio waits 15 s for an answer; keep-alive sockets from its proxies should outlive that.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // No new connections; keep-alive connections close as soon as their request in flight is answered
        // (close() alone would wait for clients to drop them).
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close((err) => {
          clearInterval(sweep);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
