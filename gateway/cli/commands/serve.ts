/**
 * `vxml-gateway serve [--app <uri>] [--port 3000] [--host <addr>] [--allow-origin <origin>...]` (and `npm start`):
 * the gateway on embedded defaults — in-memory sessions, Twilio and ACS routes, GET /healthz. Without --app
 * (or DEFAULT_APP) it runs the airline sample, starting the bundled sample app server on a loopback port for
 * its back end. Prints the URLs to enter in the Twilio console.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { ConfigError, createLogger, createRuntime, defaultRecordingFetcher, loadConfig, type GatewayConfig, type GatewayConfigInput, type GatewayRuntime, type Logger } from '../../index';
import { createTwilioRecordingFetcher, loadTwilioConfig, twilioConfigWarnings, TwilioConfigError, type TwilioConfig } from '../../../adapters/twilio/index';
import { listSampleApps, startAppServer } from '../../../vxml-samples/app-server';
import { createGatewayApp, startGatewayServer, type RunningServer } from '../server';

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
  const logger: Logger = createLogger({ level: config.log.level, stream: io.logStream });

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

    const runtime = createRuntime(config, { logger, recordings: createTwilioRecordingFetcher({ config: twilio, fallback: defaultRecordingFetcher }) });
    closers.push(() => runtime.close());
    const app = createGatewayApp({ runtime, logger, twilio, apps: { defaultApp, allowedOrigins: config.app.allowedOrigins } });
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
    io.out(`  health:              ${local}/healthz`);
    io.out('');
    io.out('Twilio console → Phone Numbers → your number → Voice Configuration:');
    io.out(`  A call comes in (Webhook, HTTP POST):     ${publicBase}/twilio/voice`);
    io.out(`  Call status changes (HTTP POST):          ${publicBase}/twilio/status`);
    io.out(`  Another application for one number:       ${publicBase}/twilio/voice?app=<url-encoded entry URL>  (origin must be allowed: --allow-origin)`);
    if (!twilio.publicBaseUrl) io.out('  Twilio must reach these URLs over the internet: run a tunnel (e.g. `ngrok http ' + server.port + '`) and set PUBLIC_BASE_URL to its https URL.');
    return { server, runtime, config, twilio, defaultApp, close: closeAll };
  } catch (err: unknown) {
    await closeAll();
    throw err;
  }
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
        process.exitCode = err instanceof ServeUsageError || err instanceof ConfigError || err instanceof TwilioConfigError ? 2 : 1;
        return;
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          process.stderr.write(`vxml-gateway: ${signal}, shutting down\n`);
          handle.close().then(resolve, (err: unknown) => {
            process.stderr.write(`vxml-gateway: shutdown: ${err instanceof Error ? err.message : String(err)}\n`);
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
