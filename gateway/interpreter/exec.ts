/**
 * Executable content (VoiceXML 2.0 §5.3, 2.1 <data>/<foreach>): each element runs against the current
 * scopes and either continues or ends the flow (throw, goto, submit, return, exit, disconnect).
 */
import type { DataNode, Executable, ScriptNode } from '../../contracts/graph';
import type { FetchRequest } from '../../contracts/interpreter';
import type { Loc } from '../../contracts/source';
import type { ScopeName } from '../ecmascript/api';
import { resetItemCounters } from './events';
import { CONTINUE, thrown, type Flow } from './flow';
import { namelistValues, submitFields } from './namelist';
import { foreachItems, queuePrompt, renderText, type RenderOptions } from './prompts';
import { fetchTiming } from './properties';
import { baseOf, currentForm, docUri, js, live, type Turn } from './turn';
import { resolveTarget, resolveUri } from './uri';

export interface ExecOptions extends RenderOptions {
  /** Scope that <var>, <script> and <data> declare into (the innermost open scope). */
  level: ScopeName;
}

export function execBody(turn: Turn, body: Executable[], opts: ExecOptions): Flow {
  for (const node of body) {
    const f = execOne(turn, node, opts);
    if (f.kind !== 'continue') return f;
  }
  return CONTINUE;
}

function evalString(turn: Turn, expr: string, loc: Loc): { ok: true; value: string } | { ok: false; flow: Flow } {
  return js(() => turn.env.toString(turn.env.evaluate(expr)), loc);
}

function execOne(turn: Turn, node: Executable, opts: ExecOptions): Flow {
  const env = turn.env;
  switch (node.kind) {
    case 'var': {
      const r = js(() => env.declare(node.name, node.expr === undefined ? undefined : env.evaluate(node.expr), opts.level), node.loc);
      return r.ok ? CONTINUE : r.flow;
    }
    case 'assign': {
      const r = js(() => env.assign(node.name, env.evaluate(node.expr)), node.loc);
      return r.ok ? CONTINUE : r.flow;
    }
    case 'clear':
      return execClear(turn, node.namelist, node.loc);
    case 'if': {
      for (const branch of node.branches) {
        if (branch.cond !== undefined) {
          const c = js(() => env.evalCond(branch.cond as string), branch.loc);
          if (!c.ok) return c.flow;
          if (!c.value) continue;
        }
        return execBody(turn, branch.body, opts);
      }
      return CONTINUE;
    }
    case 'goto':
      return execGoto(turn, node);
    case 'submit': {
      let ref = node.next;
      if (node.expr !== undefined) {
        const v = evalString(turn, node.expr, node.loc);
        if (!v.ok) return v.flow;
        ref = v.value;
      }
      if (ref === undefined) return thrown('error.badfetch', '<submit> without next or expr', node.loc);
      const t = resolveTarget(baseOf(live(turn).doc), ref);
      const body = submitFields(turn, node.namelist, node.loc);
      if (!body.ok) return body.flow;
      const enctype = body.value.some((f) => 'recording' in f) ? 'multipart/form-data' : node.enctype;
      const f: Flow = { kind: 'submit', doc: t.doc ?? live(turn).docKey, method: node.method, enctype, body: body.value, loc: node.loc };
      if (t.fragment !== undefined) f.fragment = t.fragment;
      if (node.fetch) f.fetch = node.fetch;
      return f;
    }
    case 'return': {
      const values = namelistValues(turn, node.namelist, node.loc);
      if (!values.ok) return values.flow;
      let event = node.event;
      if (node.eventexpr !== undefined) {
        const v = evalString(turn, node.eventexpr, node.loc);
        if (!v.ok) return v.flow;
        event = v.value;
      }
      const message = messageOf(turn, node.message, node.messageexpr, node.loc);
      if (!message.ok) return message.flow;
      const f: Flow = { kind: 'return', loc: node.loc };
      if (event !== undefined) {
        f.event = event;
        if (message.value !== undefined) f.message = message.value;
      } else if (node.namelist) f.values = values.value;
      return f;
    }
    case 'exit': {
      const f: Flow = { kind: 'exit', loc: node.loc };
      if (node.expr !== undefined) {
        const v = js(() => env.toData(env.evaluate(node.expr as string)), node.loc);
        if (!v.ok) return v.flow;
        f.value = v.value;
      } else if (node.namelist) {
        const v = namelistValues(turn, node.namelist, node.loc);
        if (!v.ok) return v.flow;
        f.value = v.value;
      }
      return f;
    }
    case 'disconnect':
      return { kind: 'disconnect', loc: node.loc };
    case 'throw': {
      let event = node.event;
      if (node.eventexpr !== undefined) {
        const v = evalString(turn, node.eventexpr, node.loc);
        if (!v.ok) return v.flow;
        event = v.value;
      }
      const message = messageOf(turn, node.message, node.messageexpr, node.loc);
      if (!message.ok) return message.flow;
      if (event === undefined || event === '') return thrown('error.semantic', '<throw> without an event', node.loc);
      return thrown(event, message.value, node.loc);
    }
    case 'reprompt':
      turn.reprompt = true;
      return CONTINUE;
    case 'log': {
      const text = renderText(turn, node.content, opts);
      if (!text.ok) return text.flow;
      let message = text.value;
      if (node.expr !== undefined) {
        const v = evalString(turn, node.expr, node.loc);
        if (!v.ok) return v.flow;
        message = message === '' ? v.value : `${message} ${v.value}`;
      }
      const entry: { kind: 'log'; uri: string; loc: Loc; label?: string; message: string } = { kind: 'log', uri: docUri(turn), loc: node.loc, message };
      if (node.label !== undefined) entry.label = node.label;
      turn.trace.push(entry);
      return CONTINUE;
    }
    case 'script':
      return runScript(turn, node, opts.level);
    case 'data':
      return runData(turn, node, opts.level);
    case 'foreach': {
      const items = foreachItems(turn, node.array, node.loc);
      if (!items.ok) return items.flow;
      for (const item of items.value) {
        const d = js(() => env.declare(node.item, item, opts.level), node.loc);
        if (!d.ok) return d.flow;
        const f = execBody(turn, node.body, opts);
        if (f.kind !== 'continue') return f;
      }
      return CONTINUE;
    }
    case 'prompt':
      return queuePrompt(turn, node, opts);
  }
}

function messageOf(turn: Turn, message: string | undefined, messageexpr: string | undefined, loc: Loc) {
  if (messageexpr === undefined) return { ok: true as const, value: message as unknown };
  return js(() => turn.env.toData(turn.env.evaluate(messageexpr)), loc);
}

function execGoto(turn: Turn, node: Executable & { kind: 'goto' }): Flow {
  if (node.nextitem !== undefined) return { kind: 'nextitem', item: node.nextitem, loc: node.loc };
  if (node.expritem !== undefined) {
    const v = evalString(turn, node.expritem, node.loc);
    if (!v.ok) return v.flow;
    return { kind: 'nextitem', item: v.value, loc: node.loc };
  }
  let ref = node.next;
  if (node.expr !== undefined) {
    const v = evalString(turn, node.expr, node.loc);
    if (!v.ok) return v.flow;
    ref = v.value;
  }
  if (ref === undefined) return thrown('error.badfetch', '<goto> without a target', node.loc);
  const t = resolveTarget(baseOf(live(turn).doc), ref);
  const f: Flow = { kind: 'goto', via: 'goto', loc: node.loc };
  if (t.doc !== undefined) f.doc = t.doc;
  if (t.fragment !== undefined) f.fragment = t.fragment;
  if (node.fetch) f.fetch = node.fetch;
  return f;
}

/** <clear>: the named variables (default: every form item variable) become undefined; items' counters reset. */
export function execClear(turn: Turn, namelist: string[] | undefined, loc: Loc): Flow {
  const form = currentForm(turn);
  const names = namelist ?? form?.items.map((i) => i.name) ?? [];
  for (const name of names) {
    const r = js(() => turn.env.assign(name, undefined), loc);
    if (!r.ok) return r.flow;
    if (form?.items.some((i) => i.name === name)) {
      resetItemCounters(turn, name);
      const shadow = js(() => turn.env.setShadow(`${name}$`, 'dialog', undefined), loc);
      if (!shadow.ok) return shadow.flow;
    }
  }
  return CONTINUE;
}

function origin(turn: Turn, loc: Loc): FetchRequest['origin'] {
  return { uri: docUri(turn), loc };
}

export function runScript(turn: Turn, node: ScriptNode, level: ScopeName): Flow {
  let source = node.text;
  if (node.src !== undefined || node.srcexpr !== undefined) {
    let ref = node.src;
    if (node.srcexpr !== undefined) {
      const v = evalString(turn, node.srcexpr, node.loc);
      if (!v.ok) return v.flow;
      ref = v.value;
    }
    const uri = resolveUri(baseOf(live(turn).doc), ref ?? '');
    const answer = turn.fetcher.request({ kind: 'script', uri, origin: origin(turn, node.loc), ...fetchTiming(turn, 'script', node.fetch) });
    if (!answer.ok) return thrown(answer.event, answer.message, node.loc);
    if (answer.kind !== 'script') return thrown('error.badfetch', `expected a script from ${uri}`, node.loc);
    source = answer.text;
  }
  const r = js(() => turn.env.run(source ?? '', level), node.loc);
  return r.ok ? CONTINUE : r.flow;
}

export function runData(turn: Turn, node: DataNode, level: ScopeName): Flow {
  let ref = node.src;
  if (node.srcexpr !== undefined) {
    const v = evalString(turn, node.srcexpr, node.loc);
    if (!v.ok) return v.flow;
    ref = v.value;
  }
  if (ref === undefined) return thrown('error.badfetch', '<data> without src or srcexpr', node.loc);
  const body = submitFields(turn, node.namelist, node.loc);
  if (!body.ok) return body.flow;
  const uri = resolveUri(baseOf(live(turn).doc), ref);
  const req: FetchRequest = { kind: 'data', uri, method: node.method, enctype: node.enctype, origin: origin(turn, node.loc), ...fetchTiming(turn, 'data', node.fetch) };
  if (body.value.length > 0) req.body = body.value;
  const answer = turn.fetcher.request(req);
  if (!answer.ok) return thrown(answer.event, answer.message, node.loc);
  if (answer.kind !== 'data') return thrown('error.badfetch', `expected XML data from ${uri}`, node.loc);
  if (node.name === undefined) return CONTINUE;
  const name = node.name;
  const r = js(() => turn.env.declare(name, turn.env.makeDom(answer.xml), level), node.loc);
  return r.ok ? CONTINUE : r.flow;
}
