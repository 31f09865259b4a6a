/**
 * The compiler's XML AST: elements with resolved namespaces, decoded attribute values and source offsets.
 * It is what fast-xml-parser's ordered output becomes after one linear pass, and what every checker and
 * builder of the compiler reads.
 */
import type { Loc } from '../../../contracts/source';

export const NS = {
  vxml: 'http://www.w3.org/2001/vxml',
  ssml: 'http://www.w3.org/2001/10/synthesis',
  srgs: 'http://www.w3.org/2001/06/grammar',
  xml: 'http://www.w3.org/XML/1998/namespace',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

export interface Attr {
  /** Name as written (e.g. `xml:lang`, `nuance:foo`). */
  name: string;
  value: string;
  /** Namespace of a prefixed attribute (unprefixed attributes have none). */
  ns?: string;
}

export interface El {
  type: 'el';
  /** Name as written, prefix included. */
  rawName: string;
  /** Local name (prefix removed). */
  name: string;
  /** Resolved namespace URI ('' when none is declared). */
  ns: string;
  attrs: Map<string, Attr>;
  children: Node[];
  /** Offset of `<` in the source. */
  start: number;
  /** Offset just past the element's end, when known. */
  end?: number;
  loc: Loc;
}

export interface Text {
  type: 'text';
  text: string;
  cdata: boolean;
  /** Offset where the text (or `<![CDATA[`) begins. */
  start: number;
  loc: Loc;
}

export type Node = El | Text;

export function attr(el: El, name: string): string | undefined {
  return el.attrs.get(name)?.value;
}

export function childElements(el: El): El[] {
  const out: El[] = [];
  for (const c of el.children) if (c.type === 'el') out.push(c);
  return out;
}

/** Concatenated text content (CDATA included) of an element's direct text children. */
export function ownText(el: El): string {
  let s = '';
  for (const c of el.children) if (c.type === 'text') s += c.text;
  return s;
}

/** Concatenated text of the whole subtree. */
export function deepText(el: El): string {
  let s = '';
  for (const c of el.children) s += c.type === 'text' ? c.text : deepText(c);
  return s;
}

export function isBlank(s: string): boolean {
  return !/\S/.test(s);
}
