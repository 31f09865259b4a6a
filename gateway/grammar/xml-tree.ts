/**
 * XML text → contracts XmlNode tree with element locations, via fast-xml-parser (ordered mode with
 * position metadata). Used for standalone grammar documents (.grxml); VoiceXML documents are parsed by the
 * compiler.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Loc } from '../../contracts/source';
import type { XmlNode } from '../../contracts/xml';

type Ordered = Record<string, unknown>;

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  captureMetaData: true,
});

export type XmlParseResult = { ok: true; root: XmlNode } | { ok: false; message: string; loc: Loc };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function locOf(starts: number[], offset: number): Loc {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo] + 1 };
}

function textIn(children: unknown): string {
  if (!Array.isArray(children)) return '';
  let s = '';
  for (const c of children as Ordered[]) {
    const t = c['#text'];
    if (typeof t === 'string' || typeof t === 'number') s += String(t);
  }
  return s;
}

function convert(entries: Ordered[], starts: number[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const entry of entries) {
    for (const key of Object.keys(entry)) {
      if (key === ':@') continue;
      const value = entry[key];
      if (key === '#text') {
        out.push({ type: 'text', text: String(value) });
      } else if (key === '#cdata') {
        out.push({ type: 'cdata', text: textIn(value) });
      } else if (key === '#comment') {
        out.push({ type: 'comment', text: textIn(value) });
      } else if (key.startsWith('?')) {
        continue; // processing instruction / XML declaration
      } else {
        const attrsRaw = (entry[':@'] ?? {}) as Record<string, unknown>;
        const attrs: Record<string, string> = {};
        for (const [k, v] of Object.entries(attrsRaw)) attrs[k] = String(v);
        const meta = (entry as Record<symbol, unknown>)[META] as { startIndex?: number } | undefined;
        const el: XmlNode = {
          type: 'element',
          name: key,
          attrs,
          children: Array.isArray(value) ? convert(value as Ordered[], starts) : [],
        };
        if (meta?.startIndex !== undefined) el.loc = locOf(starts, meta.startIndex);
        out.push(el);
      }
    }
  }
  return out;
}

/** Parses `text` and returns its document element, or where the XML is malformed. */
export function parseXmlDocument(text: string): XmlParseResult {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    return { ok: false, message: valid.err.msg, loc: { line: valid.err.line, col: valid.err.col } };
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e), loc: { line: 1, col: 1 } };
  }
  if (!Array.isArray(parsed)) return { ok: false, message: 'not an XML document', loc: { line: 1, col: 1 } };
  const nodes = convert(parsed as Ordered[], lineStarts(text));
  const root = nodes.find((n) => n.type === 'element');
  if (!root) return { ok: false, message: 'the document has no root element', loc: { line: 1, col: 1 } };
  return { ok: true, root };
}
