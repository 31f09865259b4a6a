/**
 * Names for the grammars of an application, so the console can say WHICH grammar or choice matched a
 * caller's input ("menu main_menu, choice 'flight status'") rather than a bare key `main.vxml#g2`.
 */
import type { Dialog, DialogGraph, GrammarDecl, Link } from '../../gateway/index';

export interface GrammarLabel {
  /** Human description of what the grammar belongs to. */
  label: string;
  uri: string;
  line: number;
  /** External grammar file, when the grammar has a src. */
  src?: string;
}

/** Recognizer key (`<documentUri>#<grammarId>`) → label, for every grammar of the given documents. */
export function grammarLabels(graphs: readonly DialogGraph[]): Map<string, GrammarLabel> {
  const out = new Map<string, GrammarLabel>();
  for (const graph of graphs) {
    const put = (id: string, label: string): void => {
      const decl: GrammarDecl | undefined = graph.grammars[id];
      if (!decl || out.has(`${graph.uri}#${id}`)) return;
      out.set(`${graph.uri}#${id}`, { label: `${label}${decl.builtin ? ` (builtin ${decl.builtin.type})` : ''}`, uri: graph.uri, line: decl.loc.line, src: decl.src });
    };
    const links = (owner: string, list: readonly Link[]): void => {
      for (const link of list) for (const id of link.grammars) put(id, `${owner} link → ${link.next ?? link.event ?? link.expr ?? link.eventexpr ?? '?'}`);
    };
    for (const dialog of graph.dialogs) labelDialog(dialog, put, links);
    links('document', graph.links);
    for (const [id, decl] of Object.entries(graph.grammars)) put(id, `grammar at line ${decl.loc.line}`);
  }
  return out;
}

function labelDialog(dialog: Dialog, put: (id: string, label: string) => void, links: (owner: string, list: readonly Link[]) => void): void {
  if (dialog.kind === 'menu') {
    dialog.choices.forEach((choice, n) => {
      for (const id of choice.grammars) put(id, `menu ${dialog.id}, choice ${n + 1} "${choice.text}"`);
    });
    return;
  }
  for (const item of dialog.items) {
    switch (item.kind) {
      case 'field':
        for (const id of item.grammars) put(id, `field ${item.name}${item.options.length ? ' options' : ''}`);
        links(`field ${item.name}`, item.links);
        break;
      case 'initial':
        links(`initial ${item.name}`, item.links);
        break;
      case 'record':
      case 'transfer':
        for (const id of item.grammars) put(id, `${item.kind} ${item.name}`);
        break;
      case 'block':
      case 'subdialog':
      case 'object':
        break;
    }
  }
  for (const id of dialog.grammars) put(id, `form ${dialog.id} (form-level grammar)`);
  links(`form ${dialog.id}`, dialog.links);
}
