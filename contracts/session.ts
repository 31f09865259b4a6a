/**
 * Everything about a call between two turns. JSON-serialisable and versioned: any gateway instance can
 * load it, run one turn and save it. `interp` belongs to the interpreter (documented in its module);
 * everything else is read by the runtime for idempotency, routing and expiry.
 */
import type { Channel } from './platform';

export const SESSION_VERSION = 1 as const;

export interface SessionState {
  v: typeof SESSION_VERSION;
  callId: string;
  channel: Channel;
  /** Completed turns; the store compares-and-sets on it so two instances never both advance a call. */
  seq: number;
  startedAt: number;
  updatedAt: number;
  /** Absolute URI of the application entry document; fetches are confined to its origin plus configured ones. */
  entry: string;
  /** What the call waits for after the last turn. */
  awaiting: 'input' | 'record' | 'transfer' | 'none';
  ended: boolean;
  /** Interpreter-owned state (FIA position, scopes, counters, subdialog stack). */
  interp: InterpreterState;
}

export const INTERPRETER_STATE_VERSION = 1 as const;

/**
 * The interpreter's part of a session (gateway/interpreter owns it; everyone else treats it as opaque).
 * Small by design: documents are referred to by key (the URI the runtime handed them under, see
 * `StepContext.documents`), never embedded; ECMAScript scopes are the sandbox's own JSON snapshot.
 */
export interface InterpreterState {
  v: typeof INTERPRETER_STATE_VERSION;
  /** Snapshot of the current execution context's scopes (gateway/ecmascript `Env.serialize()`). */
  scopes: { v: 1; [k: string]: unknown };
  /** Where the current execution context is. */
  exec: ExecPosition;
  /** Callers of the active subdialogs, outermost first (each with its own suspended scopes). */
  stack: SubdialogFrame[];
  /** What the last turn waits for (the item that listens/records/transfers); absent when nothing waits. */
  wait?: WaitState;
  /** Set once the caller hung up or the application disconnected: no more prompts or input. */
  hungup?: 'caller' | 'app';
  /** The call is over (hangup action emitted). */
  done?: boolean;
}

/** Position of one execution context (the main dialog or a subdialog). */
export interface ExecPosition {
  /** Key of the current document (`StepContext.documents` / FetchResult uri). */
  doc: string;
  /** Key of the application root document, when the current document names one (or is one). */
  root?: string;
  /** True when the current document is the application root itself (document scope = application scope). */
  isRoot?: boolean;
  /** Current dialog id (form or menu). */
  dialog: string;
  /** Prompt counters by form item name (menus use ''); a missing entry means 1 (never prompted). */
  prompts: Record<string, number>;
  /** Event counters by form item name ('' = the dialog itself), each by event name and every prefix. */
  events: Record<string, Record<string, number>>;
}

export interface SubdialogFrame {
  /** The caller's position and its suspended scopes. */
  exec: ExecPosition;
  scopes: { v: 1; [k: string]: unknown };
  /** Name of the <subdialog> form item that is waiting for the return. */
  item: string;
}

export interface WaitState {
  kind: 'input' | 'record' | 'transfer';
  /** Form item name ('' for a menu). */
  item: string;
  /** For transfers: the type requested (a blind transfer ends in connection.disconnect.transfer). */
  transferType?: 'blind' | 'bridge' | 'consultation';
}
