/**
 * The gateway's HTTP server: one express app with every platform's routes and the operational endpoints.
 *   /twilio/*   Twilio webhooks (adapters/twilio)
 *   /acs/*      ACS Call Automation callbacks (adapters/acs, mounted below)
 *   /healthz    liveness
 * Composition only: adapters bring their routes, this file decides where they live.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import type { GatewayRuntime, Logger } from '../index';
import { createTwilioRouter, TWILIO_MOUNT_PATH, type TwilioConfig } from '../../adapters/twilio/index';
import { acsConfigured, createAcsRouter, loadAcsConfig } from '../../adapters/acs/index';

export interface GatewayServerOptions {
  runtime: GatewayRuntime;
  logger: Logger;
  twilio: TwilioConfig;
  /** Application of calls that name none, and the other origins an incoming call may name (`app` parameter). */
  apps: { defaultApp?: string; allowedOrigins: string[] };
  /** Extra routers (tests, later features) mounted after the platforms, before the 404. */
  extra?: { path: string; router: express.Router }[];
}

export function createGatewayApp(opts: GatewayServerOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const startedAt = Date.now();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeS: Math.round((Date.now() - startedAt) / 1000) });
  });

  app.use(TWILIO_MOUNT_PATH, createTwilioRouter({ runtime: opts.runtime, config: opts.twilio, logger: opts.logger, apps: opts.apps }));
  // ACS Call Automation: the ACS adapter mounts its router here (one line).
  if (acsConfigured(process.env)) app.use(createAcsRouter({ runtime: opts.runtime, config: loadAcsConfig(process.env), logger: opts.logger, defaultApp: opts.apps.defaultApp }));

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
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
