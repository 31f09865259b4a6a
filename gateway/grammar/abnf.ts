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
import { AbnfScanner } from './abnf-scanner';
import type { SrgsExpansion, SrgsGrammar, SrgsRule } from '../../contracts/grammar';
import type { InputMode } from '../../contracts/platform';
import {
  GrammarCodes as C,
  checkBuiltinRef,
  checkTagFormat,
  isSpecial,
  parseProbability,
  parseRepeat,
  parseWeight,
  seqOf,
  splitRuleUri,
  voidUndefinedRef,
} from './srgs-common';
import { lintTags } from './tag-lint';

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
const BARE_TOKEN = /[^\s;|/(){}\[\]<>$"!=]+/y;

interface PendingRef {
  rule: string;
  at: number;
}

/** Deepest ( … ) / [ … ] nesting read; real grammars stay far below it. */
export const MAX_NESTING = 100;

class AbnfReader extends AbnfScanner {
  private depth = 0;
  /** Set when reading stopped early: later findings would only echo the first. */
  private abandoned = false;

  protected override error(at: number, code: string, message: string): void {
    if (!this.abandoned) super.error(at, code, message);
  }
  private readonly refs: PendingRef[] = [];
  private readonly defined = new Map<string, number>();

  constructor(
    text: string,
    private readonly options: AbnfContext,
  ) {
    super(text, options);
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
        if (++this.depth > MAX_NESTING) {
          // Recursion has a bound: a pathological grammar is an error, never a stack overflow.
          this.error(at, C.syntax, `groups nest deeper than ${MAX_NESTING} levels; the rest of the grammar is ignored`);
          this.pos = this.text.length;
          this.abandoned = true;
          return undefined;
        }
        const inner = this.readAlternatives();
        this.depth--;
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
        voidUndefinedRef(g, r.rule);
      }
    }
    const ids = Object.keys(g.rules);
    if (g.root !== undefined && g.rules[g.root] === undefined) {
      this.error(0, C.badRoot, `root $${g.root} names no rule of this grammar`);
      delete g.root;
    } else if (g.root === undefined) {
      if (ids.length === 1) g.root = ids[0];
      else if (ids.length === 0) this.error(0, C.emptyRule, 'the grammar defines no rule, so it can match nothing');
      else if (!this.options.standalone) this.error(0, C.noRoot, `the grammar has ${ids.length} rules and no root declaration; add "root $name;"`);
    }
  }
}

/** SRGS ABNF text → SrgsGrammar; diagnostics (positions relative to ctx.loc) go to ctx.report. */
export function parseAbnf(text: string, ctx: AbnfContext): SrgsGrammar {
  const g = new AbnfReader(text, ctx).read();
  lintTags(g, ctx.uri, ctx.loc, ctx.report);
  return g;
}
