/**
 * JSGF (Java Speech Grammar Format 1.0) → SRGS rules. VoiceXML 1.0 platforms (IBM WebSphere Voice Server,
 * TellMe, Voximal/OpenVXI) took `type="application/x-jsgf"` grammars, inline or from `.jsgf`/`.gram` files,
 * often without the `#JSGF V1.0;` header and sometimes as a bare expansion (`red {red} | blue {blue}`).
 *
 *   #JSGF V1.0; grammar name; import <a.b>;   [public] <rule> = expansion ;
 *   a | b   alternatives (`/w/` weights)   ( … ) group   [ … ] optional   x*  x+   <rule> reference
 *   {tag}   VoiceXML 1.0 read a plain tag as the value (`{red}` → "red"); script-like tags are kept as SISR
 */
import type { SrgsExpansion, SrgsRule } from '../../../contracts/grammar';
import { MAX_NESTING } from '../abnf';
import { mapRuleRefs } from '../srgs-common';
import { KEY_MARK, LegacyCodes as C, literal, locAt, pickRoot, report, seq, splitByMode, type LegacyContext, type LegacyGrammars } from './common';

type Tok =
  | { t: 'punct'; v: '|' | '(' | ')' | '[' | ']' | '*' | '+' | ';' | '='; at: number }
  | { t: 'ref'; v: string; at: number }
  | { t: 'tag'; v: string; at: number }
  | { t: 'weight'; v: number; at: number }
  | { t: 'word'; v: string; at: number; quoted: boolean };

function lex(text: string, ctx: LegacyContext): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if ('|()[]*+;='.includes(c)) out.push({ t: 'punct', v: c as '|', at: i++ });
    else if (c === '<') {
      const close = text.indexOf('>', i);
      if (close < 0) {
        report(ctx, text, i, 'error', C.syntax, 'JSGF rule name "<" is not closed');
        return out;
      }
      out.push({ t: 'ref', v: text.slice(i + 1, close).trim(), at: i });
      i = close + 1;
    } else if (c === '{') {
      const close = text.indexOf('}', i);
      const end = close < 0 ? text.length : close;
      out.push({ t: 'tag', v: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (c === '/') {
      const close = text.indexOf('/', i + 1);
      const w = close < 0 ? NaN : Number(text.slice(i + 1, close));
      if (!Number.isFinite(w)) {
        report(ctx, text, i, 'error', C.syntax, 'a JSGF weight is written /number/');
        return out;
      }
      out.push({ t: 'weight', v: w, at: i });
      i = close + 1;
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close;
      out.push({ t: 'word', v: text.slice(i + 1, end), at: i, quoted: true });
      i = end + 1;
    } else {
      const m = /[^\s|()[\]*+;=<>{}"/]+/y;
      m.lastIndex = i;
      const r = m.exec(text);
      if (!r) {
        report(ctx, text, i, 'error', C.syntax, `unexpected "${c}" in JSGF grammar`);
        i++;
        continue;
      }
      out.push({ t: 'word', v: r[0], at: i, quoted: false });
      i = m.lastIndex;
    }
  }
  return out;
}

class JsgfReader {
  private i = 0;
  readonly rules: Record<string, SrgsRule> = {};
  readonly order: string[] = [];
  readonly publicRules = new Set<string>();
  failed = false;
  private scriptTagSeen = false;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly toks: Tok[],
    private readonly ctx: LegacyContext,
  ) {}

  /** Header lines (`#JSGF`, `grammar x;`, `import <x>;`) were removed by the caller; rules follow. */
  definitions(): void {
    while (this.i < this.toks.length && !this.failed) {
      let pub = false;
      const first = this.toks[this.i];
      if (first.t === 'word' && first.v === 'public') {
        pub = true;
        this.i++;
      }
      const name = this.toks[this.i];
      const eq = this.toks[this.i + 1];
      if (name?.t !== 'ref' || eq?.t !== 'punct' || eq.v !== '=') {
        this.fail(name?.at ?? this.text.length, 'expected a rule definition "<name> = expansion;"');
        return;
      }
      this.i += 2;
      const expansion = this.alternatives();
      if (this.failed) return;
      const semi = this.toks[this.i];
      if (semi?.t === 'punct' && semi.v === ';') this.i++;
      else if (semi !== undefined) return this.fail(semi.at, `expected ";" after the definition of <${name.v}>`);
      if (!this.rules[name.v]) this.order.push(name.v);
      if (pub) this.publicRules.add(name.v);
      this.rules[name.v] = { id: name.v, scope: pub ? 'public' : 'private', expansion, loc: locAt(this.text, name.at, this.ctx.loc) };
    }
  }

  /** A bare expansion (VoiceXML 1.0 inline grammars): the whole text is the root rule. */
  single(): void {
    const expansion = this.alternatives();
    const rest = this.toks[this.i];
    if (rest?.t === 'punct' && rest.v === ';') this.i++;
    if (!this.failed && this.i < this.toks.length) return this.fail(this.toks[this.i].at, `unexpected "${String(this.toks[this.i].v)}" in JSGF grammar`);
    this.rules.root = { id: 'root', scope: 'public', expansion };
    this.order.push('root');
  }

  result(): LegacyGrammars {
    const root = pickRoot(this.order, this.publicRules, this.rules);
    if (root === undefined || this.failed) return {};
    for (const id of this.order) this.resolveRefs(this.rules[id]);
    return splitByMode({ root, tagFormat: 'semantics/1.0', rules: this.rules }, this.ctx.mode);
  }

  private alternatives(): SrgsExpansion {
    const alts: { expansion: SrgsExpansion; weight: number }[] = [];
    for (;;) {
      let weight = 1;
      const w = this.toks[this.i];
      if (w?.t === 'weight') {
        weight = w.v;
        this.i++;
      }
      alts.push({ expansion: this.sequence(), weight });
      const bar = this.toks[this.i];
      if (bar?.t === 'punct' && bar.v === '|') this.i++;
      else break;
    }
    return alts.length === 1 ? alts[0].expansion : { kind: 'oneof', alternatives: alts };
  }

  private sequence(): SrgsExpansion {
    const items: SrgsExpansion[] = [];
    for (;;) {
      const tok = this.toks[this.i];
      if (!tok || this.failed) break;
      let item: SrgsExpansion | undefined;
      if (tok.t === 'word') {
        this.i++;
        item = seq(tok.v.split(/\s+/).filter(Boolean).map((w) => ({ kind: 'token', text: this.isKey(w) ? KEY_MARK + w : w })));
      } else if (tok.t === 'ref') {
        this.i++;
        item = this.ref(tok.v);
      } else if (tok.t === 'punct' && (tok.v === '(' || tok.v === '[')) {
        this.i++;
        if (this.depth >= MAX_NESTING) {
          this.fail(tok.at, `the JSGF grammar nests deeper than ${MAX_NESTING} levels`);
          break;
        }
        this.depth++;
        const inner = this.alternatives();
        this.depth--;
        const close = this.toks[this.i];
        const want = tok.v === '(' ? ')' : ']';
        if (close?.t !== 'punct' || close.v !== want) {
          this.fail(close?.at ?? this.text.length, `"${tok.v}" is not closed by "${want}"`);
          break;
        }
        this.i++;
        item = tok.v === '(' ? inner : { kind: 'repeat', min: 0, max: 1, expansion: inner };
      } else if (tok.t === 'tag') {
        this.i++;
        const text = tagScript(tok.v);
        if (!this.scriptTagSeen && !text.startsWith('out = ')) {
          this.scriptTagSeen = true;
          report(this.ctx, this.text, tok.at, 'warning', C.unsupported, `JSGF tag {${tok.v.trim()}} runs as SISR 1.0 script; JSAPI-style slot assignments (e.g. {order.topping='salami'} filling one shared result) are not emulated — use {out.topping='salami'} (reported once per grammar)`);
        }
        items.push({ kind: 'tag', text });
        continue;
      } else break;
      const op = this.toks[this.i];
      if (op?.t === 'punct' && (op.v === '*' || op.v === '+')) {
        this.i++;
        item = { kind: 'repeat', min: op.v === '+' ? 1 : 0, max: null, expansion: item };
      }
      items.push(item);
    }
    return seq(items);
  }

  private ref(name: string): SrgsExpansion {
    if (name === 'NULL') return { kind: 'ruleref', special: 'NULL' };
    if (name === 'VOID') return { kind: 'ruleref', special: 'VOID' };
    return { kind: 'ruleref', rule: name };
  }

  /** Qualified references (`<pkg.gram.rule>`, `<gram.rule>`) to rules of this grammar lose their prefix. */
  private resolveRefs(rule: SrgsRule): void {
    rule.expansion = mapRuleRefs(rule.expansion, (ref) => {
      if (ref.rule === undefined || this.rules[ref.rule]) return ref;
      const local = ref.rule.slice(ref.rule.lastIndexOf('.') + 1);
      if (this.rules[local]) return { kind: 'ruleref', rule: local };
      report(this.ctx, this.text, 0, 'error', C.syntax, `JSGF rule <${ref.rule}> is not defined in this grammar (imports are not supported); it can never match`);
      return { kind: 'ruleref', special: 'VOID' };
    });
  }

  private isKey(w: string): boolean {
    return this.ctx.mode === 'dtmf' && /^[0-9*#A-D]$/.test(w);
  }

  private fail(at: number, message: string): void {
    report(this.ctx, this.text, at, 'error', C.syntax, message);
    this.failed = true;
  }
}

/**
 * A JSGF tag as SISR: a plain value (`{red}`, `{new york}`, `{42}`) becomes `out = "…"` as VoiceXML 1.0 read
 * it; anything that looks like script (assignments, calls, `$` references) is kept for the SISR evaluator.
 */
function tagScript(tag: string): string {
  // JSGF escapes `{`, `}` and `\` in tags with a backslash; TalkingJava-era grammars also wrote `\=`.
  const t = tag.trim().replace(/\\(.)/g, '$1');
  if (/[=;()$]/.test(t)) return t;
  return `out = ${literal(t)};`;
}

/** Removes the header lines; returns the rest and whether the text has rule definitions. */
function stripHeader(text: string): { body: string; rules: boolean } {
  // Keep offsets: header statements are blanked, not removed.
  const blank = (m: string): string => m.replace(/[^\n]/g, ' ');
  const body = text
    .replace(/^\s*#JSGF[^;\n]*;?/, blank)
    .replace(/(^|[;\s])grammar\s+[\w.]+\s*;/, (m) => blank(m))
    .replace(/(^|[;\s])import\s+<[^>]*>\s*;/g, (m) => blank(m));
  return { body, rules: /(^|;|\s)(public\s+)?<[^>]+>\s*=/.test(body) };
}

export function parseJsgf(text: string, ctx: LegacyContext): LegacyGrammars {
  const { body, rules } = stripHeader(text);
  const reader = new JsgfReader(body, lex(body, ctx), ctx);
  if (rules) reader.definitions();
  else reader.single();
  return reader.result();
}
