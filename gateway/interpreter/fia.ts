/**
 * The Form Interpretation Algorithm (VoiceXML 2.0 Appendix C) for <form>: initialization, then one main
 * loop iteration per `fiaIterate` call — select (nextitem, else the first item whose guard condition is
 * unsatisfied: variable undefined and cond true), collect (queue prompts by prompt counter, activate
 * grammars, execute the item) — and the process phase for input (fill.ts).
 */
import type { FormDialog, FormItem, FormInit } from '../../contracts/graph';
import type { RecognitionResult } from '../../contracts/grammar';
import { listenAction, recordAction, transferAction } from './actions';
import { execBody, runData, runScript } from './exec';
import { processFormResult } from './fill';
import { thrown, type Flow } from './flow';
import { activeGrammars } from './grammars';
import { indexOf } from './graph-index';
import { hangup, SELECT, type Next } from './next';
import { queueSelected, selectPrompts } from './prompts';
import { callSubdialog } from './subdialog';
import { currentForm, docUri, js, live, type Turn } from './turn';

/** Enters a dialog of the current document: fresh dialog scope and counters, then form initialization. */
export function enterDialog(turn: Turn, id: string, carry?: RecognitionResult, params?: Record<string, unknown>): Next {
  const l = live(turn);
  const dialog = indexOf(l.doc).dialogs.get(id);
  if (!dialog) return { kind: 'flow', flow: thrown('error.badfetch', `no dialog named ${id} in ${l.docKey}`), at: {} };
  l.dialog = dialog;
  turn.pendingEnter = undefined;
  const exec = turn.state.exec;
  exec.dialog = id;
  exec.prompts = {};
  exec.events = {};
  turn.nextItem = undefined;
  turn.skipPrompts = false;
  turn.trace.push({ kind: 'dialog', uri: docUri(turn), dialog: id, loc: dialog.loc });
  const reset = js(() => turn.env.resetScope('dialog'), dialog.loc);
  if (!reset.ok) return { kind: 'flow', flow: reset.flow, at: {} };
  if (dialog.kind === 'menu') return SELECT;
  const init = initializeForm(turn, dialog, params);
  if (init.kind !== 'continue') return { kind: 'flow', flow: init, at: {} };
  if (carry) return processFormResult(turn, carry, undefined);
  return SELECT;
}

/** §2.1.6.1: <var>, <script>, <data> and form item variables in document order; <param>s override <var>s. */
function initializeForm(turn: Turn, form: FormDialog, params: Record<string, unknown> | undefined): Flow {
  const unused = new Set(Object.keys(params ?? {}));
  for (const init of form.init) {
    const f = initOne(turn, form, init, params, unused);
    if (f.kind !== 'continue') return f;
  }
  if (unused.size > 0) {
    // A <param> must name a <var> of the subdialog's form (§2.3.4): anything else is a semantic error.
    return thrown('error.semantic', `subdialog parameter(s) ${[...unused].join(', ')} have no matching <var> in form ${form.id}`, form.loc);
  }
  return { kind: 'continue' };
}

function initOne(turn: Turn, form: FormDialog, init: FormInit, params: Record<string, unknown> | undefined, unused: Set<string>): Flow {
  const env = turn.env;
  switch (init.kind) {
    case 'var': {
      if (params && Object.prototype.hasOwnProperty.call(params, init.name)) {
        unused.delete(init.name);
        const r = js(() => env.declare(init.name, env.fromData(params[init.name]), 'dialog'), init.loc);
        return r.ok ? { kind: 'continue' } : r.flow;
      }
      const r = js(() => env.declare(init.name, init.expr === undefined ? undefined : env.evaluate(init.expr), 'dialog'), init.loc);
      return r.ok ? { kind: 'continue' } : r.flow;
    }
    case 'script':
      return runScript(turn, init, 'dialog');
    case 'data':
      return runData(turn, init, 'dialog');
    case 'item': {
      const item = form.items[init.index];
      if (!item) return { kind: 'continue' };
      const r = js(() => env.declare(item.name, item.expr === undefined ? undefined : env.evaluate(item.expr), 'dialog'), item.loc);
      return r.ok ? { kind: 'continue' } : r.flow;
    }
  }
}

/** Select phase. */
function select(turn: Turn, form: FormDialog): { item?: FormItem; flow?: Flow } {
  if (turn.nextItem !== undefined) {
    const name = turn.nextItem;
    turn.nextItem = undefined;
    const item = form.items.find((i) => i.name === name);
    return item ? { item } : { flow: thrown('error.badfetch', `no form item named ${name}`) };
  }
  for (const item of form.items) {
    const v = js(() => turn.env.get(item.name), item.loc);
    if (!v.ok) return { flow: v.flow };
    if (v.value !== undefined) continue;
    if (item.cond !== undefined) {
      const c = js(() => turn.env.evalCond(item.cond as string), item.loc);
      if (!c.ok) return { flow: c.flow };
      if (!c.value) continue;
    }
    return { item };
  }
  return {};
}

export function fiaIterate(turn: Turn): Next {
  const form = currentForm(turn);
  if (!form) return hangup('error');
  const chosen = select(turn, form);
  if (chosen.flow) return { kind: 'flow', flow: chosen.flow, at: {} };
  const item = chosen.item;
  if (!item) {
    // The form is full and specified no transition: an implicit <exit/> (Appendix C).
    turn.trace.push({ kind: 'event', uri: docUri(turn), event: 'exit', message: `form ${form.id} completed without a transition` });
    return hangup(turn.state.hungup === 'app' ? 'disconnect' : 'end');
  }
  turn.trace.push({ kind: 'item', uri: docUri(turn), dialog: form.id, item: item.name, loc: item.loc });
  return collect(turn, item);
}

/** Collect phase: execute the selected item. */
function collect(turn: Turn, item: FormItem): Next {
  const at = { item: item.name };
  const skipPrompts = turn.skipPrompts;
  turn.skipPrompts = false;
  if (item.kind === 'block') {
    const env = turn.env;
    const set = js(() => env.assign(item.name, true), item.loc);
    if (!set.ok) return { kind: 'flow', flow: set.flow, at };
    const open = js(() => env.openAnonymous(), item.loc);
    if (!open.ok) return { kind: 'flow', flow: open.flow, at };
    const flow = execBody(turn, item.body, { level: 'anonymous', item });
    env.closeAnonymous();
    return { kind: 'flow', flow, at };
  }
  if (turn.state.hungup) return hangup(turn.state.hungup === 'app' ? 'disconnect' : 'end');
  if (!skipPrompts) {
    const q = queueItemPrompts(turn, item);
    if (q.kind !== 'continue') return { kind: 'flow', flow: q, at };
  }
  switch (item.kind) {
    case 'field':
    case 'initial': {
      if (item.kind === 'field' && item.type !== undefined && !isKnownBuiltin(item.type) && item.grammars.length === 0) {
        return { kind: 'flow', flow: thrown('error.unsupported.builtin', `field type ${item.type} is not supported`, item.loc), at };
      }
      const active = activeGrammars(turn, item, undefined);
      if (!active.ok) return { kind: 'flow', flow: active.flow, at };
      turn.state.wait = { kind: 'input', item: item.name };
      return { kind: 'stop', action: listenAction(turn, item, active.value) };
    }
    case 'record': {
      turn.state.wait = { kind: 'record', item: item.name };
      return { kind: 'stop', action: recordAction(turn, item) };
    }
    case 'transfer': {
      const a = transferAction(turn, item);
      if (!a.ok) return { kind: 'flow', flow: a.flow, at };
      turn.state.wait = { kind: 'transfer', item: item.name, transferType: item.transferType };
      return { kind: 'stop', action: a.value };
    }
    case 'subdialog':
      return callSubdialog(turn, item);
    case 'object':
      return { kind: 'flow', flow: thrown('error.unsupported.objecttype', `<object> ${item.classid ?? item.type ?? ''} is not supported by this platform`.trim(), item.loc), at };
  }
}

const BUILTINS = new Set(['boolean', 'date', 'digits', 'currency', 'number', 'phone', 'time']);

function isKnownBuiltin(type: string): boolean {
  return BUILTINS.has(type.split('?')[0].trim().toLowerCase());
}

/** Selects the item's prompts by its prompt counter (tapering) and queues them; increments the counter. */
function queueItemPrompts(turn: Turn, item: FormItem): Flow {
  if (item.kind === 'block') return { kind: 'continue' };
  const counters = turn.state.exec.prompts;
  const counter = counters[item.name] ?? 1;
  const env = turn.env;
  const open = js(() => env.openAnonymous(), item.loc);
  if (!open.ok) return open.flow;
  const chosen = selectPrompts(turn, item.prompts, counter);
  let flow: Flow = { kind: 'continue' };
  if (!chosen.ok) flow = chosen.flow;
  else {
    for (const p of chosen.value) {
      flow = queueSelected(turn, p, { item });
      if (flow.kind !== 'continue') break;
    }
  }
  env.closeAnonymous();
  counters[item.name] = counter + 1;
  return flow;
}
