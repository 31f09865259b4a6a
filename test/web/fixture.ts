/**
 * A gateway runtime with the web console mounted on a loopback express server, the sample apps' back ends
 * on their own app server, and an injectable clock — what the console API tests call over HTTP.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { createRuntime, FakeClock, loadConfig, MemoryLogger, type GatewayRuntime } from '../../gateway/index';
import { consoleConfig, createWebConsole, type ConsoleConfig, type WebConsole } from '../../adapters/web/index';
import { defaultSamplesRoot, startAppServer } from '../../vxml-samples/app-server';

export interface ConsoleFixture {
  url: string;
  app: express.Express;
  runtime: GatewayRuntime;
  console: WebConsole;
  clock: FakeClock;
  logger: MemoryLogger;
  /** The sample app server's origin (started for tests that call a URL on an allowed origin). */
  samplesUrl: string;
  close(): Promise<void>;
}

export async function startConsole(overrides: Partial<ConsoleConfig> = {}, opts: { allowSamplesOrigin?: boolean } = {}): Promise<ConsoleFixture> {
  const samples = await startAppServer({ host: '127.0.0.1', port: 0 });
  const clock = new FakeClock(Date.UTC(2025, 2, 1, 9, 0, 0));
  const logger = new MemoryLogger();
  const allowedOrigins = opts.allowSamplesOrigin ? [samples.url] : [];
  const runtime = createRuntime(loadConfig({ LOG_LEVEL: 'error' }, { app: { allowedOrigins } }), { clock, logger });
  const web = createWebConsole({
    runtime,
    logger,
    clock,
    apps: { defaultApp: `${samples.url}/airline/main.vxml`, allowedOrigins },
    // The clock is frozen, so buckets never refill: tests that do not probe the limits get roomy ones.
    config: consoleConfig({ rate: { callsPerMinute: 1000, inputsPerSecond: 1000, inputBurst: 1000, livePerSecond: 1000, liveBurst: 1000 }, ...overrides }),
    samples: { root: defaultSamplesRoot(), startAppServer },
  });
  const app = express();
  app.use(web.router);
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('gateway 404');
  });
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    runtime,
    console: web,
    clock,
    logger,
    samplesUrl: samples.url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await web.close();
      await runtime.close();
      await samples.close();
    },
  };
}
