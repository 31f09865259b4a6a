/**
 * The runtime's narrow ports. Each has an in-memory (or default) implementation in this folder; a scaled-out
 * deployment swaps SessionStore and ResponseDocumentStore for shared ones (Redis) without touching the turn loop.
 */
import type { SessionState } from '../../contracts/session';
import type { InterpreterEvent } from '../../contracts/interpreter';
import type { TurnResult } from './api';

// ---------------------------------------------------------------- sessions

/** The stored answer to one turn, for idempotent retries. `turn` is the session's seq BEFORE the turn. */
export interface StoredAnswer {
  turn: number;
  result: TurnResult;
}

export interface StoredCall {
  session: SessionState;
  /** The answer to the last processed turn (the one that produced `session.seq`). */
  last?: StoredAnswer;
}

export type CommitOutcome = 'ok' | 'conflict';

/**
 * Sessions between turns. `commit` is an atomic compare-and-set on `seq`: it writes the session and the answer
 * only if the stored call's seq still equals `expectedSeq` (null = the call must not exist yet). A Redis
 * implementation does this in one Lua script/MULTI so two instances never both advance a call.
 */
export interface SessionStore {
  get(callId: string): Promise<StoredCall | undefined>;
  commit(call: StoredCall, expectedSeq: number | null): Promise<CommitOutcome>;
  /** The stored answer to `turn` (seq before that turn) if it is still kept. */
  answer(callId: string, turn: number): Promise<StoredAnswer | undefined>;
  delete(callId: string): Promise<void>;
  close?(): Promise<void>;
}

/**
 * Documents answered to POST submits are not re-fetchable by URI, yet later turns (maybe on another
 * instance) still execute them. Kept per call: uri → source text (the compiled graph is cached by content hash).
 */
export interface ResponseDocumentStore {
  remember(callId: string, uri: string, doc: ResponseDocument): Promise<void>;
  recall(callId: string): Promise<Map<string, ResponseDocument>>;
  forget(callId: string): Promise<void>;
}

export interface ResponseDocument {
  /** sha256 of the text: the compiled-graph cache key. */
  hash: string;
  text: string;
}

// ---------------------------------------------------------------- time, logs

export interface Clock {
  /** ms since epoch. */
  now(): number;
}

export interface LogContext {
  callId?: string;
  turn?: number;
  dialog?: string;
  /** Element position `uri:line`. */
  at?: string;
  [key: string]: unknown;
}

export interface Logger {
  error(message: string, ctx?: LogContext): void;
  warn(message: string, ctx?: LogContext): void;
  info(message: string, ctx?: LogContext): void;
  debug(message: string, ctx?: LogContext): void;
  /** A logger that adds `ctx` to every line. */
  child(ctx: LogContext): Logger;
}

// ---------------------------------------------------------------- recordings

/**
 * Fetches the bytes of a caller recording for a multipart submit. The Twilio adapter supplies one that sends
 * the account credentials; the default fetches file: and http(s) URIs anonymously.
 */
export interface RecordingFetcher {
  fetch(uri: string, opts: { timeoutMs: number; maxBytes: number }): Promise<{ bytes: Uint8Array; type: string }>;
}

// ---------------------------------------------------------------- observability

/** What one turn did, for metrics (turn latency, active calls, VoiceXML error events by name). */
export interface TurnReport {
  callId: string;
  channel: string;
  ms: number;
  /** This turn started the call. */
  started: boolean;
  ended: boolean;
  recognition?: 'grammar' | 'classifier' | 'llm' | 'nomatch';
  /** VoiceXML events thrown during the turn (error.badfetch, nomatch, …). */
  events: string[];
  /** The turn in full, for live views (web console): the application, the caller's input as understood, the answer. */
  detail?: { entry: string; input: InterpreterEvent; result: TurnResult };
}

export interface TurnObserver {
  turn(report: TurnReport): void;
}
