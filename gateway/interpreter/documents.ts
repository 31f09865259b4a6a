/**
 * Loading documents into an execution context (VoiceXML 2.0 §1.5.2, §5.1.2): fetch the document and its
 * application root, then set the scopes up per the root/leaf rules —
 *  - a leaf naming the current root keeps the application scope; a different root replaces it;
 *  - going from a leaf to its own root by <goto> (not <submit>) keeps the application's variables and the
 *    root becomes the current document (document scope = application scope);
 *  - any other document without an application attribute is its own root (fresh application scope);
 *  - every load reruns the new document's <var>/<script>/<data> in a fresh document scope.
 */
import type { DialogGraph, ScopeInit } from '../../contracts/graph';
import type { Diagnostic } from '../../contracts/diagnostics';
import type { FetchRequest } from '../../contracts/interpreter';
import type { Loc } from '../../contracts/source';
import type { ScopeName } from '../ecmascript/api';
import { runData, runScript } from './exec';
import type { DocumentAnswer } from './fetcher';
import { CONTINUE, thrown, type Flow } from './flow';
import { fetchTiming } from './properties';
import { baseOf, docUri, js, type Live, type Turn } from './turn';
import { resolveUri } from './uri';

export interface Loaded {
  key: string;
  graph: DialogGraph;
  rootKey?: string;
  root?: DialogGraph;
  isRoot: boolean;
  /** How the application scope changes. */
  app: 'new' | 'keep' | 'leaf-to-root';
}

/**
 * Compiler findings the interpreter meets when (and only if) the element runs, as the spec says: a bad
 * expression raises error.semantic when evaluated, a dangling dialog/item reference error.badfetch when
 * followed, an unknown builtin error.unsupported.builtin when collected; misplaced elements were dropped.
 */
const DEFERRED = new Set([
  'script-syntax',
  'unknown-dialog',
  'unknown-item',
  'unknown-document',
  'unknown-remote-dialog',
  'unknown-builtin',
  'element-not-allowed',
  'unknown-element',
  'text-not-allowed',
  'attribute-not-allowed',
  'invalid-name',
  'bad-dtmf',
]);

/**
 * Any other error makes the document invalid: fetching it fails with error.badfetch in the context that
 * asked for it (VoiceXML 2.0 §5.2.6; W3C IR tests 338, 561, 1135, 2.1 tests 2–4, 8, 10).
 */
export function fatalDiagnostic(graph: DialogGraph): Diagnostic | undefined {
  return graph.diagnostics.find((d) => d.severity === 'error' && !DEFERRED.has(d.code));
}

export function rejectInvalid(a: DocumentAnswer): DocumentAnswer {
  if (!a.ok) return a;
  const err = fatalDiagnostic(a.graph);
  if (!err) return a;
  return { ok: false, event: 'error.badfetch', message: `${err.uri}:${err.line}:${err.col} ${err.code} ${err.message}` };
}

export type LoadRequest = Omit<FetchRequest & { kind: 'document' }, 'origin' | 'kind'> & { loc: Loc };

function origin(turn: Turn, loc: Loc): FetchRequest['origin'] {
  return { uri: docUri(turn), loc };
}

/** Fetches a document and its root; `current` is the context being left (undefined for a new context). */
export function loadDocument(turn: Turn, req: LoadRequest, current: Live | undefined): { ok: true; loaded: Loaded } | { ok: false; flow: Flow } {
  const { loc, ...rest } = req;
  // Every POST answer has a versioned key of its own (the runtime's loader), so the documents calling frames
  // still execute need not be named here.
  const answer = rejectInvalid(turn.fetcher.document({ kind: 'document', ...rest, origin: origin(turn, loc) }));
  if (!answer.ok) return { ok: false, flow: thrown(answer.event, answer.message, loc) };
  const graph = answer.graph;
  if (graph.application !== undefined) {
    const rootUri = resolveUri(baseOf(graph), graph.application);
    if (current?.rootKey === rootUri && current.root) {
      return { ok: true, loaded: { key: answer.key, graph, rootKey: rootUri, root: current.root, isRoot: false, app: 'keep' } };
    }
    const rootAnswer = rejectInvalid(
      turn.fetcher.document({ kind: 'document', uri: rootUri, method: 'get', enctype: 'application/x-www-form-urlencoded', purpose: 'application', origin: { uri: answer.key, loc: graph.loc }, ...fetchTiming(turn, 'document') }),
    );
    if (!rootAnswer.ok) return { ok: false, flow: thrown(rootAnswer.event, rootAnswer.message, loc) };
    return { ok: true, loaded: { key: answer.key, graph, rootKey: rootAnswer.key, root: rootAnswer.graph, isRoot: false, app: 'new' } };
  }
  const leafToRoot = current !== undefined && !current.isRoot && current.rootKey === answer.key && req.purpose !== 'submit';
  return { ok: true, loaded: { key: answer.key, graph, rootKey: answer.key, root: graph, isRoot: true, app: leafToRoot ? 'leaf-to-root' : 'new' } };
}

/** Makes `loaded` the current document of the context: scopes per the root rules, then document init. */
export function commitDocument(turn: Turn, loaded: Loaded, freshApplication: boolean): Flow {
  const env = turn.env;
  const appMode = freshApplication ? 'new' : loaded.app;
  turn.live = { docKey: loaded.key, doc: loaded.graph, isRoot: loaded.isRoot, ...(loaded.rootKey ? { rootKey: loaded.rootKey } : {}), ...(loaded.root ? { root: loaded.root } : {}) };
  const exec = turn.state.exec;
  exec.doc = loaded.key;
  if (loaded.rootKey) exec.root = loaded.rootKey;
  else delete exec.root;
  if (loaded.isRoot) exec.isRoot = true;
  else delete exec.isRoot;
  exec.dialog = '';
  exec.prompts = {};
  exec.events = {};
  turn.state.wait = undefined;

  if (appMode === 'leaf-to-root') {
    const r = js(() => env.resetScope('document', { sameAsApplication: true }), loaded.graph.loc);
    return r.ok ? CONTINUE : r.flow;
  }
  if (appMode === 'new') {
    const r = js(() => env.resetScope('application', { sameAsApplication: loaded.isRoot }), loaded.graph.loc);
    if (!r.ok) return r.flow;
    if (!loaded.isRoot && loaded.root && loaded.rootKey) {
      // The root's variables and scripts initialise the application scope, with the root as the base document.
      const leaf = turn.live;
      turn.live = { docKey: loaded.rootKey, doc: loaded.root, rootKey: loaded.rootKey, root: loaded.root, isRoot: true };
      const f = runInit(turn, loaded.root.init, 'application');
      turn.live = leaf;
      if (f.kind !== 'continue') return f;
    }
  }
  const r = js(() => env.resetScope('document', { sameAsApplication: loaded.isRoot }), loaded.graph.loc);
  if (!r.ok) return r.flow;
  return runInit(turn, loaded.graph.init, 'document');
}

/** Document-level <var>, <script> and <data> in document order. */
export function runInit(turn: Turn, init: ScopeInit[], level: ScopeName): Flow {
  const env = turn.env;
  for (const node of init) {
    let f: Flow = CONTINUE;
    switch (node.kind) {
      case 'var': {
        const r = js(() => env.declare(node.name, node.expr === undefined ? undefined : env.evaluate(node.expr), level), node.loc);
        if (!r.ok) f = r.flow;
        break;
      }
      case 'script':
        f = runScript(turn, node, level);
        break;
      case 'data':
        f = runData(turn, node, level);
        break;
    }
    if (f.kind !== 'continue') return f;
  }
  return CONTINUE;
}
