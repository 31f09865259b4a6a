/**
 * The ECMAScript sandbox for VoiceXML documents (contract: ./api.ts).
 *
 *   const realm = createRealm({ name: appRootUri });   // once per application, reused by all its calls
 *   const env = realm.createEnv({ connection: {...} }); // or realm.restoreEnv(session.scopes)
 *   env.beginTurn({ now, seed, budgetMs });
 *   env.evaluate('a + 1'); env.run(scriptText, 'document'); session.scopes = env.serialize();
 *
 * How (details in each module):
 * - realm.ts     one node:vm context per Realm; compiled code cached per source text and chain depth.
 * - realm-kit.ts realm-side code: frozen intrinsics, turn clock for Date/Math.random, budget tick, eval shim.
 * - instrument.ts acorn rewrite: budget checks in loops and at function entry (with a call-depth cap),
 *                function registration for serialisation, <script> declarations onto the scope object.
 * - env.ts       the scope chain of one call; serialize.ts / restore.ts its JSON snapshot; dom-kit.ts <data>.
 *
 * Decisions:
 * - Implicit globals (`x = 1` with x declared nowhere) land in the application scope: ECMAScript puts them
 *   on the global object, the outermost scope, and session — the outermost VoiceXML scope — is read-only
 *   (§5.1.2). The realm's real global object refuses new properties, so nothing leaks into another call.
 * - Top-level `this` in document code is the realm's global object; `this.x = 1` there is a TypeError.
 * - eval / new Function run through the same instrumentation, in the chain of the code being evaluated
 *   (function locals are not visible to eval); generator/async constructors refuse code from strings.
 * - Builtins are frozen (shared by every call of the realm, and a patch would exist on one instance only):
 *   assigning a builtin prototype's method is ignored, adding one (Date.prototype.format = …) has no effect.
 * - async functions, await and import() are refused at compile time (their continuations would run after
 *   the turn, outside any budget); Promise, timers, console, WeakRef, Atomics and WebAssembly do not exist.
 *
 * Residual gaps (not bounded by the turn budget):
 * - one native operation on huge data: 'x'.repeat(2 ** 28), new Array(1e8).fill(0), sorting or joining
 *   huge arrays — each is a single builtin call; and memory: a context has no heap limit of its own;
 * - regular expressions with backreferences or lookbehind that backtrack catastrophically (all others fall
 *   back to V8's linear-time engine, see realm.ts);
 * - Date's local-time methods use the process time zone (determinism holds across instances with one TZ).
 */
import { ScriptError, type Realm, type SerializedScopes, type SyntaxCheck } from './api';
import { fromData, toData } from './data';
import { RealmEnv } from './env';
import { RealmCore } from './realm';
import { SourceError } from './ast';
import { instrument } from './instrument';

export * from './api';

class SandboxRealm implements Realm {
  private readonly core: RealmCore;

  constructor(name: string) {
    this.core = new RealmCore(name);
  }

  createEnv(session: Record<string, unknown>): RealmEnv {
    return RealmEnv.create(this.core, session);
  }

  restoreEnv(snapshot: SerializedScopes): RealmEnv {
    return RealmEnv.restore(this.core, snapshot);
  }

  runIsolated(code: string, bindings: Record<string, unknown>, budgetMs: number): Record<string, unknown> {
    const core = this.core;
    const kit = core.kit;
    const compiled = core.compile(code, 'script');
    const scope = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(bindings)) scope[key] = this.fromData(bindings[key]);
    for (const name of compiled.declared) if (!(name in scope)) scope[name] = undefined;
    for (const name of compiled.freeAssigned) if (!(name in scope) && !core.hasGlobal(name)) scope[name] = undefined;
    const chain = core.chain([kit.BUILTINS, scope]);
    core.call(kit.newTurn(0, 1), Date.now() + budgetMs, chain, scope, () => core.run(compiled, chain));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(scope)) out[key] = scope[key];
    return out;
  }

  /** Copies plain host data into this realm (already-realm values pass through unchanged). */
  fromData(value: unknown): unknown {
    return fromData(this.core.kit, value);
  }

  /** Copies a realm value out as JSON-compatible data. */
  toData(value: unknown): unknown {
    return toData(value);
  }
}

/** A new realm (one node:vm context). Creating one costs about a millisecond: keep one per application. */
export function createRealm(opts?: { name?: string }): Realm & Required<Pick<Realm, 'fromData' | 'toData'>> {
  return new SandboxRealm(opts?.name ?? 'vxml');
}

/** Lint: null when `source` parses (and uses nothing the sandbox refuses), else the message and position. */
export const syntaxCheck: SyntaxCheck = (source, as) => {
  try {
    instrument(source, as);
    return null;
  } catch (err) {
    if (err instanceof SourceError) return { message: err.reason, line: err.line, col: err.col };
    if (err instanceof ScriptError) return { message: err.message, line: 1, col: 1 };
    throw err;
  }
};

