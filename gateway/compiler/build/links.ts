/**
 * Links, properties, params and metas: the small attribute-only elements shared by several parents.
 */
import type { Link, Meta, Param, Property } from '../../../contracts/graph';
import type { CompileContext } from '../context';
import { KNOWN_PROPERTIES } from '../schema';
import { attr, childElements, type El } from '../xml/ast';
import { throwAttrs, transition } from './executable';
import { dtmfGrammar, dtmfKeys, grammarElement } from './grammars';

export function linkElement(ctx: CompileContext, el: El): Link {
  ctx.exactlyOne(el, ['next', 'expr', 'event', 'eventexpr']);
  ctx.exclusive(el, ['message', 'messageexpr']);
  const link: Link = { loc: el.loc, grammars: [] };
  const next = attr(el, 'next');
  if (next !== undefined) link.next = next;
  const expr = ctx.expr(el, 'expr');
  if (expr !== undefined) link.expr = expr;
  throwAttrs(ctx, el, link);
  const fetch = ctx.fetch(el);
  if (fetch) link.fetch = fetch;
  for (const g of childElements(el)) if (g.name === 'grammar') link.grammars.push(...grammarElement(ctx, g));
  const keys = dtmfKeys(ctx, el);
  if (keys !== undefined) {
    link.dtmf = attr(el, 'dtmf');
    link.grammars.push(dtmfGrammar(ctx, el.loc, [{ keys }], 'link-dtmf'));
  }
  if (link.grammars.length === 0) {
    ctx.r.report('missing-content', el.loc, { element: 'link', what: 'has no <grammar> and no dtmf attribute, so it can never match; add one' });
  }
  transition(ctx, el, 'link', next, expr);
  return link;
}

export function propertyElement(ctx: CompileContext, el: El): Property {
  const name = attr(el, 'name') ?? '';
  if (name !== '' && !KNOWN_PROPERTIES.has(name)) ctx.r.report('unknown-property', ctx.attrValueLoc(el, 'name', 0), { name });
  return { loc: el.loc, name, value: attr(el, 'value') ?? '' };
}

export function paramElement(ctx: CompileContext, el: El): Param {
  ctx.exclusive(el, ['expr', 'value']);
  const p: Param = { loc: el.loc, name: attr(el, 'name') ?? '' };
  const expr = ctx.expr(el, 'expr');
  if (expr !== undefined) p.expr = expr;
  const value = attr(el, 'value');
  if (value !== undefined) p.value = value;
  if (el.attrs.has('valuetype')) p.valuetype = ctx.oneOf(el, 'valuetype', ['data', 'ref'] as const, 'data');
  const type = attr(el, 'type');
  if (type !== undefined) p.type = type;
  return p;
}

export function metaElement(ctx: CompileContext, el: El): Meta {
  ctx.exclusive(el, ['name', 'http-equiv']);
  const m: Meta = { loc: el.loc };
  const name = attr(el, 'name');
  if (name !== undefined) m.name = name;
  const httpEquiv = attr(el, 'http-equiv');
  if (httpEquiv !== undefined) m.httpEquiv = httpEquiv;
  const content = attr(el, 'content');
  if (content !== undefined) m.content = content;
  return m;
}
