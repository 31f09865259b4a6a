/**
 * The simulated text channel as a ReplayDriver: calls run in-process against a CallRuntime, the caller's
 * input goes in as platform events, and what the platform would play comes back as text.
 * It behaves like a plain telephony platform: a trailing termchar ends DTMF collection and is not part of
 * the digits; input is only accepted when the application waits for it. It plays audio files the way the
 * other channels do (the gateway's AudioProber under the call's origin policy, files of the application's
 * directory included): a playable file is heard as `[audio <url>]`, an unplayable one as its fallback.
 */
import {
  AudioProber,
  checkTransferDestination,
  createRuntime,
  OriginPolicy,
  policyGate,
  type ProbeGate,
  type CallObservation,
  type CallRuntime,
  type GatewayConfig,
  type PlatformEvent,
  type ReplayCallHandle,
  type ReplayDriver,
  type RuntimeOverrides,
  type TransferResult,
  type TurnResult,
} from '../../gateway/index';
import { audioToProbe, observe, type Playable } from './observe';
import { SIM_RECORDING_PREFIX, SimRecordings } from './recordings';

export class SimCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimCallError';
  }
}

let callCounter = 0;

/** How the sim decides which audio files it can play: one prober (and cache) per driver, a gate per call. */
export interface SimAudio {
  prober: AudioProber;
  /** Origins the gateway may fetch from besides the call's own (config.app.allowedOrigins). */
  allowedOrigins: readonly string[];
}

/** What a call's audio is judged by. */
interface Hearing {
  prober: AudioProber;
  gate: ProbeGate;
}

const NOTHING: ProbeGate = { origin: () => false };

export class SimDriver implements ReplayDriver {
  readonly channel = 'sim' as const;
  private readonly audio: SimAudio;

  constructor(
    private readonly runtime: CallRuntime,
    private readonly recordings: SimRecordings,
    audio?: SimAudio,
  ) {
    this.audio = audio ?? { prober: new AudioProber(), allowedOrigins: [] };
  }

  async start(call: { app: string; from?: string; to?: string }): Promise<{ call: ReplayCallHandle; observed: CallObservation }> {
    const callId = `sim-${process.pid}-${++callCounter}`;
    const hearing: Hearing = { prober: this.audio.prober, gate: this.gateFor(call.app) };
    const first = await this.runtime.start({ callId, channel: 'sim', entry: call.app, from: call.from, to: call.to });
    const { result, observed, playable } = await settle(this.runtime, callId, first, hearing);
    const handle = new SimCall(this.runtime, this.recordings, callId, result, hearing, playable);
    return { call: handle, observed };
  }

  /** The call's origin policy decides what the sim may check (an entry of another scheme: nothing). */
  private gateFor(entry: string): ProbeGate {
    try {
      return policyGate(new OriginPolicy(entry, this.audio.allowedOrigins));
    } catch (e) {
      // (the runtime reports the unusable entry itself; the sim then has nothing to play)
      void e;
      return NOTHING;
    }
  }

  async close(): Promise<void> {
    // Nothing to release: the runtime lives as long as its owner.
  }
}

/** A driver with its own in-process runtime (the `replay --channel sim` and `call` default). */
export function createSimDriver(config: GatewayConfig, overrides: RuntimeOverrides = {}): SimDriver {
  const recordings = new SimRecordings();
  const runtime = createRuntime(config, { ...overrides, recordings });
  return new SimDriver(runtime, recordings, { prober: new AudioProber(), allowedOrigins: config.app.allowedOrigins });
}

export class SimCall implements ReplayCallHandle {
  private last: TurnResult;
  private lastPlayable: Playable;

  constructor(
    private readonly runtime: CallRuntime,
    private readonly recordings: SimRecordings,
    readonly callId: string,
    first: TurnResult,
    private readonly hearing: Hearing = { prober: new AudioProber(), gate: NOTHING },
    playable: Playable = () => true,
  ) {
    this.last = first;
    this.lastPlayable = playable;
  }

  /** The last answer of the gateway (the console renderer shows it). */
  get lastResult(): TurnResult {
    return this.last;
  }

  /** Which audio files of the last answer could be played (for rendering it as the caller heard it). */
  get playable(): Playable {
    return this.lastPlayable;
  }

  private get pending(): TurnResult['actions'][number] | undefined {
    return this.last.actions[this.last.actions.length - 1];
  }

  private async send(event: PlatformEvent, expecting: 'listen' | 'record' | 'transfer' | 'any'): Promise<CallObservation> {
    if (this.last.ended) throw new SimCallError(`the call already ended; cannot send ${event.kind}`);
    const pending = this.pending;
    if (expecting !== 'any' && pending?.kind !== expecting) {
      throw new SimCallError(`the application is not waiting for ${expecting === 'listen' ? 'input' : `a ${expecting} result`} (it waits for ${describe(pending)}); cannot send ${event.kind}`);
    }
    const answer = await this.runtime.handle(this.callId, event, { turn: this.last.seq });
    const { result, observed, playable } = await settle(this.runtime, this.callId, answer, this.hearing);
    this.last = result;
    this.lastPlayable = playable;
    return observed;
  }

  dtmf(digits: string): Promise<CallObservation> {
    // Keys go as pressed, termchar included: the recognizer strips it and reports it (lastresult$.termchar).
    return this.send({ kind: 'dtmf', digits }, 'listen');
  }

  say(text: string, confidence: number): Promise<CallObservation> {
    return this.send({ kind: 'speech', text, confidence }, 'listen');
  }

  silence(): Promise<CallObservation> {
    const pending = this.pending;
    // Silence at a <record> is a recording that never started: the platform reports noinput too.
    return this.send({ kind: 'noinput' }, pending?.kind === 'record' ? 'record' : 'listen');
  }

  hangup(): Promise<CallObservation> {
    return this.send({ kind: 'hangup' }, 'any');
  }

  transferResult(result: TransferResult): Promise<CallObservation> {
    return this.send({ kind: 'transfer.done', result }, 'transfer');
  }

  record(seconds: number, dtmf?: string): Promise<CallObservation> {
    const uri = this.recordings.make(this.callId, seconds);
    return this.send({ kind: 'recorded', uri, durationMs: Math.round(seconds * 1000), type: 'audio/wav', termchar: dtmf ? dtmf.slice(-1) : undefined }, 'record');
  }

  async close(): Promise<void> {
    if (!this.last.ended) this.last = await this.runtime.handle(this.callId, { kind: 'hangup' }, { turn: this.last.seq });
  }
}

/**
 * The schemes the simulated network can dial. The interpreter has already refused malformed destinations
 * (error.connection.baddestination, checkTransferDestination); a well-formed URI of another scheme
 * (mailto:, http:…) is one this platform does not support: error.unsupported.uri (VoiceXML 2.0 §2.3.7),
 * reported in the same turn, after the prompts queued before the transfer have played.
 */
const DIALABLE_SCHEMES = new Set(['tel', 'sip', 'sips']);

function refusal(dest: string): { event: string; message: string } | undefined {
  const verdict = checkTransferDestination(dest);
  // (the interpreter never asks for a malformed one; a scripted runtime in a test may)
  if (!verdict.ok) return { event: 'error.connection.baddestination', message: verdict.reason };
  if (DIALABLE_SCHEMES.has(verdict.scheme)) return undefined;
  return { event: 'error.unsupported.uri', message: `the simulated network cannot dial ${verdict.scheme}: URIs (${dest})` };
}

async function settle(runtime: CallRuntime, callId: string, first: TurnResult, hearing: Hearing): Promise<{ result: TurnResult; observed: CallObservation; playable: Playable }> {
  let result = first;
  const heard: string[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const last = result.actions[result.actions.length - 1];
    const refused = result.ended || last?.kind !== 'transfer' ? undefined : refusal(last.dest);
    if (refused === undefined) break;
    const plays = result.actions.filter((a) => a.kind === 'play');
    heard.push(...observe({ ...result, actions: plays }, await verdicts(plays, hearing)).heard);
    result = await runtime.handle(callId, { kind: 'platform.error', ...refused }, { turn: result.seq });
  }
  const playable = await verdicts(result.actions, hearing);
  const observed = observe(result, playable);
  return { result, observed: { ...observed, heard: [...heard, ...observed.heard] }, playable };
}

/** Probes (cached) the audio files whose playability changes what the caller hears. */
async function verdicts(actions: TurnResult['actions'], hearing: Hearing): Promise<Playable> {
  const urls = audioToProbe(actions);
  if (urls.length === 0) return () => true;
  // The sim plays back its own recordings (sim:recordings/…, a <record> variable given to <audio expr>), as
  // every platform plays the recordings it made.
  const results = await Promise.all(urls.map((u) => (u.startsWith(SIM_RECORDING_PREFIX) ? true : hearing.prober.playable(u, hearing.gate))));
  const unplayable = new Set(urls.filter((_, i) => !results[i]));
  return (url) => !unplayable.has(url);
}

function describe(action: TurnResult['actions'][number] | undefined): string {
  switch (action?.kind) {
    case 'listen':
      return 'input';
    case 'record':
      return 'a recording';
    case 'transfer':
      return `the result of a transfer to ${action.dest}`;
    case 'hangup':
      return 'nothing (the call ended)';
    case 'play':
    case undefined:
      return 'nothing';
  }
}
