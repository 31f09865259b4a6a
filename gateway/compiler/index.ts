/**
 * The VoiceXML compiler: document text → DialogGraph (contracts/graph.ts).
 *
 *   parse (fast-xml-parser, DOCTYPE refused, offsets → line:col) → structure check (VoiceXML 2.1 schema)
 *   → build (one module per element family) → reference checks.
 *
 * `compile` never throws for a bad document: every problem is a Diagnostic in `graph.diagnostics`, and a
 * document that cannot be parsed yields a graph with no dialogs.
 */
import { GRAPH_VERSION, type DialogGraph } from '../../contracts/graph';
import type { Diagnostic } from '../../contracts/diagnostics';
import { documentGraph } from './build/document';
import { checkReferences } from './check-references';
import { checkStructure } from './check-structure';
import { CompileContext, type CompileOptions } from './context';
import { createReporter, sortDiagnostics, type Reporter } from './diagnostics';
import { normalizeLegacyMarkup } from './legacy-markup';
import { NS } from './xml/ast';
import { parseXml } from './xml/parse';

export type { CompileOptions } from './context';
export { DIAGNOSTIC_CODES, formatDiagnostic, sortDiagnostics, type DiagnosticCode } from './diagnostics';
export { resolveDocument, resolveTarget, splitRef } from './uri';

export interface CompileOptionsWithHook extends CompileOptions {
  /** Called with each diagnostic as it is found (the same ones end up in graph.diagnostics). */
  onDiagnostic?: (d: Diagnostic) => void;
}

export function compile(text: string, uri: string, opts: CompileOptionsWithHook = {}): DialogGraph {
  const reporter = createReporter(uri, opts.onDiagnostic);
  try {
    return compileWith(text, uri, opts, reporter);
  } catch (e) {
    // Safety net: a document that exhausts the stack (pathological nesting) is refused, never a crash.
    if (!isStackOverflow(e)) throw e;
    reporter.report('malformed-xml', { line: 1, col: 1 }, { detail: 'the document is too deeply nested to compile' });
    return emptyGraph(uri, reporter.diagnostics);
  }
}

function compileWith(text: string, uri: string, opts: CompileOptionsWithHook, reporter: Reporter): DialogGraph {
  const { root, source } = parseXml(text, reporter);
  const ctx = new CompileContext(uri, source, reporter, opts);
  if (!root) return emptyGraph(uri, reporter.diagnostics);
  if (root.name !== 'vxml' || (root.ns !== '' && root.ns !== NS.vxml)) {
    reporter.report('not-vxml', root.loc, { name: root.rawName, ns: root.ns });
    return emptyGraph(uri, reporter.diagnostics);
  }
  normalizeLegacyMarkup(root, reporter);
  checkStructure(root, reporter);
  const graph = documentGraph(ctx, root);
  checkReferences(ctx, graph);
  graph.diagnostics = sortDiagnostics(reporter.diagnostics);
  return graph;
}

/** By name: the error may come from another realm (a test runner's VM context), where instanceof fails. */
function isStackOverflow(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'RangeError';
}

function emptyGraph(uri: string, diagnostics: Diagnostic[]): DialogGraph {
  return {
    kind: 'document', graphVersion: GRAPH_VERSION, uri, loc: { line: 1, col: 1 }, version: '', init: [], dialogs: [], catches: [],
    links: [], properties: [], metas: [], grammars: {}, edges: [], diagnostics: sortDiagnostics(diagnostics),
  };
}

/** True when the graph carries at least one error diagnostic (the runtime refuses such documents). */
export function hasErrors(graph: DialogGraph): boolean {
  return graph.diagnostics.some((d) => d.severity === 'error');
}

export { checkDocumentRefs, localDocumentRefs, type DocumentRef } from './cross-document';
export { buildChart, toDot, toMermaid, type Chart } from './flowchart';
