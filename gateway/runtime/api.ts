/**
 * The CallRuntime as channel adapters see it: one caller turn = one `handle` call.
 * load session → (fetch documents, recognize input) → step the interpreter → save session → actions.
 */
import type { Channel, PlatformAction, PlatformEvent } from '../../contracts/platform';
import type { RecognitionResult } from '../../contracts/grammar';
import type { TraceEntry } from '../../contracts/interpreter';

export interface CallStart {
  /** Platform call id (Twilio CallSid, ACS callConnectionId, sim-generated). */
  callId: string;
  channel: Channel;
  /** Absolute URI of the entry document (the application this call runs). */
  entry: string;
  from?: string;
  to?: string;
  /** Platform facts exposed to documents as session.* (e.g. Twilio AccountSid, ACS serverCallId). */
  extra?: Record<string, string>;
}

export interface TurnResult {
  callId: string;
  /**
   * Turn number after this turn. Adapters put it in the callback they give the platform (Twilio action URL,
   * ACS operationContext) and pass it back as `turn`, so a retried or duplicated request is recognised.
   */
  seq: number;
  /** Zero or more `play`, then exactly one of listen/record/transfer/hangup. */
  actions: PlatformAction[];
  ended: boolean;
  /** This is the stored answer of a turn already processed (retry or duplicate): nothing advanced. */
  replayed: boolean;
  /** How the caller's input of this turn was understood (undefined when the turn had no input). */
  recognition?: { result?: RecognitionResult; nomatch?: { utterance?: string } };
  trace: TraceEntry[];
}

/** Thrown by `handle` for a call the gateway does not know (expired, never started, other deployment). */
export class UnknownCallError extends Error {
  constructor(readonly callId: string) {
    super(`no session for call ${callId}: it ended, expired, or was started elsewhere`);
    this.name = 'UnknownCallError';
  }
}

export interface CallRuntime {
  /** Starts a call: runs the entry document until it first waits for the caller (or ends). */
  start(call: CallStart): Promise<TurnResult>;
  /**
   * Feeds one platform event. When `turn` is given and is older than the session's current turn, the stored
   * answer to that turn is returned (replayed: true) and the call does not advance.
   */
  handle(callId: string, event: PlatformEvent, opts?: { turn?: number }): Promise<TurnResult>;
  /** Whether a session exists for the call. */
  has(callId: string): Promise<boolean>;
}
