/**
 * State shared by the builders while one document compiles: the reporter, the grammar table, id counters,
 * references waiting to be resolved and derived edges; plus typed attribute readers that report bad values
 * and ECMAScript syntax errors at the attribute's own position.
 */
import type { Edge, EdgeKind } from '../../contracts/graph';
import type { FetchAttrs, GrammarDecl } from '../../contracts/grammar';
import type { Loc } from '../../contracts/source';
import type { Reporter } from './diagnostics';
import { checkExpression, checkProgram, isIdentifier, isVariablePath } from './script-check';
import { attr, type El } from './xml/ast';
import type { SourceText } from './xml/source-text';

export interface PendingRef {
  kind: 'dialog' | 'item' | 'bare-name';
  /** Dialog id (without '#') or form item name. */
  target: string;
  /** Dialog the reference sits in (for item references: the form whose items are meant). */
  dialog: string;
  element: string;
  loc: Loc;
}

export interface CompileOptions {
  /** Parse cond/expr/script with acorn and report syntax errors (default true). */
  checkScripts?: boolean;
}

export class CompileContext {
  readonly grammars: Record<string, GrammarDecl> = {};
  readonly edges: Edge[] = [];
  readonly refs: PendingRef[] = [];
  /** Dialog currently being built ('' at document level). */
  dialog = '';
  /** Set while building an event handler's body: its events, so transitions there become 'catch' edges. */
  handler: string | undefined;
  private grammarCount = 0;
  private formCount = 0;
  private itemCount = 0;

  constructor(
    readonly uri: string,
    readonly source: SourceText,
    readonly r: Reporter,
    readonly options: CompileOptions = {},
  ) {}

  addGrammar(decl: Omit<GrammarDecl, 'id'>): string {
    const id = `g${++this.grammarCount}`;
    this.grammars[id] = { id, ...decl };
    return id;
  }

  anonymousForm(): string {
    return `$form${++this.formCount}`;
  }

  anonymousItem(): string {
    return `$item${++this.itemCount}`;
  }

  edge(kind: EdgeKind, loc: Loc, label: string, to?: string, dynamic?: string): void {
    const e: Edge = { kind, from: this.dialog, label, loc };
    if (to !== undefined) e.to = to;
    if (dynamic !== undefined) e.dynamic = dynamic;
    this.edges.push(e);
  }

  // ------------------------------------------------------------ attribute readers

  str(el: El, name: string): string | undefined {
    return attr(el, name);
  }

  /** An ECMAScript expression attribute, syntax-checked. */
  expr(el: El, name: string): string | undefined {
    const v = attr(el, name);
    if (v !== undefined && this.options.checkScripts !== false) {
      const p = checkExpression(v);
      if (p) this.r.report('script-syntax', this.attrValueLoc(el, name, p.pos), { where: `<${el.rawName} ${name}>`, detail: p.message });
    }
    return v;
  }

  /** The text of a <script>, syntax-checked as a program. */
  scriptText(el: El, text: string): void {
    if (this.options.checkScripts === false || !/\S/.test(text)) return;
    const p = checkProgram(text);
    if (p) this.r.report('script-syntax', this.textLoc(el, p.pos), { where: `<${el.rawName}>`, detail: p.message });
  }

  bool(el: El, name: string, dflt: boolean): boolean {
    const v = attr(el, name);
    if (v === undefined) return dflt;
    if (v === 'true') return true;
    if (v === 'false') return false;
    this.invalid(el, name, v, 'use "true" or "false"');
    return dflt;
  }

  optBool(el: El, name: string): boolean | undefined {
    return el.attrs.has(name) ? this.bool(el, name, false) : undefined;
  }

  oneOf<T extends string>(el: El, name: string, allowed: readonly T[], dflt: T): T {
    const v = attr(el, name);
    if (v === undefined) return dflt;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.invalid(el, name, v, `use one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    return dflt;
  }

  positiveInt(el: El, name: string, dflt: number): number {
    const v = attr(el, name);
    if (v === undefined) return dflt;
    if (/^\s*[1-9][0-9]*\s*$/.test(v)) return parseInt(v, 10);
    this.invalid(el, name, v, 'use a positive integer');
    return dflt;
  }

  /** A whitespace-separated list of variable names. */
  namelist(el: El, name = 'namelist', plain = false): string[] | undefined {
    const v = attr(el, name);
    if (v === undefined) return undefined;
    const names = v.split(/\s+/).filter(Boolean);
    for (const n of names) this.variableName(el, name, n, plain);
    return names;
  }

  /** Checks a variable name: a plain identifier (declarations) or a dotted path (assignments, namelists). */
  variableName(el: El, attrName: string, value: string, plain: boolean): void {
    const ok = plain ? isIdentifier(value) : isVariablePath(value);
    if (!ok) {
      this.r.report('invalid-name', this.attrValueLoc(el, attrName, 0), {
        what: `<${el.rawName} ${attrName}>`, name: value, hint: plain && value.includes('.') ? 'declarations take a plain name; scope prefixes are not allowed here' : '',
      });
    }
  }

  fetch(el: El): FetchAttrs | undefined {
    const f: FetchAttrs = {};
    for (const k of ['fetchtimeout', 'fetchhint', 'maxage', 'maxstale', 'fetchaudio'] as const) {
      const v = attr(el, k);
      if (v !== undefined) f[k] = v;
    }
    return Object.keys(f).length > 0 ? f : undefined;
  }

  method(el: El): 'get' | 'post' {
    const m = attr(el, 'method');
    if (m === undefined) return 'get';
    const lower = m.toLowerCase();
    if (lower === 'get' || lower === 'post') return lower;
    this.invalid(el, 'method', m, 'use "get" or "post"');
    return 'get';
  }

  /** Reports when more than one of `names` is present; returns how many are. */
  exclusive(el: El, names: readonly string[]): number {
    const present = names.filter((n) => el.attrs.has(n));
    if (present.length > 1) this.r.report('conflicting-attributes', el.loc, { element: el.rawName, what: present.map((p) => `"${p}"`).join(' and ') });
    return present.length;
  }

  /** Exactly one of `names` must be present. */
  exactlyOne(el: El, names: readonly string[]): void {
    if (this.exclusive(el, names) === 0) {
      this.r.report('missing-attribute', el.loc, { element: el.rawName, what: `one of ${names.map((n) => `"${n}"`).join(', ')}` });
    }
  }

  invalid(el: El, name: string, value: string, expected: string): void {
    this.r.report('invalid-attribute-value', this.attrValueLoc(el, name, 0), { element: el.rawName, name, value, expected });
  }

  // ------------------------------------------------------------ positions

  /** Position of character `pos` of attribute `name`'s value, found by rescanning the start tag. */
  attrValueLoc(el: El, name: string, pos: number): Loc {
    const text = this.source.text;
    const re = /([^\s=/>]+)\s*=\s*(["'])/y;
    let i = el.start + 1 + el.rawName.length;
    while (i < text.length) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text[i] === '>' || text[i] === '/') break;
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m) break;
      const valueStart = i + m[0].length;
      const close = text.indexOf(m[2], valueStart);
      if (close < 0) break;
      if (m[1] === name) return this.source.loc(Math.min(this.skipDecoded(valueStart, pos, false), close));
      i = close + 1;
    }
    return el.loc;
  }

  /** Position of character `pos` of an element's concatenated text children. */
  textLoc(el: El, pos: number): Loc {
    let remaining = pos;
    for (const c of el.children) {
      if (c.type !== 'text') continue;
      if (remaining <= c.text.length) return this.source.loc(this.skipDecoded(c.start, remaining, c.cdata));
      remaining -= c.text.length;
    }
    return el.loc;
  }

  /** Source offset after `k` decoded characters starting at `o` (a reference like &amp; is one character). */
  private skipDecoded(o: number, k: number, cdata: boolean): number {
    const text = this.source.text;
    for (let i = 0; i < k && o < text.length; i++) {
      if (text.charCodeAt(o) === 13 && text.charCodeAt(o + 1) === 10) o += 2;
      else if (!cdata && text[o] === '&') {
        const semi = text.indexOf(';', o);
        o = semi > 0 && semi - o < 12 ? semi + 1 : o + 1;
      } else o++;
    }
    return o;
  }
}
