/**
 * SRGS 1.0 ABNF form (application/srgs) → SrgsGrammar.
 *
 * A hand-written, character-level recursive-descent reader: the ABNF form is context-sensitive (`<…>` is a
 * repeat after an expansion, a URI after `$`, a tag-format value in a declaration; `/…/` is a weight or a
 * probability), so a separate context-free lexer would only move the problem. Positions in diagnostics are
 * relative to `ctx.loc`, the position of the first character of `text` in its document.
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { Loc } from '../../contracts/source';
import type { SrgsExpansion, SrgsGrammar, SrgsRule } from '../../contracts/grammar';
import type { InputMode } from '../../contracts/platform';
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
} from './srgs-common';

export interface AbnfContext {
  uri: string;
  /** Where `text` starts in its document (1-based). */
  loc: Loc;
  report: (d: Diagnostic) => void;
  /** See SrgsXmlContext.standalone. */
  standalone?: boolean;
}

/** Characters that end a bare token. */
const DELIMS = new Set([';', '|', '/', '(', ')', '[', ']', '{', '}', '<', '>', '$', '"', '!', '=']);
const RULE_NAME = /[A-Za-z_][A-Za-z0-9_\-.]*/y;
const WS = /\s+/y;
const BARE_TOKEN = /[^\s;|/(){}\[\]<>$"!=]+/y;

interface PendingRef {
  rule: string;
  at: number;
}

class AbnfReader {
  private pos = 0;
  private readonly lineStarts: number[] = [0];
  private readonly refs: PendingRef[] = [];
  private readonly defined = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly ctx: AbnfContext,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  // ---- positions and diagnostics -------------------------------------------------------------

  private locAt(offset: number): Loc {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const col = offset - this.lineStarts[lo] + 1;
    return lo === 0 ? { line: this.ctx.loc.line, col: this.ctx.loc.col + col - 1 } : { line: this.ctx.loc.line + lo, col };
  }
  private error(at: number, code: string, message: string): void {
    this.ctx.report(diag(this.ctx.uri, this.locAt(at), 'error', code, message));
  }
  private warn(at: number, code: string, message: string): void {
    this.ctx.report(diag(this.ctx.uri, this.locAt(at), 'warning', code, message));
  }

  // ---- low-level scanning --------------------------------------------------------------------

  private eof(): boolean {
    return this.pos >= this.text.length;
  }
  private peek(k = 0): string {
    return this.text[this.pos + k] ?? '';
  }
  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  /** Skips whitespace and comments (// to end of line, block comments). */
  private skip(): void {
    for (;;) {
      WS.lastIndex = this.pos;
      if (WS.test(this.text)) this.pos = WS.lastIndex;
      if (this.startsWith('//')) {
        const nl = this.text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.text.length : nl + 1;
      } else if (this.startsWith('/*')) {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end < 0) {
          this.error(this.pos, C.syntax, 'unterminated /* comment');
          this.pos = this.text.length;
        } else this.pos = end + 2;
      } else return;
    }
  }
  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  /** Skips to just after the next ';' (error recovery at declaration/rule level). */
  private recover(): void {
    while (!this.eof() && this.peek() !== ';') {
      if (this.peek() === '{') this.readTagBody();
      else if (this.peek() === '"') this.readQuoted('"');
      else this.pos++;
    }
    if (!this.eof()) this.pos++;
  }
  private expectSemicolon(what: string): void {
    this.skip();
    if (this.peek() === ';') {
      this.pos++;
      return;
    }
    this.error(this.pos, C.syntax, `expected ";" to end ${what}`);
    this.recover();
  }
  private readQuoted(q: string): string {
    const start = this.pos;
    this.pos++;
    let s = '';
    while (!this.eof() && this.peek() !== q) {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) {
        s += this.text[this.pos + 1];
        this.pos += 2;
      } else s += this.text[this.pos++];
    }
    if (this.eof()) this.error(start, C.syntax, `unterminated ${q}quoted${q} text`);
    else this.pos++;
    return s;
  }
  /** `<…>` raw body (the caller is positioned on '<'). */
  private readAngle(): string {
    const start = this.pos;
    const end = this.text.indexOf('>', this.pos + 1);
    if (end < 0) {
      this.error(start, C.syntax, 'unterminated <…>');
      this.pos = this.text.length;
      return this.text.slice(start + 1);
    }
    this.pos = end + 1;
    return this.text.slice(start + 1, end);
  }
  /** A tag body: `{…}` (braces nested and string literals skipped, a lenient superset of SRGS) or `{!{…}!}`. */
  private readTagBody(): string {
    const start = this.pos;
    if (this.startsWith('{!{')) {
      const end = this.text.indexOf('}!}', this.pos + 3);
      if (end < 0) {
        this.error(start, C.syntax, 'unterminated {!{ … }!} tag');
        this.pos = this.text.length;
        return this.text.slice(start + 3);
      }
      this.pos = end + 3;
      return this.text.slice(start + 3, end);
    }
    this.pos++;
    let depth = 1;
    while (!this.eof()) {
      const c = this.peek();
      if (c === '"' || c === "'") {
        this.readQuoted(c);
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          this.pos++;
          return this.text.slice(start + 1, this.pos - 1);
        }
      }
      this.pos++;
    }
    this.error(start, C.syntax, 'unterminated { tag }');
    return this.text.slice(start + 1);
  }

  // ---- document ------------------------------------------------------------------------------

  read(): SrgsGrammar {
    const g: SrgsGrammar = { mode: 'voice', rules: {} };
    const globalTags: string[] = [];
    this.skip();
    const headerAt = this.pos;
    if (this.startsWith('#ABNF')) {
      const end = this.text.indexOf(';', this.pos);
      const header = this.text.slice(this.pos, end < 0 ? undefined : end);
      const m = /^#ABNF\s+(\S+)(?:\s+(\S+))?\s*$/.exec(header);
      if (!m) this.error(headerAt, C.syntax, `malformed header "${header}"; expected "#ABNF 1.0 [encoding];"`);
      else if (m[1] !== '1.0') this.warn(headerAt, C.badVersion, `ABNF version ${m[1]} is not 1.0; reading it as 1.0`);
      this.pos = end < 0 ? this.text.length : end + 1;
    } else {
      this.error(headerAt, C.syntax, 'an ABNF grammar must start with the header "#ABNF 1.0;"');
    }

    let sawRule = false;
    for (;;) {
      this.skip();
      if (this.eof()) break;
      const at = this.pos;
      if (this.peek() === '{') {
        const body = this.readTagBody();
        if (sawRule) this.warn(at, C.unknownElement, 'a tag between rules is treated as a global tag; SRGS puts global tags before the first rule');
        globalTags.push(body);
        this.skip();
        if (this.peek() === ';') this.pos++;
        continue;
      }
      if (this.peek() === '$') {
        sawRule = true;
        this.readRule(g, 'private', this.pos);
        continue;
      }
      const word = this.match(/[A-Za-z][A-Za-z\-]*/y);
      switch (word) {
        case 'public':
        case 'private':
          this.skip();
          sawRule = true;
          this.readRule(g, word, at);
          break;
        case 'language': {
          const v = this.readDeclValue();
          if (v !== '') g.lang = v;
          break;
        }
        case 'mode': {
          const v = this.readDeclValue();
          if (v === 'voice' || v === 'dtmf') g.mode = v as InputMode;
          else this.error(at, C.badMode, `mode "${v}" is not voice or dtmf; using voice`);
          break;
        }
        case 'root': {
          this.skip();
          if (this.peek() !== '$') {
            this.error(this.pos, C.syntax, 'root declaration needs a rule name: root $name;');
            this.recover();
            break;
          }
          this.pos++;
          const name = this.match(RULE_NAME);
          if (name === undefined) this.error(this.pos, C.syntax, 'expected a rule name after $');
          else g.root = name;
          this.expectSemicolon('the root declaration');
          break;
        }
        case 'tag-format': {
          const v = this.readDeclValue();
          g.tagFormat = v;
          checkTagFormat(v, this.ctx.uri, this.locAt(at), this.ctx.report);
          break;
        }
        case 'base':
          g.base = this.readDeclValue();
          break;
        case 'lexicon':
          this.readDeclValue();
          break;
        case 'meta':
        case 'http-equiv':
          this.readMeta();
          break;
        default:
          this.error(at, C.syntax, `unexpected "${word ?? this.peek()}"; expected a declaration or a $rule definition`);
          this.recover();
      }
    }
    if (globalTags.length > 0) g.globalTags = globalTags;
    this.finish(g);
    return g;
  }

  /** Value of language/mode/tag-format/base/lexicon: `<uri>` or a bare word, up to ';'. */
  private readDeclValue(): string {
    this.skip();
    let v: string;
    if (this.peek() === '<') {
      v = this.readAngle().trim();
      this.skip();
      if (this.peek() === '~') {
        this.pos++;
        this.skip();
        if (this.peek() === '<') this.readAngle();
      }
    } else {
      const start = this.pos;
      while (!this.eof() && this.peek() !== ';' && !/\s/.test(this.peek())) this.pos++;
      v = this.text.slice(start, this.pos);
    }
    this.expectSemicolon('the declaration');
    return v;
  }

  private readMeta(): void {
    this.skip();
    const q = this.peek();
    if (q !== '"' && q !== "'") {
      this.error(this.pos, C.syntax, 'meta needs a quoted name: meta "name" is "content";');
      this.recover();
      return;
    }
    this.readQuoted(q);
    this.skip();
    if (this.match(/is\b/y) === undefined) {
      this.error(this.pos, C.syntax, 'expected "is" in the meta declaration');
      this.recover();
      return;
    }
    this.skip();
    const q2 = this.peek();
    if (q2 !== '"' && q2 !== "'") {
      this.error(this.pos, C.syntax, 'meta content must be quoted');
      this.recover();
      return;
    }
    this.readQuoted(q2);
    this.expectSemicolon('the meta declaration');
  }

  private readRule(g: SrgsGrammar, scope: 'public' | 'private', at: number): void {
    if (this.peek() !== '$') {
      this.error(this.pos, C.syntax, `expected a $rule definition after "${scope}"`);
      this.recover();
      return;
    }
    this.pos++;
    const name = this.match(RULE_NAME);
    if (name === undefined) {
      this.error(this.pos, C.syntax, 'expected a rule name after $');
      this.recover();
      return;
    }
    this.skip();
    if (this.peek() !== '=') {
      this.error(this.pos, C.syntax, `expected "=" after $${name}`);
      this.recover();
      return;
    }
    this.pos++;
    if (isSpecial(name)) this.error(at, C.badSpecial, `$${name} is a special rule and cannot be defined`);
    const expansion = this.readAlternatives();
    this.skip();
    if (this.peek() === ';') this.pos++;
    else {
      this.error(this.pos, C.syntax, `expected ";" to end the definition of $${name}, found "${this.peek()}"`);
      this.recover();
    }
    if (this.defined.has(name)) {
      this.error(at, C.duplicateRule, `rule $${name} is defined twice; the first definition is used`);
      return;
    }
    this.defined.set(name, at);
    const rule: SrgsRule = { id: name, scope, expansion, loc: this.locAt(at) };
    g.rules[name] = rule;
  }

  // ---- expansions ----------------------------------------------------------------------------

  private readAlternatives(): SrgsExpansion {
    const alternatives: { expansion: SrgsExpansion; weight: number }[] = [];
    let anyWeight = false;
    for (;;) {
      this.skip();
      let weight = 1;
      if (this.peek() === '/') {
        const at = this.pos;
        const end = this.text.indexOf('/', this.pos + 1);
        const body = end < 0 ? '' : this.text.slice(this.pos + 1, end);
        const w = parseWeight(body);
        if (end < 0 || w === undefined) {
          this.error(at, C.badWeight, `"/${body}/" is not a weight (a non-negative number between slashes); using 1`);
          this.pos = end < 0 ? this.pos + 1 : end + 1;
        } else {
          weight = w;
          anyWeight = true;
          this.pos = end + 1;
        }
      }
      alternatives.push({ expansion: this.readSequence(), weight });
      this.skip();
      if (this.peek() === '|') {
        this.pos++;
        continue;
      }
      break;
    }
    if (alternatives.length === 1 && !anyWeight) return alternatives[0].expansion;
    return { kind: 'oneof', alternatives };
  }

  private readSequence(): SrgsExpansion {
    const items: SrgsExpansion[] = [];
    for (;;) {
      this.skip();
      const c = this.peek();
      if (c === '' || c === '|' || c === ')' || c === ']' || c === ';') break;
      const unit = this.readUnit();
      if (unit) items.push(unit);
    }
    if (items.length === 0) return { kind: 'ruleref', special: 'NULL' };
    return seqOf(items);
  }

  /** A primary followed by any number of `!lang` attachments and `<repeat>` operators. */
  private readUnit(): SrgsExpansion | undefined {
    let e = this.readPrimary();
    if (e === undefined) return undefined;
    for (;;) {
      const save = this.pos;
      this.skip();
      const c = this.peek();
      if (c === '!' && /[A-Za-z]/.test(this.peek(1))) {
        this.pos++;
        const lang = this.match(/[A-Za-z0-9\-]+/y) ?? '';
        e = e.kind === 'seq' || e.kind === 'oneof' ? { ...e, lang } : { kind: 'seq', items: [e], lang };
        continue;
      }
      if (c === '<' && e.kind !== 'tag') {
        const rat = this.pos;
        const body = this.readAngle();
        const m = /^\s*([^/]*?)\s*(?:\/([^/]*)\/)?\s*$/.exec(body);
        const spec = m ? parseRepeat(m[1]) : undefined;
        if (!spec) {
          this.error(rat, C.badRepeat, `<${body}> is not a repeat ("<n>", "<n-m>", "<n->", optionally with /probability/)`);
          continue;
        }
        const r: SrgsExpansion = { kind: 'repeat', min: spec.min, max: spec.max, expansion: e };
        if (m && m[2] !== undefined) {
          const p = parseProbability(m[2]);
          if (p === undefined) this.error(rat, C.badProbability, `repeat probability /${m[2]}/ is not between 0 and 1`);
          else r.prob = p;
        }
        e = r;
        continue;
      }
      this.pos = save;
      break;
    }
    return e;
  }

  private readPrimary(): SrgsExpansion | undefined {
    const at = this.pos;
    const c = this.peek();
    switch (c) {
      case '"': {
        const t = this.readQuoted('"').trim().replace(/\s+/g, ' ');
        if (t === '') {
          this.error(at, C.syntax, 'empty quoted token');
          return undefined;
        }
        return { kind: 'token', text: t };
      }
      case '{':
        return { kind: 'tag', text: this.readTagBody() };
      case '(':
      case '[': {
        this.pos++;
        const inner = this.readAlternatives();
        this.skip();
        const close = c === '(' ? ')' : ']';
        if (this.peek() === close) this.pos++;
        else this.error(this.pos, C.syntax, `expected "${close}" to close the "${c}" opened at ${this.describe(at)}`);
        return c === '(' ? inner : { kind: 'repeat', min: 0, max: 1, expansion: inner };
      }
      case '$':
        return this.readRef();
      case '/':
        this.error(at, C.badWeight, 'a weight /n/ may only start an alternative');
        this.pos++;
        return undefined;
      default: {
        if (DELIMS.has(c)) {
          this.error(at, C.syntax, `unexpected "${c}"`);
          this.pos++;
          return undefined;
        }
        return { kind: 'token', text: this.match(BARE_TOKEN) ?? '' };
      }
    }
  }

  private describe(offset: number): string {
    const l = this.locAt(offset);
    return `${l.line}:${l.col}`;
  }

  private readRef(): SrgsExpansion | undefined {
    const at = this.pos;
    this.pos++;
    if (this.peek() === '<') {
      const uri = this.readAngle().trim();
      let type: string | undefined;
      if (this.peek() === '~' && this.peek(1) === '<') {
        this.pos++;
        type = this.readAngle().trim();
      }
      if (uri === '') {
        this.error(at, C.badRuleref, 'empty rule reference $<>');
        return undefined;
      }
      if (uri.startsWith('#')) {
        const rule = uri.slice(1);
        this.refs.push({ rule, at });
        return { kind: 'ruleref', rule };
      }
      if (!checkBuiltinRef(uri, () => (code, message) => this.error(at, code, message))) return { kind: 'ruleref', special: 'VOID' };
      const r: SrgsExpansion = { kind: 'ruleref', ...splitRuleUri(uri) };
      if (type !== undefined) r.type = type;
      return r;
    }
    const name = this.match(RULE_NAME);
    if (name === undefined) {
      this.error(at, C.syntax, 'expected a rule name or <uri> after $');
      return undefined;
    }
    if (isSpecial(name)) return { kind: 'ruleref', special: name };
    this.refs.push({ rule: name, at });
    return { kind: 'ruleref', rule: name };
  }

  // ---- whole-grammar checks ------------------------------------------------------------------

  private finish(g: SrgsGrammar): void {
    for (const r of this.refs) {
      if (!this.defined.has(r.rule)) {
        this.error(r.at, C.undefinedRule, `$${r.rule} is referenced but not defined in this grammar`);
        replaceRef(g, r.rule);
      }
    }
    const ids = Object.keys(g.rules);
    if (g.root !== undefined && g.rules[g.root] === undefined) {
      this.error(0, C.badRoot, `root $${g.root} names no rule of this grammar`);
      delete g.root;
    } else if (g.root === undefined) {
      if (ids.length === 1) g.root = ids[0];
      else if (ids.length === 0) this.error(0, C.emptyRule, 'the grammar defines no rule, so it can match nothing');
      else if (!this.ctx.standalone) this.error(0, C.noRoot, `the grammar has ${ids.length} rules and no root declaration; add "root $name;"`);
    }
  }
}

/** Undefined local references become VOID (they can never match), after being reported. */
function replaceRef(g: SrgsGrammar, missing: string): void {
  const fix = (e: SrgsExpansion): SrgsExpansion => {
    switch (e.kind) {
      case 'ruleref':
        return e.uri === undefined && e.rule === missing && e.special === undefined ? { kind: 'ruleref', special: 'VOID' } : e;
      case 'seq':
        return { ...e, items: e.items.map(fix) };
      case 'oneof':
        return { ...e, alternatives: e.alternatives.map((a) => ({ expansion: fix(a.expansion), weight: a.weight })) };
      case 'repeat':
        return { ...e, expansion: fix(e.expansion) };
      case 'token':
      case 'tag':
        return e;
    }
  };
  for (const r of Object.values(g.rules)) r.expansion = fix(r.expansion);
}

/** SRGS ABNF text → SrgsGrammar; diagnostics (positions relative to ctx.loc) go to ctx.report. */
export function parseAbnf(text: string, ctx: AbnfContext): SrgsGrammar {
  return new AbnfReader(text, ctx).read();
}
