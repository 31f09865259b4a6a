/**
 * A small CallRuntime for adapter tests (our own interface, not a platform SDK): each call follows a scripted
 * dialogue, answers are stored per turn so retries replay them (the contract of runtime/api.ts), and every event
 * fed is recorded for assertions.
 */
import type { PlatformAction, PlatformEvent } from '../../contracts/platform';
import { UnknownCallError, type CallRuntime, type CallStart, type TurnResult } from '../../gateway/runtime/api';

export type Dialogue = (call: CallStart, event: PlatformEvent | undefined, turn: number) => { actions: PlatformAction[]; ended?: boolean };

interface FakeCall {
  start: CallStart;
  seq: number;
  ended: boolean;
  answers: Map<number, TurnResult>;
}

export class FakeRuntime implements CallRuntime {
  readonly calls = new Map<string, FakeCall>();
  readonly fed: { callId: string; event: PlatformEvent; turn?: number; replayed: boolean }[] = [];
  readonly started: CallStart[] = [];
  /** Milliseconds each turn takes (deadline tests). */
  delayMs = 0;

  constructor(private readonly dialogue: Dialogue) {}

  async has(callId: string): Promise<boolean> {
    return this.calls.has(callId);
  }

  async start(call: CallStart): Promise<TurnResult> {
    await this.pause();
    const existing = this.calls.get(call.callId);
    if (existing) return { ...(existing.answers.get(0) as TurnResult), replayed: true };
    this.started.push(call);
    const state: FakeCall = { start: call, seq: 0, ended: false, answers: new Map() };
    this.calls.set(call.callId, state);
    return this.advance(state, undefined);
  }

  async handle(callId: string, event: PlatformEvent, opts: { turn?: number } = {}): Promise<TurnResult> {
    await this.pause();
    const state = this.calls.get(callId);
    if (!state) throw new UnknownCallError(callId);
    if ((opts.turn !== undefined && opts.turn < state.seq) || state.ended) {
      const turn = state.ended && (opts.turn === undefined || opts.turn >= state.seq) ? state.seq - 1 : (opts.turn as number);
      this.fed.push({ callId, event, turn: opts.turn, replayed: true });
      return { ...(state.answers.get(turn) as TurnResult), replayed: true };
    }
    this.fed.push({ callId, event, turn: opts.turn, replayed: false });
    return this.advance(state, event);
  }

  private advance(state: FakeCall, event: PlatformEvent | undefined): TurnResult {
    const turn = state.seq;
    const next = event?.kind === 'hangup' ? { actions: [{ kind: 'hangup', reason: 'end' } as PlatformAction], ended: true } : this.dialogue(state.start, event, turn);
    const last = next.actions[next.actions.length - 1];
    state.seq = turn + 1;
    state.ended = next.ended === true || last?.kind === 'hangup';
    const result: TurnResult = { callId: state.start.callId, seq: state.seq, actions: next.actions, ended: state.ended, replayed: false, trace: [] };
    state.answers.set(turn, result);
    return result;
  }

  private async pause(): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }
}

// ---------------------------------------------------------------- action builders for tests

export function say(text: string, opts: { bargein?: boolean; lang?: string; ssml?: string; timeoutMs?: number } = {}): PlatformAction {
  return {
    kind: 'play',
    prompts: [
      {
        segments: [opts.ssml ? { kind: 'speak', text, ssml: opts.ssml } : { kind: 'speak', text }],
        bargein: opts.bargein ?? true,
        bargeintype: 'speech',
        lang: opts.lang ?? 'en-US',
        ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      },
    ],
  };
}

export function listen(over: Partial<Extract<PlatformAction, { kind: 'listen' }>> = {}): PlatformAction {
  return {
    kind: 'listen',
    modes: ['dtmf', 'voice'],
    grammars: [],
    timeoutMs: 5000,
    interdigitMs: 3000,
    termtimeoutMs: 0,
    completetimeoutMs: 1000,
    incompletetimeoutMs: 1500,
    maxspeechtimeoutMs: 20000,
    termchar: '#',
    confidenceLevel: 0.5,
    bargein: true,
    lang: 'en-US',
    ...over,
  };
}
