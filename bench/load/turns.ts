/**
 * Turn throughput and latency: K concurrent simulated Twilio calls, each running complete transactions of
 * the airline sample (its replay scripts, expectations checked) through the real routes, one after another
 * for the length of the window; and the ceiling: the same signed webhooks against a bare Express route.
 */
import http from 'node:http';
import path from 'node:path';
import type { CallObservation, ReplayCallHandle, ReplayDriver } from '../../contracts/replay';
import { expandInputs, loadScript, runScript, type LoadedScript } from '../../gateway/index';
import { newSid, TwilioSimCall } from '../../adapters/twilio/simulator/call';
import type { RecordingHost } from '../../adapters/twilio/simulator/recording-host';
import type { BenchChild } from '../lib/child';
import { round, WindowRecorder } from '../lib/stats';
import { BenchWire } from './wire';

export interface Credentials {
  authToken: string;
  accountSid: string;
}

/** A replay driver whose calls go over the bench wire (TwilioSimulator builds its own fetch-based wire). */
export class BenchDriver implements ReplayDriver {
  readonly channel = 'twilio' as const;

  constructor(
    private readonly wire: BenchWire,
    private readonly recordings: RecordingHost,
    private readonly creds: Credentials,
  ) {}

  async start(call: { app: string; from?: string; to?: string }): Promise<{ call: ReplayCallHandle; observed: CallObservation }> {
    const handle = new TwilioSimCall(this.wire, this.recordings, { accountSid: this.creds.accountSid, from: call.from ?? '+266696687', to: call.to ?? '+18005550100' });
    const observed = await handle.place(call.app);
    return { call: handle, observed };
  }

  async close(): Promise<void> {}
}

export interface MixEntry {
  loaded: LoadedScript;
  app: string;
}

/** The airline sample's replay scripts, their app resolved onto the back end's URL. */
export function airlineMix(samplesDir: string, backendUrl: string): MixEntry[] {
  const dir = path.join(samplesDir, 'airline', 'replays');
  const appDir = path.join(samplesDir, 'airline');
  return expandInputs([dir]).map((file) => {
    const loaded = loadScript(file);
    const [rel, fragment] = loaded.script.app.split('#');
    const target = path.relative(appDir, path.resolve(path.dirname(file), rel)).split(path.sep).map(encodeURIComponent).join('/');
    return { loaded, app: `${backendUrl}/airline/${target}${fragment ? `#${fragment}` : ''}` };
  });
}

export interface Verified {
  passing: MixEntry[];
  failing: { name: string; why: string }[];
}

/** Runs each script once, alone: only scripts that pass here go into the load mix (failures are reported). */
export async function verifyMix(mix: MixEntry[], driver: BenchDriver): Promise<Verified> {
  const out: Verified = { passing: [], failing: [] };
  for (const entry of mix) {
    const outcome = await runScript(entry.loaded, entry.app, driver);
    if (outcome.passed) out.passing.push(entry);
    else out.failing.push({ name: path.basename(entry.loaded.file), why: outcome.error ?? `step ${outcome.failure?.step}: expected ${outcome.failure?.expected}; heard ${outcome.failure?.heard}` });
  }
  return out;
}

export interface LoadRow {
  config: string;
  concurrency: number;
  turnsPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Webhooks answered with anything but 200 TwiML, or not answered. */
  errors: number;
  /** Transactions whose expectations failed (transaction runs only). */
  failedCalls?: number;
  calls?: number;
  /** CPU the server process used per answered webhook (µs) and its share of one core. */
  serverCpuUsPerTurn: number;
  serverCpuShare: number;
  /** CPU share of one core used by the load generator (near 1 = the client limits the figure). */
  clientCpuShare: number;
  /** CPU share of one core used by the sample back end (documents, JSP services) the transactions call. */
  backendCpuShare?: number;
  errorSamples: string[];
}

export interface WindowSpec {
  warmupMs: number;
  measureMs: number;
  /** Where to write a CPU profile of the server over the measured window (the gateway rows), if anywhere. */
  profileFile?: (config: string, concurrency: number) => string | undefined;
}

/**
 * Runs `concurrency` workers until the window closes (after a warm-up); counts the requests that finished
 * inside the window; measures both processes' CPU over the window.
 */
async function measure(
  config: string,
  server: BenchChild,
  concurrency: number,
  spec: WindowSpec,
  recorder: WindowRecorder,
  worker: (stillRunning: () => boolean) => Promise<void>,
  extra: () => { failedCalls?: number; calls?: number } = () => ({}),
  backend?: BenchChild,
): Promise<LoadRow> {
  const opensAt = performance.now() + spec.warmupMs;
  const closesAt = opensAt + spec.measureMs;
  recorder.open(opensAt, spec.measureMs);
  const stillRunning = (): boolean => performance.now() < closesAt;
  const workers = Array.from({ length: concurrency }, () => worker(stillRunning));
  await sleepUntil(opensAt);
  const profileFile = spec.profileFile?.(config, concurrency);
  if (profileFile) await server.request('profile:start');
  const server0 = await server.request<{ cpuUs: number }>('figures');
  const backend0 = await backend?.request<{ cpuUs: number }>('figures');
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  await sleepUntil(closesAt);
  const server1 = await server.request<{ cpuUs: number }>('figures');
  const backend1 = await backend?.request<{ cpuUs: number }>('figures');
  const client1 = process.cpuUsage(client0);
  const elapsedUs = (performance.now() - t0) * 1000;
  if (profileFile) await server.request('profile:stop', profileFile);
  await Promise.all(workers);
  const during = extra();
  const s = recorder.summary();
  const serverCpu = server1.cpuUs - server0.cpuUs;
  return {
    config,
    concurrency,
    turnsPerS: Math.round(s.count / (spec.measureMs / 1000)),
    p50Ms: s.p50Ms,
    p99Ms: s.p99Ms,
    maxMs: s.maxMs,
    errors: s.errors,
    ...during,
    serverCpuUsPerTurn: Math.round(serverCpu / Math.max(1, s.count)),
    serverCpuShare: round(serverCpu / elapsedUs, 2),
    clientCpuShare: round((client1.user + client1.system) / elapsedUs, 2),
    ...(backend0 && backend1 ? { backendCpuShare: round((backend1.cpuUs - backend0.cpuUs) / elapsedUs, 2) } : {}),
    errorSamples: [...recorder.errorSamples],
  };
}

function sleepUntil(t: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));
}

export function keepAliveAgent(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

/** The ceiling: each worker posts a Gather-like signed webhook of its own call, again and again. */
export async function ceilingRun(config: string, server: BenchChild, url: string, creds: Credentials, concurrency: number, spec: WindowSpec): Promise<LoadRow> {
  const recorder = new WindowRecorder();
  const agent = keepAliveAgent(concurrency);
  const wire = new BenchWire({ gateway: url, authToken: creds.authToken, agent, recorder });
  try {
    return await measure(config, server, concurrency, spec, recorder, async (stillRunning) => {
      const callSid = newSid('CA');
      let turn = 1;
      while (stillRunning()) {
        const params = { AccountSid: creds.accountSid, ApiVersion: '2010-04-01', CallSid: callSid, CallStatus: 'in-progress', Direction: 'inbound', From: '+15551230000', To: '+18005550100', FromCountry: 'US', ToCountry: 'US', Digits: '1' };
        await wire.post(`${url}/twilio/gather?turn=${turn++}`, params).catch(() => undefined);
      }
    });
  } finally {
    agent.destroy();
  }
}

/** Complete transactions: each worker runs the mix's scripts in turn (offset by its index) until the window closes. */
export async function transactionRun(
  config: string,
  server: BenchChild,
  url: string,
  creds: Credentials,
  recordings: RecordingHost,
  mix: MixEntry[],
  concurrency: number,
  spec: WindowSpec,
  backend?: BenchChild,
  /** Callers answer this long after each answer (0: as fast as the server answers, the saturating load). */
  paceMs = 0,
): Promise<LoadRow> {
  const recorder = new WindowRecorder();
  const agent = keepAliveAgent(concurrency);
  const driver = new BenchDriver(new BenchWire({ gateway: url, authToken: creds.authToken, agent, recorder, paceMs }), recordings, creds);
  let next = 0;
  let calls = 0;
  let failedCalls = 0;
  try {
    return await measure(
      config,
      server,
      concurrency,
      spec,
      recorder,
      async (stillRunning) => {
        // Paced callers start spread over one pace interval, as independent calls arrive, not all at once.
        if (paceMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * paceMs));
        while (stillRunning()) {
          const entry = mix[next++ % mix.length];
          const outcome = await runScript(entry.loaded, entry.app, driver);
          if (!recorder.inWindow(performance.now())) continue;
          calls++;
          if (!outcome.passed) {
            failedCalls++;
            if (recorder.errorSamples.length < 5) recorder.errorSamples.push(`${path.basename(entry.loaded.file)}: ${outcome.error ?? JSON.stringify(outcome.failure)}`.slice(0, 300));
          }
        }
      },
      () => ({ calls, failedCalls }),
      backend,
    );
  } finally {
    agent.destroy();
  }
}
