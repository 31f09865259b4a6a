/**
 * Grammars: <grammar> elements (inline SRGS XML/ABNF parsed by gateway/grammar, external src, builtin: URIs)
 * and the grammars VoiceXML implies — <field type>, <option> lists, <choice> text and dtmf, <link dtmf>.
 * Every grammar gets an id `g<N>` in DialogGraph.grammars; the owner keeps the ids.
 */
import type { BuiltinType, GrammarDecl, SrgsExpansion, SrgsGrammar } from '../../../contracts/grammar';
import type { InputMode } from '../../../contracts/platform';
import type { Loc } from '../../../contracts/source';
import type { XmlNode } from '../../../contracts/xml';
import { parseAbnf } from '../../grammar/abnf';
import { grammarTypeSupport, legacyFormatName, parseLegacyGrammar, sniffLegacyFormat, type LegacyFormat } from '../../grammar/legacy/index';
import { srgsFromXml } from '../../grammar/srgs-xml';
import type { CompileContext } from '../context';
import { attr, ownText, type El } from '../xml/ast';

const BUILTIN_PARAMS: Record<BuiltinType, readonly string[]> = {
  boolean: ['y', 'n'],
  date: [],
  digits: ['minlength', 'maxlength', 'length'],
  currency: [],
  number: [],
  phone: [],
  time: [],
};

export interface Builtin {
  type: BuiltinType;
  params: Record<string, string>;
}

/** `digits?minlength=3;maxlength=5` → { type, params }; reports unknown types and parameters. */
export function parseBuiltin(ctx: CompileContext, el: El, attrName: string, spec: string): Builtin | undefined {
  const q = spec.indexOf('?');
  const type = (q < 0 ? spec : spec.slice(0, q)).trim();
  if (!Object.prototype.hasOwnProperty.call(BUILTIN_PARAMS, type)) {
    ctx.r.report('unknown-builtin', ctx.attrValueLoc(el, attrName, 0), { type });
    return undefined;
  }
  const t = type as BuiltinType;
  const params: Record<string, string> = {};
  if (q >= 0) {
    for (const part of spec.slice(q + 1).split(/[;&]/)) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      const k = (eq < 0 ? part : part.slice(0, eq)).trim();
      const v = eq < 0 ? '' : part.slice(eq + 1).trim();
      if (!BUILTIN_PARAMS[t].includes(k)) ctx.r.report('unknown-builtin-param', ctx.attrValueLoc(el, attrName, 0), { type: t, param: k });
      params[k] = v;
    }
  }
  return { type: t, params };
}

/** <field type="…">: a builtin grammar for voice and one for DTMF (VoiceXML 2.0 Appendix P). */
export function fieldTypeGrammars(ctx: CompileContext, el: El, type: string): string[] {
  const b = parseBuiltin(ctx, el, 'type', type);
  if (!b) return [];
  return (['voice', 'dtmf'] as const).map((mode) => ctx.addGrammar({ loc: el.loc, mode, origin: 'field-type', builtin: { type: b.type, params: { ...b.params } } }));
}

/**
 * A <grammar> element (or a VoiceXML 1.0 <dtmf>, read as a DTMF grammar) → its grammar ids: one, or two when
 * a legacy GSL grammar mixes spoken words and DTMF keys (SRGS grammars have one mode each).
 */
export function grammarElement(ctx: CompileContext, el: El, forcedMode?: InputMode): string[] {
  const text = ownText(el);
  const hasElements = el.children.some((c) => c.type === 'el');
  const inline = hasElements || /\S/.test(text);
  const sources = ['src', 'srcexpr'].filter((a) => el.attrs.has(a));
  if (sources.length + (inline ? 1 : 0) > 1) {
    ctx.r.report('conflicting-attributes', el.loc, { element: el.rawName, what: [...sources.map((s) => `"${s}"`), inline ? 'an inline grammar' : ''].filter(Boolean).join(' and ') });
  } else if (sources.length === 0 && !inline) {
    ctx.r.report('missing-content', el.loc, { element: el.rawName, what: 'has neither src, srcexpr nor an inline grammar; give it one' });
  }
  const decl: Omit<GrammarDecl, 'id'> = { loc: el.loc, mode: 'voice', origin: 'element' };
  const type = attr(el, 'type');
  const support = type === undefined ? undefined : grammarTypeSupport(type);
  if (type !== undefined) {
    decl.type = type;
    if (support === 'unsupported') ctx.r.report('unsupported-grammar-type', ctx.attrValueLoc(el, 'type', 0), { type });
  }
  let mode: InputMode | undefined = forcedMode ?? (el.attrs.has('mode') ? ctx.oneOf(el, 'mode', ['voice', 'dtmf'] as const, 'voice') : undefined);
  const src = attr(el, 'src');
  if (src !== undefined) {
    decl.src = src;
    const m = /^builtin:(?:(dtmf|voice|grammar)\/)?(.*)$/.exec(src.trim());
    if (m) {
      const b = parseBuiltin(ctx, el, 'src', m[2]);
      if (b) decl.builtin = { type: b.type, params: b.params };
      if (mode === undefined && (m[1] === 'dtmf' || m[1] === 'voice')) mode = m[1];
    } else if (support === 'gsl' || support === 'jsgf') {
      ctx.r.report('legacy-grammar-format', el.loc, { format: legacyFormatName(support), how: `type "${type ?? ''}"`, split: '' });
    }
  }
  const srcexpr = ctx.expr(el, 'srcexpr');
  if (srcexpr !== undefined) decl.srcexpr = srcexpr;
  let dtmfPart: SrgsGrammar | undefined;
  if (inline && sources.length === 0 && support !== 'unsupported') {
    const report = (d: Parameters<typeof ctx.r.add>[0]): void => ctx.r.add(d);
    const legacy: LegacyFormat | undefined = support === 'gsl' || support === 'jsgf' ? support : hasElements || /^\s*#ABNF/.test(text) ? undefined : sniffLegacyFormat(text);
    if (legacy !== undefined) {
      const g = parseLegacyGrammar(legacy, text, { uri: ctx.uri, loc: ctx.textLoc(el, 0), report, mode });
      const how = type === undefined ? 'an untyped inline grammar (the legacy platforms\' default format)' : `type "${type}"`;
      ctx.r.report('legacy-grammar-format', el.loc, { format: legacyFormatName(legacy), how, split: g.voice && g.dtmf ? '; its DTMF keys became a separate DTMF grammar' : '' });
      const first = g.voice ?? g.dtmf;
      if (first) {
        decl.inline = first;
        mode = first.mode;
      }
      if (g.voice && g.dtmf) dtmfPart = g.dtmf;
    } else {
      decl.inline = hasElements
        ? srgsFromXml(toXmlNode(el), { uri: ctx.uri, report })
        : parseAbnf(text, { uri: ctx.uri, loc: ctx.textLoc(el, 0), report });
      if (mode === undefined) mode = decl.inline.mode;
    }
  }
  decl.mode = mode ?? 'voice';
  if (el.attrs.has('scope')) decl.scope = ctx.oneOf(el, 'scope', ['dialog', 'document'] as const, 'dialog');
  const weight = attr(el, 'weight');
  if (weight !== undefined) {
    const w = Number(weight);
    if (Number.isFinite(w) && w >= 0) decl.weight = w;
    else ctx.invalid(el, 'weight', weight, 'use a non-negative number');
  }
  const lang = attr(el, 'xml:lang');
  if (lang !== undefined) decl.lang = lang;
  const fetch = ctx.fetch(el);
  if (fetch) decl.fetch = fetch;
  const ids = [ctx.addGrammar(decl)];
  if (dtmfPart) ids.push(ctx.addGrammar({ ...decl, inline: dtmfPart, mode: 'dtmf' }));
  return ids;
}

/** The element subtree as contracts/xml data (what the SRGS reader takes). */
export function toXmlNode(el: El): XmlNode {
  const attrs: Record<string, string> = {};
  for (const a of el.attrs.values()) attrs[a.name] = a.value;
  return {
    type: 'element',
    name: el.rawName,
    attrs,
    children: el.children.map((c): XmlNode => (c.type === 'el' ? toXmlNode(c) : c.cdata ? { type: 'cdata', text: c.text } : { type: 'text', text: c.text })),
    loc: el.loc,
  };
}

// ------------------------------------------------------------ synthesised SRGS

export interface Phrase {
  text: string;
  /** SISR `out` for this phrase; omitted when the grammar id alone identifies the result. */
  value?: string;
}

export interface KeySequence {
  keys: string;
  value?: string;
}

const DTMF_SEQUENCE = /^\s*[0-9*#A-Da-d](\s*[0-9*#A-Da-d])*\s*$/;

/** Validates a dtmf attribute; returns the keys without spaces, or undefined (reported). */
export function dtmfKeys(ctx: CompileContext, el: El, attrName = 'dtmf'): string | undefined {
  const v = attr(el, attrName);
  if (v === undefined) return undefined;
  if (!DTMF_SEQUENCE.test(v)) {
    ctx.r.report('bad-dtmf', ctx.attrValueLoc(el, attrName, 0), { value: v });
    return undefined;
  }
  return v.replace(/\s+/g, '');
}

export function phraseGrammar(ctx: CompileContext, loc: Loc, phrases: Phrase[], origin: GrammarDecl['origin'], approximate: boolean): string {
  const alternatives = phrases
    .map((p) => ({ words: words(p.text), value: p.value }))
    .filter((p) => p.words.length > 0)
    .map((p) => alternative(p.words, p.value));
  const decl: Omit<GrammarDecl, 'id'> = { loc, mode: 'voice', origin, inline: srgs('voice', alternatives) };
  if (approximate) decl.approximate = true;
  return ctx.addGrammar(decl);
}

export function dtmfGrammar(ctx: CompileContext, loc: Loc, sequences: KeySequence[], origin: GrammarDecl['origin']): string {
  const alternatives = sequences.map((s) => alternative([...s.keys], s.value));
  return ctx.addGrammar({ loc, mode: 'dtmf', origin, inline: srgs('dtmf', alternatives) });
}

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}'’-]+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

function alternative(tokens: string[], value: string | undefined): SrgsExpansion {
  const items: SrgsExpansion[] = tokens.map((t) => ({ kind: 'token', text: t }));
  if (value !== undefined) items.push({ kind: 'tag', text: `out=${JSON.stringify(value)};` });
  return items.length === 1 ? items[0] : { kind: 'seq', items };
}

function srgs(mode: InputMode, alternatives: SrgsExpansion[]): SrgsGrammar {
  const expansion: SrgsExpansion = alternatives.length === 1
    ? alternatives[0]
    : { kind: 'oneof', alternatives: alternatives.map((expansion) => ({ expansion, weight: 1 })) };
  return { mode, root: 'root', tagFormat: 'semantics/1.0', rules: { root: { id: 'root', scope: 'public', expansion } } };
}
