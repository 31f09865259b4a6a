/**
 * The working state of one `step`: the restored scopes, the loaded documents of the current execution
 * context, the prompts queued so far, the trace, and the FIA's per-turn flags. Nothing here outlives the
 * step except what `state` (InterpreterState) and `env.serialize()` carry.
 */
import type { Dialog, DialogGraph, FormDialog, FormItem, MenuDialog } from '../../contracts/graph';
import type { StepContext, TraceEntry } from '../../contracts/interpreter';
import type { Prompt } from '../../contracts/platform';
import type { InterpreterState } from '../../contracts/session';
import type { Loc } from '../../contracts/source';
import type { Env, Realm } from '../ecmascript/api';
import { Fetcher, NeedFetch } from './fetcher';
import { fail, ok, thrown, type Result } from './flow';
import { resolveUri } from './uri';

/** The documents and dialog of the current execution context. */
export interface Live {
  docKey: string;
  doc: DialogGraph;
  /** The application root, when the current document names one or is one. */
  rootKey?: string;
  root?: DialogGraph;
  /** The current document is the application root (document scope = application scope). */
  isRoot: boolean;
  dialog?: Dialog;
}

export interface Turn {
  readonly ctx: StepContext;
  readonly realm: Realm;
  env: Env;
  readonly fetcher: Fetcher;
  state: InterpreterState;
  live?: Live;
  prompts: Prompt[];
  trace: TraceEntry[];
  /** Transitions taken (dialog/document changes, thrown events, returns); bounded by ctx.limits. */
  steps: number;
  /** Times this turn was cut off for looping. */
  cutOffs: number;
  /** FIA: the last iteration ended with <goto nextitem>. */
  nextItem?: string;
  /** FIA: the last iteration ended with a catch that had no <reprompt> (so no prompts are queued). */
  skipPrompts: boolean;
  /** A <reprompt> ran in the current handler. */
  reprompt: boolean;
  /** A document was loaded but an event interrupted its initialisation: this dialog is entered next. */
  pendingEnter?: string;
}

export function newTurn(ctx: StepContext, realm: Realm, env: Env, state: InterpreterState): Turn {
  return { ctx, realm, env, fetcher: new Fetcher(ctx), state, prompts: [], trace: [], steps: 0, cutOffs: 0, skipPrompts: false, reprompt: false };
}

export function live(turn: Turn): Live {
  if (!turn.live) throw new Error('interpreter: no current document');
  return turn.live;
}

export function currentForm(turn: Turn): FormDialog | undefined {
  const d = turn.live?.dialog;
  return d && d.kind === 'form' ? d : undefined;
}

export function currentMenu(turn: Turn): MenuDialog | undefined {
  const d = turn.live?.dialog;
  return d && d.kind === 'menu' ? d : undefined;
}

export function findItem(form: FormDialog | undefined, name: string | undefined): FormItem | undefined {
  if (!form || name === undefined || name === '') return undefined;
  return form.items.find((i) => i.name === name);
}

/** Base URI relative references in `graph` resolve against (xml:base, else the document URI). */
export function baseOf(graph: DialogGraph): string {
  return graph.base ? resolveUri(graph.uri, graph.base) : graph.uri;
}

/** Runs sandbox code; any failure of the document's ECMAScript becomes error.semantic (VoiceXML 2.0 §5.2.6). */
export function js<T>(fn: () => T, loc?: Loc): Result<T> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof NeedFetch) throw e;
    return fail(thrown('error.semantic', e instanceof Error ? e.message : String(e), loc));
  }
}

export function docUri(turn: Turn): string {
  return turn.live?.docKey ?? turn.state.exec.doc;
}
