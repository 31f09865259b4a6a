import type { Loc } from './source';

/** A parsed XML document as plain data: what <data> hands to the interpreter's read-only DOM. */
export type XmlNode =
  | { type: 'element'; name: string; attrs: Record<string, string>; children: XmlNode[]; loc?: Loc }
  | { type: 'text'; text: string }
  | { type: 'cdata'; text: string }
  | { type: 'comment'; text: string };
