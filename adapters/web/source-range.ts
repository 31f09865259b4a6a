/**
 * Where an element of a document ends, from where it starts: a small tag scanner over the source text
 * (comments, CDATA, processing instructions and quoted attribute values skipped), so a click on a graph
 * node can show exactly the lines of that dialog or form item.
 */
import type { Loc } from '../../gateway/index';

/** 1-based line of the end of the element whose start tag is at `loc`; `loc.line` when it cannot tell. */
export function elementEndLine(lines: readonly string[], loc: Loc): number {
  const text = lines.slice(loc.line - 1).join('\n');
  let i = Math.max(0, loc.col - 1);
  if (text[i] !== '<') {
    const found = text.indexOf('<', i);
    if (found < 0) return loc.line;
    i = found;
  }
  let depth = 0;
  const lineAt = (offset: number): number => {
    let n = loc.line;
    for (let k = 0; k < offset; k++) if (text.charCodeAt(k) === 10) n++;
    return n;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      i = endOf(text, '-->', lt + 4);
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      i = endOf(text, ']]>', lt + 9);
      continue;
    }
    if (text.startsWith('<?', lt) || text.startsWith('<!', lt)) {
      i = endOf(text, '>', lt + 2);
      continue;
    }
    const gt = tagEnd(text, lt + 1);
    if (gt < 0) break;
    const closing = text[lt + 1] === '/';
    const selfClosing = text[gt - 1] === '/';
    if (closing) depth--;
    else if (!selfClosing) depth++;
    if (depth <= 0) return lineAt(gt);
    i = gt + 1;
  }
  return loc.line;
}

function endOf(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at < 0 ? text.length : at + marker.length;
}

/** Index of the `>` closing a tag, skipping quoted attribute values. */
function tagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return k;
  }
  return -1;
}
