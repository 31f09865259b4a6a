/**
 * SRGS 1.0 XML form (<grammar> element, inline in VoiceXML or a standalone .grxml) → SrgsGrammar.
 * Problems are reported as diagnostics with the element's location; nothing throws.
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { Loc } from '../../contracts/source';
import type { SrgsExpansion, SrgsGrammar, SrgsRule } from '../../contracts/grammar';
import type { InputMode } from '../../contracts/platform';
import type { XmlNode } from '../../contracts/xml';
import {
  GrammarCodes as C,
  checkBuiltinRef,
  checkTagFormat,
  diag,
  isSpecial,
  parseProbability,
  parseRepeat,
  parseWeight,
  seqOf,
  splitRuleUri,
  splitTokens,
} from './srgs-common';
import { lintTags } from './tag-lint';
import { MAX_NESTING } from './abnf';

export const SRGS_NS = 'http://www.w3.org/2001/06/grammar';

export interface SrgsXmlContext {
  uri: string;
  report: (d: Diagnostic) => void;
  /**
   * A standalone grammar document may be referenced as `doc#rule`, so a missing root is not an error there;
   * an inline grammar (the default) can only be used through its root.
   */
  standalone?: boolean;
}

type Element = Extract<XmlNode, { type: 'element' }>;

/** Element name without a prefix, or undefined when the prefix names a foreign namespace. */
interface Scope {
  /** prefix → namespace URI (default namespace under ''). */
  ns: Map<string, string>;
  lang?: string;
}

function childScope(el: Element, parent: Scope): Scope {
  let ns = parent.ns;
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (ns === parent.ns) ns = new Map(parent.ns);
      ns.set(k === 'xmlns' ? '' : k.slice(6), v);
    }
  }
  const lang = el.attrs['xml:lang'];
  return { ns, lang: lang ?? parent.lang };
}

/** SRGS local name of an element, or undefined when it belongs to another namespace. */
function srgsName(el: Element, scope: Scope): string | undefined {
  const colon = el.name.indexOf(':');
  if (colon < 0) {
    const def = scope.ns.get('');
    // No default namespace (inline in VoiceXML without xmlns) or the VoiceXML namespace: SRGS elements
    // are allowed there unqualified.
    if (def === undefined || def === SRGS_NS || def === 'http://www.w3.org/2001/vxml') return el.name;
    return undefined;
  }
  const prefix = el.name.slice(0, colon);
  return scope.ns.get(prefix) === SRGS_NS ? el.name.slice(colon + 1) : undefined;
}

function textOf(nodes: XmlNode[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'cdata') s += n.text;
    else if (n.type === 'element') s += textOf(n.children);
  }
  return s;
}

class XmlGrammarReader {
  private readonly ruleIds = new Set<string>();
  readonly globalTags: string[] = [];

  constructor(private readonly ctx: SrgsXmlContext) {}

  private error(loc: Loc | undefined, code: string, message: string): void {
    this.ctx.report(diag(this.ctx.uri, loc, 'error', code, message));
  }
  private warn(loc: Loc | undefined, code: string, message: string): void {
    this.ctx.report(diag(this.ctx.uri, loc, 'warning', code, message));
  }

  read(el: Element): SrgsGrammar {
    const scope = childScope(el, { ns: new Map() });
    const a = el.attrs;
    let mode: InputMode = 'voice';
    if (a.mode !== undefined) {
      if (a.mode === 'voice' || a.mode === 'dtmf') mode = a.mode;
      else this.error(el.loc, C.badMode, `mode="${a.mode}" is not "voice" or "dtmf"; using voice`);
    }
    if (a.version !== undefined && a.version !== '1.0') {
      this.warn(el.loc, C.badVersion, `SRGS version "${a.version}" is not 1.0; reading it as 1.0`);
    }
    const tagFormat = a['tag-format'];
    checkTagFormat(tagFormat, this.ctx.uri, el.loc, this.ctx.report);

    // First pass: rule ids, so references can be checked wherever they appear.
    const ruleEls: Element[] = [];
    for (const c of el.children) {
      if (c.type !== 'element') continue;
      if (srgsName(c, childScope(c, scope)) === 'rule') {
        ruleEls.push(c);
        const id = c.attrs.id;
        if (id !== undefined) {
          if (this.ruleIds.has(id)) this.error(c.loc, C.duplicateRule, `rule "${id}" is defined twice; the first definition is used`);
          this.ruleIds.add(id);
        }
      }
    }

    const rules: Record<string, SrgsRule> = {};
    let sawRule = false;
    for (const c of el.children) {
      if (c.type === 'text' || c.type === 'cdata') {
        if (c.text.trim() !== '') this.error(el.loc, C.misplacedText, `text "${c.text.trim().slice(0, 40)}" outside any <rule> is ignored; put tokens inside a rule`);
        continue;
      }
      if (c.type !== 'element') continue;
      const cs = childScope(c, scope);
      const name = srgsName(c, cs);
      switch (name) {
        case 'rule': {
          sawRule = true;
          const rule = this.readRule(c, cs);
          if (rule && rules[rule.id] === undefined) rules[rule.id] = rule;
          break;
        }
        case 'tag':
          if (sawRule) this.warn(c.loc, C.unknownElement, '<tag> between rules is treated as a global tag; SRGS puts global tags before the first rule');
          this.globalTags.push(textOf(c.children));
          break;
        case 'lexicon':
        case 'meta':
        case 'metadata':
          break;
        case undefined:
          this.warn(c.loc, C.unknownElement, `<${c.name}> is not an SRGS element; it is ignored`);
          break;
        default:
          this.error(c.loc, C.unknownElement, `<${name}> is not allowed directly in <grammar>; only rule, tag, lexicon, meta and metadata are`);
      }
    }

    let root: string | undefined = a.root;
    if (root !== undefined && rules[root] === undefined) {
      this.error(el.loc, C.badRoot, `root="${root}" names no rule of this grammar`);
      root = undefined;
    }
    const ids = Object.keys(rules);
    if (root === undefined && a.root === undefined) {
      if (ids.length === 1) root = ids[0];
      else if (ids.length === 0) this.error(el.loc, C.emptyRule, 'the grammar defines no rule, so it can match nothing');
      else if (!this.ctx.standalone) {
        this.error(el.loc, C.noRoot, `the grammar has ${ids.length} rules and no root attribute; add root="…" naming the rule to activate`);
      }
    }

    const g: SrgsGrammar = { mode, rules };
    if (root !== undefined) g.root = root;
    if (scope.lang !== undefined) g.lang = scope.lang;
    if (tagFormat !== undefined) g.tagFormat = tagFormat;
    const base = a['xml:base'];
    if (base !== undefined) g.base = base;
    if (this.globalTags.length > 0) g.globalTags = this.globalTags;
    return g;
  }

  private readRule(el: Element, scope: Scope): SrgsRule | undefined {
    const id = el.attrs.id;
    if (id === undefined || id === '') {
      this.error(el.loc, C.syntax, '<rule> needs an id attribute; the rule is ignored');
      return undefined;
    }
    if (isSpecial(id)) this.error(el.loc, C.badSpecial, `"${id}" is a special rule name and cannot be defined`);
    let scopeAttr: 'private' | 'public' = 'private';
    const s = el.attrs.scope;
    if (s === 'public' || s === 'private') scopeAttr = s;
    else if (s !== undefined) this.error(el.loc, C.badScope, `scope="${s}" is not "public" or "private"; using private`);
    const items = this.readContent(el.children, scope);
    if (items.length === 0) this.warn(el.loc, C.emptyRule, `rule "${id}" is empty; it matches nothing but silence`);
    const expansion = items.length === 0 ? ({ kind: 'ruleref', special: 'NULL' } as const) : seqOf(items, el.attrs['xml:lang']);
    const rule: SrgsRule = { id, scope: scopeAttr, expansion };
    if (el.loc) rule.loc = el.loc;
    return rule;
  }

  /** Rule expansion content: tokens, item, one-of, ruleref, token, tag (example and foreign elements ignored). */
  private readContent(nodes: XmlNode[], scope: Scope): SrgsExpansion[] {
    if (this.depth >= MAX_NESTING) {
      // Recursion has a bound: a pathological grammar is an error, never a stack overflow.
      if (!this.tooDeep) {
        this.tooDeep = true;
        const first = nodes.find((n): n is Element => n.type === 'element');
        this.error(first?.loc, C.syntax, `items nest deeper than ${MAX_NESTING} levels; the deeper content is ignored`);
      }
      return [];
    }
    this.depth++;
    try {
      return this.readContentAt(nodes, scope);
    } finally {
      this.depth--;
    }
  }

  private depth = 0;
  private tooDeep = false;

  private readContentAt(nodes: XmlNode[], scope: Scope): SrgsExpansion[] {
    const out: SrgsExpansion[] = [];
    for (const n of nodes) {
      if (n.type === 'comment') continue;
      if (n.type === 'text' || n.type === 'cdata') {
        for (const t of splitTokens(n.text)) out.push({ kind: 'token', text: t });
        continue;
      }
      const cs = childScope(n, scope);
      const name = srgsName(n, cs);
      const e = this.readExpansionElement(n, name, cs);
      if (e) out.push(e);
    }
    return out;
  }

  private readExpansionElement(el: Element, name: string | undefined, scope: Scope): SrgsExpansion | undefined {
    switch (name) {
      case 'item':
        return this.readItem(el, scope).expansion;
      case 'one-of':
        return this.readOneOf(el, scope);
      case 'ruleref':
        return this.withTagAttribute(el, this.readRuleref(el));
      case 'token': {
        const t = textOf(el.children).trim().replace(/\s+/g, ' ');
        if (t === '') {
          this.error(el.loc, C.syntax, '<token> is empty');
          return undefined;
        }
        return { kind: 'token', text: t.replace(/^"(.*)"$/, '$1') };
      }
      case 'tag':
        return { kind: 'tag', text: textOf(el.children) };
      case 'example':
        return undefined;
      case undefined:
        this.warn(el.loc, C.unknownElement, `<${el.name}> is not an SRGS element; it and its content are ignored`);
        return undefined;
      default:
        this.error(el.loc, C.unknownElement, `<${name}> is not allowed inside a rule expansion`);
        return undefined;
    }
  }

  /**
   * Nuance grammars (swi-semantics) write a tag as an attribute: `<item tag="V='x'">`, `<ruleref uri="#r"
   * tag="…"/>`. SRGS has no such attribute; it is read as a <tag> at the end of the element's content.
   */
  private withTagAttribute(el: Element, e: SrgsExpansion | undefined): SrgsExpansion | undefined {
    const tag = this.tagAttribute(el);
    return tag === undefined || e === undefined ? e : seqOf([e, tag]);
  }

  private tagAttribute(el: Element): SrgsExpansion | undefined {
    const tag = el.attrs.tag;
    if (tag === undefined) return undefined;
    if (!this.tagAttributeSeen) {
      this.tagAttributeSeen = true;
      this.warn(el.loc, C.tagAttribute, `the tag attribute on <${el.name}> is a Nuance extension, not SRGS; it is read as a <tag> after the element's content (reported once per grammar)`);
    }
    return { kind: 'tag', text: tag };
  }

  private tagAttributeSeen = false;

  private readItem(el: Element, scope: Scope): { expansion: SrgsExpansion; weight: number } {
    const items = this.readContent(el.children, scope);
    const tag = this.tagAttribute(el);
    if (tag) items.push(tag);
    let e: SrgsExpansion = items.length === 0 ? { kind: 'ruleref', special: 'NULL' } : seqOf(items, el.attrs['xml:lang']);
    const rep = el.attrs.repeat;
    if (rep !== undefined) {
      const spec = parseRepeat(rep);
      if (!spec) {
        this.error(el.loc, C.badRepeat, `repeat="${rep}" is not "n", "n-m" or "n-" with m ≥ n; the item is used once`);
      } else {
        const r: SrgsExpansion = { kind: 'repeat', min: spec.min, max: spec.max, expansion: e };
        const rp = el.attrs['repeat-prob'];
        if (rp !== undefined) {
          const p = parseProbability(rp);
          if (p === undefined) this.error(el.loc, C.badProbability, `repeat-prob="${rp}" is not a number between 0 and 1`);
          else r.prob = p;
        }
        e = r;
      }
    } else if (el.attrs['repeat-prob'] !== undefined) {
      this.warn(el.loc, C.badProbability, 'repeat-prob without repeat has no effect');
    }
    let weight = 1;
    const w = el.attrs.weight;
    if (w !== undefined) {
      const parsed = parseWeight(w);
      if (parsed === undefined) this.error(el.loc, C.badWeight, `weight="${w}" is not a non-negative number; using 1`);
      else weight = parsed;
    }
    return { expansion: e, weight };
  }

  private readOneOf(el: Element, scope: Scope): SrgsExpansion {
    const alternatives: { expansion: SrgsExpansion; weight: number }[] = [];
    for (const c of el.children) {
      if (c.type === 'comment') continue;
      if (c.type === 'text' || c.type === 'cdata') {
        if (c.text.trim() !== '') {
          this.error(el.loc, C.misplacedText, `text "${c.text.trim().slice(0, 40)}" directly in <one-of> is not allowed; wrap each alternative in <item>. Read as one alternative per token`);
          for (const t of splitTokens(c.text)) alternatives.push({ expansion: { kind: 'token', text: t }, weight: 1 });
        }
        continue;
      }
      const cs = childScope(c, scope);
      const name = srgsName(c, cs);
      if (name === 'item') alternatives.push(this.readItem(c, cs));
      else if (name === undefined) this.warn(c.loc, C.unknownElement, `<${c.name}> is not an SRGS element; it is ignored`);
      else if (name === 'example') continue;
      else {
        this.error(c.loc, C.unknownElement, `<${name}> directly in <one-of> is not allowed; wrap it in <item>`);
        const e = this.readExpansionElement(c, name, cs);
        if (e) alternatives.push({ expansion: e, weight: 1 });
      }
    }
    if (alternatives.length === 0) {
      this.error(el.loc, C.syntax, '<one-of> has no <item>; it can match nothing');
      return { kind: 'ruleref', special: 'VOID' };
    }
    const lang = el.attrs['xml:lang'];
    return lang === undefined ? { kind: 'oneof', alternatives } : { kind: 'oneof', alternatives, lang };
  }

  private readRuleref(el: Element): SrgsExpansion | undefined {
    const { uri, special, type } = el.attrs;
    if (special !== undefined) {
      if (uri !== undefined) this.error(el.loc, C.badRuleref, '<ruleref> has both uri and special; special wins');
      if (!isSpecial(special)) {
        this.error(el.loc, C.badSpecial, `special="${special}" is not NULL, VOID or GARBAGE; treated as VOID`);
        return { kind: 'ruleref', special: 'VOID' };
      }
      return { kind: 'ruleref', special };
    }
    if (uri === undefined || uri.trim() === '') {
      this.error(el.loc, C.badRuleref, '<ruleref> needs a uri or special attribute');
      return undefined;
    }
    const ref = uri.trim();
    if (ref.startsWith('#')) {
      const rule = ref.slice(1);
      if (!this.ruleIds.has(rule)) {
        this.error(el.loc, C.undefinedRule, `<ruleref uri="${ref}"> refers to rule "${rule}", which this grammar does not define`);
        return { kind: 'ruleref', special: 'VOID' };
      }
      return { kind: 'ruleref', rule };
    }
    if (!checkBuiltinRef(ref, () => (code, message) => this.error(el.loc, code, message))) return { kind: 'ruleref', special: 'VOID' };
    const parts = splitRuleUri(ref);
    const r: SrgsExpansion = { kind: 'ruleref', ...parts };
    if (type !== undefined) r.type = type;
    return r;
  }
}

/** The <grammar> element (XML form) → SrgsGrammar; diagnostics go to ctx.report. */
export function srgsFromXml(el: XmlNode, ctx: SrgsXmlContext): SrgsGrammar {
  if (el.type !== 'element' || el.name.replace(/^.*:/, '') !== 'grammar') {
    ctx.report(diag(ctx.uri, el.type === 'element' ? el.loc : undefined, 'error', C.notSrgs, 'expected an SRGS <grammar> element'));
    return { mode: 'voice', rules: {} };
  }
  const g = new XmlGrammarReader(ctx).read(el);
  lintTags(g, ctx.uri, el.loc, ctx.report);
  return g;
}
