/**
 * A small XML tree for the TXML converter: elements with their attributes in source order, raw text
 * (entity references kept as written, so re-serialising is lossless), CDATA sections and comments.
 * Built over fast-xml-parser's order-preserving output; well-formedness is checked first, the way an
 * XSLT processor refuses a malformed source.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode =
  | { type: 'element'; name: string; attrs: [string, string][]; children: XmlNode[] }
  | { type: 'text'; raw: string }
  | { type: 'cdata'; text: string }
  | { type: 'comment' }
  | { type: 'pi'; target: string };

export class MalformedXmlError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    detail: string,
  ) {
    super(`not well-formed XML at line ${line}, column ${col}: ${detail}`);
    this.name = 'MalformedXmlError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  allowBooleanAttributes: true,
});

type Raw = Record<string, unknown>;

function textOf(list: unknown): string {
  if (!Array.isArray(list)) return '';
  return list.map((n: Raw) => (typeof n['#text'] === 'string' ? n['#text'] : '')).join('');
}

function convert(list: unknown): XmlNode[] {
  if (!Array.isArray(list)) return [];
  const out: XmlNode[] = [];
  for (const raw of list as Raw[]) {
    if ('#text' in raw) {
      out.push({ type: 'text', raw: String(raw['#text']) });
      continue;
    }
    if ('#comment' in raw) {
      out.push({ type: 'comment' });
      continue;
    }
    if ('#cdata' in raw) {
      out.push({ type: 'cdata', text: textOf(raw['#cdata']) });
      continue;
    }
    const name = Object.keys(raw).find((k) => k !== ':@');
    if (name === undefined) continue;
    if (name.startsWith('?')) {
      out.push({ type: 'pi', target: name.slice(1) });
      continue;
    }
    const attrObject = (raw[':@'] ?? {}) as Record<string, unknown>;
    const attrs: [string, string][] = Object.entries(attrObject).map(([k, v]) => [k, v === true ? '' : String(v)]);
    out.push({ type: 'element', name, attrs, children: convert(raw[name]) });
  }
  return out;
}

/** Parses a document into its top-level nodes (the XML declaration appears as a `pi` node named `xml`). */
export function parseXml(text: string): XmlNode[] {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) throw new MalformedXmlError(valid.err.line, valid.err.col, valid.err.msg);
  return convert(parser.parse(text));
}

export function attr(node: XmlNode, name: string): string | undefined {
  if (node.type !== 'element') return undefined;
  const hit = node.attrs.find(([k]) => k === name);
  return hit ? hit[1] : undefined;
}

/** An attribute value as written in the source (entities kept), re-quoted with double quotes. */
export function quoteAttr(raw: string): string {
  return `"${raw.replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`;
}

/**
 * The string value of a raw attribute, as XSLT's `value-of` sees it (entities decoded): the converter
 * writes it back as text or attribute content and must escape it for that place itself.
 */
export function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    switch (ref) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    }
  });
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return `"${escapeText(text).replace(/"/g, '&quot;')}"`;
}
