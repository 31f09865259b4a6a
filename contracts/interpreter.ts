/**
 * The pure interpreter's API: `step(session, event, ctx) → outcome`.
 *
 * The interpreter never performs I/O. When it needs a resource it has not been given (a document, a
 * script, <data>, a <submit> answer) it returns `{ status: 'need', request }`; the runtime performs the
 * request, appends the result to `ctx.fetched` and calls `step` again with the SAME session and event.
 * The interpreter replays the turn deterministically and consumes `fetched[k]` for its k-th request of the
 * turn, so side-effecting requests (POST submits) are made once per turn.
 */
import type { DialogGraph } from './graph';
import type { RecognitionResult } from './grammar';
import type { Channel, InputMode, PlatformAction, TransferResult } from './platform';
import type { SessionState } from './session';
import type { XmlNode } from './xml';
import type { Loc } from './source';

/** Inputs to the interpreter, already recognized by the runtime (grammar/NLU decided). */
export type InterpreterEvent =
  | {
      kind: 'start';
      callId: string;
      channel: Channel;
      /** Absolute URI of the entry document (may carry #dialog). */
      entry: string;
      from?: string;
      to?: string;
      /** Platform-specific call facts, exposed under session.connection.* / session.<channel>.* */
      extra?: Record<string, string>;
    }
  | { kind: 'recognized'; result: RecognitionResult }
  | { kind: 'nomatch'; utterance?: string; confidence?: number; inputmode: InputMode }
  | { kind: 'noinput' }
  | { kind: 'recorded'; uri: string; durationMs: number; sizeBytes?: number; type?: string; termchar?: string; maxtime?: boolean }
  | { kind: 'transferred'; result: TransferResult; durationMs?: number }
  | { kind: 'hangup' }
  | { kind: 'platform.error'; event: string; message: string };

/** One field of a submitted form body. A recording is sent as a file part (its bytes fetched by the runtime). */
export type SubmitField = { name: string; value: string } | { name: string; recording: { uri: string; type?: string } };

interface FetchCommon {
  /** Absolute URI (the interpreter resolves relative ones against the current document/base). */
  uri: string;
  fetchtimeoutMs?: number;
  maxageS?: number;
  maxstaleS?: number;
  /** Where in the document the request was made, for error messages. */
  origin: { uri: string; loc: Loc };
}

export type FetchRequest =
  | (FetchCommon & {
      kind: 'document';
      method: 'get' | 'post';
      enctype: string;
      body?: SubmitField[];
      purpose: 'start' | 'goto' | 'submit' | 'subdialog' | 'application' | 'link' | 'choice';
    })
  | (FetchCommon & { kind: 'script' })
  | (FetchCommon & { kind: 'data'; method: 'get' | 'post'; enctype: string; body?: SubmitField[] });

export type FetchResult =
  | { ok: true; kind: 'document'; uri: string; graph: DialogGraph }
  | { ok: true; kind: 'script'; uri: string; text: string }
  | { ok: true; kind: 'data'; uri: string; xml: XmlNode }
  /** `event` is the VoiceXML event to throw: error.badfetch, error.badfetch.http.404, error.badfetch.protocol… */
  | { ok: false; event: string; message: string };

export interface StepLimits {
  /** Transitions (dialog/document changes and event throws) allowed in one turn before error.semantic + hangup. */
  maxTransitionsPerTurn: number;
  /** Wall-clock budget for ECMAScript in one turn. */
  scriptTimeoutMs: number;
}

export interface StepContext {
  /** Compiled documents the runtime already holds (cache); a miss makes the interpreter ask with `need`. */
  documents: (uri: string) => DialogGraph | undefined;
  /**
   * Script texts the runtime already holds fresh under the request's maxage/maxstale (optional; same answers on
   * every re-run of a turn): a hit spares the turn a `need` and the re-run of the step that follows it.
   */
  scripts?: (uri: string, directives: { maxageS?: number; maxstaleS?: number }) => { uri: string; text: string } | undefined;
  /** Results of this turn's earlier requests, in the order they were asked for. */
  fetched: FetchResult[];
  /** Injected clock (ms since epoch) and entropy, so a turn replays identically. */
  now: number;
  seed: number;
  limits: StepLimits;
  /**
   * Configured platform defaults (timeouts, language) applied below document properties; also the
   * configured transfer country code under 'vxml-gateway.transfer.default-country-code', which only this
   * map (never a document <property>) sets.
   */
  defaults?: Record<string, string>;
}

/** What the call did, for logs, coverage and the live console. */
export type TraceEntry =
  | { kind: 'dialog'; uri: string; dialog: string; loc: Loc }
  | { kind: 'item'; uri: string; dialog: string; item: string; loc: Loc }
  | { kind: 'handler'; uri: string; event: string; loc: Loc }
  | { kind: 'transition'; uri: string; from: string; to: string; via: string; loc: Loc }
  | { kind: 'log'; uri: string; loc: Loc; label?: string; message: string }
  | { kind: 'event'; uri: string; event: string; message?: string; loc?: Loc }
  | { kind: 'recognition'; result: RecognitionResult }
  /** A prompt the application queued after the call was disconnected: not played, kept for transparency. */
  | { kind: 'unplayed'; uri: string; text: string };

export type StepOutcome =
  | { status: 'need'; request: FetchRequest }
  | {
      status: 'done';
      session: SessionState;
      /** Zero or more `play`, then exactly one of listen/record/transfer/hangup. */
      actions: PlatformAction[];
      trace: TraceEntry[];
    };
