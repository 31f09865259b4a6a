/**
 * Nuance GSL (Grammar Specification Language) → SRGS rules with SISR tags. GSL was the default grammar
 * format of Nuance, BeVocal Café, Voxeo and TellMe-era VoiceXML platforms (`type="text/gsl"`,
 * `application/x-nuance-gsl`, or an untyped inline `[yes no]`).
 *
 *   ( a b )  sequence      [ a b ]  alternatives      ?x optional   *x zero or more   +x one or more
 *   x~0.3   probability (kept as a weight)            Rule:v binds Rule's value to $v
 *   { <slot value> return(value) }  commands after an item → SISR `out.slot = …;` / `out = …;`
 *   Name expr  (a grammar file: rule definitions; `.Name` is public)   ; comment
 *   dtmf-1 … dtmf-star dtmf-pound   DTMF keys (a grammar mixing words and keys becomes two grammars)
 *
 * Words are lowercase in GSL and rule names have an uppercase letter; a capitalised word that names no rule
 * of the grammar is read as a word, as the forgiving platforms did.
 */
import type { SrgsExpansion, SrgsRule } from '../../../contracts/grammar';
import { MAX_NESTING } from '../abnf';
import type { Loc } from '../../../contracts/source';
import { KEY_MARK, LegacyCodes as C, dtmfKeyOf, literal, locAt, pickRoot, report, seq, splitByMode, type LegacyContext, type LegacyGrammars } from './common';

type Tok =
  | { t: 'punct'; v: '[' | ']' | '(' | ')' | '?' | '*' | '+' | ':'; at: number }
  | { t: 'prob'; v: number; at: number }
  | { t: 'cmd'; v: string; at: number }
  | { t: 'word'; v: string; at: number };

function lex(text: string, ctx: LegacyContext): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === ';') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if ('[]()?*+:'.includes(c)) out.push({ t: 'punct', v: c as '[', at: i++ });
    else if (c === '~') {
      const m = /~\s*([0-9]*\.?[0-9]+)/y;
      m.lastIndex = i;
      const r = m.exec(text);
      if (r) out.push({ t: 'prob', v: Number(r[1]), at: i });
      i = r ? m.lastIndex : i + 1;
    } else if (c === '{') {
      let depth = 0;
      let j = i;
      let quote = '';
      for (; j < text.length; j++) {
        const d = text[j];
        if (quote) {
          if (d === quote) quote = '';
        } else if (d === '"') quote = d;
        else if (d === '{') depth++;
        else if (d === '}' && --depth === 0) break;
      }
      if (j >= text.length) report(ctx, text, i, 'error', C.syntax, 'GSL command block "{" is not closed');
      out.push({ t: 'cmd', v: text.slice(i + 1, j), at: i });
      i = j + 1;
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close;
      out.push({ t: 'word', v: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else {
      const m = /[^\s;[\]()?*+:~{}"]+/y;
      m.lastIndex = i;
      const r = m.exec(text);
      if (!r) {
        report(ctx, text, i, 'error', C.syntax, `unexpected "${c}" in GSL grammar`);
        i++;
        continue;
      }
      out.push({ t: 'word', v: r[0], at: i });
      i = m.lastIndex;
    }
  }
  return out;
}

const RULE_NAME = /^\.?[A-Za-z_][\w.\-]*$/;

function looksLikeRuleName(w: string): boolean {
  return RULE_NAME.test(w) && (w.startsWith('.') || /[A-Z]/.test(w));
}

class GslReader {
  private i = 0;
  private readonly rules: Record<string, SrgsRule> = {};
  private readonly order: string[] = [];
  private readonly publicRules = new Set<string>();
  /** $var → the rules whose value it names. */
  private readonly vars = new Map<string, Set<string>>();
  private synthetic = 0;
  private depth = 0;
  /** The `~p` of the item just read (its weight among alternatives). */
  private lastProb: number | undefined;

  constructor(
    private readonly text: string,
    private readonly toks: Tok[],
    private readonly defined: Set<string>,
    private readonly ctx: LegacyContext,
  ) {}

  /** A grammar file: `Name expr` pairs. */
  definitions(): void {
    while (this.i < this.toks.length) {
      const name = this.toks[this.i];
      if (name.t !== 'word' || !looksLikeRuleName(name.v)) {
        this.fail(name.at, `expected a grammar name (a word with an uppercase letter) to start a definition, found "${show(name)}"`);
        return;
      }
      this.i++;
      const id = name.v.replace(/^\./, '');
      if (name.v.startsWith('.')) this.publicRules.add(id);
      const expansion = this.expression();
      if (!expansion) return;
      if (this.rules[id]) report(this.ctx, this.text, name.at, 'warning', C.syntax, `grammar "${id}" is defined twice; the last definition is used`);
      else this.order.push(id);
      this.rules[id] = { id, scope: this.publicRules.has(id) ? 'public' : 'private', expansion, loc: this.locOf(name.at) };
    }
  }

  /** An inline grammar: one expression (a bare run of items is read as a sequence). */
  single(): void {
    const items: SrgsExpansion[] = [];
    while (this.i < this.toks.length) {
      const e = this.expression();
      if (!e) return;
      items.push(e);
    }
    this.rules.root = { id: 'root', scope: 'public', expansion: seq(items) };
    this.order.push('root');
  }

  result(): LegacyGrammars {
    const root = pickRoot(this.order, this.publicRules, this.rules);
    if (root === undefined) return {};
    return splitByMode({ root, tagFormat: 'semantics/1.0', rules: this.rules }, this.ctx.mode);
  }

  /** item (with postfix `:var`, `~p` and `{commands}`). */
  private expression(): SrgsExpansion | undefined {
    const tok = this.toks[this.i];
    if (!tok) return this.fail(this.text.length, 'the GSL grammar ends where an expression was expected');
    let e: SrgsExpansion | undefined;
    if (this.depth > MAX_NESTING) return this.fail(tok.at, `the GSL grammar nests deeper than ${MAX_NESTING} levels`);
    this.depth++;
    try {
      e = this.primary(tok);
    } finally {
      this.depth--;
    }
    if (!e) return undefined;
    this.lastProb = undefined;
    const items: SrgsExpansion[] = [e];
    for (;;) {
      const next = this.toks[this.i];
      if (next?.t === 'punct' && next.v === ':') {
        const name = this.toks[this.i + 1];
        if (name?.t !== 'word') return this.fail(next.at, 'expected a variable name after ":"');
        this.i += 2;
        items[0] = this.bind(items[0], name.v);
      } else if (next?.t === 'prob') {
        this.i++;
        this.lastProb = next.v;
      } else if (next?.t === 'cmd') {
        this.i++;
        items.push(...this.commands(next.v, next.at));
      } else break;
    }
    return seq(items);
  }

  private primary(tok: Tok): SrgsExpansion | undefined {
    let e: SrgsExpansion | undefined;
    if (tok.t === 'punct' && (tok.v === '(' || tok.v === '[')) {
      this.i++;
      const close = tok.v === '(' ? ')' : ']';
      const items: SrgsExpansion[] = [];
      const weights: number[] = [];
      for (;;) {
        const next = this.toks[this.i];
        if (!next) return this.fail(tok.at, `"${tok.v}" is not closed`);
        if (next.t === 'punct' && next.v === close) {
          this.i++;
          break;
        }
        const item = this.expression();
        if (!item) return undefined;
        items.push(item);
        weights.push(this.lastProb ?? 1);
      }
      e = tok.v === '(' ? seq(items) : { kind: 'oneof', alternatives: items.map((expansion, k) => ({ expansion, weight: weights[k] })) };
      if (tok.v === '[' && items.length === 0) e = { kind: 'ruleref', special: 'VOID' };
    } else if (tok.t === 'punct' && (tok.v === '?' || tok.v === '*' || tok.v === '+')) {
      this.i++;
      const inner = this.expression();
      if (!inner) return undefined;
      e = { kind: 'repeat', min: tok.v === '+' ? 1 : 0, max: tok.v === '?' ? 1 : null, expansion: inner };
    } else if (tok.t === 'word') {
      this.i++;
      e = this.word(tok.v);
    } else {
      return this.fail(tok.at, `unexpected "${show(tok)}" in GSL grammar`);
    }
    return e;
  }

  private word(w: string): SrgsExpansion {
    const key = dtmfKeyOf(w);
    if (key !== undefined) return { kind: 'token', text: KEY_MARK + key };
    const name = w.replace(/^\./, '');
    if (this.defined.has(name)) return { kind: 'ruleref', rule: name };
    return { kind: 'token', text: w };
  }

  /** `item:v`: a rule's value, or (for any other item) a synthetic rule whose value is the words matched. */
  private bind(e: SrgsExpansion, name: string): SrgsExpansion {
    let rule: string;
    let ref: SrgsExpansion = e;
    if (e.kind === 'ruleref' && e.rule !== undefined) rule = e.rule;
    else {
      rule = `_gsl${++this.synthetic}`;
      this.rules[rule] = { id: rule, scope: 'private', expansion: e };
      ref = { kind: 'ruleref', rule };
    }
    const set = this.vars.get(name) ?? new Set<string>();
    set.add(rule);
    this.vars.set(name, set);
    return ref;
  }

  /** `<slot value>` and `return(value)` commands → SISR tags. */
  private commands(body: string, at: number): SrgsExpansion[] {
    const out: SrgsExpansion[] = [];
    const re = /<\s*([\w.]+)\s+((?:"[^"]*"|\([^)]*\)|[^>])+?)\s*>|return\s*\(\s*((?:"[^"]*"|\([^)]*\)|[^)])*)\s*\)|(\S+)/g;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      if (m[1] !== undefined) {
        const v = this.value(m[2], at);
        if (v !== undefined) out.push({ kind: 'tag', text: `out.${m[1]} = ${v};` });
      } else if (m[3] !== undefined) {
        const v = this.value(m[3], at);
        if (v !== undefined) out.push({ kind: 'tag', text: `out = ${v};` });
      } else {
        report(this.ctx, this.text, at, 'warning', C.unsupported, `GSL command "${m[4]}" is not supported and is ignored (only <slot value> and return(value) are)`);
      }
    }
    return out;
  }

  /** A GSL value: $var, "string", number, bare word, or (strcat/add/sub/mul/div …). */
  private value(src: string, at: number): string | undefined {
    const t = src.trim();
    if (t.startsWith('$')) {
      const rules = this.vars.get(t.slice(1));
      if (!rules) {
        report(this.ctx, this.text, at, 'warning', C.unsupported, `GSL variable ${t} is not bound by a ":${t.slice(1)}" in this grammar; its value is undefined`);
        return 'undefined';
      }
      return rules.size === 1 ? `rules[${JSON.stringify([...rules][0])}]` : 'rules.latest()';
    }
    const fn = /^\(\s*(strcat|add|sub|mul|div)\s+(.*)\)$/s.exec(t);
    if (fn) {
      const args = (fn[2].match(/"[^"]*"|\$?[^\s"]+/g) ?? []).map((a) => this.value(a, at) ?? 'undefined');
      const op = { strcat: ' + ', add: ' + ', sub: ' - ', mul: ' * ', div: ' / ' }[fn[1] as 'add'];
      return fn[1] === 'strcat' ? `(${args.map((a) => `String(${a})`).join(op)})` : `(${args.map((a) => `Number(${a})`).join(op)})`;
    }
    if (t.startsWith('(')) {
      report(this.ctx, this.text, at, 'warning', C.unsupported, `GSL expression ${t} is not supported and is ignored`);
      return undefined;
    }
    return literal(t);
  }

  private locOf(at: number): Loc {
    return locAt(this.text, at, this.ctx.loc);
  }

  private fail(at: number, message: string): undefined {
    report(this.ctx, this.text, at, 'error', C.syntax, message);
    this.i = this.toks.length;
    return undefined;
  }
}

function show(t: Tok): string {
  return t.t === 'cmd' ? `{${t.v}}` : String(t.v);
}

/** True when the text reads as GSL rule definitions (`Name expr …`) rather than one expression. */
function isGrammarFile(toks: Tok[]): boolean {
  const first = toks[0];
  const second = toks[1];
  if (first?.t !== 'word' || !looksLikeRuleName(first.v) || second === undefined) return false;
  return second.t === 'word' || (second.t === 'punct' && '[(?*+'.includes(second.v));
}

export function parseGsl(text: string, ctx: LegacyContext): LegacyGrammars {
  const toks = lex(text, ctx);
  const file = isGrammarFile(toks);
  const defined = new Set<string>();
  if (file) {
    // Names at the start of a definition: a word at top level (bracket depth 0) that begins an `Name expr` pair.
    let depth = 0;
    let expectName = true;
    for (const t of toks) {
      if (t.t === 'punct' && (t.v === '[' || t.v === '(')) depth++;
      else if (t.t === 'punct' && (t.v === ']' || t.v === ')')) depth--;
      if (depth === 0 && t.t === 'word' && expectName && looksLikeRuleName(t.v)) {
        defined.add(t.v.replace(/^\./, ''));
        expectName = false;
      } else if (depth === 0 && (t.t === 'word' || (t.t === 'punct' && (t.v === ']' || t.v === ')')))) expectName = true;
      else if (depth === 0 && t.t === 'cmd') expectName = true;
    }
  }
  const reader = new GslReader(text, toks, defined, ctx);
  if (file) reader.definitions();
  else reader.single();
  return reader.result();
}
