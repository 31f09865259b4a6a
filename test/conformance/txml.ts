/**
 * TXML → VoiceXML: the W3C IR test stylesheet (`irtest.xslt`, "Copyright 1998-2003 W3C (MIT, ERCIM,
 * Keio)") re-implemented template by template, so the suite runs without an XSLT processor.
 *
 * Mirrored semantics:
 * - identity copy of every element, attribute, text and CDATA node; comments are stripped;
 * - the `conf:` test-API elements (namespace http://www.w3.org/2002/vxml-conformance, whatever its
 *   prefix) become VoiceXML: pass, fail (reason/expr), comment, hangup, recording, noinput, nomatch,
 *   speech, dtmf (tapered count=1..3 prompts, single prompt inside nomatch/noinput/block), grammar
 *   (utterance, interp, key), key, phrase;
 * - a conf element the stylesheet has no template for (or whose template's predicate does not hold,
 *   e.g. `conf:speech` without `value`) is copied like any other element;
 * - template conflicts resolve as XSLT does: for `conf:recording[@value='nonspeech']` and a grammar with
 *   both `interp` and `conf:key` children, the template later in the stylesheet wins.
 * Whitespace inside the generated prompts is normalised (the stylesheet's indentation is not significant).
 * Checked once against xsltproc (libxslt) with irtest.xslt: for every well-formed .txml of the copy the
 * output is the same element tree, attributes and text (whitespace runs collapsed, generate-id names aside).
 */
import { attr, decodeEntities, escapeAttr, escapeText, parseXml, quoteAttr, type XmlNode } from './xml-tree';

export const CONF_NS = 'http://www.w3.org/2002/vxml-conformance';

/** emit-utterance: the words a grammar accepts for a token. */
export const UTTERANCE: Readonly<Record<string, string>> = {
  alpha: 'chicago',
  bravo: 'san francisco',
  charlie: 'new york',
  delta: 'london',
  echo: 'tokyo',
  foxtrot: 'truth or consequences',
  golf: 'hackensack',
  hotel: 'standardsville',
  help: 'help',
  cancel: 'cancel',
  exit: 'exit',
  yes: 'yes',
};

/** emit-name-from-token: how prompts name a token. */
export const SPOKEN_NAME: Readonly<Record<string, string>> = {
  alpha: 'Chicago',
  bravo: 'San Francisco',
  charlie: 'New York',
  delta: 'London',
  echo: 'Tokyo',
  foxtrot: 'Truth or Consequences',
  golf: 'Hackensack',
  hotel: 'Standardsville',
  help: 'help',
  cancel: 'cancel',
  exit: 'exit',
  yes: 'yes',
};

/** A caller input a conf: element asks for, in document order (for the report and the caller's plan). */
export type PrescribedInput =
  | { kind: 'speech'; token: string }
  | { kind: 'dtmf'; keys: string }
  | { kind: 'noinput' }
  | { kind: 'nomatch' }
  | { kind: 'hangup' }
  | { kind: 'recording'; token: string };

interface Context {
  /** In-scope namespace declarations: prefix ('' = default) → URI. */
  ns: ReadonlyMap<string, string>;
  /** name() of the parent element (the stylesheet's `*[name()='block']/conf:speech` tests). */
  parent: string;
}

class Converter {
  private ids = 0;
  readonly inputs: PrescribedInput[] = [];

  nodes(list: XmlNode[], ctx: Context): string {
    return list.map((n) => this.node(n, ctx)).join('');
  }

  private node(n: XmlNode, ctx: Context): string {
    switch (n.type) {
      case 'text':
        return n.raw;
      case 'cdata':
        return `<![CDATA[${n.text}]]>`;
      case 'comment':
        return '';
      case 'pi':
        // The XML declaration is written by `txmlToVxml`; the copy holds no other processing instruction.
        return n.target === 'xml' ? '' : `<?${n.target}?>`;
      case 'element':
        return this.element(n, ctx);
    }
  }

  private element(n: Extract<XmlNode, { type: 'element' }>, ctx: Context): string {
    const ns = scopeOf(n, ctx.ns);
    const colon = n.name.indexOf(':');
    const prefix = colon >= 0 ? n.name.slice(0, colon) : '';
    if (ns.get(prefix) === CONF_NS) {
      const done = this.conf(n.name.slice(colon + 1), n, { ns, parent: ctx.parent });
      if (done !== undefined) return done;
    }
    return this.copy(n, ns);
  }

  /** xsl:copy + apply-templates to attributes and children. */
  private copy(n: Extract<XmlNode, { type: 'element' }>, ns: ReadonlyMap<string, string>): string {
    const attrs = n.attrs.map(([k, v]) => ` ${k}=${quoteAttr(v)}`).join('');
    if (n.children.length === 0) return `<${n.name}${attrs}/>`;
    return `<${n.name}${attrs}>${this.nodes(n.children, { ns, parent: n.name })}</${n.name}>`;
  }

  /** The conf: templates; undefined = no template matches (the identity template copies the element). */
  private conf(local: string, n: Extract<XmlNode, { type: 'element' }>, ctx: Context): string | undefined {
    const value = attr(n, 'value');
    const inline = ctx.parent === 'nomatch' || ctx.parent === 'noinput' || ctx.parent === 'block';
    switch (local) {
      case 'pass':
        return '<prompt>pass</prompt><exit/>';
      case 'fail':
        return this.fail(n);
      case 'comment':
        return `<log>${this.nodes(n.children, { ns: ctx.ns, parent: n.name })}</log>`;
      case 'hangup':
        this.inputs.push({ kind: 'hangup' });
        return '<prompt> Hang up now. </prompt>';
      case 'recording':
        if (value === undefined) return undefined;
        this.inputs.push({ kind: 'recording', token: value });
        if (value === 'nonspeech')
          return (
            `<prompt count="1"> Recite your favorite nursery rhyme, for example, 'Little Miss Muffett'. </prompt>` +
            `<prompt count="2"> Recite your favorite nursery rhyme again.</prompt>` +
            `<prompt count="3"> Recite your favorite nursery rhyme one more time.</prompt>`
          );
        return tapered(`Recite a sentence containing the word '${nameOf(value)}'`);
      case 'noinput':
        this.inputs.push({ kind: 'noinput' });
        return silencePrompts('No input expected. Say nothing', n);
      case 'nomatch':
        this.inputs.push({ kind: 'nomatch' });
        return silencePrompts('Say something unrecognizable', n);
      case 'speech': {
        if (value === undefined) return undefined;
        this.inputs.push({ kind: 'speech', token: decodeEntities(value) });
        const text = `Say '${nameOf(value)}'`;
        return inline ? `<prompt> ${text}. </prompt>` : tapered(text);
      }
      case 'dtmf': {
        if (value === undefined) return undefined;
        this.inputs.push({ kind: 'dtmf', keys: decodeEntities(value) });
        const text = `Press '${escapeText(decodeEntities(value))}'`;
        return inline ? `<prompt> ${text}. </prompt>` : tapered(text);
      }
      case 'grammar':
        return this.grammar(n, ctx);
      case 'key':
        return escapeText(keyScript(n, ctx.ns, ''));
      case 'phrase': {
        const utterance = attr(n, 'utterance');
        return utterance === undefined ? undefined : nameOf(utterance);
      }
      default:
        return undefined;
    }
  }

  private fail(n: Extract<XmlNode, { type: 'element' }>): string {
    let out = '<prompt>fail</prompt>';
    const reason = attr(n, 'reason');
    if (reason !== undefined && reason !== '') {
      const text = escapeText(decodeEntities(reason));
      out += `<log>failure reason: ${text}</log><prompt>${text}</prompt>`;
    }
    const expr = attr(n, 'expr');
    if (expr !== undefined && expr !== '') {
      const value = `<value expr=${escapeAttr(decodeEntities(expr))}/>`;
      out += `<log>failure expression: ${value}</log><prompt>${value}</prompt>`;
    }
    return `${out}<exit/>`;
  }

  private grammar(n: Extract<XmlNode, { type: 'element' }>, ctx: Context): string | undefined {
    const utterance = attr(n, 'utterance');
    if (utterance === undefined) return undefined;
    const root = `CityName${++this.ids}`;
    const words = escapeText(UTTERANCE[decodeEntities(utterance)] ?? '');
    let tag = '';
    if (hasDescendantKey(n, ctx.ns)) {
      const keys = n.children.filter((c) => isConf(c, 'key', scopeOf(n, ctx.ns)));
      tag = `<tag>${escapeText(keys.map((k) => keyScript(k, scopeOf(n, ctx.ns), '')).join(''))}</tag>`;
    } else {
      const interp = attr(n, 'interp');
      if (interp !== undefined) tag = `<tag>'${escapeText(decodeEntities(interp))}'</tag>`;
    }
    return (
      `<grammar type="application/srgs+xml" root="${root}" version="1.0">` +
      `<rule id="${root}" scope="public"><one-of><item>${words}${tag}</item></one-of></rule></grammar>`
    );
  }
}

/** The conf:key templates: `var a='1'; ` / `var b=new Object(); b.c='2'; ` (an ECMAScript tag body). */
function keyScript(n: XmlNode, ns: ReadonlyMap<string, string>, path: string): string {
  if (n.type !== 'element') return '';
  const name = decodeEntities(attr(n, 'name') ?? '');
  const lhs = path === '' ? `var ${name}` : `${path}.${name}`;
  const value = attr(n, 'value');
  if (value !== undefined) return `${lhs}='${decodeEntities(value)}'; `;
  const inner = scopeOf(n, ns);
  const childPath = path === '' ? name : `${path}.${name}`;
  return `${lhs}=new Object(); ` + n.children.filter((c) => isConf(c, 'key', inner)).map((c) => keyScript(c, inner, childPath)).join('');
}

function hasDescendantKey(n: XmlNode, ns: ReadonlyMap<string, string>): boolean {
  if (n.type !== 'element') return false;
  const inner = scopeOf(n, ns);
  return n.children.some((c) => isConf(c, 'key', inner) || hasDescendantKey(c, inner));
}

function isConf(n: XmlNode, local: string, ns: ReadonlyMap<string, string>): boolean {
  if (n.type !== 'element') return false;
  const colon = n.name.indexOf(':');
  const prefix = colon >= 0 ? n.name.slice(0, colon) : '';
  return n.name.slice(colon + 1) === local && scopeOf(n, ns).get(prefix) === CONF_NS;
}

function scopeOf(n: XmlNode, outer: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  if (n.type !== 'element') return outer;
  const decls = n.attrs.filter(([k]) => k === 'xmlns' || k.startsWith('xmlns:'));
  if (decls.length === 0) return outer;
  const ns = new Map(outer);
  for (const [k, v] of decls) ns.set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(v));
  return ns;
}

function nameOf(token: string): string {
  return escapeText(SPOKEN_NAME[decodeEntities(token)] ?? '');
}

/** The three count-tapered prompts of emit-prompt/emit-dtmf with taper=1. */
function tapered(text: string): string {
  return ['', ' again', ' one more time'].map((s, i) => `<prompt count="${i + 1}"> ${text}${s}. </prompt>`).join('');
}

/**
 * conf:noinput / conf:nomatch: "… Say nothing again for 5 seconds." — without a duration the stylesheet's
 * line break before the period leaves "Say nothing again ." (xsltproc output, whitespace normalised).
 */
function silencePrompts(text: string, n: XmlNode): string {
  const d = attr(n, 'duration');
  const tail = d === undefined ? ' .' : ` for ${escapeText(decodeEntities(d))} seconds.`;
  return ['', ' again', ' one more time'].map((s, i) => `<prompt count="${i + 1}"> ${text}${s}${tail} </prompt>`).join('');
}

export interface Converted {
  vxml: string;
  /** Caller inputs the conf: elements ask for, in document order. */
  inputs: PrescribedInput[];
}

/** Converts a TXML document; throws MalformedXmlError when the source is not well-formed. */
export function convertTxml(text: string): Converted {
  const converter = new Converter();
  const body = converter.nodes(parseXml(text), { ns: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), parent: '' });
  return { vxml: `<?xml version="1.0" encoding="UTF-8"?>\n${body.replace(/^\s+/, '')}`, inputs: converter.inputs };
}
