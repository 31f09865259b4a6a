/**
 * One Realm = one node:vm context, shared by every call of an application (contexts cost ~1 ms; a turn must
 * cost microseconds). Per-call state lives in Envs; the realm only holds the locked intrinsics, the compile
 * cache.
 *
 * Isolation between calls of the same realm:
 * - existing properties of intrinsics and global bindings are locked (realm-kit), so no call can change a
 *   builtin another call uses. The builtins legacy code extends (Object, Array, String, Date… with their
 *   prototypes, Math, JSON: see realm-kit) stay extensible for legacy helpers such as `Date.prototype.format`;
 *   an addition is realm-wide — every call of
 *   the application in this process sees it, and a function added this way sees the scopes of the call that
 *   defined it (documented residual sharing; the application's own code on both sides). Host code never
 *   assigns into fresh realm objects where such an addition could intercept it (data.ts, restore.ts);
 * - the global object cannot gain properties: the contextified sandbox is a Proxy whose set/define traps
 *   throw once the realm is locked; implicit globals (`x = 1` with x undeclared) are found at compile time
 *   and given a home in the call's application scope before the code runs (Env.prepare);
 * - code generation from strings is disabled (eval, Function, constructor escapes throw EvalError).
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { types } from 'node:util';
import { ScriptError, type ScriptErrorKind } from './api';
import { CHAIN, ENTER, EXIT, REG, SCOPE, TICK, instrument, type SourceMode } from './instrument';
import { REALM_KIT_SOURCE } from './realm-kit';
import { DOM_KIT_SOURCE } from './dom-kit';
import type { DomKit, RealmKit } from './kit-types';

/** Ticks between two reads of the real clock in the budget check. */
export const TICKS_PER_CLOCK_READ = 512;
/** Budget for code run outside a turn (no beginTurn yet). */
export const DEFAULT_BUDGET_MS = 1000;
/** Compiled sources kept per realm (documents generated per request can produce unbounded distinct text). */
const COMPILE_CACHE_LIMIT = 5_000;

/**
 * What compiled code runs with as `this`: the scope objects outermost first — [names, session, application,
 * document?, dialog?, anonymous?], absent levels left out — plus the instrumentation functions (realm-kit).
 */
export type Chain = readonly object[];

export interface Compiled {
  /** The instrumented body (see instrument.ts). */
  body: string;
  /** Script mode: top-level declarations (land on the scope the script runs in). */
  declared: readonly string[];
  /** Assigned names the source does not declare (implicit globals). */
  freeAssigned: readonly string[];
  /** Builtins its top-level code may add properties to: '' none, '*' any, else paths joined by '|' (instrument.ts). */
  extendsBuiltins: string;
  /** One realm function per chain depth (number of `with` statements), compiled on first use. */
  byDepth: ((this: Chain) => unknown)[];
}

/** The turn clock of the code about to run: what Date and Math.random read. */
export interface TurnCell {
  now: number;
  rng: number;
}

/** Frames the stack must still hold before host code parses a document's eval/Function text. */
const HEADROOM_FRAMES = 3000;

function probe(n: number): number {
  return n === 0 ? 0 : probe(n - 1) + 1;
}

function hasStackHeadroom(): boolean {
  try {
    return probe(HEADROOM_FRAMES) === HEADROOM_FRAMES;
  } catch (err) {
    if (err instanceof RangeError) return false; // the probe itself ran out of stack
    throw err;
  }
}

let regExpHardened = false;

/**
 * A regular expression with catastrophic backtracking is one native call: no budget check can interrupt it.
 * V8 can switch such a match to its linear-time engine after too many backtracks; that engine covers every
 * pattern without backreferences or lookbehind (results are identical, only the time differs). The flag is
 * process-wide and harmless to other code, so the first realm sets it.
 */
function hardenRegExp(): void {
  if (regExpHardened) return;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  regExpHardened = true;
}

export class RealmCore {
  readonly kit: RealmKit;
  readonly dom: DomKit;
  private readonly context: vm.Context;
  private readonly expressions = new Map<string, Compiled | ScriptError>();
  private readonly scripts = new Map<string, Compiled | ScriptError>();
  private readonly errorKinds: [object, ScriptErrorKind][];

  constructor(readonly name: string) {
    hardenRegExp();
    // The global object's own-property storage. Until the realm kit has run, writes go through (the kit
    // defines Date and freezes the globals); then the kit's realm-side traps refuse every new global.
    const handler: ProxyHandler<object> = {};
    const sandbox = new Proxy(Object.create(null) as object, handler);
    this.context = vm.createContext(sandbox, { name, codeGeneration: { strings: false, wasm: false } });
    this.kit = new vm.Script(REALM_KIT_SOURCE, { filename: `${name}:realm-kit` }).runInContext(this.context) as RealmKit;
    const domFactory = new vm.Script(DOM_KIT_SOURCE, { filename: `${name}:dom-kit` }).runInContext(this.context) as (
      k: RealmKit,
    ) => DomKit;
    this.dom = domFactory(this.kit);
    this.kit.setCompileHook(this.compileHook);
    handler.set = this.kit.traps.set;
    handler.defineProperty = this.kit.traps.defineProperty;
    handler.deleteProperty = this.kit.traps.deleteProperty;
    const k = this.kit;
    this.errorKinds = [
      [k.RSyntaxError.prototype, 'syntax'],
      [k.RReferenceError.prototype, 'reference'],
      [k.RTypeError.prototype, 'type'],
      [k.RRangeError.prototype, 'range'],
    ];
  }

  /** Whether `name` is a binding of the realm's global object (its builtins). */
  hasGlobal(name: string): boolean {
    return name in this.kit.BUILTINS;
  }

  private readonly isBuiltinName = (name: string): boolean => this.hasGlobal(name);

  private additions: readonly [string, string, PropertyDescriptor][] = [];

  /**
   * What documents have added to the realm's named builtins ([builtin path, key, descriptor]): listed again
   * only after code that may add something has run (listing costs tens of microseconds).
   */
  extensions(): readonly [string, string, PropertyDescriptor][] {
    const ctl = this.kit.ctl;
    if (ctl.dirty) {
      ctl.dirty = false;
      ctl.pending = '';
      this.additions = this.kit.extensions();
    } else if (ctl.pending !== '') {
      // only the builtins marked code named: keep what is known of the others
      const paths = new Set(ctl.pending.split('|').filter(Boolean));
      ctl.pending = '';
      this.additions = [...this.additions.filter((a) => !paths.has(a[0])), ...this.kit.extensions([...paths].join('|'))];
    }
    return this.additions;
  }

  /** Instruments (once per distinct text) a source for the realm. Throws ScriptError('syntax'). */
  compile(source: string, mode: SourceMode): Compiled {
    const cache = mode === 'expression' ? this.expressions : this.scripts;
    const hit = cache.get(source);
    if (hit !== undefined) {
      if (hit instanceof ScriptError) throw hit;
      return hit;
    }
    let compiled: Compiled | ScriptError;
    try {
      const out = instrument(source, mode, this.isBuiltinName);
      compiled = { body: out.body, declared: out.declared, freeAssigned: out.freeAssigned, extendsBuiltins: out.extendsBuiltins, byDepth: [] };
      this.realmFunction(compiled, 2); // V8's own syntax check, now rather than at first use
    } catch (err) {
      // Only a syntax error is a property of the text; anything else (a stack overflow) is not cached.
      if (!(err instanceof ScriptError) || err.kind !== 'syntax') throw err;
      compiled = err;
    }
    if (cache.size >= COMPILE_CACHE_LIMIT) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(source, compiled);
    if (compiled instanceof ScriptError) throw compiled;
    return compiled;
  }

  /**
   * The realm function running `compiled` inside `depth` nested `with` statements. The `with` objects are read
   * from `this` and the document code runs in an inner function whose parameters hold the instrumentation
   * functions: inside a `with`, every identifier is a dynamic lookup (~0.1–0.2 µs per scope passed), but the
   * parameters of a function nested inside it resolve statically. The inner function's parameter list is not
   * simple (a default value), so its `arguments` object is not mapped to the parameters, and the leading `;`
   * keeps a document's "use strict" from becoming a directive (document code is always sloppy, as `with` needs).
   */
  private realmFunction(compiled: Compiled, depth: number): (this: Chain) => unknown {
    let fn = compiled.byDepth[depth];
    if (fn === undefined) {
      let withs = '';
      for (let i = 0; i < depth; i++) withs += `with (this[${i}]) `;
      const source =
        `(function () { ${withs}{\nreturn (function (${TICK}, ${REG}, ${CHAIN}, ${SCOPE}, ${ENTER}, ${EXIT}, __vxU = 0) {;\n` +
        `${compiled.body}\n})(this.t, this.r, this, this[this.length - 1], this.e, this.x);\n}})`;
      try {
        fn = new vm.Script(source, { filename: `${this.name}:vxml` }).runInContext(this.context) as (this: Chain) => unknown;
      } catch (err) {
        // (the error comes from another context than this module's under some hosts: no instanceof)
        if (types.isNativeError(err) && (err as Error).name === 'SyntaxError') throw new ScriptError((err as Error).message, 'syntax');
        throw err;
      }
      compiled.byDepth[depth] = fn;
    }
    return fn;
  }

  /**
   * eval(text) and new Function(…) inside documents (realm-kit's shims call this): the text goes through the
   * same instrumentation and runs in the chain of the code being evaluated (an approximation of direct eval:
   * function locals are not visible). eval returns the value of an expression; statements run as a script
   * whose declarations land on the innermost scope, and yield undefined. Errors reach document code as realm
   * SyntaxErrors. Runs inside `call` (the budget and clock of the current entry apply).
   */
  private readonly compileHook = (kind: unknown, a: unknown, b: unknown): unknown => {
    const ctl = this.kit.ctl;
    const chain = ctl.chain;
    // The parser and V8's regexp compiler must not start near the end of the stack: V8 aborts the whole
    // process when its regexp compiler runs out of stack (seen with eval/Function at the bottom of a deep
    // recursion). Require headroom, and fail the way running out of stack fails.
    if (!hasStackHeadroom()) throw new this.kit.RRangeError('Maximum call stack size exceeded');
    let compiled: Compiled;
    try {
      if (kind === 'function') {
        compiled = this.compile(`(function anonymous(${String(a)}\n) {\n${String(b)}\n})`, 'expression');
      } else {
        const text = String(a);
        try {
          compiled = this.compile(text, 'expression');
        } catch {
          compiled = this.compile(text, 'script');
        }
      }
    } catch (err) {
      if (err instanceof ScriptError) throw new this.kit.RSyntaxError(err.message);
      throw new this.kit.RRangeError('Maximum call stack size exceeded');
    }
    const target = chain[chain.length - 1] as Record<string, unknown>;
    for (const name of compiled.declared) if (!(name in target)) target[name] = undefined;
    for (const name of compiled.freeAssigned) {
      if (!chain.some((s) => name in s)) (ctl.landing as Record<string, unknown>)[name] = undefined;
    }
    return this.run(compiled, chain);
  };

  /** Runs compiled code with a chain (inside `call`). `this` of document code is the realm global, never a host object. */
  run(compiled: Compiled, chain: Chain): unknown {
    if (compiled.extendsBuiltins !== '') this.kit.mark(compiled.extendsBuiltins === '*' ? 1 : compiled.extendsBuiltins);
    return Reflect.apply(this.realmFunction(compiled, chain.length), chain, []);
  }

  /**
   * Calls compiled code under a turn's clock and budget. Every entry into document code goes through here,
   * so the tick and Date/Math.random always see the caller's state. Throws ScriptError.
   */
  call<T>(turn: TurnCell, deadline: number, chain: Chain, landing: object, body: () => T): T {
    const ctl = this.kit.ctl;
    ctl.turn = turn;
    ctl.chain = chain;
    ctl.landing = landing;
    ctl.deadline = deadline;
    ctl.limit = TICKS_PER_CLOCK_READ;
    ctl.n = 0;
    ctl.expired = false;
    ctl.depth = 0;
    let result: T;
    try {
      result = body();
    } catch (err) {
      throw this.toScriptError(err);
    }
    if (ctl.expired) throw new ScriptError('script exceeded the turn time budget', 'timeout');
    return result;
  }

  toScriptError(err: unknown): ScriptError {
    if (err instanceof ScriptError) return err;
    if (this.kit.ctl.expired) return new ScriptError('script exceeded the turn time budget', 'timeout');
    const { kind, message } = describe(err, this.errorKinds);
    return new ScriptError(message, kind);
  }

  /** A frozen realm carrier for a scope chain (host arrays must never reach document code). */
  chain(scopes: object[]): Chain {
    return this.kit.mkCarrier(...scopes);
  }
}

/** Reads what was thrown without running document code (no getters, no proxy traps, no toString). */
export function describe(err: unknown, kinds: [object, ScriptErrorKind][] = []): { kind: ScriptErrorKind; message: string } {
  if (typeof err !== 'object' || err === null) {
    return { kind: 'other', message: typeof err === 'symbol' ? (err.description ?? 'symbol') : String(err) };
  }
  if (types.isProxy(err)) return { kind: 'other', message: 'a proxy object was thrown' };
  let kind: ScriptErrorKind = 'other';
  for (let p = Object.getPrototypeOf(err) as object | null, depth = 0; p !== null && depth < 50; depth++) {
    if (types.isProxy(p)) break;
    const found = kinds.find(([proto]) => proto === p);
    if (found) {
      kind = found[1];
      break;
    }
    p = Object.getPrototypeOf(p) as object | null;
  }
  const own = Object.getOwnPropertyDescriptor(err, 'message');
  let message = own && 'value' in own && typeof own.value === 'string' ? own.value : 'an object was thrown';
  if (err instanceof Error && kinds.length === 0) message = err.message;
  return { kind, message };
}
