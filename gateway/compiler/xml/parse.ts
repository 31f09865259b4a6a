/**
 * Text → XML AST. fast-xml-parser (ordered output, element offsets) does the tokenising; this module refuses
 * dangerous DOCTYPEs before the parser runs, reports malformed XML with its line:col, resolves namespaces,
 * decodes the five XML entities and numeric references itself (nothing else is ever expanded), and gives
 * every element and text node a source offset. One linear pass.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Loc } from '../../../contracts/source';
import type { Reporter } from '../diagnostics';
import { NS, type Attr, type El, type Node, type Text } from './ast';
import { scanDoctype } from './doctype';
import { htmlEntity } from './html-entities';
import { SourceText } from './source-text';

export interface ParsedXml {
  /** The root element, or undefined when the document was refused or is not well-formed. */
  root?: El;
  source: SourceText;
}

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const parser = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
  // VoiceXML documents nest a few dozen levels; the bound keeps every recursive pass far from the stack limit.
  maxNestedTags: 500,
});

export function parseXml(input: string, reporter: Reporter): ParsedXml {
  // A BOM is not content; dropping it keeps columns of line 1 natural.
  const unmarked = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const source = new SourceText(unmarked);
  const text = declarationFirst(unmarked, source, reporter);

  const doctype = scanDoctype(text);
  for (const f of doctype.findings) {
    const loc = source.loc(f.offset);
    switch (f.kind) {
      case 'entity':
        reporter.report('doctype-entity', loc, { what: f.what });
        break;
      case 'external-entity':
        reporter.report('external-entity', loc, { what: f.what, ref: f.ref });
        break;
      case 'external-dtd':
        reporter.report('external-dtd', loc, { ref: f.ref });
        break;
      case 'unclosed':
        reporter.report('malformed-xml', loc, { detail: 'the DOCTYPE declaration is not closed' });
        break;
      default: {
        const never: never = f;
        throw new Error(`unhandled DOCTYPE finding ${String(never)}`);
      }
    }
  }
  if (doctype.refused) return { source };

  const valid = XMLValidator.validate(doctype.text);
  if (valid !== true) {
    // The validator omits the column (or line) for some errors; 1 keeps the position well-formed.
    const line = Number.isInteger(valid.err.line) && valid.err.line > 0 ? valid.err.line : 1;
    const col = Number.isInteger(valid.err.col) && valid.err.col > 0 ? valid.err.col : 1;
    reporter.report('malformed-xml', { line, col }, { detail: valid.err.msg.replace(/\.$/, '') });
    return { source };
  }

  let ordered: unknown;
  try {
    ordered = parser.parse(doctype.text);
  } catch (e) {
    reporter.report('malformed-xml', { line: 1, col: 1 }, { detail: e instanceof Error ? e.message : String(e) });
    return { source };
  }
  const builder = new AstBuilder(doctype.text, source, reporter);
  const roots = builder.nodes(asArray(ordered), 0, [new Map([['xml', NS.xml]])]).filter((n): n is El => n.type === 'el');
  if (roots.length === 0) {
    reporter.report('malformed-xml', { line: 1, col: 1 }, { detail: 'the document has no root element' });
    return { source };
  }
  return { root: roots[0], source };
}

type Scope = Map<string, string>;
type Raw = Record<string, unknown> & { [k: symbol]: { startIndex?: number; endIndex?: number } | undefined };

function asArray(v: unknown): Raw[] {
  return Array.isArray(v) ? (v as Raw[]) : [];
}

class AstBuilder {
  constructor(
    private readonly text: string,
    private readonly source: SourceText,
    private readonly reporter: Reporter,
  ) {}

  /** Converts a child list; `cursor` is the source offset where the first child begins. */
  nodes(raw: Raw[], cursor: number, scopes: Scope[]): Node[] {
    const out: Node[] = [];
    for (const r of raw) {
      if (typeof r['#text'] === 'string') {
        const rawText = r['#text'];
        cursor = this.skipMarkup(cursor);
        out.push(this.textNode(rawText, cursor, false));
        cursor = this.advance(cursor, rawText);
        continue;
      }
      if (Array.isArray(r['#cdata'])) {
        const inner = asArray(r['#cdata'])[0];
        const rawText = typeof inner?.['#text'] === 'string' ? inner['#text'] : '';
        const at = this.text.indexOf('<![CDATA[', cursor);
        const contentStart = (at < 0 ? cursor : at) + 9;
        out.push(this.textNode(rawText, contentStart, true));
        cursor = this.advance(contentStart, rawText) + 3;
        continue;
      }
      const name = tagName(r);
      if (name === undefined) continue;
      const meta = r[META];
      const start = meta?.startIndex ?? cursor;
      const el = this.element(name, r, start, meta?.endIndex, scopes);
      out.push(el);
      cursor = meta?.endIndex ?? start;
    }
    return out;
  }

  private element(rawName: string, r: Raw, start: number, end: number | undefined, scopes: Scope[]): El {
    const loc = this.source.loc(start);
    const rawAttrs = (r[':@'] ?? {}) as Record<string, unknown>;
    let scope: Scope | undefined;
    for (const k in rawAttrs) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        scope ??= new Map();
        scope.set(k === 'xmlns' ? '' : k.slice(6), String(rawAttrs[k]));
      }
    }
    const inner = scope ? [...scopes, scope] : scopes;
    const attrs = new Map<string, Attr>();
    for (const k in rawAttrs) {
      const raw = String(rawAttrs[k]);
      // XML attribute-value normalisation: literal tabs and line breaks read as spaces.
      const value = this.decode(WHITESPACE_CONTROL.test(raw) ? raw.replace(/[\t\n\r]/g, ' ') : raw, () => loc);
      const colon = k.indexOf(':');
      const a: Attr = { name: k, value };
      if (colon > 0 && !k.startsWith('xmlns')) a.ns = lookup(inner, k.slice(0, colon)) ?? k.slice(0, colon);
      attrs.set(k, a);
    }
    const colon = rawName.indexOf(':');
    const prefix = colon > 0 ? rawName.slice(0, colon) : '';
    const ns = lookup(inner, prefix) ?? (prefix ? prefix : '');
    const el: El = { type: 'el', rawName, name: colon > 0 ? rawName.slice(colon + 1) : rawName, ns, attrs, children: [], start, loc };
    if (end !== undefined) el.end = end;
    const kids = asArray(r[rawName]);
    if (kids.length > 0) el.children = this.nodes(kids, this.startTagEnd(start), inner);
    return el;
  }

  private textNode(rawText: string, start: number, cdata: boolean): Text {
    let first = start;
    const limit = Math.min(this.text.length, start + rawText.length);
    while (first < limit && isSpace(this.text.charCodeAt(first))) first++;
    const text = cdata ? rawText : this.decode(rawText, (i) => this.source.loc(this.advance(start, rawText.slice(0, i))));
    return { type: 'text', text, cdata, start, loc: this.source.loc(first) };
  }

  /** Offset just past the `>` of the start tag beginning at `start` (quoted values may hold `>`). */
  private startTagEnd(start: number): number {
    const text = this.text;
    let quote = 0;
    for (let i = start + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) return i + 1;
    }
    return text.length;
  }

  /** Skips comments and processing instructions the parser dropped. */
  private skipMarkup(cursor: number): number {
    for (;;) {
      if (this.text.startsWith('<!--', cursor)) {
        const close = this.text.indexOf('-->', cursor + 4);
        if (close < 0) return cursor;
        cursor = close + 3;
      } else if (this.text.startsWith('<?', cursor)) {
        const close = this.text.indexOf('?>', cursor + 2);
        if (close < 0) return cursor;
        cursor = close + 2;
      } else return cursor;
    }
  }

  /** Moves over `raw` (which has CRLF normalised to LF) in the original text. */
  private advance(cursor: number, raw: string): number {
    for (let i = 0; i < raw.length; i++) {
      if (raw.charCodeAt(i) === 10 && this.text.charCodeAt(cursor) === 13 && this.text.charCodeAt(cursor + 1) === 10) cursor += 2;
      else cursor++;
    }
    return cursor;
  }

  /** Decodes the XML entities and character references; `locate(i)` gives the position of s[i]. */
  private decode(s: string, locate: (i: number) => Loc): string {
    if (s.indexOf('&') < 0) return s;
    return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, ref: string, index: number) => {
      if (ref[0] === '#') {
        const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      const named = XML_ENTITIES.get(ref);
      if (named !== undefined) return named;
      const html = htmlEntity(ref);
      if (html !== undefined) {
        const char = String.fromCodePoint(html);
        this.reporter.report('html-entity', locate(index), { name: ref, char: html === 160 ? 'no-break space' : char, code: String(html) });
        return char;
      }
      this.reporter.report('undefined-entity', locate(index), { name: ref });
      return whole;
    });
  }
}

/**
 * Pages generated by JSP/PHP/ASP often emit blank lines before `<?xml …?>`, which XML forbids. The declaration
 * carries nothing the compiler needs (the text is already decoded), so it is blanked — offsets and lines stay
 * — and the document compiles with a warning.
 */
function declarationFirst(text: string, source: SourceText, reporter: Reporter): string {
  const m = /^(\s+)<\?xml[\s?]/.exec(text);
  if (!m) return text;
  const close = text.indexOf('?>', m[1].length);
  if (close < 0) return text;
  reporter.report('xml-declaration-position', source.loc(m[1].length));
  return text.slice(0, m[1].length) + text.slice(m[1].length, close + 2).replace(/[^\n]/g, ' ') + text.slice(close + 2);
}

const WHITESPACE_CONTROL = /[\t\n\r]/;
const XML_ENTITIES = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** The element name key of a preserveOrder node (the one key that is not ':@'). */
function tagName(r: Raw): string | undefined {
  for (const k in r) if (k !== ':@') return k;
  return undefined;
}

function lookup(scopes: Scope[], prefix: string): string | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const v = scopes[i].get(prefix);
    if (v !== undefined) return v;
  }
  return undefined;
}
