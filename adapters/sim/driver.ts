/**
 * The simulated text channel as a ReplayDriver: calls run in-process against a CallRuntime, the caller's
 * input goes in as platform events, and what the platform would play comes back as text.
 * It behaves like a plain telephony platform: a trailing termchar ends DTMF collection and is not part of
 * the digits; input is only accepted when the application waits for it.
 */
import {
  checkTransferDestination,
  createRuntime,
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
import { observe } from './observe';
import { SimRecordings } from './recordings';

export class SimCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimCallError';
  }
}

let callCounter = 0;

export class SimDriver implements ReplayDriver {
  readonly channel = 'sim' as const;

  constructor(
    private readonly runtime: CallRuntime,
    private readonly recordings: SimRecordings,
  ) {}

  async start(call: { app: string; from?: string; to?: string }): Promise<{ call: ReplayCallHandle; observed: CallObservation }> {
    const callId = `sim-${process.pid}-${++callCounter}`;
    const first = await this.runtime.start({ callId, channel: 'sim', entry: call.app, from: call.from, to: call.to });
    const { result, observed } = await settle(this.runtime, callId, first);
    const handle = new SimCall(this.runtime, this.recordings, callId, result);
    return { call: handle, observed };
  }

  async close(): Promise<void> {
    // Nothing to release: the runtime lives as long as its owner.
  }
}

/** A driver with its own in-process runtime (the `replay --channel sim` and `call` default). */
export function createSimDriver(config: GatewayConfig, overrides: RuntimeOverrides = {}): SimDriver {
  const recordings = new SimRecordings();
  const runtime = createRuntime(config, { ...overrides, recordings });
  return new SimDriver(runtime, recordings);
}

export class SimCall implements ReplayCallHandle {
  private last: TurnResult;

  constructor(
    private readonly runtime: CallRuntime,
    private readonly recordings: SimRecordings,
    readonly callId: string,
    first: TurnResult,
  ) {
    this.last = first;
  }

  /** The last answer of the gateway (the console renderer shows it). */
  get lastResult(): TurnResult {
    return this.last;
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
    const { result, observed } = await settle(this.runtime, this.callId, answer);
    this.last = result;
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

async function settle(runtime: CallRuntime, callId: string, first: TurnResult): Promise<{ result: TurnResult; observed: CallObservation }> {
  let result = first;
  const heard: string[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const last = result.actions[result.actions.length - 1];
    const refused = result.ended || last?.kind !== 'transfer' ? undefined : refusal(last.dest);
    if (refused === undefined) break;
    heard.push(...observe({ ...result, actions: result.actions.filter((a) => a.kind === 'play') }).heard);
    result = await runtime.handle(callId, { kind: 'platform.error', ...refused }, { turn: result.seq });
  }
  const observed = observe(result);
  return { result, observed: { ...observed, heard: [...heard, ...observed.heard] } };
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
