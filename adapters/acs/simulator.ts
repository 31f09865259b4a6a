/**
 * `replay --channel acs`: an ACS simulator on loopback that plays both ACS and the caller.
 *
 * The gateway's real ACS routes and the real `@azure/communication-call-automation` client run against a
 * fake Call Automation service (simulator/fake-acs.ts): Event Grid delivers IncomingCall, the SDK answers,
 * plays, recognizes, transfers, records and hangs up over HMAC-signed REST, and the fake posts the
 * CloudEvents a real call would (JWT-signed, so the optional callback JWT check runs too).
 *
 * In-process (no --gateway): a fresh runtime and the ACS router on a loopback port. With --gateway
 * url[,url…]: already running gateways, configured with ACS_CONNECTION_STRING pointing at this fake
 * (ACS_SIM_PORT, ACS_SIM_ACCESS_KEY), ACS_EVENTGRID_SECRET, and an application for the called number
 * (ACS_NUMBER_APPS or the default app); successive event posts go to the gateways in turn.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { CallObservation, ReplayCallHandle, ReplayDriver } from '../../contracts/replay';
import { createRuntime, silentLogger, type GatewayConfig, type Logger, type RuntimeOverrides } from '../../gateway/index';
import { parseAcsConfig, type AcsConfigInput } from './config';
import { createAcsAdapter, type AcsAdapter } from './router';
import { AcsSimCall, type SettleOptions } from './simulator/caller';
import { FakeAcs, type FakeAcsOptions } from './simulator/fake-acs';
import { ManualTimers } from './timers';

export { FakeAcs, type FakeAcsOptions, type RecordedRequest } from './simulator/fake-acs';
export { FakeCall } from './simulator/fake-call';
export { AcsSimCall, AcsSimCallError } from './simulator/caller';

const DEFAULT_SETTLE: SettleOptions = { idleMs: 300, timeoutMs: 20_000 };
export const SIM_JWT_AUDIENCE = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sim/providers/Microsoft.Communication/communicationServices/acs-sim';

export interface AcsSimulatorOptions {
  acs: FakeAcs;
  /** The application of each placed call, by serverCallId (in-process gateways pick it from here). */
  apps?: Map<string, string>;
  /** The in-process gateway's timers, run out when a script lets a bridge reach its maxtime. */
  timers?: ManualTimers;
  settle?: Partial<SettleOptions>;
  onClose?: () => Promise<void>;
}

export class AcsSimulator implements ReplayDriver {
  readonly channel = 'acs' as const;

  constructor(private readonly opts: AcsSimulatorOptions) {}

  get acs(): FakeAcs {
    return this.opts.acs;
  }

  async start(call: { app: string; from?: string; to?: string }): Promise<{ call: ReplayCallHandle; observed: CallObservation }> {
    // No `from` in the script: the caller withholds the number (as on sim, where session.connection.remote stays empty).
    const fakeCall = this.opts.acs.newCall({ from: call.from, to: call.to ?? '+18005550100' });
    this.opts.apps?.set(fakeCall.ids.serverCallId, call.app);
    const timers = this.opts.timers;
    const handle = new AcsSimCall(this.opts.acs, fakeCall, { ...DEFAULT_SETTLE, ...this.opts.settle }, timers ? () => void timers.fireAll() : undefined);
    // External gateways choose the application themselves: the Event Grid URL names it (`app`) and they say
    // which one they ran. In process, `apps` hands it to the adapter directly.
    const observed = await handle.place(this.opts.apps ? {} : { app: call.app });
    return { call: handle, observed };
  }

  async close(): Promise<void> {
    await this.opts.onClose?.();
    await this.opts.acs.close();
  }
}

export interface AcsDriverOptions {
  config: GatewayConfig;
  /** --gateway URLs (where /acs is mounted); none = an in-process gateway. */
  gateways?: string[];
  /** External gateways: the Event Grid secret they expect (ACS_EVENTGRID_SECRET). */
  eventGridSecret?: string;
  /** External gateways: the fake's fixed port and access key their ACS_CONNECTION_STRING names. */
  port?: number;
  accessKey?: string;
  /** In-process runtime wiring (tests). */
  overrides?: RuntimeOverrides;
  /** In-process ACS adapter configuration on top of the simulator's. */
  acsConfig?: Partial<AcsConfigInput>;
  fake?: FakeAcsOptions;
  settle?: Partial<SettleOptions>;
  /** Receives the in-process adapter (tests inspect its store). */
  onAdapter?: (adapter: AcsAdapter) => void;
}

async function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The `acs` entry of the replay driver registry. */
export async function createAcsReplayDriver(opts: AcsDriverOptions): Promise<AcsSimulator> {
  const external = opts.gateways !== undefined && opts.gateways.length > 0;
  if (external) {
    if (!opts.eventGridSecret) throw new Error('replay --channel acs --gateway …: ACS_EVENTGRID_SECRET must be set as the gateways expect it');
    const gateways = opts.gateways!.map((g) => g.replace(/\/+$/, ''));
    let next = 0;
    const route = (url: string): string => {
      const u = new URL(url);
      const target = new URL(gateways[next++ % gateways.length]);
      return `${target.origin}${u.pathname}${u.search}`;
    };
    const acs = await FakeAcs.start({ ...opts.fake, port: opts.port, accessKey: opts.accessKey, route });
    acs.eventGridUrl = `${gateways[0]}/acs/incoming?secret=${encodeURIComponent(opts.eventGridSecret)}`;
    return new AcsSimulator({ acs, settle: opts.settle });
  }

  const acs = await FakeAcs.start({ jwtAudience: SIM_JWT_AUDIENCE, ...opts.fake });
  const runtime = createRuntime(opts.config, opts.overrides);
  const logger: Logger = opts.overrides?.logger ?? silentLogger;
  const app = express();
  const server = await listen(app);
  const secret = randomBytes(18).toString('base64url');
  const jwks = acs.jwks();
  const config = parseAcsConfig({
    connectionString: acs.connectionString,
    publicBaseUrl: server.url,
    cognitiveServicesEndpoint: 'https://acs-sim.cognitiveservices.azure.com/',
    eventGridSecret: secret,
    ...(jwks ? { jwt: { audience: SIM_JWT_AUDIENCE, jwks } } : {}),
    ...opts.acsConfig,
  });
  const apps = new Map<string, string>();
  const timers = new ManualTimers();
  const adapter = createAcsAdapter({ runtime, config, logger, timers, selectApp: (call) => (call.serverCallId ? apps.get(call.serverCallId) : undefined) });
  opts.onAdapter?.(adapter);
  app.use(adapter.router);
  acs.eventGridUrl = `${server.url}/acs/incoming?secret=${encodeURIComponent(secret)}`;
  return new AcsSimulator({
    acs,
    apps,
    timers,
    settle: opts.settle,
    onClose: async () => {
      adapter.close();
      await server.close();
      await runtime.close();
    },
  });
}

/** Simulator settings for external gateways (--gateway), read by the CLI from the environment. */
export function acsSimulatorEnv(env: Record<string, string | undefined>): Pick<AcsDriverOptions, 'eventGridSecret' | 'port' | 'accessKey'> {
  const port = env.ACS_SIM_PORT ? Number(env.ACS_SIM_PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`ACS_SIM_PORT=${JSON.stringify(env.ACS_SIM_PORT)}: expected a TCP port`);
  return {
    ...(env.ACS_EVENTGRID_SECRET ? { eventGridSecret: env.ACS_EVENTGRID_SECRET } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(env.ACS_SIM_ACCESS_KEY ? { accessKey: env.ACS_SIM_ACCESS_KEY } : {}),
  };
}
