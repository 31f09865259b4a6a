/**
 * <data> answers parsed into the contracts' XmlNode (VoiceXML 2.1 §5.1: the interpreter exposes them as a
 * read-only DOM). Entity declarations are refused (billion laughs, XXE); an external DTD is never fetched.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlNode } from '../../contracts/xml';

export class XmlDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlDataError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
});

type Ordered = Record<string, unknown>;

/** Parses XML text into one document-element XmlNode. Throws XmlDataError with line:col on bad input. */
export function parseXmlData(text: string, uri: string): XmlNode {
  const cleaned = withoutDoctype(text, uri);
  const valid = XMLValidator.validate(cleaned);
  if (valid !== true) throw new XmlDataError(`${uri}:${valid.err.line}:${valid.err.col}: not well-formed XML: ${valid.err.msg}`);
  const nodes = convert(parser.parse(cleaned) as Ordered[]);
  const root = nodes.find((n) => n.type === 'element');
  if (!root) throw new XmlDataError(`${uri}: no document element`);
  return root;
}

function withoutDoctype(text: string, uri: string): string {
  const at = text.search(/<!DOCTYPE/i);
  if (at < 0) return text;
  const firstElement = text.search(/<[A-Za-z_]/);
  if (firstElement >= 0 && firstElement < at) return text;
  const bracket = text.indexOf('[', at);
  const close = text.indexOf('>', at);
  let end = close;
  if (bracket >= 0 && bracket < close) {
    const subsetEnd = text.indexOf(']', bracket);
    if (subsetEnd < 0) throw new XmlDataError(`${uri}: unterminated DOCTYPE`);
    if (/<!ENTITY/i.test(text.slice(bracket, subsetEnd)))
      throw new XmlDataError(`${uri}: DTD entity declarations are refused (they can expand without bound or read local files); remove the DOCTYPE's internal subset`);
    end = text.indexOf('>', subsetEnd);
  }
  if (end < 0) throw new XmlDataError(`${uri}: unterminated DOCTYPE`);
  // Blank it out, keeping newlines so line numbers of later errors stay right.
  return text.slice(0, at) + text.slice(at, end + 1).replace(/[^\n]/g, ' ') + text.slice(end + 1);
}

function convert(list: Ordered[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const item of list) {
    for (const [key, value] of Object.entries(item)) {
      if (key === ':@') continue;
      if (key === '#text') out.push({ type: 'text', text: String(value) });
      else if (key === '#comment') out.push({ type: 'comment', text: innerText(value) });
      else if (key === '#cdata') out.push({ type: 'cdata', text: innerText(value) });
      else if (key.startsWith('?')) continue;
      else {
        const attrs: Record<string, string> = {};
        const raw = item[':@'];
        if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw as Record<string, unknown>)) attrs[k] = String(v);
        out.push({ type: 'element', name: key, attrs, children: convert(Array.isArray(value) ? (value as Ordered[]) : []) });
      }
    }
  }
  return out;
}

function innerText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value.map((v) => (v && typeof v === 'object' && '#text' in v ? String((v as Ordered)['#text']) : '')).join('');
}
