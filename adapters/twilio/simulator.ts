/**
 * `replay --channel twilio`: a Twilio call simulator behaving like Twilio towards the real webhook routes over
 * HTTP — signed requests, realistic parameters, TwiML parsed and run verb by verb (simulator/call.ts).
 *
 * In-process (no --gateway): starts the Twilio routes on a loopback port over a fresh runtime, plus a loopback
 * recording host the runtime downloads recordings from with the account credentials.
 * With --gateway url[,url…]: drives already running gateways; the script's app goes in the `app` query
 * parameter of the incoming-call webhook, requests are signed with TWILIO_AUTH_TOKEN, and successive requests
 * of a call go to the gateways in turn.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { CallObservation, ReplayCallHandle, ReplayDriver } from '../../contracts/replay';
import { createRuntime, defaultRecordingFetcher, type GatewayConfig, type RuntimeOverrides } from '../../gateway/index';
import { parseTwilioConfig, type TwilioConfig } from './config';
import { createTwilioRecordingFetcher } from './recording-fetcher';
import { createTwilioRouter, TWILIO_MOUNT_PATH } from './routes';
import { newSid, TwilioSimCall } from './simulator/call';
import { startRecordingHost, type RecordingHost } from './simulator/recording-host';
import { TwilioWire } from './simulator/wire';

export interface TwilioSimulatorOptions {
  /** Base URLs of the gateways (where /twilio is mounted). */
  gateways: string[];
  authToken: string;
  accountSid: string;
  /** Serves recordings callers make; without one, `record` steps fail. */
  recordings?: RecordingHost;
  /** Put the script's app in the `app` query parameter of the incoming-call webhook (default true). */
  sendApp?: boolean;
  /** Releases what the simulator was started with (the recording host, an in-process gateway). */
  onClose?: () => Promise<void>;
  /** Told when a request moves to another gateway because its own did not answer (failover tests). */
  onFailover?: (from: string, to: string, reason: string) => void;
}

export class TwilioSimulator implements ReplayDriver {
  readonly channel = 'twilio' as const;
  private readonly wire: TwilioWire;

  constructor(private readonly opts: TwilioSimulatorOptions) {
    this.wire = new TwilioWire({ gateways: opts.gateways, authToken: opts.authToken, onFailover: opts.onFailover });
  }

  async start(call: { app: string; from?: string; to?: string }): Promise<{ call: ReplayCallHandle; observed: CallObservation }> {
    const handle = new TwilioSimCall(this.wire, this.opts.recordings, {
      accountSid: this.opts.accountSid,
      // A script without a caller number is a withheld caller ID, which Twilio reports as +266696687 (ANONYMOUS).
      from: call.from ?? '+266696687',
      to: call.to ?? '+18005550100',
    });
    const observed = await handle.place(this.opts.sendApp === false ? undefined : call.app);
    return { call: handle, observed };
  }

  async close(): Promise<void> {
    await this.opts.onClose?.();
  }
}

export interface TwilioDriverOptions {
  config: GatewayConfig;
  /** --gateway URLs; none = an in-process gateway. */
  gateways?: string[];
  /**
   * The Twilio section (loadTwilioConfig(env)): its auth token signs requests to external gateways and its
   * account SID is the one they expect. In-process, fresh credentials are made up and the rest is used as is.
   */
  twilio?: TwilioConfig;
  /** Fixed port of the recording host (default: twilio.simulatorRecordingPort with --gateway, else any). */
  recordingPort?: number;
  /** In-process runtime wiring (tests). */
  overrides?: RuntimeOverrides;
}

/** The `twilio` entry of the replay driver registry. */
export async function createTwilioReplayDriver(opts: TwilioDriverOptions): Promise<TwilioSimulator> {
  const external = opts.gateways !== undefined && opts.gateways.length > 0;
  if (external && !opts.twilio?.authToken) throw new Error('replay --channel twilio --gateway …: TWILIO_AUTH_TOKEN must be set to sign requests as Twilio does');
  const authToken = (external ? opts.twilio?.authToken : undefined) ?? randomBytes(16).toString('hex');
  const accountSid = (external ? opts.twilio?.accountSid : undefined) ?? newSid('AC');
  const recordings = await startRecordingHost({ accountSid, authToken, port: opts.recordingPort ?? (external ? opts.twilio?.simulatorRecordingPort : undefined) });
  if (external) return new TwilioSimulator({ gateways: opts.gateways ?? [], authToken, accountSid, recordings, onClose: () => recordings.close() });

  try {
    const twilioConfig = parseTwilioConfig({ ...opts.twilio, accountSid, authToken, validateSignatures: true, publicBaseUrl: undefined, numbers: {}, recordingOrigins: [recordings.origin] });
    const gateway = await startInProcessGateway(opts.config, opts.overrides ?? {}, twilioConfig);
    const onClose = async (): Promise<void> => {
      await gateway.close();
      await recordings.close();
    };
    return new TwilioSimulator({ gateways: [gateway.url], authToken, accountSid, recordings, onClose });
  } catch (err: unknown) {
    await recordings.close();
    throw err;
  }
}

async function startInProcessGateway(config: GatewayConfig, overrides: RuntimeOverrides, twilioConfig: TwilioConfig): Promise<{ url: string; close(): Promise<void> }> {
  const runtime = createRuntime(config, {
    ...overrides,
    recordings: createTwilioRecordingFetcher({ config: twilioConfig, fallback: overrides.recordings ?? defaultRecordingFetcher }),
  });
  const app = express();
  app.disable('x-powered-by');
  // Every script names its own application: any origin is allowed on this loopback-only test gateway.
  app.use(TWILIO_MOUNT_PATH, createTwilioRouter({ runtime, config: twilioConfig, logger: runtime.logger, apps: { defaultApp: config.app.defaultApp, allowedOrigins: ['*'] } }));
  const server = await new Promise<http.Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      await runtime.close();
    },
  };
}
