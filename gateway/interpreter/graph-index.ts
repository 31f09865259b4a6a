/**
 * Lookups the interpreter needs on a compiled document, built once per graph and cached (graphs are
 * immutable and cached by the runtime): dialogs by id, and who owns each grammar id.
 */
import type { Dialog, DialogGraph, Link } from '../../contracts/graph';

export type GrammarOwner =
  /** A form item's own grammar (field, record, transfer). */
  | { kind: 'item'; dialog: string; item: string }
  /** A form-level grammar. */
  | { kind: 'form'; dialog: string }
  | { kind: 'link'; link: Link; dialog?: string; item?: string }
  | { kind: 'choice'; dialog: string; index: number };

export interface GraphIndex {
  dialogs: Map<string, Dialog>;
  owners: Map<string, GrammarOwner>;
}

const cache = new WeakMap<DialogGraph, GraphIndex>();

export function indexOf(graph: DialogGraph): GraphIndex {
  let ix = cache.get(graph);
  if (!ix) {
    ix = build(graph);
    cache.set(graph, ix);
  }
  return ix;
}

function build(graph: DialogGraph): GraphIndex {
  const dialogs = new Map<string, Dialog>();
  const owners = new Map<string, GrammarOwner>();
  const own = (ids: string[], o: GrammarOwner) => {
    for (const id of ids) if (!owners.has(id)) owners.set(id, o);
  };
  for (const link of graph.links) own(link.grammars, { kind: 'link', link });
  for (const d of graph.dialogs) {
    if (!dialogs.has(d.id)) dialogs.set(d.id, d);
    if (d.kind === 'menu') {
      d.choices.forEach((c, index) => own(c.grammars, { kind: 'choice', dialog: d.id, index }));
      continue;
    }
    own(d.grammars, { kind: 'form', dialog: d.id });
    for (const link of d.links) own(link.grammars, { kind: 'link', link, dialog: d.id });
    for (const item of d.items) {
      if (item.kind === 'field' || item.kind === 'initial') {
        for (const link of item.links) own(link.grammars, { kind: 'link', link, dialog: d.id, item: item.name });
      }
      if (item.kind === 'field' || item.kind === 'record' || item.kind === 'transfer') {
        own(item.grammars, { kind: 'item', dialog: d.id, item: item.name });
      }
    }
  }
  return { dialogs, owners };
}

/** Splits a recognizer key `<documentKey>#<grammarId>` (the id never contains '#'). */
export function splitGrammarKey(key: string): { doc: string; id: string } {
  const hash = key.lastIndexOf('#');
  return hash < 0 ? { doc: '', id: key } : { doc: key.slice(0, hash), id: key.slice(hash + 1) };
}
