/**
 * Prompts and their content: <prompt>, bare text/<audio>/<value>/<enumerate> (implicit prompts, VoiceXML 2.0
 * §4.1), and the SSML 1.0 markup VoiceXML allows inside them. Whitespace in text is kept as written.
 */
import type { PromptContent, PromptNode, SsmlTag } from '../../../contracts/graph';
import type { CompileContext } from '../context';
import { SSML_TAGS } from '../schema';
import { attr, isBlank, type El, type Node } from '../xml/ast';

const SSML = new Set<string>(SSML_TAGS);

/** Elements that are prompt content even outside <prompt> (the schema's "audio" group). */
export const BARE_CONTENT = new Set(['audio', 'value', 'enumerate']);

export function isBareContent(n: Node): boolean {
  return n.type === 'text' ? !isBlank(n.text) : BARE_CONTENT.has(n.name);
}

export function promptElement(ctx: CompileContext, el: El): PromptNode {
  const p: PromptNode = { kind: 'prompt', loc: el.loc, implicit: false, count: ctx.positiveInt(el, 'count', 1), content: promptContent(ctx, el.children) };
  const bargein = ctx.optBool(el, 'bargein');
  if (bargein !== undefined) p.bargein = bargein;
  if (el.attrs.has('bargeintype')) p.bargeintype = ctx.oneOf(el, 'bargeintype', ['speech', 'hotword'] as const, 'speech');
  const cond = ctx.expr(el, 'cond');
  if (cond !== undefined) p.cond = cond;
  const timeout = attr(el, 'timeout');
  if (timeout !== undefined) p.timeout = timeout;
  const lang = attr(el, 'xml:lang');
  if (lang !== undefined) p.lang = lang;
  return p;
}

/** Bare content nodes (text, audio, value, enumerate) wrapped as one implicit prompt. */
export function implicitPrompt(ctx: CompileContext, nodes: Node[]): PromptNode {
  return { kind: 'prompt', loc: nodes[0].loc, implicit: true, count: 1, content: promptContent(ctx, trimBlankEnds(nodes)) };
}

/**
 * Splits mixed children into runs of bare content (→ implicit prompts, in order) and other elements.
 * `onElement` receives every element that is not bare content; `onPrompt` every implicit prompt.
 */
export function splitBareContent(ctx: CompileContext, children: Node[], onPrompt: (p: PromptNode) => void, onElement: (el: El) => void): void {
  let run: Node[] = [];
  const flush = (): void => {
    if (run.some(isBareContent)) onPrompt(implicitPrompt(ctx, run));
    run = [];
  };
  for (const c of children) {
    if (c.type === 'text' || BARE_CONTENT.has(c.name)) run.push(c);
    else {
      flush();
      onElement(c);
    }
  }
  flush();
}

function trimBlankEnds(nodes: Node[]): Node[] {
  let a = 0;
  let b = nodes.length;
  while (a < b && nodes[a].type === 'text' && isBlank((nodes[a] as { text: string }).text)) a++;
  while (b > a && nodes[b - 1].type === 'text' && isBlank((nodes[b - 1] as { text: string }).text)) b--;
  return nodes.slice(a, b);
}

export function promptContent(ctx: CompileContext, nodes: Node[]): PromptContent[] {
  const out: PromptContent[] = [];
  for (const n of nodes) {
    const c = contentItem(ctx, n);
    if (c) out.push(c);
  }
  return out;
}

function contentItem(ctx: CompileContext, n: Node): PromptContent | undefined {
  if (n.type === 'text') return { kind: 'text', loc: n.loc, text: n.text };
  const el = n;
  switch (el.name) {
    case 'audio': {
      ctx.exactlyOne(el, ['src', 'expr']);
      const a: PromptContent = { kind: 'audio', loc: el.loc, fallback: promptContent(ctx, el.children) };
      const src = attr(el, 'src');
      if (src !== undefined) a.src = src;
      const expr = ctx.expr(el, 'expr');
      if (expr !== undefined) a.expr = expr;
      const fetch = ctx.fetch(el);
      if (fetch) a.fetch = fetch;
      return a;
    }
    case 'value':
      return { kind: 'value', loc: el.loc, expr: ctx.expr(el, 'expr') ?? '' };
    case 'enumerate':
      return { kind: 'enumerate', loc: el.loc, content: promptContent(ctx, el.children) };
    case 'break': {
      const b: PromptContent = { kind: 'break', loc: el.loc };
      const time = attr(el, 'time');
      if (time !== undefined) b.time = time;
      const strength = attr(el, 'strength') ?? sizeAsStrength(ctx, el);
      if (strength !== undefined) b.strength = strength;
      return b;
    }
    case 'mark': {
      ctx.exactlyOne(el, ['name', 'nameexpr']);
      const m: PromptContent = { kind: 'mark', loc: el.loc };
      const name = attr(el, 'name');
      if (name !== undefined) m.name = name;
      const nameexpr = ctx.expr(el, 'nameexpr');
      if (nameexpr !== undefined) m.nameexpr = nameexpr;
      return m;
    }
    case 'foreach': {
      const item = attr(el, 'item') ?? '';
      if (el.attrs.has('item')) ctx.variableName(el, 'item', item, true);
      return { kind: 'foreach', loc: el.loc, array: ctx.expr(el, 'array') ?? '', item, content: promptContent(ctx, el.children) };
    }
    default: {
      if (!SSML.has(el.name)) return undefined; // the structure check already reported it
      const attrs: Record<string, string> = {};
      for (const a of el.attrs.values()) if (!a.name.startsWith('xmlns')) attrs[a.name] = a.value;
      return { kind: 'ssml', loc: el.loc, tag: el.name as SsmlTag, attrs, content: promptContent(ctx, el.children) };
    }
  }
}

/** VoiceXML 2.0's <break size> predates SSML 1.0's strength; the values map one to one. */
function sizeAsStrength(ctx: CompileContext, el: El): string | undefined {
  const size = attr(el, 'size');
  if (size === undefined) return undefined;
  ctx.r.report('deprecated-attribute', el.loc, { element: 'break', name: 'size', hint: 'VoiceXML 2.0 draft syntax; use strength (read as strength)' });
  return size;
}

/** Spoken text of content, flattened (choices and options): text and audio fallback, whitespace collapsed. */
export function flattenText(nodes: Node[]): string {
  let s = '';
  const walk = (ns: Node[]): void => {
    for (const n of ns) {
      if (n.type === 'text') s += n.text;
      else if (n.name !== 'value' && n.name !== 'grammar' && n.name !== 'mark' && n.name !== 'break') walk(n.children);
      else s += ' ';
    }
  };
  walk(nodes);
  return s.replace(/\s+/g, ' ').trim();
}
