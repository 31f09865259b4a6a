/**
 * Dialogs (VoiceXML 2.0 §2.1, §2.2): <form> with its items, variables and form-level handlers; <menu> with
 * its choices and their implied grammars (choice text, dtmf attribute, or the 1–9 numbering of dtmf="true").
 */
import type { Choice, Dialog, FormDialog, MenuDialog } from '../../../contracts/graph';
import type { CompileContext } from '../context';
import { attr, childElements, type El } from '../xml/ast';
import { catchElement, HANDLER_TAGS } from './events';
import { dataNode, scriptNode, throwAttrs, transition, varNode } from './executable';
import { dtmfGrammar, dtmfKeys, grammarElement, phraseGrammar } from './grammars';
import { filledElement, formItem, ITEM_TAGS } from './items';
import { linkElement, propertyElement } from './links';
import { flattenText, promptContent, promptElement, splitBareContent } from './prompts';

export function dialog(ctx: CompileContext, el: El): Dialog {
  const given = attr(el, 'id');
  const id = given ?? ctx.anonymousForm();
  ctx.dialog = id;
  const scope = ctx.oneOf(el, 'scope', ['dialog', 'document'] as const, 'dialog');
  try {
    return el.name === 'menu' ? menu(ctx, el, id, given === undefined, scope) : form(ctx, el, id, given === undefined, scope);
  } finally {
    ctx.dialog = '';
  }
}

function form(ctx: CompileContext, el: El, id: string, anonymous: boolean, scope: 'dialog' | 'document'): FormDialog {
  const f: FormDialog = { kind: 'form', id, anonymous, scope, loc: el.loc, init: [], items: [], catches: [], links: [], grammars: [], filleds: [], properties: [] };
  const names = new Map<string, El['loc']>();
  for (const child of childElements(el)) {
    if (ITEM_TAGS.has(child.name)) {
      const item = formItem(ctx, child);
      if (!item) continue;
      const seen = names.get(item.name);
      if (seen && !item.anonymous) ctx.r.report('duplicate-item-name', child.loc, { name: item.name, line: String(seen.line) });
      else names.set(item.name, child.loc);
      f.init.push({ kind: 'item', index: f.items.length, loc: child.loc });
      f.items.push(item);
    } else if (child.name === 'var') f.init.push(varNode(ctx, child));
    else if (child.name === 'script') f.init.push(scriptNode(ctx, child));
    else if (child.name === 'data') f.init.push(dataNode(ctx, child));
    else if (HANDLER_TAGS.has(child.name)) f.catches.push(catchElement(ctx, child));
    else if (child.name === 'link') f.links.push(linkElement(ctx, child));
    else if (child.name === 'grammar') f.grammars.push(...grammarElement(ctx, child));
    else if (child.name === 'filled') f.filleds.push(filledElement(ctx, child, el));
    else if (child.name === 'property') f.properties.push(propertyElement(ctx, child));
  }
  return f;
}

function menu(ctx: CompileContext, el: El, id: string, anonymous: boolean, scope: 'dialog' | 'document'): MenuDialog {
  const accept = ctx.oneOf(el, 'accept', ['exact', 'approximate'] as const, 'exact');
  const m: MenuDialog = { kind: 'menu', id, anonymous, scope, dtmf: ctx.bool(el, 'dtmf', false), accept, loc: el.loc, prompts: [], choices: [], catches: [], properties: [] };
  let position = 0;
  splitBareContent(ctx, el.children, (p) => m.prompts.push(p), (child) => {
    if (child.name === 'prompt') m.prompts.push(promptElement(ctx, child));
    else if (HANDLER_TAGS.has(child.name)) m.catches.push(catchElement(ctx, child));
    else if (child.name === 'property') m.properties.push(propertyElement(ctx, child));
    else if (child.name === 'choice') {
      const numbered = m.dtmf && !child.attrs.has('dtmf') ? ++position : 0;
      m.choices.push(choice(ctx, child, accept, numbered));
    }
  });
  if (m.choices.length === 0) ctx.r.report('missing-content', el.loc, { element: 'menu', what: 'has no <choice>; callers could never leave it. Add choices' });
  return m;
}

/** `position` > 0: the 1-based number a dtmf="true" menu gives this choice. */
function choice(ctx: CompileContext, el: El, menuAccept: 'exact' | 'approximate', position: number): Choice {
  ctx.exactlyOne(el, ['next', 'expr', 'event', 'eventexpr']);
  ctx.exclusive(el, ['message', 'messageexpr']);
  const content = el.children.filter((c) => c.type === 'text' || c.name !== 'grammar');
  const accept = ctx.oneOf(el, 'accept', ['exact', 'approximate'] as const, menuAccept);
  const c: Choice = { loc: el.loc, text: flattenText(content), content: promptContent(ctx, content), accept, grammars: [] };
  const next = attr(el, 'next');
  if (next !== undefined) c.next = next;
  const expr = ctx.expr(el, 'expr');
  if (expr !== undefined) c.expr = expr;
  throwAttrs(ctx, el, c);
  const fetch = ctx.fetch(el);
  if (fetch) c.fetch = fetch;

  const explicit = childElements(el).filter((g) => g.name === 'grammar');
  for (const g of explicit) c.grammars.push(...grammarElement(ctx, g));
  if (explicit.length === 0 && c.text !== '') c.grammars.push(phraseGrammar(ctx, el.loc, [{ text: c.text }], 'choice', accept === 'approximate'));
  const keys = dtmfKeys(ctx, el);
  if (keys !== undefined) {
    c.dtmf = keys;
    c.grammars.push(dtmfGrammar(ctx, el.loc, [{ keys }], 'choice'));
  } else if (position > 0 && position <= 9) {
    c.dtmf = String(position);
    c.grammars.push(dtmfGrammar(ctx, el.loc, [{ keys: String(position) }], 'menu-dtmf'));
  } else if (position > 9) {
    ctx.r.report('menu-dtmf-overflow', el.loc, { position: String(position) });
  }
  if (c.grammars.length === 0) ctx.r.report('missing-content', el.loc, { element: 'choice', what: 'has no text, <grammar> or dtmf, so it can never be chosen' });
  transition(ctx, el, 'choice', next, expr);
  return c;
}
