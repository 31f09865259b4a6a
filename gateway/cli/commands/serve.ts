/**
 * `vxml-gateway serve [--app <uri>] [--port 3000] [--host <addr>] [--allow-origin <origin>...]` (and `npm start`):
 * the gateway on embedded defaults — in-memory sessions, Twilio and ACS routes, GET /healthz, /readyz and
 * /metrics. Without --app (or DEFAULT_APP) it runs the airline sample, starting the bundled sample app server
 * on a loopback port for its back end. Prints the URLs to enter in the Twilio console.
 *
 * Scaled out (REDIS_URL): sessions, POST-answer documents and the ACS call state live in Redis, so any instance
 * serves any turn. SIGTERM/SIGINT shut down gracefully: /readyz turns 503 and new calls are refused politely,
 * the listener closes, in-flight turns finish (at most SHUTDOWN_GRACE_MS), Redis is closed, exit code 0.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import {
  Admission,
  InvalidConfigError,
  connectRedis,
  createLogger,
  createRuntime,
  defaultRecordingFetcher,
  GatewayMetrics,
  loadConfig,
  MemorySessionStore,
  redactRedisUrl,
  Redactor,
  RedisResponseDocumentStore,
  RedisSessionStore,
  systemClock,
  withAdmission,
  type GatewayConfig,
  type GatewayConfigInput,
  type GatewayRuntime,
  type LiveCallCounter,
  type Logger,
  type RedisConnection,
  type SessionStore,
} from '../../index';
import { RedisAcsCallStore } from '../../../adapters/acs/redis-call-store';
// The ACS configuration only: the adapter and its SDK are loaded by the server when ACS is configured.
import { acsConfigured, loadAcsConfig } from '../../../adapters/acs/config';
import type { AcsAdapter } from '../../../adapters/acs/index';
import { loadConsoleConfig } from '../../../adapters/web/index';
import { createTwilioRecordingFetcher, loadTwilioConfig, twilioConfigWarnings, type TwilioConfig } from '../../../adapters/twilio/index';
import { listSampleApps, startAppServer } from '../../../vxml-samples/app-server';
import { createGatewayApp, startGatewayServer, type Readiness, type RunningServer } from '../server';

export interface ServeOptions {
  app?: string;
  port?: string;
  host?: string;
  allowOrigin?: string[];
}

export interface ServeIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where JSON logs go (default stderr). */
  logStream?: NodeJS.WritableStream;
}

export interface ServeHandle {
  server: RunningServer;
  runtime: GatewayRuntime;
  config: GatewayConfig;
  twilio: TwilioConfig;
  defaultApp: string;
  metrics?: GatewayMetrics;
  /** Graceful stop: refuse new calls, stop listening, let in-flight turns finish (bounded), release stores. */
  shutdown(signal: string): Promise<void>;
  close(): Promise<void>;
}

/** The sample the gateway runs when nothing else is configured. */
export const DEFAULT_SAMPLE = 'airline';

export class ServeUsageError extends Error {}

/** A path becomes a file: URI; URLs stay as written. */
export function toAppUri(app: string, cwd: string = process.cwd()): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(app) && !/^[a-z]:[\\/]/i.test(app)) return app;
  return pathToFileURL(path.resolve(cwd, app)).href;
}

/** The configuration the flags set (they win over the environment). */
function flagOverrides(opts: ServeOptions): GatewayConfigInput {
  const server: { port?: number; host?: string } = {};
  const app: { defaultApp?: string; allowedOrigins?: string[] } = {};
  if (opts.port !== undefined) {
    if (!/^\d+$/.test(opts.port)) throw new ServeUsageError(`--port takes a TCP port number (0 = any free port), not "${opts.port}"`);
    server.port = Number(opts.port);
  }
  if (opts.host !== undefined) server.host = opts.host;
  if (opts.app !== undefined) app.defaultApp = opts.app;
  if (opts.allowOrigin?.length) app.allowedOrigins = opts.allowOrigin.map((o) => o.replace(/\/+$/, ''));
  return { server, app };
}

/** loadConfig lets the environment override its defaults argument, so variables a flag replaces are dropped. */
function envWithoutFlagged(env: Record<string, string | undefined>, opts: ServeOptions): Record<string, string | undefined> {
  const out = { ...env };
  if (opts.port !== undefined) delete out.PORT;
  if (opts.host !== undefined) delete out.HOST;
  if (opts.app !== undefined) delete out.DEFAULT_APP;
  if (opts.allowOrigin?.length) delete out.ALLOWED_ORIGINS;
  return out;
}

export async function runServe(opts: ServeOptions, env: Record<string, string | undefined>, io: ServeIo): Promise<ServeHandle> {
  const config = loadConfig(envWithoutFlagged(env, opts), flagOverrides(opts));
  const twilio = loadTwilioConfig(env);
  // Every section of the configuration is checked before anything starts.
  const acsConfig = acsConfigured(env) ? loadAcsConfig(env) : undefined;
  const consoleConfig = loadConsoleConfig(env);
  const redactor = new Redactor({ words: config.redaction.words, fields: config.redaction.fields });
  const logger: Logger = createLogger({ level: config.log.level, stream: io.logStream, redactor });

  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  try {
    let defaultApp: string;
    let appNote: string;
    if (config.app.defaultApp) {
      defaultApp = toAppUri(config.app.defaultApp);
      appNote = '';
    } else {
      const sample = listSampleApps().find((a) => a.id === DEFAULT_SAMPLE);
      if (!sample) throw new Error(`the bundled ${DEFAULT_SAMPLE} sample is missing from vxml-samples; pass --app <uri>`);
      const appServer = await startAppServer({ host: '127.0.0.1', port: 0 });
      closers.push(() => appServer.close());
      defaultApp = `${appServer.url}/${sample.id}/${sample.manifest.entry}`;
      appNote = ` (${sample.manifest.name} sample, its back end served on ${appServer.url})`;
    }

    const stores = openStores(config, logger);
    if (stores.redis) closers.push(() => stores.redis!.close());
    const metrics = config.metrics.enabled ? new GatewayMetrics({ store: stores.counter }) : undefined;
    const base = createRuntime(config, {
      logger,
      redactor,
      sessions: stores.sessions,
      responses: stores.responses,
      observer: metrics,
      decorateLoader: metrics ? (loader) => metrics.timeLoader(loader) : undefined,
      recordings: createTwilioRecordingFetcher({ config: twilio, fallback: defaultRecordingFetcher }),
    });
    closers.push(() => base.close());
    if (metrics && base.slices) metrics.watchSlices(base.slices);
    const admission = new Admission({ counter: stores.counter, maxSessions: config.limits.maxSessions, busyMessage: config.app.busyMessage, language: config.platform.language, logger });
    const admitted = withAdmission(base, admission, (verdict) => metrics?.callRefused(verdict.reason));
    const runtime: GatewayRuntime = metrics ? { ...admitted, start: (call) => metrics.track(() => admitted.start(call)), handle: (id, ev, o) => metrics.track(() => admitted.handle(id, ev, o)) } : admitted;
    const ready = async (): Promise<Readiness> => {
      const checks: Record<string, string> = { sessions: stores.redis ? 'redis' : 'memory' };
      let ok = true;
      if (admission.isDraining) {
        ok = false;
        checks.shutdown = 'in progress';
      }
      if (stores.redis) {
        const reachable = await stores.redis.ping(1000);
        checks.redis = reachable ? 'ok' : 'unreachable';
        ok &&= reachable;
      }
      return { ready: ok, checks };
    };
    const acsAdapters: AcsAdapter[] = [];
    closers.push(async () => acsAdapters.forEach((a) => a.close()));
    const app = createGatewayApp({
      runtime,
      logger,
      twilio,
      apps: { defaultApp, allowedOrigins: config.app.allowedOrigins },
      metrics,
      ready,
      acs: { config: acsConfig, store: stores.redis ? new RedisAcsCallStore(stores.redis) : undefined, onAdapter: (a) => acsAdapters.push(a) },
      console: consoleConfig,
    });
    const server = await startGatewayServer(app, { port: config.server.port, host: config.server.host });
    closers.push(() => server.close());

    for (const warning of twilioConfigWarnings(twilio)) {
      logger.warn(warning);
      io.err(`\n  !!! WARNING: ${warning}\n`);
    }
    const local = server.url.replace('://0.0.0.0:', '://localhost:').replace('://[::]:', '://localhost:');
    const publicBase = twilio.publicBaseUrl ?? local;
    io.out(`vxml-gateway listening on ${local}`);
    io.out(`  default application: ${defaultApp}${appNote}`);
    io.out(`  health:              ${local}/healthz  (readiness ${local}/readyz${metrics ? `, metrics ${local}/metrics` : ''})`);
    io.out(`  sessions:            ${stores.redis ? `Redis ${redactRedisUrl(config.redis.url ?? '')} (shared by every instance)` : 'in memory (this instance only; set REDIS_URL to scale out)'}`);
    io.out('');
    io.out('Twilio console → Phone Numbers → your number → Voice Configuration:');
    io.out(`  A call comes in (Webhook, HTTP POST):     ${publicBase}/twilio/voice`);
    io.out(`  Call status changes (HTTP POST):          ${publicBase}/twilio/status`);
    io.out(`  Another application for one number:       ${publicBase}/twilio/voice?app=<url-encoded entry URL>  (origin must be allowed: --allow-origin)`);
    if (!twilio.publicBaseUrl) io.out('  Twilio must reach these URLs over the internet: run a tunnel (e.g. `ngrok http ' + server.port + '`) and set PUBLIC_BASE_URL to its https URL.');
    let stopping: Promise<void> | undefined;
    const shutdown = (signal: string): Promise<void> => {
      stopping ??= (async () => {
        logger.info(`${signal}: shutting down: new calls are refused, in-flight turns finish`, { graceMs: config.limits.shutdownGraceMs });
        admission.drain();
        // Connections still busy after the grace period are cut; everything else ends normally.
        const grace = setTimeout(() => {
          logger.warn(`shutdown: in-flight turns still running after ${config.limits.shutdownGraceMs} ms; closing their connections`);
          server.server.closeAllConnections();
        }, config.limits.shutdownGraceMs);
        grace.unref();
        try {
          await closeAll();
        } finally {
          clearTimeout(grace);
        }
        logger.info('shutdown complete');
      })();
      return stopping;
    };
    return { server, runtime, config, twilio, defaultApp, metrics, shutdown, close: closeAll };
  } catch (err: unknown) {
    await closeAll();
    throw err;
  }
}

interface Stores {
  sessions: SessionStore;
  responses?: RedisResponseDocumentStore;
  counter: LiveCallCounter;
  redis?: RedisConnection;
}

/** Redis stores when REDIS_URL is set, else the in-memory store (counted for the session cap). */
function openStores(config: GatewayConfig, logger: Logger): Stores {
  if (!config.redis.url) {
    // The memory store counts its calls in progress itself (no CountingSessionStore: a second map of every id).
    const sessions = new MemorySessionStore(systemClock, config.session.ttlS);
    return { sessions, counter: sessions };
  }
  const redis = connectRedis({ url: config.redis.url, keyPrefix: config.redis.keyPrefix, connectTimeoutMs: config.redis.connectTimeoutMs, commandTimeoutMs: config.redis.commandTimeoutMs, logger });
  const sessions = new RedisSessionStore({ connection: redis, clock: systemClock, ttlS: config.session.ttlS });
  return { sessions, responses: new RedisResponseDocumentStore(redis, config.session.ttlS), counter: sessions, redis };
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the gateway: Twilio and ACS webhooks, in-memory sessions, the airline sample unless --app names another application')
    .option('--app <uri>', 'entry document of calls that name no application (URL or path; default: the airline sample)')
    .option('--port <port>', 'TCP port (default 3000, or PORT; 0 = any free port)')
    .option('--host <address>', 'interface to listen on (default 0.0.0.0, or HOST)')
    .option('--allow-origin <origins...>', 'origins an incoming call may name in its app parameter, and documents may be fetched from')
    .action(async (options: ServeOptions) => {
      let handle: ServeHandle;
      try {
        handle = await runServe(options, process.env, { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) });
      } catch (err: unknown) {
        process.stderr.write(`vxml-gateway serve: ${err instanceof Error ? err.message : String(err)}\n`);
        // every configuration section (gateway, Twilio, ACS, console) fails the same way: a usage error, exit 2
        process.exitCode = err instanceof ServeUsageError || err instanceof InvalidConfigError ? 2 : 1;
        return;
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          process.stderr.write(`vxml-gateway: ${signal}, shutting down\n`);
          handle.shutdown(signal).then(resolve, (err: unknown) => {
            process.stderr.write(`vxml-gateway: shutdown: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      // Everything is closed; a library timer left behind must not keep a stopped gateway alive.
      setTimeout(() => process.exit(), 2000).unref();
    });
}
