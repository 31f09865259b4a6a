/**
 * Form items (VoiceXML 2.0 §2.3): field, block, initial, subdialog, object, record, transfer, and <filled>.
 * Input items share prompts, handlers, properties and filleds; bare audio content becomes implicit prompts.
 */
import type {
  BlockItem, Catch, FieldItem, Filled, FormItem, InitialItem, Link, ObjectItem, OptionNode, Param, PromptNode,
  Property, RecordItem, SubdialogItem, TransferItem,
} from '../../../contracts/graph';
import type { CompileContext } from '../context';
import { attr, ownText, type El } from '../xml/ast';
import { catchElement, HANDLER_TAGS } from './events';
import { executables, transition } from './executable';
import { dtmfGrammar, dtmfKeys, fieldTypeGrammars, grammarElement, phraseGrammar } from './grammars';
import { linkElement, paramElement, propertyElement } from './links';
import { promptElement, splitBareContent } from './prompts';

export const ITEM_TAGS = new Set(['field', 'block', 'initial', 'subdialog', 'object', 'record', 'transfer']);

interface Collected {
  prompts: PromptNode[];
  catches: Catch[];
  properties: Property[];
  filleds: Filled[];
  grammars: string[];
  links: Link[];
  options: OptionNode[];
  params: Param[];
}

/** Walks an input item's children into their buckets. */
function collect(ctx: CompileContext, el: El): Collected {
  const c: Collected = { prompts: [], catches: [], properties: [], filleds: [], grammars: [], links: [], options: [], params: [] };
  splitBareContent(ctx, el.children, (p) => c.prompts.push(p), (child) => {
    if (HANDLER_TAGS.has(child.name)) c.catches.push(catchElement(ctx, child));
    else if (child.name === 'prompt') c.prompts.push(promptElement(ctx, child));
    else if (child.name === 'property') c.properties.push(propertyElement(ctx, child));
    else if (child.name === 'filled') c.filleds.push(filledElement(ctx, child, el));
    else if (child.name === 'grammar') c.grammars.push(...grammarElement(ctx, child));
    else if (child.name === 'link') c.links.push(linkElement(ctx, child));
    else if (child.name === 'option') c.options.push(optionElement(ctx, child, el));
    else if (child.name === 'param') c.params.push(paramElement(ctx, child));
  });
  return c;
}

export function formItem(ctx: CompileContext, el: El): FormItem | undefined {
  const given = attr(el, 'name');
  const name = given ?? ctx.anonymousItem();
  if (given !== undefined) ctx.variableName(el, 'name', given, true);
  const common = { name, anonymous: given === undefined, loc: el.loc } as { name: string; anonymous: boolean; loc: El['loc']; expr?: string; cond?: string };
  const expr = ctx.expr(el, 'expr');
  if (expr !== undefined) common.expr = expr;
  const cond = ctx.expr(el, 'cond');
  if (cond !== undefined) common.cond = cond;
  switch (el.name) {
    case 'block': {
      const b: BlockItem = { kind: 'block', ...common, body: executables(ctx, el.children) };
      return b;
    }
    case 'field':
      return field(ctx, el, common);
    case 'initial': {
      const c = collect(ctx, el);
      const i: InitialItem = { kind: 'initial', ...common, prompts: c.prompts, catches: c.catches, properties: c.properties, filleds: c.filleds, links: c.links };
      return i;
    }
    case 'subdialog':
      return subdialog(ctx, el, common);
    case 'object': {
      ctx.r.report('unsupported-object', el.loc, { classid: attr(el, 'classid') ?? '' });
      const c = collect(ctx, el);
      const o: ObjectItem = { kind: 'object', ...common, prompts: c.prompts, catches: c.catches, properties: c.properties, filleds: c.filleds, params: c.params };
      for (const k of ['classid', 'codebase', 'codetype', 'data', 'type', 'archive'] as const) {
        const v = attr(el, k);
        if (v !== undefined) o[k] = v;
      }
      return o;
    }
    case 'record': {
      const c = collect(ctx, el);
      const r: RecordItem = {
        kind: 'record', ...common, prompts: c.prompts, catches: c.catches, properties: c.properties, filleds: c.filleds,
        modal: ctx.bool(el, 'modal', true), beep: ctx.bool(el, 'beep', false), dtmfterm: ctx.bool(el, 'dtmfterm', true), grammars: c.grammars,
      };
      for (const k of ['maxtime', 'finalsilence', 'type'] as const) {
        const v = attr(el, k);
        if (v !== undefined) r[k] = v;
      }
      return r;
    }
    case 'transfer':
      return transfer(ctx, el, common);
    default:
      return undefined;
  }
}

function field(ctx: CompileContext, el: El, common: Pick<FieldItem, 'name' | 'anonymous' | 'loc' | 'expr' | 'cond'>): FieldItem {
  const type = attr(el, 'type');
  const typeGrammars = type !== undefined ? fieldTypeGrammars(ctx, el, type) : [];
  const c = collect(ctx, el);
  const f: FieldItem = {
    kind: 'field', ...common, slot: attr(el, 'slot') ?? common.name, modal: ctx.bool(el, 'modal', false),
    prompts: c.prompts, catches: c.catches, properties: c.properties, filleds: c.filleds,
    grammars: [...typeGrammars, ...c.grammars], options: c.options, links: c.links,
  };
  if (type !== undefined) f.type = type;
  if (c.options.length > 0) {
    const approximate = c.options.some((o) => o.accept === 'approximate');
    const voice = c.options.filter((o) => o.text !== '');
    if (voice.length > 0) {
      f.grammars.push(phraseGrammar(ctx, c.options[0].loc, voice.map((o) => ({ text: o.text, value: o.value })), 'option', approximate));
    }
    const keyed = c.options.filter((o): o is OptionNode & { dtmf: string } => o.dtmf !== undefined);
    if (keyed.length > 0) {
      f.grammars.push(dtmfGrammar(ctx, keyed[0].loc, keyed.map((o) => ({ keys: o.dtmf.replace(/\s+/g, ''), value: o.value })), 'option'));
    }
  }
  return f;
}

function optionElement(ctx: CompileContext, el: El, fieldEl: El): OptionNode {
  const text = ownText(el).replace(/\s+/g, ' ').trim();
  const o: OptionNode = { loc: el.loc, text, accept: ctx.oneOf(el, 'accept', ['exact', 'approximate'] as const, 'exact'), value: attr(el, 'value') ?? text };
  const keys = dtmfKeys(ctx, el);
  if (keys !== undefined) o.dtmf = keys;
  if (text === '' && keys === undefined) {
    ctx.r.report('missing-content', el.loc, { element: 'option', what: `in <${fieldEl.rawName}> has neither text nor a dtmf attribute, so it can never be chosen` });
  }
  return o;
}

function subdialog(ctx: CompileContext, el: El, common: Pick<SubdialogItem, 'name' | 'anonymous' | 'loc' | 'expr' | 'cond'>): SubdialogItem {
  ctx.exactlyOne(el, ['src', 'srcexpr']);
  const c = collect(ctx, el);
  const s: SubdialogItem = {
    kind: 'subdialog', ...common, prompts: c.prompts, catches: c.catches, properties: c.properties, filleds: c.filleds,
    method: ctx.method(el), enctype: attr(el, 'enctype') ?? 'application/x-www-form-urlencoded', params: c.params,
  };
  const src = attr(el, 'src');
  if (src !== undefined) s.src = src;
  const srcexpr = ctx.expr(el, 'srcexpr');
  if (srcexpr !== undefined) s.srcexpr = srcexpr;
  const namelist = ctx.namelist(el);
  if (namelist) s.namelist = namelist;
  const fetch = ctx.fetch(el);
  if (fetch) s.fetch = fetch;
  transition(ctx, el, 'subdialog', src, srcexpr);
  return s;
}

function transfer(ctx: CompileContext, el: El, common: Pick<TransferItem, 'name' | 'anonymous' | 'loc' | 'expr' | 'cond'>): TransferItem {
  ctx.exactlyOne(el, ['dest', 'destexpr']);
  ctx.exclusive(el, ['aai', 'aaiexpr']);
  ctx.exclusive(el, ['bridge', 'type']);
  const c = collect(ctx, el);
  const bridge = ctx.bool(el, 'bridge', false);
  const transferType = el.attrs.has('type')
    ? ctx.oneOf(el, 'type', ['blind', 'bridge', 'consultation'] as const, 'blind')
    : bridge ? 'bridge' : 'blind';
  const t: TransferItem = { kind: 'transfer', ...common, prompts: c.prompts, catches: c.catches, properties: c.properties, filleds: c.filleds, transferType, grammars: c.grammars };
  const dest = attr(el, 'dest');
  if (dest !== undefined) t.dest = dest;
  const destexpr = ctx.expr(el, 'destexpr');
  if (destexpr !== undefined) t.destexpr = destexpr;
  const aaiexpr = ctx.expr(el, 'aaiexpr');
  if (aaiexpr !== undefined) t.aaiexpr = aaiexpr;
  for (const k of ['connecttimeout', 'maxtime', 'transferaudio', 'aai'] as const) {
    const v = attr(el, k);
    if (v !== undefined) t[k] = v;
  }
  return t;
}

/** <filled>: at form level it may name items (mode/namelist); inside an input item it may not. */
export function filledElement(ctx: CompileContext, el: El, parent: El): Filled {
  if (parent.name !== 'form') {
    for (const name of ['mode', 'namelist']) {
      if (el.attrs.has(name)) ctx.r.report('attribute-not-allowed', el.loc, { element: 'filled', parent: parent.rawName, name, hint: 'mode and namelist only apply to a form-level <filled>' });
    }
  }
  const f: Filled = { loc: el.loc, mode: ctx.oneOf(el, 'mode', ['all', 'any'] as const, 'all'), body: [] };
  const namelist = parent.name === 'form' ? ctx.namelist(el, 'namelist', true) : undefined;
  if (namelist) {
    f.namelist = namelist;
    for (const n of namelist) ctx.refs.push({ kind: 'item', target: n, dialog: ctx.dialog, element: `<filled namelist="${namelist.join(' ')}">`, loc: el.loc });
  }
  f.body = executables(ctx, el.children);
  return f;
}
