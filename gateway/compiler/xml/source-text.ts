/**
 * Offsets → 1-based line:col. The line-start table is built once per document and looked up by binary
 * search, so locating every node of a document stays linear in its size.
 */
import type { Loc } from '../../../contracts/source';

export class SourceText {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.lineStarts = starts;
  }

  loc(offset: number): Loc {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  }

  /** Offset of a 1-based line:col (inverse of `loc`), clamped to the text. */
  offset(loc: Loc): number {
    const start = this.lineStarts[Math.min(Math.max(loc.line, 1), this.lineStarts.length) - 1];
    return Math.min(start + loc.col - 1, this.text.length);
  }
}
