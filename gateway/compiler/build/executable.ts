/**
 * Executable content (VoiceXML 2.0 §5.3, 2.1 <data>/<foreach>): the bodies of <block>, <filled>, event
 * handlers and <if> branches. Bare text/<audio>/<value>/<enumerate> becomes an implicit prompt.
 * Transitions found here are recorded as edges and, for `#id` targets, as references to check.
 */
import type {
  DataNode, Executable, GotoNode, IfNode, LogNode, ReturnNode, ScriptNode, SubmitNode, ThrowNode, VarNode,
} from '../../../contracts/graph';
import type { CompileContext } from '../context';
import { resolveTarget } from '../uri';
import { attr, ownText, type El, type Node } from '../xml/ast';
import { promptContent, promptElement, splitBareContent } from './prompts';

export function executables(ctx: CompileContext, children: Node[]): Executable[] {
  const out: Executable[] = [];
  splitBareContent(ctx, children, (p) => out.push(p), (el) => {
    const x = executable(ctx, el);
    if (x) out.push(x);
  });
  return out;
}

function executable(ctx: CompileContext, el: El): Executable | undefined {
  switch (el.name) {
    case 'var':
      return varNode(ctx, el);
    case 'assign': {
      const name = attr(el, 'name') ?? '';
      if (el.attrs.has('name')) ctx.variableName(el, 'name', name, false);
      return { kind: 'assign', loc: el.loc, name, expr: ctx.expr(el, 'expr') ?? '' };
    }
    case 'clear': {
      const namelist = ctx.namelist(el);
      return namelist ? { kind: 'clear', loc: el.loc, namelist } : { kind: 'clear', loc: el.loc };
    }
    case 'if':
      return ifNode(ctx, el);
    case 'goto':
      return gotoNode(ctx, el);
    case 'submit':
      return submitNode(ctx, el);
    case 'return':
      return returnNode(ctx, el);
    case 'exit': {
      ctx.exclusive(el, ['expr', 'namelist']);
      const x: Executable = { kind: 'exit', loc: el.loc };
      const expr = ctx.expr(el, 'expr');
      if (expr !== undefined) x.expr = expr;
      const namelist = ctx.namelist(el);
      if (namelist) x.namelist = namelist;
      return x;
    }
    case 'disconnect': {
      const namelist = ctx.namelist(el);
      return namelist ? { kind: 'disconnect', loc: el.loc, namelist } : { kind: 'disconnect', loc: el.loc };
    }
    case 'throw':
      return throwNode(ctx, el);
    case 'reprompt':
      return { kind: 'reprompt', loc: el.loc };
    case 'log':
      return logNode(ctx, el);
    case 'script':
      return scriptNode(ctx, el);
    case 'data':
      return dataNode(ctx, el);
    case 'foreach': {
      const item = attr(el, 'item') ?? '';
      if (el.attrs.has('item')) ctx.variableName(el, 'item', item, true);
      return { kind: 'foreach', loc: el.loc, array: ctx.expr(el, 'array') ?? '', item, body: executables(ctx, el.children) };
    }
    case 'prompt':
      return promptElement(ctx, el);
    default:
      return undefined; // not executable content: the structure check reported it
  }
}

export function varNode(ctx: CompileContext, el: El): VarNode {
  const name = attr(el, 'name') ?? '';
  if (el.attrs.has('name')) ctx.variableName(el, 'name', name, true);
  const v: VarNode = { kind: 'var', loc: el.loc, name };
  const expr = ctx.expr(el, 'expr');
  if (expr !== undefined) v.expr = expr;
  return v;
}

function ifNode(ctx: CompileContext, el: El): IfNode {
  const node: IfNode = { kind: 'if', loc: el.loc, branches: [] };
  let current: { cond?: string; loc: El['loc']; children: Node[] } = { cond: ctx.expr(el, 'cond') ?? '', loc: el.loc, children: [] };
  const segments = [current];
  let sawElse = false;
  for (const c of el.children) {
    if (c.type === 'el' && (c.name === 'elseif' || c.name === 'else')) {
      if (sawElse) ctx.r.report('misplaced-else', c.loc, { name: c.name });
      if (c.name === 'else') sawElse = true;
      current = c.name === 'elseif' ? { cond: ctx.expr(c, 'cond') ?? '', loc: c.loc, children: [] } : { loc: c.loc, children: [] };
      segments.push(current);
    } else current.children.push(c);
  }
  for (const s of segments) {
    const b: IfNode['branches'][number] = { loc: s.loc, body: executables(ctx, s.children) };
    if (s.cond !== undefined) b.cond = s.cond;
    node.branches.push(b);
  }
  return node;
}

/** Records a static or dynamic transition; `#id` targets are queued for the reference check. */
export function transition(ctx: CompileContext, el: El, kind: 'goto' | 'submit' | 'choice' | 'link' | 'subdialog', next: string | undefined, expr: string | undefined): void {
  const edgeKind = ctx.handler !== undefined && (kind === 'goto' || kind === 'submit') ? 'catch' : kind;
  const label = ctx.handler !== undefined && edgeKind === 'catch' ? ctx.handler : kind === 'choice' ? choiceLabel(el) : kind;
  if (next !== undefined) {
    const to = resolveTarget(ctx.uri, next);
    const element = `<${el.rawName} ${kind === 'subdialog' ? 'src' : 'next'}="${next}">`;
    if (to.startsWith('#')) ctx.refs.push({ kind: 'dialog', target: to.slice(1), dialog: ctx.dialog, element, loc: el.loc });
    // A bare name (no '#', path or extension) that is also a dialog id here: the 1.0-era slip the check hints at.
    else if (/^[A-Za-z_][\w-]*$/.test(next.trim())) ctx.refs.push({ kind: 'bare-name', target: next.trim(), dialog: ctx.dialog, element, loc: el.loc });
    ctx.edge(edgeKind, el.loc, label, to);
  } else if (expr !== undefined) {
    ctx.edge(edgeKind, el.loc, label, undefined, expr);
  }
}

function choiceLabel(el: El): string {
  const dtmf = attr(el, 'dtmf');
  const text = el.children.map((c) => (c.type === 'text' ? c.text : '')).join('').replace(/\s+/g, ' ').trim();
  return [dtmf, text].filter(Boolean).join(': ') || 'choice';
}

function gotoNode(ctx: CompileContext, el: El): GotoNode {
  ctx.exactlyOne(el, ['next', 'expr', 'nextitem', 'expritem']);
  const g: GotoNode = { kind: 'goto', loc: el.loc };
  const next = attr(el, 'next');
  const expr = ctx.expr(el, 'expr');
  const nextitem = attr(el, 'nextitem');
  const expritem = ctx.expr(el, 'expritem');
  if (next !== undefined) g.next = next;
  if (expr !== undefined) g.expr = expr;
  if (nextitem !== undefined) {
    g.nextitem = nextitem;
    ctx.refs.push({ kind: 'item', target: nextitem, dialog: ctx.dialog, element: `<goto nextitem="${nextitem}">`, loc: el.loc });
    ctx.edge(ctx.handler !== undefined ? 'catch' : 'next-item', el.loc, ctx.handler ?? `item ${nextitem}`, `#${ctx.dialog}`);
  }
  if (expritem !== undefined) {
    g.expritem = expritem;
    ctx.edge(ctx.handler !== undefined ? 'catch' : 'next-item', el.loc, ctx.handler ?? 'item', undefined, expritem);
  }
  const fetch = ctx.fetch(el);
  if (fetch) g.fetch = fetch;
  transition(ctx, el, 'goto', next, expr);
  return g;
}

function submitNode(ctx: CompileContext, el: El): SubmitNode {
  ctx.exactlyOne(el, ['next', 'expr']);
  const s: SubmitNode = { kind: 'submit', loc: el.loc, method: ctx.method(el), enctype: attr(el, 'enctype') ?? 'application/x-www-form-urlencoded' };
  const next = attr(el, 'next');
  const expr = ctx.expr(el, 'expr');
  if (next !== undefined) s.next = next;
  if (expr !== undefined) s.expr = expr;
  const namelist = ctx.namelist(el);
  if (namelist) s.namelist = namelist;
  const fetch = ctx.fetch(el);
  if (fetch) s.fetch = fetch;
  transition(ctx, el, 'submit', next, expr);
  return s;
}

function returnNode(ctx: CompileContext, el: El): ReturnNode {
  ctx.exclusive(el, ['event', 'eventexpr', 'namelist']);
  ctx.exclusive(el, ['message', 'messageexpr']);
  const r: ReturnNode = { kind: 'return', loc: el.loc };
  throwAttrs(ctx, el, r);
  const namelist = ctx.namelist(el);
  if (namelist) r.namelist = namelist;
  ctx.edge('return', el.loc, r.event ? `return ${r.event}` : 'return');
  return r;
}

function throwNode(ctx: CompileContext, el: El): ThrowNode {
  ctx.exactlyOne(el, ['event', 'eventexpr']);
  ctx.exclusive(el, ['message', 'messageexpr']);
  const t: ThrowNode = { kind: 'throw', loc: el.loc };
  throwAttrs(ctx, el, t);
  return t;
}

/** event / eventexpr / message / messageexpr, shared by throw, return, choice and link. */
export function throwAttrs(ctx: CompileContext, el: El, into: { event?: string; eventexpr?: string; message?: string; messageexpr?: string }): void {
  const event = attr(el, 'event');
  if (event !== undefined) into.event = event;
  const eventexpr = ctx.expr(el, 'eventexpr');
  if (eventexpr !== undefined) into.eventexpr = eventexpr;
  const message = attr(el, 'message');
  if (message !== undefined) into.message = message;
  const messageexpr = ctx.expr(el, 'messageexpr');
  if (messageexpr !== undefined) into.messageexpr = messageexpr;
}

function logNode(ctx: CompileContext, el: El): LogNode {
  const l: LogNode = { kind: 'log', loc: el.loc, content: promptContent(ctx, el.children) };
  const label = attr(el, 'label');
  if (label !== undefined) l.label = label;
  const expr = ctx.expr(el, 'expr');
  if (expr !== undefined) l.expr = expr;
  return l;
}

export function scriptNode(ctx: CompileContext, el: El): ScriptNode {
  const text = ownText(el);
  const inline = /\S/.test(text);
  const sources = ['src', 'srcexpr'].filter((a) => el.attrs.has(a));
  if (sources.length + (inline ? 1 : 0) > 1) {
    ctx.r.report('conflicting-attributes', el.loc, { element: 'script', what: [...sources.map((s) => `"${s}"`), inline ? 'inline code' : ''].filter(Boolean).join(' and ') });
  } else if (sources.length === 0 && !inline) {
    if (el.end !== undefined && ctx.source.text.slice(el.start, el.end).includes('<!--')) ctx.r.report('empty-script', el.loc);
    else ctx.r.report('missing-content', el.loc, { element: 'script', what: 'has neither src, srcexpr nor inline code; give it one' });
  }
  const s: ScriptNode = { kind: 'script', loc: el.loc };
  const src = attr(el, 'src');
  if (src !== undefined) s.src = src;
  const srcexpr = ctx.expr(el, 'srcexpr');
  if (srcexpr !== undefined) s.srcexpr = srcexpr;
  if (inline) {
    s.text = text;
    ctx.scriptText(el, text);
  }
  const charset = attr(el, 'charset');
  if (charset !== undefined) s.charset = charset;
  const fetch = ctx.fetch(el);
  if (fetch) s.fetch = fetch;
  return s;
}

export function dataNode(ctx: CompileContext, el: El): DataNode {
  ctx.exactlyOne(el, ['src', 'srcexpr']);
  const d: DataNode = { kind: 'data', loc: el.loc, method: ctx.method(el), enctype: attr(el, 'enctype') ?? 'application/x-www-form-urlencoded' };
  const name = attr(el, 'name');
  if (name !== undefined) {
    ctx.variableName(el, 'name', name, true);
    d.name = name;
  }
  const src = attr(el, 'src');
  if (src !== undefined) d.src = src;
  const srcexpr = ctx.expr(el, 'srcexpr');
  if (srcexpr !== undefined) d.srcexpr = srcexpr;
  const namelist = ctx.namelist(el);
  if (namelist) d.namelist = namelist;
  const fetch = ctx.fetch(el);
  if (fetch) d.fetch = fetch;
  return d;
}
