/**
 * The pure VoiceXML interpreter: one caller turn = one `step` (contracts/interpreter.ts).
 *
 *   step(session, event, ctx, realm) → { status: 'done', session, actions, trace } | { status: 'need', request }
 *
 * `session` is null for the `start` event. The interpreter performs no I/O, reads no clock (ctx.now) and
 * logs nothing (trace entries instead). When a document, script, <data> or <submit> answer is missing it
 * returns `need`; the runtime fetches, appends the answer to ctx.fetched and calls again with the same
 * session and event: the turn is replayed deterministically from the stored state.
 *
 * InterpreterState (contracts/session.ts) is what survives between turns: the execution position, the
 * subdialog stack, prompt and event counters, the pending wait and the sandbox's scope snapshot.
 */
import type { InterpreterEvent, StepContext, StepOutcome } from '../../contracts/interpreter';
import type { PlatformAction } from '../../contracts/platform';
import { INTERPRETER_STATE_VERSION, SESSION_VERSION, type InterpreterState, type SessionState } from '../../contracts/session';
import type { Env, Realm } from '../ecmascript/api';
import { NeedFetch } from './fetcher';
import { run } from './machine';
import type { Next } from './next';
import { sessionVariables } from './session-vars';
import { restoreLive } from './subdialog';
import { newTurn, type Turn } from './turn';
import { resolveTarget } from './uri';

export type { InterpreterState } from '../../contracts/session';
/**
 * The first compiler finding that makes a document unrunnable (its fetch fails with error.badfetch), or
 * undefined. Expression, reference and misplaced-element errors are not fatal: they surface as VoiceXML
 * events when the element runs. The runtime should hand every compiled graph over and let this decide.
 */
export { fatalDiagnostic } from './documents';
/** The one syntax rule for <transfer> destinations (adapters add only their platform's reachability). */
export { checkTransferDestination, localNumberRefusal, type DestinationVerdict } from './destination';
/** Universal command grammars (the universals property): their keys and the grammar each key stands for. */
export { universalGrammar, parseUniversalKey, UNIVERSAL_PREFIX, type UniversalName } from './universals';

export function step(session: SessionState | null, event: InterpreterEvent, ctx: StepContext, realm: Realm): StepOutcome {
  try {
    return session === null ? startCall(event, ctx, realm) : continueCall(session, event, ctx, realm);
  } catch (e) {
    if (e instanceof NeedFetch) return { status: 'need', request: e.request };
    throw e;
  }
}

function clockOf(ctx: StepContext) {
  return { now: ctx.now, seed: ctx.seed, budgetMs: ctx.limits.scriptTimeoutMs };
}

function startCall(event: InterpreterEvent, ctx: StepContext, realm: Realm): StepOutcome {
  if (event.kind !== 'start') throw new Error(`interpreter: a call without session must begin with 'start', got '${event.kind}'`);
  const env = realm.createEnv(sessionVariables(event));
  env.beginTurn(clockOf(ctx));
  const state: InterpreterState = { v: INTERPRETER_STATE_VERSION, scopes: { v: 1 }, exec: { doc: '', dialog: '', prompts: {}, events: {} }, stack: [] };
  const turn = newTurn(ctx, realm, env, state);
  const target = resolveTarget('', event.entry);
  const first: Next = {
    kind: 'flow',
    flow: { kind: 'goto', via: 'start', doc: target.doc ?? event.entry, ...(target.fragment !== undefined ? { fragment: target.fragment } : {}), loc: { line: 1, col: 1 } },
    at: {},
  };
  const session: SessionState = {
    v: SESSION_VERSION,
    callId: event.callId,
    channel: event.channel,
    seq: 0,
    startedAt: ctx.now,
    updatedAt: ctx.now,
    entry: event.entry,
    awaiting: 'none',
    ended: false,
    interp: state,
  };
  return finish(turn, session, run(turn, first));
}

function continueCall(session: SessionState, event: InterpreterEvent, ctx: StepContext, realm: Realm): StepOutcome {
  const stored = session.interp;
  if (session.ended || stored.done) {
    return { status: 'done', session, actions: [{ kind: 'hangup', reason: 'end' }], trace: [] };
  }
  if (stored.v !== INTERPRETER_STATE_VERSION) {
    const trace = [{ kind: 'event' as const, uri: session.entry, event: 'error.semantic', message: `session state version ${String(stored.v)} is not supported (expected ${INTERPRETER_STATE_VERSION})` }];
    return { status: 'done', session: { ...session, ended: true, awaiting: 'none', updatedAt: ctx.now }, actions: [{ kind: 'hangup', reason: 'error' }], trace };
  }
  // The turn mutates its state, so it works on a copy — except the scope snapshot, by far its largest part:
  // restoreEnv only reads it and finish() replaces it with a fresh one, so it is shared, not copied.
  const state = jsonCopy({ ...stored, scopes: null }) as InterpreterState;
  state.scopes = stored.scopes;
  const env: Env = realm.restoreEnv(state.scopes);
  env.beginTurn(clockOf(ctx));
  const turn = newTurn(ctx, realm, env, state);
  if (!restoreLive(turn)) {
    turn.trace.push({ kind: 'event', uri: state.exec.doc, event: 'error.badfetch', message: `the current document ${state.exec.doc} is no longer available` });
    return finish(turn, session, { kind: 'hangup', reason: 'error' });
  }
  return finish(turn, session, run(turn, { kind: 'input', event }));
}

function finish(turn: Turn, session: SessionState, action: PlatformAction): StepOutcome {
  const state = turn.state;
  const actions: PlatformAction[] = [];
  if (turn.prompts.length > 0 && !(action.kind === 'hangup' && state.hungup === 'caller')) actions.push({ kind: 'play', prompts: turn.prompts });
  actions.push(action);
  if (action.kind === 'hangup') {
    state.done = true;
    delete state.wait;
  }
  state.scopes = turn.env.serialize();
  const awaiting: SessionState['awaiting'] =
    action.kind === 'listen' ? 'input' : action.kind === 'record' ? 'record' : action.kind === 'transfer' ? 'transfer' : 'none';
  const next: SessionState = { ...session, updatedAt: turn.ctx.now, awaiting, ended: action.kind === 'hangup', interp: state };
  return { status: 'done', session: next, actions, trace: turn.trace };
}

/**
 * What JSON.parse(JSON.stringify(v)) gives for JSON-shaped data (undefined, functions and symbols dropped from
 * objects and null in arrays, non-finite numbers null, -0 as 0), five times faster: the state is copied every turn.
 */
export function jsonCopy(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v + 0 : null; // (-0 + 0 is 0, as JSON writes it)
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = x === undefined || typeof x === 'function' || typeof x === 'symbol' ? null : jsonCopy(x);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    const x: unknown = (v as Record<string, unknown>)[key];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    // (a key named __proto__ is data, as JSON.parse makes it, never the prototype)
    if (key === '__proto__') Object.defineProperty(out, key, { value: jsonCopy(x), writable: true, enumerable: true, configurable: true });
    else out[key] = jsonCopy(x);
  }
  return out;
}
