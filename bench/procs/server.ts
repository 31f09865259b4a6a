/**
 * The server under test, in its own process. Modes:
 *   gateway       the real composition: `runServe` exactly as `vxml-gateway serve` runs it (admission, metrics,
 *                 memory or Redis stores by REDIS_URL), configured through its environment variables;
 *                 Twilio signatures checked
 *   bare          the ceiling: a bare Express route on the same HTTP server settings — urlencoded body
 *                 parsing and a fixed TwiML document built per request with twilio's VoiceResponse
 *   bare-static   the same route answering a TwiML string built once at start (the strictest ceiling)
 * Answers the parent's IPC commands: figures (CPU, memory), gc, session-size recording.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import express from 'express';
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { SessionStore, StoredCall } from '../../gateway/index';
import { runServe } from '../../gateway/cli/commands/serve';
import { startGatewayServer, type RunningServer } from '../../gateway/cli/server';
import { childArg, processFigures, serveParent, tellReady } from '../lib/child';

export interface ServerArg {
  mode: 'gateway' | 'bare' | 'bare-static';
  /** Entry document of calls that name none (the airline sample on the back end). */
  app?: string;
  redisUrl?: string;
  authToken?: string;
  accountSid?: string;
  /** Origins the gateway may fetch documents from (the sample back end). */
  allowedOrigins?: string[];
  /** The simulator's recording host (trusted for recording downloads). */
  recordingOrigin?: string;
  /** Extra environment of the gateway (LOG_LEVEL, …). */
  env?: Record<string, string>;
}

/** What the main menu of the airline sample answers, as the ceiling's fixed document. */
function fixedTwiml(): string {
  const response = new VoiceResponse();
  const gather = response.gather({ input: ['dtmf', 'speech'], action: '/twilio/gather?turn=2', actionOnEmptyResult: true, timeout: 5, numDigits: 1, finishOnKey: '#' });
  gather.say({ voice: 'Polly.Joanna-Neural', language: 'en-US' }, 'Main menu. For flight status, press 1 or say flight status. For a booking enquiry, press 2. For baggage services, press 3. For check-in, press 4. To leave feedback, press 5. To speak to an agent, press 6.');
  return response.toString();
}

/**
 * A CPU profile of the measured window only (start-up, verification and warm-up left out), written as a
 * .cpuprofile file (bench/cpuprofile.ts summarises it). The sampling costs the server some CPU meanwhile.
 */
class WindowProfiler {
  private session?: Session;

  private post(method: string, params: object = {}): Promise<unknown> {
    const session = this.session;
    if (!session) return Promise.reject(new Error('the profiler is not running'));
    return new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  }

  async start(): Promise<boolean> {
    if (this.session) throw new Error('the profiler is already running');
    this.session = new Session();
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.post('Profiler.start');
    return true;
  }

  async stop(file: string): Promise<string> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: unknown };
    this.session?.disconnect();
    this.session = undefined;
    fs.writeFileSync(file, JSON.stringify(profile));
    return file;
  }
}

/** Serialized session sizes, recorded while the parent asks for them (the store's commit, intercepted). */
class SizeLog {
  on = false;
  sizes: { session: number; stored: number }[] = [];
  /** The JSON of every recorded session, kept only when asked (to look at what makes them big). */
  keep = false;
  kept: string[] = [];

  attach(store: SessionStore): void {
    const commit = store.commit.bind(store);
    store.commit = (call: StoredCall, expectedSeq: number | null) => {
      if (this.on) {
        const json = JSON.stringify(call.session);
        this.sizes.push({ session: Buffer.byteLength(json), stored: Buffer.byteLength(JSON.stringify(call)) });
        if (this.keep) this.kept.push(JSON.stringify(call));
      }
      return commit(call, expectedSeq);
    };
  }
}

async function bare(mode: 'bare' | 'bare-static'): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const fixed = fixedTwiml();
  app.post('/twilio/:hook', express.urlencoded({ extended: false }), (req, res) => {
    // Read the body as a route would, so parsing is not optimised away.
    const body: unknown = req.body;
    const sid = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).CallSid : undefined;
    if (typeof sid !== 'string' || sid === '') {
      res.status(400).type('text/plain').send('no CallSid\n');
      return;
    }
    res.status(200).type('text/xml').send(mode === 'bare' ? fixedTwiml() : fixed);
  });
  return startGatewayServer(app, { port: 0, host: '127.0.0.1' });
}

async function main(): Promise<void> {
  const arg = childArg<ServerArg>();
  const sizes = new SizeLog();
  const profiler = new WindowProfiler();
  let url: string;
  let close: () => Promise<void>;
  if (arg.mode === 'gateway') {
    const env: Record<string, string> = {
      TWILIO_ACCOUNT_SID: arg.accountSid ?? '',
      TWILIO_AUTH_TOKEN: arg.authToken ?? '',
      TWILIO_VALIDATE: 'true',
      // 10,000 parked calls are the point of one measurement: no admission cap.
      MAX_SESSIONS: '0',
      ...(arg.recordingOrigin ? { TWILIO_RECORDING_ORIGINS: arg.recordingOrigin } : {}),
      ...(arg.redisUrl ? { REDIS_URL: arg.redisUrl, REDIS_KEY_PREFIX: 'bench:' } : {}),
      ...arg.env,
    };
    const handle = await runServe({ app: arg.app, port: '0', host: '127.0.0.1', allowOrigin: arg.allowedOrigins }, env, {
      out: () => undefined,
      err: (line) => process.stderr.write(`${line}\n`),
    });
    sizes.attach(handle.runtime.sessions);
    url = handle.server.url;
    close = () => handle.close();
  } else {
    const server = await bare(arg.mode);
    url = server.url;
    close = () => server.close();
  }

  const gc = (): void => {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (!collect) throw new Error('run with --expose-gc');
    collect();
    collect();
  };
  serveParent(
    {
      figures: () => processFigures(),
      gc: () => {
        gc();
        return processFigures();
      },
      'profile:start': () => profiler.start(),
      'profile:stop': (file) => profiler.stop(String(file)),
      'sizes:on': (keep) => {
        sizes.on = true;
        sizes.keep = keep === true;
        sizes.sizes = [];
        sizes.kept = [];
        return true;
      },
      'sizes:kept': () => sizes.kept,
      'sizes:take': () => {
        sizes.on = false;
        const taken = sizes.sizes;
        sizes.sizes = [];
        return taken;
      },
    },
    close,
  );
  tellReady({ url, pid: process.pid });
}

main().catch((e: unknown) => {
  process.send?.({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exitCode = 1;
});
