/**
 * The ECMAScript environment VoiceXML documents run in (VoiceXML 2.0 §5.1), as the interpreter and the
 * SISR evaluator see it. Implemented in this folder; this file is the contract between them.
 *
 * - One Realm (a node:vm context) per application, cached; per-call state lives in an Env.
 * - Scope chain: session → application → document → dialog → anonymous. Each scope is also reachable as a
 *   variable of that name (`application.x`, `dialog.x`); when the current document is the application root,
 *   document and application are the same scope (§5.1.2).
 * - Caller input and fetched data enter as data (`fromData`), never as source text.
 * - A turn has a time budget: loops and function calls in document code are instrumented so runaway code
 *   throws ScriptError('timeout'); nothing ever blocks the process.
 * - Everything an Env holds can be serialised to JSON between turns and restored on another instance.
 */
import type { XmlNode } from '../../contracts/xml';

export type ScopeName = 'session' | 'application' | 'document' | 'dialog' | 'anonymous';

/** Why ECMAScript failed; the interpreter turns every ScriptError into error.semantic (message in _message). */
export type ScriptErrorKind = 'syntax' | 'reference' | 'type' | 'range' | 'timeout' | 'undeclared' | 'other';

export class ScriptError extends Error {
  constructor(
    message: string,
    readonly kind: ScriptErrorKind,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

/** JSON-compatible snapshot of every scope of a call (opaque to everyone but this module). */
export type SerializedScopes = { v: 1; [k: string]: unknown };

export interface TurnClock {
  /** Injected time (ms since epoch): `Date.now()` / `new Date()` inside documents. */
  now: number;
  /** Seed for `Math.random()` inside documents, so a replayed turn computes the same values. */
  seed: number;
  /** Budget for all ECMAScript of this turn, in ms of real time. */
  budgetMs: number;
}

export interface Env {
  /** Called once at the start of every step (including replays of the same turn). */
  beginTurn(clock: TurnClock): void;

  /**
   * Replaces the scope `level` with a fresh empty one and drops every narrower scope
   * (a new document drops dialog and anonymous; a new application root drops everything below session).
   * `sameAsApplication`: the new document IS the application root, so document aliases application.
   */
  resetScope(level: 'application' | 'document' | 'dialog', opts?: { sameAsApplication?: boolean }): void;
  /** Opens a fresh anonymous scope (block, filled, catch); closeAnonymous drops it. */
  openAnonymous(): void;
  closeAnonymous(): void;

  /** <var>: declares `name` in scope `level` (default: the innermost open scope), overwriting if it exists. */
  declare(name: string, value: unknown, level?: ScopeName): void;
  /** <assign>: `name` may carry a scope prefix (`document.x`, `application.lastresult$`). Undeclared → ScriptError('undeclared'). */
  assign(name: string, value: unknown): void;
  /** Whether `name` (optionally scope-prefixed) is declared in the current chain. */
  has(name: string): boolean;
  /** Value of a declared variable (undefined if it is not declared). */
  get(name: string): unknown;
  /** Removes a variable's value (<clear> sets form item variables to undefined; this is for platform shadow vars). */
  setShadow(name: string, level: ScopeName, value: unknown): void;

  /** Evaluates an expression in the current scope chain. Throws ScriptError. */
  evaluate(expr: string): unknown;
  /** Evaluates a cond with ECMAScript truthiness. Throws ScriptError. */
  evalCond(expr: string): boolean;
  /** Runs a <script> body with `level` as its variable scope (var and function declarations land there). */
  run(source: string, level: ScopeName): void;

  /** Copies plain data (caller input, SISR results, session.*) into the realm as realm objects. */
  fromData(value: unknown): unknown;
  /** Copies a realm value out as plain JSON-compatible data (submit namelists, logs, return values). */
  toData(value: unknown): unknown;
  /** Converts a value to the string ECMAScript would (for <value>, <log>, URL building). */
  toString(value: unknown): string;
  /** A read-only W3C DOM (Document) over parsed XML, for <data name="…">. */
  makeDom(xml: XmlNode): unknown;
  /**
   * The elements of an ECMAScript array as a host list (<foreach> iterates over a copy), or undefined when
   * `value` is not an array. Reading an element may run document code (a getter): it runs under the budget.
   */
  items(value: unknown): unknown[] | undefined;

  serialize(): SerializedScopes;
}

export interface Realm {
  /** A fresh call environment whose session scope holds `session` (copied in as data). */
  createEnv(session: Record<string, unknown>): Env;
  /** Restores an environment serialised by `Env.serialize`, possibly on another instance. */
  restoreEnv(snapshot: SerializedScopes): Env;
  /**
   * Runs self-contained code (SISR tags) with `bindings` as its variables and returns them afterwards,
   * under the same instrumentation and budget rules. Throws ScriptError.
   */
  runIsolated(code: string, bindings: Record<string, unknown>, budgetMs: number): Record<string, unknown>;
  /** Copies plain host data into this realm (realm values pass through), e.g. SISR bindings. (Added by the sandbox; always present.) */
  fromData?(value: unknown): unknown;
  /** Copies a realm value (e.g. a runIsolated result) out as JSON-compatible data. (Added by the sandbox; always present.) */
  toData?(value: unknown): unknown;
}

/** Syntax check used by the compiler's lint: null when `source` parses as an expression/script, else the message. */
export type SyntaxCheck = (source: string, as: 'expression' | 'script') => { message: string; line: number; col: number } | null;
