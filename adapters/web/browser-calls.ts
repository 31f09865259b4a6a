/**
 * Calls placed from the browser: the simulated channel driven over HTTP. Each call has an unguessable id
 * and a key only its browser holds; calls are capped (in total and per client), one turn runs at a time,
 * and a call left without input is hung up so its slot frees. Like the sim console, the platform refuses
 * destinations nobody can dial in the same turn (error.connection.baddestination).
 */
import { randomBytes } from 'node:crypto';
import { silentWav, type CallRuntime, type Clock, type Logger, type PlatformEvent, type TransferResult, type TurnResult } from '../../gateway/index';
import { sameSecret } from './security';

export type CallerInput =
  | { kind: 'dtmf'; digits: string }
  | { kind: 'speech'; text: string; confidence: number }
  | { kind: 'noinput' }
  | { kind: 'hangup' }
  | { kind: 'record'; seconds: number }
  | { kind: 'transfer'; result: TransferResult };

export class CallRefused extends Error {
  constructor(message: string, readonly status: 404 | 409 | 429 | 503) {
    super(message);
    this.name = 'CallRefused';
  }
}

export interface BrowserCall {
  callId: string;
  key: string;
  client: string;
  entry: string;
  label: string;
  last: TurnResult;
  lastInputAt: number;
  busy: boolean;
}

export interface BrowserCallOptions {
  runtime: CallRuntime;
  clock: Clock;
  logger: Logger;
  maxCalls: number;
  maxCallsPerClient: number;
  idleMs: number;
}

/** What the caller's browser hears about a turn (the answer, plus what the console did for it). */
export interface PlacedTurn {
  call: BrowserCall;
  /** Turns the console answered for the platform (an undialable transfer), before `call.last`. */
  earlier: TurnResult[];
}

export class BrowserCalls {
  private readonly calls = new Map<string, BrowserCall>();

  constructor(private readonly opts: BrowserCallOptions) {}

  get active(): number {
    return this.calls.size;
  }

  async start(client: string, entry: string, label: string): Promise<PlacedTurn> {
    await this.sweep();
    if (this.calls.size >= this.opts.maxCalls) throw new CallRefused(`too many browser calls in progress (${this.opts.maxCalls}); hang up one or try again later`, 503);
    const mine = [...this.calls.values()].filter((c) => c.client === client).length;
    if (mine >= this.opts.maxCallsPerClient) throw new CallRefused(`you already have ${mine} calls in progress (at most ${this.opts.maxCallsPerClient}); hang up one first`, 429);
    const callId = `web-${randomBytes(9).toString('base64url')}`;
    const key = randomBytes(18).toString('base64url');
    // The slot is taken before the first turn runs, so concurrent starts cannot exceed the cap.
    const call: BrowserCall = { callId, key, client, entry, label, last: placeholder(callId), lastInputAt: this.opts.clock.now(), busy: true };
    this.calls.set(callId, call);
    try {
      const first = await this.opts.runtime.start({ callId, channel: 'sim', entry, from: 'browser', to: label });
      const { last, earlier } = await this.settle(callId, first);
      call.last = last;
      return { call, earlier };
    } catch (e) {
      this.calls.delete(callId);
      throw e;
    } finally {
      call.busy = false;
      if (call.last.ended) this.calls.delete(callId);
    }
  }

  /** The call, if `key` is its key (compared in constant time). */
  get(callId: string, key: string): BrowserCall {
    const call = this.calls.get(callId);
    if (!call || !sameSecret(key, call.key)) throw new CallRefused('no such call in progress (it ended, was hung up for inactivity, or belongs to another browser)', 404);
    return call;
  }

  async input(callId: string, key: string, input: CallerInput): Promise<PlacedTurn> {
    const call = this.get(callId, key);
    if (call.busy) throw new CallRefused('the previous input is still being processed', 409);
    const event = this.eventFor(call, input);
    call.busy = true;
    call.lastInputAt = this.opts.clock.now();
    try {
      const answer = await this.opts.runtime.handle(callId, event, { turn: call.last.seq });
      const { last, earlier } = await this.settle(callId, answer);
      call.last = last;
      return { call, earlier };
    } finally {
      call.busy = false;
      if (call.last.ended) this.calls.delete(callId);
    }
  }

  /** Maps the browser's input onto a platform event, refusing what the application is not waiting for. */
  private eventFor(call: BrowserCall, input: CallerInput): PlatformEvent {
    const pending = call.last.actions[call.last.actions.length - 1]?.kind;
    const refuse = (what: string): never => {
      throw new CallRefused(`the application is not waiting for ${what} now (it waits for ${pending === 'listen' ? 'keys or speech' : pending === 'record' ? 'a recording' : pending === 'transfer' ? 'the result of a transfer' : 'nothing'})`, 409);
    };
    switch (input.kind) {
      case 'dtmf':
        return pending === 'listen' ? { kind: 'dtmf', digits: input.digits } : refuse('keys');
      case 'speech':
        return pending === 'listen' ? { kind: 'speech', text: input.text, confidence: input.confidence } : refuse('speech');
      case 'noinput':
        // Silence at a <record> is a recording that never started: the platform reports noinput too.
        return pending === 'listen' || pending === 'record' ? { kind: 'noinput' } : refuse('silence');
      case 'record':
        if (pending !== 'record') return refuse('a recording');
        // A silent recording of the chosen length, carried in the event itself (no storage to clean up).
        return { kind: 'recorded', uri: `data:audio/wav;base64,${silentWav(input.seconds).toString('base64')}`, durationMs: Math.round(input.seconds * 1000), type: 'audio/wav' };
      case 'transfer':
        return pending === 'transfer' ? { kind: 'transfer.done', result: input.result } : refuse('a transfer result');
      case 'hangup':
        return { kind: 'hangup' };
    }
  }

  private async settle(callId: string, first: TurnResult): Promise<{ last: TurnResult; earlier: TurnResult[] }> {
    let last = first;
    const earlier: TurnResult[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const action = last.actions[last.actions.length - 1];
      if (last.ended || action?.kind !== 'transfer' || dialable(action.dest)) break;
      earlier.push(last);
      last = await this.opts.runtime.handle(callId, { kind: 'platform.error', event: 'error.connection.baddestination', message: `${action.dest} cannot be dialled` }, { turn: last.seq });
    }
    return { last, earlier };
  }

  /** Hangs up calls left without input for too long (runs before each new call). */
  async sweep(): Promise<void> {
    const now = this.opts.clock.now();
    for (const call of [...this.calls.values()]) {
      if (call.busy || now - call.lastInputAt < this.opts.idleMs) continue;
      this.calls.delete(call.callId);
      await this.hangUp(call, 'idle');
    }
  }

  private async hangUp(call: BrowserCall, why: string): Promise<void> {
    try {
      await this.opts.runtime.handle(call.callId, { kind: 'hangup' }, { turn: call.last.seq });
    } catch (e) {
      // The session may already be gone (expired, or the runtime is closing): nothing is left to hang up.
      this.opts.logger.warn(`web console: hanging up ${why} browser call failed: ${e instanceof Error ? e.message : String(e)}`, { callId: call.callId });
    }
  }

  /** Hangs up every browser call (shutdown). */
  async closeAll(): Promise<void> {
    const calls = [...this.calls.values()];
    this.calls.clear();
    await Promise.all(calls.map((c) => this.hangUp(c, 'open')));
  }
}

function placeholder(callId: string): TurnResult {
  return { callId, seq: 0, actions: [], ended: false, replayed: false, trace: [] };
}

/**
 * Whether a telephone network could dial `dest`: a SIP URI, or a tel:/bare number of 3–15 digits once
 * visual separators are removed (vanity numbers with letters are not dialable).
 */
export function dialable(dest: string): boolean {
  const text = dest.trim();
  if (/^sips?:/i.test(text)) return /^sips?:([^\s@<>"]+@)?[A-Za-z0-9.-]+(:\d+)?(;[^\s<>"]*)?$/i.test(text);
  const subscriber = /^tel:/i.test(text) ? text.slice(4).split(';')[0] : text;
  return /^\+?\d{3,15}$/.test(subscriber.replace(/[\s\-.()]/g, ''));
}
