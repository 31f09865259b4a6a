/**
 * The ECMAScript sandbox for VoiceXML documents (contract: ./api.ts).
 *
 *   const realm = createRealm({ name: appRootUri });   // once per application, reused by all its calls
 *   const env = realm.createEnv({ connection: {...} }); // or realm.restoreEnv(session.scopes)
 *   env.beginTurn({ now, seed, budgetMs });
 *   env.evaluate('a + 1'); env.run(scriptText, 'document'); session.scopes = env.serialize();
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

