/**
 * The character-level scanner under the ABNF reader: positions (relative to where the text sits in its
 * document), diagnostics, whitespace and comments, quoted text, `<…>` bodies and `{…}` tag bodies.
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { Loc } from '../../contracts/source';
import { GrammarCodes as C, diag } from './srgs-common';

const WS = /\s+/y;

export interface ScanContext {
  uri: string;
  loc: Loc;
  report: (d: Diagnostic) => void;
}

export class AbnfScanner {
  protected pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    protected readonly text: string,
    protected readonly ctx: ScanContext,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  protected locAt(offset: number): Loc {
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
  protected error(at: number, code: string, message: string): void {
    this.ctx.report(diag(this.ctx.uri, this.locAt(at), 'error', code, message));
  }
  protected warn(at: number, code: string, message: string): void {
    this.ctx.report(diag(this.ctx.uri, this.locAt(at), 'warning', code, message));
  }

  protected eof(): boolean {
    return this.pos >= this.text.length;
  }
  protected peek(k = 0): string {
    return this.text[this.pos + k] ?? '';
  }
  protected startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  /** Skips whitespace and comments (// to end of line, block comments). */
  protected skip(): void {
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
  protected match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  /** Skips to just after the next ';' (error recovery at declaration/rule level). */
  protected recover(): void {
    while (!this.eof() && this.peek() !== ';') {
      if (this.peek() === '{') this.readTagBody();
      else if (this.peek() === '"') this.readQuoted('"');
      else this.pos++;
    }
    if (!this.eof()) this.pos++;
  }
  protected expectSemicolon(what: string): void {
    this.skip();
    if (this.peek() === ';') {
      this.pos++;
      return;
    }
    this.error(this.pos, C.syntax, `expected ";" to end ${what}`);
    this.recover();
  }
  protected readQuoted(q: string): string {
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
  protected readAngle(): string {
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
  protected readTagBody(): string {
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

  protected describe(offset: number): string {
    const l = this.locAt(offset);
    return `${l.line}:${l.col}`;
  }

  /** Value of language/mode/tag-format/base/lexicon: `<uri>` or a bare word, up to ';'. */
  protected readDeclValue(): string {
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

  protected readMeta(): void {
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
}
