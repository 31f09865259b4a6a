/**
 * Admission of new calls: a cap on the calls in progress in the session store (MAX_SESSIONS) and the refusal
 * of new calls while the instance shuts down. A refused call is answered like any first turn — a polite
 * prompt, then a hang-up — so every channel plays it without special handling; nothing is stored for it.
 * Turns of calls already in progress are never refused.
 */
import type { CallRuntime, CallStart, TurnResult } from './api';
import type { Clock, CommitOutcome, Logger, SessionStore, StoredAnswer, StoredCall } from './ports';
import type { LiveCallCounter } from './redis-stores';
import { detached } from './shared-texts';

export interface AdmissionOptions {
  counter: LiveCallCounter;
  /** Calls in progress beyond which new calls are refused (0 = no cap). */
  maxSessions: number;
  /** What a refused caller hears. */
  busyMessage: string;
  language: string;
  logger: Logger;
}

export type AdmissionVerdict = { admit: true } | { admit: false; reason: 'capacity' | 'shutdown'; detail: string };

export class Admission {
  private draining = false;

  constructor(private readonly opts: AdmissionOptions) {}

  /** From now on new calls are refused (graceful shutdown); calls in progress continue. */
  drain(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async check(): Promise<AdmissionVerdict> {
    if (this.draining) return { admit: false, reason: 'shutdown', detail: 'this instance is shutting down' };
    if (this.opts.maxSessions <= 0) return { admit: true };
    const live = await this.opts.counter.liveCalls();
    if (live >= this.opts.maxSessions) return { admit: false, reason: 'capacity', detail: `${live} calls in progress, the cap is ${this.opts.maxSessions} (MAX_SESSIONS)` };
    return { admit: true };
  }

  /** The first (and last) turn of a refused call. */
  refusal(call: CallStart, verdict: Extract<AdmissionVerdict, { admit: false }>): TurnResult {
    this.opts.logger.warn(`new call refused: ${verdict.detail}`, { callId: call.callId, channel: call.channel, refused: verdict.reason });
    return {
      callId: call.callId,
      seq: 0,
      actions: [
        { kind: 'play', prompts: [{ segments: [{ kind: 'speak', text: this.opts.busyMessage }], bargein: false, bargeintype: 'speech', lang: this.opts.language }] },
        { kind: 'hangup', reason: 'end' },
      ],
      ended: true,
      replayed: false,
      trace: [{ kind: 'event', uri: call.entry, event: 'error.noresource', message: `call refused: ${verdict.detail}` }],
    };
  }
}

/**
 * The runtime with admission control on `start`: a call the store already holds (a retried incoming-call
 * webhook) is always let through, so a retry never turns into a refusal.
 */
export function withAdmission<R extends CallRuntime>(runtime: R, admission: Admission, onRefused?: (verdict: Extract<AdmissionVerdict, { admit: false }>) => void): R {
  return {
    ...runtime,
    start: async (call: CallStart): Promise<TurnResult> => {
      if (await runtime.has(call.callId)) return runtime.start(call);
      const verdict = await admission.check();
      if (verdict.admit) return runtime.start(call);
      onRefused?.(verdict);
      return admission.refusal(call, verdict);
    },
  };
}

/**
 * Live-call counting for stores that have no index of their own (the in-memory store): a decorator that
 * remembers which calls are not ended and when they expire.
 */
export class CountingSessionStore implements SessionStore, LiveCallCounter {
  private readonly live = new Map<string, number>();

  constructor(
    private readonly inner: SessionStore,
    private readonly clock: Clock,
    private readonly ttlS: number,
  ) {}

  get(callId: string): Promise<StoredCall | undefined> {
    return this.inner.get(callId);
  }

  async commit(call: StoredCall, expectedSeq: number | null): Promise<CommitOutcome> {
    const outcome = await this.inner.commit(call, expectedSeq);
    if (outcome === 'ok') {
      const callId = call.session.callId;
      if (call.session.ended) this.live.delete(callId);
      // A new key is copied: the id may be a slice of the webhook's body, which the map would keep alive.
      else this.live.set(this.live.has(callId) ? callId : detached(callId), this.clock.now() + this.ttlS * 1000);
    }
    return outcome;
  }

  answer(callId: string, turn: number): Promise<StoredAnswer | undefined> {
    return this.inner.answer(callId, turn);
  }

  async delete(callId: string): Promise<void> {
    this.live.delete(callId);
    await this.inner.delete(callId);
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  async liveCalls(): Promise<number> {
    const now = this.clock.now();
    for (const [id, expiresAt] of this.live) if (expiresAt <= now) this.live.delete(id);
    return this.live.size;
  }

  async storedSessions(): Promise<number> {
    const inner: unknown = this.inner;
    // The in-memory store counts its own entries (ended calls kept for retries included).
    if (typeof inner === 'object' && inner !== null && 'size' in inner && typeof inner.size === 'function') {
      const n: unknown = inner.size();
      if (typeof n === 'number') return n;
    }
    return this.live.size;
  }
}
