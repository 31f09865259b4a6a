/**
 * Where a node came from: 1-based line and column of its start tag in the document it belongs to.
 * The document's URI is carried once, on the DialogGraph, not on every node.
 */
export interface Loc {
  line: number;
  col: number;
}
