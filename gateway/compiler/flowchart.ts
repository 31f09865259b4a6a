/**
 * Drawing compiled documents as a flowchart (Mermaid or Graphviz DOT): every dialog is a node, each edge
 * kind a labelled arrow, each document a subgraph; documents outside the set, dynamic targets (expr) and
 * subdialog returns get nodes of their own. Pure: the caller decides which documents to draw.
 */
import type { DialogGraph, Edge } from '../../contracts/graph';
import { splitRef } from './uri';

type Shape = 'form' | 'menu' | 'document' | 'external' | 'dynamic' | 'return' | 'missing';

interface ChartNode {
  id: string;
  label: string;
  shape: Shape;
  /** Index of the document whose subgraph holds it (undefined: outside every subgraph). */
  doc?: number;
}

interface ChartEdge {
  from: string;
  to: string;
  label: string;
  kind: Edge['kind'];
}

export interface Chart {
  documents: { uri: string; nodes: ChartNode[] }[];
  outside: ChartNode[];
  edges: ChartEdge[];
}

/** Builds the chart; the first graph is the entry document. */
export function buildChart(graphs: DialogGraph[]): Chart {
  const byUri = new Map(graphs.map((g, i) => [g.uri, i]));
  const chart: Chart = { documents: graphs.map((g) => ({ uri: g.uri, nodes: [] })), outside: [], edges: [] };
  const used = new Set<string>();
  const ids = new Map<string, string>();
  const nodeId = (key: string): string => {
    const known = ids.get(key);
    if (known) return known;
    const base = key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '') || 'n';
    let id = `n_${base}`;
    for (let k = 2; used.has(id); k++) id = `n_${base}_${k}`;
    used.add(id);
    ids.set(key, id);
    return id;
  };
  const ensure = (key: string, make: () => Omit<ChartNode, 'id'>): string => {
    const had = ids.has(key);
    const id = nodeId(key);
    if (!had) {
      const n = { id, ...make() };
      if (n.doc === undefined) chart.outside.push(n);
      else chart.documents[n.doc].nodes.push(n);
    }
    return id;
  };
  graphs.forEach((g, i) => {
    for (const d of g.dialogs) ensure(`${i}##${d.id}`, () => ({ label: d.id, shape: d.kind, doc: i }));
  });
  const dialogNode = (i: number, id: string | undefined): string => {
    const g = graphs[i];
    const target = id === undefined || id === '' ? g.dialogs[0] : g.dialogs.find((d) => d.id === id);
    if (target) return nodeId(`${i}##${target.id}`);
    if (id === undefined || id === '') return ensure(`${i}#doc`, () => ({ label: shortName(g.uri), shape: 'document', doc: i }));
    return ensure(`${i}#missing#${id}`, () => ({ label: `#${id} (missing)`, shape: 'missing', doc: i }));
  };
  let dynamicCount = 0;
  graphs.forEach((g, i) => {
    for (const e of g.edges) {
      const from = e.from === '' ? ensure(`${i}#doc`, () => ({ label: shortName(g.uri), shape: 'document', doc: i })) : nodeId(`${i}##${e.from}`);
      let to: string;
      let label = e.kind === e.label || e.label === '' ? e.kind : `${e.kind}: ${e.label}`;
      if (e.to === undefined && e.dynamic !== undefined) {
        to = ensure(`dyn${++dynamicCount}`, () => ({ label: `expr: ${e.dynamic ?? ''}`, shape: 'dynamic', doc: i }));
      } else if (e.to === undefined) {
        to = ensure(`${i}#return`, () => ({ label: 'return to caller', shape: 'return', doc: i }));
      } else if (e.to.startsWith('#')) {
        to = dialogNode(i, e.to.slice(1));
      } else {
        const { doc, fragment } = splitRef(e.to);
        const j = byUri.get(doc);
        if (j !== undefined) to = dialogNode(j, fragment);
        else {
          to = ensure(`ext#${doc}`, () => ({ label: doc, shape: 'external' }));
          if (fragment) label += ` (#${fragment})`;
        }
      }
      chart.edges.push({ from, to, label, kind: e.kind });
    }
  });
  return chart;
}

function shortName(uri: string): string {
  return uri.replace(/[?#].*$/, '').split('/').pop() || uri;
}

// ------------------------------------------------------------ Mermaid

const MERMAID_SHAPE: Record<Shape, [string, string]> = {
  form: ['["', '"]'],
  menu: ['{{"', '"}}'],
  document: ['(["', '"])'],
  external: ['[/"', '"/]'],
  dynamic: ['>"', '"]'],
  return: ['(("', '"))'],
  missing: ['["', '"]'],
};

function mermaidText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

export function toMermaid(chart: Chart): string {
  const lines = ['flowchart LR'];
  const node = (n: ChartNode, indent: string): void => {
    const [open, close] = MERMAID_SHAPE[n.shape];
    lines.push(`${indent}${n.id}${open}${mermaidText(n.label)}${close}`);
  };
  chart.documents.forEach((d, i) => {
    lines.push(`  subgraph doc${i}["${mermaidText(d.uri)}"]`);
    for (const n of d.nodes) node(n, '    ');
    lines.push('  end');
  });
  for (const n of chart.outside) node(n, '  ');
  for (const e of chart.edges) {
    const arrow = e.kind === 'catch' || e.kind === 'application' || e.kind === 'return' ? '-.->' : '-->';
    lines.push(`  ${e.from} ${arrow}|"${mermaidText(e.label)}"| ${e.to}`);
  }
  const missing = chart.documents.flatMap((d) => d.nodes.filter((n) => n.shape === 'missing').map((n) => n.id));
  if (missing.length > 0) lines.push('  classDef missing stroke:#c00,stroke-dasharray:4 2', `  class ${missing.join(',')} missing`);
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------ Graphviz DOT

const DOT_SHAPE: Record<Shape, string> = {
  form: 'box', menu: 'hexagon', document: 'oval', external: 'parallelogram', dynamic: 'cds', return: 'circle', missing: 'box',
};

function dotString(s: string): string {
  return `"${s.replace(/\s+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function toDot(chart: Chart): string {
  const lines = ['digraph vxml {', '  rankdir=LR;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  const node = (n: ChartNode, indent: string): void => {
    const style = n.shape === 'missing' ? ', color=red, style=dashed' : '';
    lines.push(`${indent}${n.id} [label=${dotString(n.label)}, shape=${DOT_SHAPE[n.shape]}${style}];`);
  };
  chart.documents.forEach((d, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${dotString(d.uri)};`);
    for (const n of d.nodes) node(n, '    ');
    lines.push('  }');
  });
  for (const n of chart.outside) node(n, '  ');
  for (const e of chart.edges) {
    const style = e.kind === 'catch' || e.kind === 'application' || e.kind === 'return' ? ', style=dashed' : '';
    lines.push(`  ${e.from} -> ${e.to} [label=${dotString(e.label)}${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
