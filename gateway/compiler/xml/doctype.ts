/**
 * DOCTYPE handling, done before any XML parser sees the text: entity declarations (internal or external)
 * are refused so nothing is ever expanded (billion laughs, XXE), external DTDs are never fetched, and a
 * plain DOCTYPE naming the VoiceXML DTD — common in legacy apps — is accepted and ignored.
 */

export type DoctypeFinding =
  | { kind: 'entity'; offset: number; what: string }
  | { kind: 'external-entity'; offset: number; what: string; ref: string }
  | { kind: 'external-dtd'; offset: number; ref: string }
  | { kind: 'unclosed'; offset: number };

export interface DoctypeScan {
  /** The text with the DOCTYPE replaced by spaces (newlines kept, so offsets and lines are unchanged). */
  text: string;
  findings: DoctypeFinding[];
  /** True when the document must not be compiled. */
  refused: boolean;
}

const VOICEXML_DTD = /voicexml|vxml/i;

/** Finds the DOCTYPE in the prolog (before the root element) and classifies it. */
export function scanDoctype(text: string): DoctypeScan {
  const start = findDoctype(text);
  if (start < 0) return { text, findings: [], refused: false };
  const end = findDoctypeEnd(text, start);
  if (end < 0) return { text, findings: [{ kind: 'unclosed', offset: start }], refused: true };

  const decl = text.slice(start, end + 1);
  const findings: DoctypeFinding[] = [];
  const subsetAt = decl.indexOf('[');
  const head = subsetAt >= 0 ? decl.slice(0, subsetAt) : decl;
  const external = /\b(?:SYSTEM\s+(["'])([^"']*)\1|PUBLIC\s+(["'])[^"']*\3(?:\s+(["'])([^"']*)\4)?)/.exec(head);
  if (external) {
    const ref = external[2] ?? external[5] ?? '';
    if (!VOICEXML_DTD.test(ref) && !VOICEXML_DTD.test(external[0])) findings.push({ kind: 'external-dtd', offset: start, ref });
  }
  if (subsetAt >= 0) {
    const subset = decl.slice(subsetAt);
    const entityDecl = /<!ENTITY\s+(%\s*)?([^\s"'>]+)\s*([^>]*)>?/g;
    for (let m = entityDecl.exec(subset); m; m = entityDecl.exec(subset)) {
      const offset = start + subsetAt + m.index;
      const kind = m[1] ? 'parameter entity' : 'entity';
      const ext = /\b(?:SYSTEM|PUBLIC)\b[^"']*(["'])([^"']*)\1/.exec(m[3]);
      if (ext) findings.push({ kind: 'external-entity', offset, what: `${kind} "${m[2]}"`, ref: ext[2] });
      else findings.push({ kind: 'entity', offset, what: `the ${kind} "${m[2]}"` });
    }
  }
  const refused = findings.some((f) => f.kind !== 'external-dtd');
  const blanked = text.slice(0, start) + decl.replace(/[^\n]/g, ' ') + text.slice(end + 1);
  return { text: blanked, findings, refused };
}

/** Offset of `<!DOCTYPE` if it appears before the first element, else -1. */
function findDoctype(text: string): number {
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return -1;
    if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) return -1;
      i = close + 2;
    } else if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close < 0) return -1;
      i = close + 3;
    } else if (text.startsWith('<!DOCTYPE', lt)) {
      return lt;
    } else {
      return -1;
    }
  }
}

/** Offset of the `>` closing the DOCTYPE, honouring quoted literals and the [ internal subset ]. */
function findDoctypeEnd(text: string, start: number): number {
  let quote = '';
  let depth = 0;
  for (let i = start + 9; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth--;
    } else if (c === '>' && depth <= 0) {
      return i;
    }
  }
  return -1;
}
