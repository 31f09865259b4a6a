/**
 * How executable content ends. VoiceXML control flow (throw, goto, submit, return, exit…) is data that
 * every executor returns and its caller interprets; nothing in the interpreter uses JavaScript exceptions
 * for it. The one exception is `NeedFetch` (fetcher.ts), which abandons a turn the runtime will replay.
 */
import type { SubmitField } from '../../contracts/interpreter';
import type { FetchAttrs } from '../../contracts/grammar';
import type { Loc } from '../../contracts/source';

export type Flow =
  /** Ran to the end: continue with the next element / FIA iteration. */
  | { kind: 'continue' }
  | { kind: 'throw'; event: string; message?: unknown; loc?: Loc }
  /** Transition to a dialog (same document when `doc` is undefined) or another document. */
  | { kind: 'goto'; doc?: string; fragment?: string; fetch?: FetchAttrs; via: 'start' | 'goto' | 'link' | 'choice'; loc: Loc }
  | { kind: 'submit'; doc: string; fragment?: string; method: 'get' | 'post'; enctype: string; body: SubmitField[]; fetch?: FetchAttrs; loc: Loc }
  | { kind: 'nextitem'; item: string; loc: Loc }
  | { kind: 'return'; values?: Record<string, unknown>; event?: string; message?: unknown; loc: Loc }
  | { kind: 'exit'; loc: Loc; value?: unknown }
  | { kind: 'disconnect'; loc: Loc };

export const CONTINUE: Flow = { kind: 'continue' };

export function thrown(event: string, message?: unknown, loc?: Loc): Flow {
  const f: Flow = { kind: 'throw', event };
  if (message !== undefined) f.message = message;
  if (loc !== undefined) f.loc = loc;
  return f;
}

/** Result of something that yields a value or ends the flow (usually with error.semantic). */
export type Result<T> = { ok: true; value: T } | { ok: false; flow: Flow };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(flow: Flow): Result<T> {
  return { ok: false, flow };
}
