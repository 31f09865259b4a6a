import { createRealm, ScriptError, type Env, type ScriptErrorKind } from '../../gateway/ecmascript';

/** One realm for a test file (realms are meant to be shared; creating one costs ~1 ms). */
export const realm = createRealm({ name: 'test' });

export const CLOCK = { now: Date.UTC(2024, 0, 2, 3, 4, 5), seed: 12345, budgetMs: 2000 };

/** An env with a document (that is not the root) and a dialog open, as the interpreter sets it up. */
export function freshEnv(session: Record<string, unknown> = {}): Env {
  const env = realm.createEnv(session);
  env.beginTurn(CLOCK);
  env.resetScope('application');
  env.resetScope('document');
  env.resetScope('dialog');
  return env;
}

/** The kind of the ScriptError `f` throws (fails the test when it throws something else or nothing). */
export function errorKind(f: () => unknown): ScriptErrorKind {
  try {
    f();
  } catch (err) {
    if (err instanceof ScriptError) return err.kind;
    throw err;
  }
  throw new Error('expected a ScriptError, nothing was thrown');
}

export function errorOf(f: () => unknown): ScriptError {
  try {
    f();
  } catch (err) {
    if (err instanceof ScriptError) return err;
    throw err;
  }
  throw new Error('expected a ScriptError, nothing was thrown');
}

/** Serialises through JSON text, as the session store does. */
export function roundTrip(env: Env): Env {
  return realm.restoreEnv(JSON.parse(JSON.stringify(env.serialize())));
}
