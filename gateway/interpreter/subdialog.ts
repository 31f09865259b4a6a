/**
 * <subdialog> and <return> (VoiceXML 2.0 §2.3.4, §5.3.10): the caller's position and scopes are suspended
 * on the stack; the subdialog runs in a new execution context — fresh application, document and dialog
 * scopes over the shared session — with its <param>s initialising its form's <var>s. <return namelist>
 * fills the caller's item with an object; <return event> throws the event at the caller's item.
 * Transitions inside the subdialog stay in its context; <exit> ends the whole call. Events thrown inside
 * the subdialog are handled by its own context's handlers — or its default handlers, which end the call —
 * and never percolate to the caller (§2.3.4); only <return event> hands one over explicitly.
 */
import type { SubdialogItem } from '../../contracts/graph';
import type { InterpreterState } from '../../contracts/session';
import { commitDocument, loadDocument, rejectInvalid, type Loaded } from './documents';
import { fillSubdialog } from './fill';
import { thrown, type Flow } from './flow';
import { indexOf } from './graph-index';
import { submitFields } from './namelist';
import { hangup, type At, type Next } from './next';
import { fetchTiming } from './properties';
import { baseOf, docUri, js, live, type Live, type Turn } from './turn';
import { resolveTarget } from './uri';

export function callSubdialog(turn: Turn, item: SubdialogItem): Next {
  const at = { item: item.name };
  const env = turn.env;
  const l = live(turn);
  const params: Record<string, unknown> = {};
  for (const p of item.params) {
    if (p.expr !== undefined) {
      const v = js(() => env.toData(env.evaluate(p.expr as string)), p.loc);
      if (!v.ok) return { kind: 'flow', flow: v.flow, at };
      params[p.name] = v.value;
    } else params[p.name] = p.value ?? '';
  }
  let ref = item.src;
  if (item.srcexpr !== undefined) {
    const v = js(() => env.toString(env.evaluate(item.srcexpr as string)), item.loc);
    if (!v.ok) return { kind: 'flow', flow: v.flow, at };
    ref = v.value;
  }
  if (ref === undefined) return { kind: 'flow', flow: thrown('error.badfetch', '<subdialog> without src or srcexpr', item.loc), at };
  const ref2 = resolveTarget(baseOf(l.doc), ref);
  let loaded: Loaded;
  if (ref2.doc === undefined) {
    // A dialog of the same document, still in a new context: the document is initialised afresh.
    loaded = l.isRoot || !l.root || !l.rootKey
      ? { key: l.docKey, graph: l.doc, rootKey: l.docKey, root: l.doc, isRoot: true, app: 'new' }
      : { key: l.docKey, graph: l.doc, rootKey: l.rootKey, root: l.root, isRoot: false, app: 'new' };
  } else {
    const body = submitFields(turn, item.namelist, item.loc);
    if (!body.ok) return { kind: 'flow', flow: body.flow, at };
    const req = { uri: ref2.doc, method: item.method, enctype: item.enctype, purpose: 'subdialog' as const, loc: item.loc, ...fetchTiming(turn, 'document', item.fetch) };
    const r = loadDocument(turn, body.value.length > 0 ? { ...req, body: body.value } : req, undefined);
    if (!r.ok) return { kind: 'flow', flow: r.flow, at };
    loaded = r.loaded;
  }
  const invalid = rejectInvalid({ ok: true, key: loaded.key, graph: loaded.graph });
  if (!invalid.ok) return { kind: 'flow', flow: thrown(invalid.event, invalid.message, item.loc), at };
  const dialogId = ref2.fragment ?? loaded.graph.dialogs[0]?.id;
  if (dialogId === undefined || !indexOf(loaded.graph).dialogs.has(dialogId)) {
    return { kind: 'flow', flow: thrown('error.badfetch', `no dialog ${ref2.fragment ?? ''} in ${loaded.key}`.trim(), item.loc), at };
  }
  const target = indexOf(loaded.graph).dialogs.get(dialogId);
  if (target?.kind === 'form') {
    // A <param> must name a <var> of the subdialog's form (§2.3.4): the caller's mistake, caught at its item.
    const vars = new Set(target.init.flatMap((i) => (i.kind === 'var' ? [i.name] : [])));
    const unknown = Object.keys(params).filter((p) => !vars.has(p));
    if (unknown.length > 0) return { kind: 'flow', flow: thrown('error.semantic', `<param> ${unknown.join(', ')} has no matching <var> in form ${dialogId}`, item.loc), at };
  }
  const snapshot = js(() => env.serialize(), item.loc);
  if (!snapshot.ok) return { kind: 'flow', flow: snapshot.flow, at };
  const caller: InterpreterState['exec'] = JSON.parse(JSON.stringify(turn.state.exec));
  turn.state.stack.push({ exec: caller, scopes: snapshot.value, item: item.name });
  turn.trace.push({ kind: 'transition', uri: docUri(turn), from: l.dialog?.id ?? '', to: `${loaded.key}#${dialogId}`, via: 'subdialog', loc: item.loc });
  turn.pendingEnter = undefined;
  const init = commitDocument(turn, loaded, true);
  if (init.kind !== 'continue') {
    turn.pendingEnter = dialogId;
    return { kind: 'flow', flow: init, at: {} };
  }
  return { kind: 'enter', dialog: dialogId, params };
}

/** The name a returned variable gets on the caller's object: its last path segment (`document.x` → x). */
function returnedName(name: string): string {
  const parts = name.split('.');
  return parts[parts.length - 1];
}

export function callReturn(turn: Turn, f: Flow & { kind: 'return' }, at: At): Next {
  const frame = turn.state.stack.pop();
  if (!frame) return { kind: 'flow', flow: thrown('error.semantic', '<return> outside a subdialog', f.loc), at };
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.values ?? {})) values[returnedName(k)] = v;
  turn.trace.push({ kind: 'transition', uri: docUri(turn), from: turn.live?.dialog?.id ?? '', to: `${frame.exec.doc}#${frame.exec.dialog}`, via: 'return', loc: f.loc });
  const env = turn.realm.restoreEnv(frame.scopes);
  env.beginTurn({ now: turn.ctx.now, seed: turn.ctx.seed, budgetMs: turn.ctx.limits.scriptTimeoutMs });
  turn.env = env;
  turn.state.exec = frame.exec;
  const restored = restoreLive(turn);
  if (!restored) return hangup('error');
  const callerAt = { item: frame.item };
  if (f.event !== undefined) return { kind: 'flow', flow: thrown(f.event, f.message, f.loc), at: callerAt };
  return fillSubdialog(turn, frame.item, values);
}

/** Loads the documents of `turn.state.exec` (after a restore or a return). Undefined if they are gone. */
export function restoreLive(turn: Turn): Live | undefined {
  const exec = turn.state.exec;
  const origin = { uri: exec.doc, loc: { line: 1, col: 1 } };
  const doc = turn.fetcher.known(exec.doc, origin);
  if (!doc.ok) return undefined;
  let root: { key: string; graph: import('../../contracts/graph').DialogGraph } | undefined;
  if (exec.isRoot) root = { key: doc.key, graph: doc.graph };
  else if (exec.root) {
    const r = turn.fetcher.known(exec.root, origin);
    if (!r.ok) return undefined;
    root = { key: r.key, graph: r.graph };
  }
  const l: Live = { docKey: exec.doc, doc: doc.graph, isRoot: !!exec.isRoot };
  if (root) {
    l.rootKey = root.key;
    l.root = root.graph;
  }
  const dialog = indexOf(doc.graph).dialogs.get(exec.dialog);
  if (dialog) l.dialog = dialog;
  turn.live = l;
  return l;
}
