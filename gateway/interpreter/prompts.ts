/**
 * Prompts (VoiceXML 2.0 §4.1): selection by count and cond (tapered prompts), and rendering of prompt
 * content — text, SSML, <value>, <audio> with fallback, <break>, <enumerate>, <foreach> — into the
 * platform's Prompt segments. Values are evaluated when the prompt is queued, as the spec says.
 */
import type { PromptContent, PromptNode } from '../../contracts/graph';
import type { Prompt, PromptSegment } from '../../contracts/platform';
import { CONTINUE, ok, type Flow, type Result } from './flow';
import { boolProperty, property } from './properties';
import { isRecording } from './recording';
import { SegmentBuilder, escapeXml } from './segments';
import { breakStrengthMs, parseTimeMs } from './time';
import { baseOf, currentMenu, docUri, js, live, type Turn } from './turn';
import { resolveUri } from './uri';
import { menuEntries, optionEntries, type EnumerateEntry } from './enumerate';
import type { FormItem } from '../../contracts/graph';
import type { Loc } from '../../contracts/source';

export type { EnumerateEntry } from './enumerate';

export interface RenderOptions {
  enumerate?: EnumerateEntry[];
  /** The form item whose properties apply (bargein, bargeintype). */
  item?: FormItem;
}

/**
 * §4.1.6 prompt selection for form items and menus: drop prompts whose cond is false, find the highest
 * count not above the prompt counter, keep the prompts with exactly that count, in document order.
 */
export function selectPrompts(turn: Turn, prompts: PromptNode[], counter: number): Result<PromptNode[]> {
  const eligible: PromptNode[] = [];
  for (const p of prompts) {
    if (p.cond !== undefined) {
      const c = js(() => turn.env.evalCond(p.cond as string), p.loc);
      if (!c.ok) return c;
      if (!c.value) continue;
    }
    eligible.push(p);
  }
  let best = 0;
  for (const p of eligible) if (p.count <= counter && p.count > best) best = p.count;
  return ok(eligible.filter((p) => p.count === best));
}

/**
 * Queues a prompt met in executable content (block, filled, catch): cond applies, count does not — a
 * handler's prompts all play (W3C IR test 523). Nothing is queued once the call is disconnected.
 */
export function queuePrompt(turn: Turn, node: PromptNode, opts: RenderOptions = {}): Flow {
  if (node.cond !== undefined) {
    const c = js(() => turn.env.evalCond(node.cond as string), node.loc);
    if (!c.ok) return c.flow;
    if (!c.value) return CONTINUE;
  }
  return queueSelected(turn, node, opts);
}

/** Renders and queues a prompt already selected (cond checked). */
export function queueSelected(turn: Turn, node: PromptNode, opts: RenderOptions = {}): Flow {
  const b = new SegmentBuilder();
  const r = renderContent(turn, node.content, b, opts);
  if (r.kind !== 'continue') return r;
  const segments = b.finish();
  if (turn.state.hungup) {
    // The caller is gone (§5.3.11): nothing more is played; the trace keeps what would have been said.
    const text = textOf(segments);
    if (text !== '') turn.trace.push({ kind: 'unplayed', uri: docUri(turn), text });
    return CONTINUE;
  }
  const l = live(turn);
  const prompt: Prompt = {
    segments,
    bargein: node.bargein ?? boolProperty(turn, 'bargein', opts.item, true),
    bargeintype: node.bargeintype ?? (property(turn, 'bargeintype', opts.item) === 'hotword' ? 'hotword' : 'speech'),
    lang: node.lang ?? l.doc.lang ?? property(turn, 'xml:lang') ?? 'en-US',
  };
  const t = parseTimeMs(node.timeout);
  if (t !== undefined) prompt.timeoutMs = t;
  if (segments.length > 0 || prompt.timeoutMs !== undefined) turn.prompts.push(prompt);
  return CONTINUE;
}

/** Renders content into plain text (for <log> and `_prompt`). */
export function renderText(turn: Turn, content: PromptContent[], opts: RenderOptions = {}): Result<string> {
  const b = new SegmentBuilder();
  const r = renderContent(turn, content, b, opts);
  if (r.kind !== 'continue') return { ok: false, flow: r };
  return ok(textOf(b.finish()));
}

export function textOf(segments: PromptSegment[]): string {
  const parts: string[] = [];
  for (const s of segments) {
    if (s.kind === 'speak') parts.push(s.text);
    else if (s.kind === 'audio') parts.push(textOf(s.fallback));
  }
  return parts.filter(Boolean).join(' ');
}

function renderContent(turn: Turn, content: PromptContent[], b: SegmentBuilder, opts: RenderOptions): Flow {
  for (const c of content) {
    const r = renderOne(turn, c, b, opts);
    if (r.kind !== 'continue') return r;
  }
  return CONTINUE;
}

function renderOne(turn: Turn, c: PromptContent, b: SegmentBuilder, opts: RenderOptions): Flow {
  const env = turn.env;
  switch (c.kind) {
    case 'text':
      b.addText(c.text);
      return CONTINUE;
    case 'value': {
      const v = js(() => env.evaluate(c.expr), c.loc);
      if (!v.ok) return v.flow;
      const data = js(() => env.toData(v.value), c.loc);
      if (data.ok && isRecording(data.value)) {
        b.addAudio(data.value.$recording, []);
        return CONTINUE;
      }
      const s = js(() => env.toString(v.value), c.loc);
      if (!s.ok) return s.flow;
      b.addText(s.value);
      return CONTINUE;
    }
    case 'audio':
      return renderAudio(turn, c, b, opts);
    case 'break': {
      const ms = c.time !== undefined ? parseTimeMs(c.time) : undefined;
      b.addPause(ms ?? breakStrengthMs(c.strength));
      return CONTINUE;
    }
    case 'mark': {
      let name = c.name;
      if (c.nameexpr !== undefined) {
        const v = js(() => env.toString(env.evaluate(c.nameexpr as string)), c.loc);
        if (!v.ok) return v.flow;
        name = v.value;
      }
      if (name) b.addMarkup(`<mark name="${escapeXml(name)}"/>`);
      return CONTINUE;
    }
    case 'enumerate':
      return renderEnumerate(turn, c.content, b, opts);
    case 'foreach':
      return renderForeach(turn, c, b, opts);
    case 'ssml':
      return renderSsml(turn, c, b, opts);
  }
}

function renderAudio(turn: Turn, c: PromptContent & { kind: 'audio' }, b: SegmentBuilder, opts: RenderOptions): Flow {
  const base = baseOf(live(turn).doc);
  let url: string | undefined;
  if (c.expr !== undefined) {
    const v = js(() => turn.env.evaluate(c.expr as string), c.loc);
    if (!v.ok) return v.flow;
    if (v.value === undefined) return CONTINUE; // §4.1.3: an expr evaluating to undefined is ignored
    const data = js(() => turn.env.toData(v.value), c.loc);
    if (data.ok && isRecording(data.value)) url = data.value.$recording;
    else {
      const s = js(() => turn.env.toString(v.value), c.loc);
      if (!s.ok) return s.flow;
      url = resolveUri(base, s.value);
    }
  } else if (c.src !== undefined) {
    url = resolveUri(base, c.src);
  }
  // The fallback is rendered now, like the rest of the prompt: its values are evaluated at queue time.
  const fb = new SegmentBuilder();
  const r = renderContent(turn, c.fallback, fb, opts);
  if (r.kind !== 'continue') return r;
  const fallback = fb.finish();
  if (url === undefined) {
    for (const s of fallback) pushSegment(b, s);
    return CONTINUE;
  }
  b.addAudio(url, fallback);
  return CONTINUE;
}

function pushSegment(b: SegmentBuilder, s: PromptSegment): void {
  if (s.kind === 'speak') b.addText(` ${s.text} `);
  else if (s.kind === 'pause') b.addPause(s.ms);
  else b.addAudio(s.url, s.fallback);
}

function renderEnumerate(turn: Turn, content: PromptContent[], b: SegmentBuilder, opts: RenderOptions): Flow {
  // Outside the menu's or field's own prompts (e.g. in a handler) it lists the current menu or field.
  const menu = currentMenu(turn);
  const entries = opts.enumerate ?? optionEntries(opts.item) ?? (menu ? menuEntries(menu) : []);
  if (content.length === 0) {
    // No template: the platform's default lists the choices in document order (§2.2.4).
    entries.forEach((e, i) => {
      b.addText(i === 0 ? e.prompt : `, ${e.prompt}`);
    });
    b.addText('. ');
    return CONTINUE;
  }
  for (const e of entries) {
    const d = js(() => {
      turn.env.declare('_prompt', turn.env.fromData(e.prompt));
      turn.env.declare('_dtmf', e.dtmf === undefined ? undefined : turn.env.fromData(e.dtmf));
    });
    if (!d.ok) return d.flow;
    const r = renderContent(turn, content, b, opts);
    if (r.kind !== 'continue') return r;
    b.addText(' ');
  }
  return CONTINUE;
}

function renderForeach(turn: Turn, c: PromptContent & { kind: 'foreach' }, b: SegmentBuilder, opts: RenderOptions): Flow {
  const items = foreachItems(turn, c.array, c.loc);
  if (!items.ok) return items.flow;
  for (const item of items.value) {
    const d = js(() => turn.env.declare(c.item, item), c.loc);
    if (!d.ok) return d.flow;
    const r = renderContent(turn, c.content, b, opts);
    if (r.kind !== 'continue') return r;
  }
  return CONTINUE;
}

/** VoiceXML 2.1 §6: <foreach array> must be an ECMAScript array; it iterates over a shallow copy. */
export function foreachItems(turn: Turn, expr: string, loc: Loc): Result<unknown[]> {
  const arr = js(() => turn.env.evaluate(expr), loc);
  if (!arr.ok) return arr;
  const items = js(() => turn.env.items(arr.value), loc);
  if (!items.ok) return items;
  if (items.value === undefined) return { ok: false, flow: { kind: 'throw', event: 'error.semantic', message: `<foreach array="${expr}">: not an array`, loc } };
  return ok(items.value);
}

const SILENT_SSML = new Set(['lexicon', 'meta', 'metadata', 'desc']);

function renderSsml(turn: Turn, c: PromptContent & { kind: 'ssml' }, b: SegmentBuilder, opts: RenderOptions): Flow {
  if (SILENT_SSML.has(c.tag)) return CONTINUE;
  if (c.tag === 'speak') return renderContent(turn, c.content, b, opts);
  if (c.tag === 'sub' && c.attrs.alias !== undefined) {
    const inner = renderText(turn, c.content, opts);
    if (!inner.ok) return inner.flow;
    b.addAlias(` ${c.attrs.alias} `, `<sub alias="${escapeXml(c.attrs.alias)}">${escapeXml(inner.value)}</sub>`);
    return CONTINUE;
  }
  b.openTag(c.tag, c.attrs);
  const r = renderContent(turn, c.content, b, opts);
  b.closeTag();
  return r;
}
