/**
 * The dialog graph as the browser draws it: one box per dialog (a form lists its form items, a menu its
 * choices), one cluster per document, an arrow per transition; laid out with dagre on the server, once per
 * application, so the page only paints SVG. Every box and row carries its source range for the source view,
 * and the keys the call's TraceEntry dialog/item entries are matched against for the live highlight.
 */
import type { Dialog, EdgeKind, FormItem, Loc } from '../../gateway/index';
import type { AppDocument } from './documents';
import { elementEndLine } from './source-range';

// dagre is an ES module with a CommonJS build; its types are declared for the ESM side only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre = require('@dagrejs/dagre') as typeof import('@dagrejs/dagre', { with: { 'resolution-mode': 'import' } });
type GraphLabel = import('@dagrejs/dagre', { with: { 'resolution-mode': 'import' } }).GraphLabel;
type NodeLabel = import('@dagrejs/dagre', { with: { 'resolution-mode': 'import' } }).NodeLabel;
type EdgeLabel = import('@dagrejs/dagre', { with: { 'resolution-mode': 'import' } }).EdgeLabel;

export interface ChartRow {
  /** Form item name (as in TraceEntry `item`), or `choice:<n>` for a menu choice. */
  key: string;
  label: string;
  kind: string;
  line: number;
  endLine: number;
}

export type BoxKind = 'form' | 'menu' | 'document' | 'external' | 'dynamic' | 'return';

export interface ChartBox {
  id: string;
  kind: BoxKind;
  title: string;
  /** Document and dialog (for highlight and source); absent on boxes outside the drawn documents. */
  uri?: string;
  dialog?: string;
  line?: number;
  endLine?: number;
  rows: ChartRow[];
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string;
  points: { x: number; y: number }[];
  labelAt?: { x: number; y: number };
}

export interface ChartCluster {
  id: string;
  uri: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartView {
  width: number;
  height: number;
  clusters: ChartCluster[];
  boxes: ChartBox[];
  edges: ChartEdge[];
}

/** Geometry of the drawing (the page's stylesheet uses the same sizes). */
export const GEOMETRY = { titleHeight: 24, rowHeight: 18, padBottom: 6, charWidth: 7, minWidth: 110, maxChars: 34, clusterPad: 18 } as const;

export function buildChartView(documents: readonly AppDocument[]): ChartView {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 60, edgesep: 10, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));

  const boxes = new Map<string, Omit<ChartBox, 'x' | 'y' | 'width' | 'height'>>();
  const byUri = new Map(documents.map((d, i) => [d.uri, i]));
  const idOf = new Map<string, string>();
  const newId = (key: string): string => {
    let id = idOf.get(key);
    if (!id) {
      id = `b${idOf.size}`;
      idOf.set(key, id);
    }
    return id;
  };
  const addBox = (key: string, box: Omit<ChartBox, 'id' | 'x' | 'y' | 'width' | 'height'>, cluster?: string): string => {
    const id = newId(key);
    if (boxes.has(id)) return id;
    boxes.set(id, { id, ...box });
    const chars = Math.min(GEOMETRY.maxChars, Math.max(box.title.length + 2, ...box.rows.map((r) => r.label.length + 2)));
    g.setNode(id, { width: Math.max(GEOMETRY.minWidth, chars * GEOMETRY.charWidth + 16), height: GEOMETRY.titleHeight + box.rows.length * GEOMETRY.rowHeight + GEOMETRY.padBottom });
    if (cluster) g.setParent(id, cluster);
    return id;
  };

  const clusters: { id: string; uri: string; label: string }[] = [];
  documents.forEach((doc, i) => {
    const cluster = `c${i}`;
    clusters.push({ id: cluster, uri: doc.uri, label: shortName(doc.uri) });
    g.setNode(cluster, {});
    for (const dialog of doc.graph.dialogs) addBox(`${i}#${dialog.id}`, dialogBox(doc, dialog), cluster);
  });

  const docBox = (i: number): string => {
    const doc = documents[i];
    return addBox(`${i}#`, { kind: 'document', title: `${shortName(doc.uri)} (document level)`, uri: doc.uri, line: doc.graph.loc.line, rows: [] }, `c${i}`);
  };
  const dialogTarget = (i: number, id: string | undefined): string => {
    const graph = documents[i].graph;
    const dialog = id ? graph.dialogs.find((d) => d.id === id) : graph.dialogs[0];
    if (dialog) return newId(`${i}#${dialog.id}`);
    return addBox(`${i}#missing#${id ?? ''}`, { kind: 'external', title: `#${id ?? ''} (missing)`, rows: [] }, `c${i}`);
  };

  const edges = new Map<string, { from: string; to: string; kind: EdgeKind; labels: string[] }>();
  let dynamicCount = 0;
  documents.forEach((doc, i) => {
    for (const e of doc.graph.edges) {
      if (e.kind === 'next-item' || e.kind === 'application') continue;
      const from = e.from === '' ? docBox(i) : newId(`${i}#${e.from}`);
      let to: string;
      if (e.to === undefined && e.dynamic !== undefined) {
        to = addBox(`dyn${++dynamicCount}`, { kind: 'dynamic', title: `expr: ${e.dynamic}`, rows: [] }, `c${i}`);
      } else if (e.to === undefined) {
        to = addBox(`${i}#return`, { kind: 'return', title: 'return to caller', rows: [] }, `c${i}`);
      } else if (e.to.startsWith('#')) {
        to = dialogTarget(i, e.to.slice(1));
      } else {
        const hash = e.to.indexOf('#');
        const docUri = hash < 0 ? e.to : e.to.slice(0, hash);
        const j = byUri.get(docUri);
        to = j !== undefined ? dialogTarget(j, hash < 0 ? undefined : e.to.slice(hash + 1)) : addBox(`ext#${docUri}`, { kind: 'external', title: shortName(docUri), uri: docUri, rows: [] });
      }
      if (from === to) continue;
      const key = `${from}>${to}`;
      const label = e.label && e.label !== e.kind ? `${e.kind} ${e.label}` : e.kind;
      const known = edges.get(key);
      if (known) {
        if (!known.labels.includes(label)) known.labels.push(label);
      } else edges.set(key, { from, to, kind: e.kind, labels: [label] });
    }
  });
  for (const e of edges.values()) {
    const label = edgeLabel(e.labels);
    g.setEdge(e.from, e.to, { width: label.length * 6 + 4, height: 14, labelpos: 'c', minlen: 1 });
  }

  dagre.layout(g);

  const outBoxes: ChartBox[] = [...boxes.values()].map((b) => {
    const n = g.node(b.id);
    return { ...b, x: round(n.x - n.width / 2), y: round(n.y - n.height / 2), width: round(n.width), height: round(n.height) };
  });
  const outClusters: ChartCluster[] = clusters.flatMap((c) => {
    const n = g.node(c.id);
    if (!n || n.width === undefined || g.children(c.id)?.length === 0) return [];
    return [{ ...c, x: round(n.x - n.width / 2), y: round(n.y - n.height / 2 - GEOMETRY.clusterPad), width: round(n.width), height: round(n.height + GEOMETRY.clusterPad) }];
  });
  const outEdges: ChartEdge[] = [...edges.values()].map((e) => {
    const data = g.edge(e.from, e.to);
    return {
      from: e.from,
      to: e.to,
      kind: e.kind,
      label: edgeLabel(e.labels),
      points: (data.points ?? []).map((p: { x: number; y: number }) => ({ x: round(p.x), y: round(p.y) })),
      labelAt: data.x !== undefined && data.y !== undefined ? { x: round(data.x), y: round(data.y) } : undefined,
    };
  });
  const graph = g.graph();
  return { width: round(graph.width ?? 0) + 8, height: round(graph.height ?? 0) + 8, clusters: outClusters, boxes: outBoxes, edges: outEdges };
}

function dialogBox(doc: AppDocument, dialog: Dialog): Omit<ChartBox, 'id' | 'x' | 'y' | 'width' | 'height'> {
  const end = (loc: Loc): number => elementEndLine(doc.lines, loc);
  const rows: ChartRow[] =
    dialog.kind === 'form'
      ? dialog.items.map((item) => ({ key: item.name, label: itemLabel(item), kind: item.kind, line: item.loc.line, endLine: end(item.loc) }))
      : dialog.choices.map((choice, n) => ({ key: `choice:${n + 1}`, label: `${choice.dtmf ?? (dialog.dtmf && n < 9 ? String(n + 1) : '·')} ${choice.text}`, kind: 'choice', line: choice.loc.line, endLine: end(choice.loc) }));
  return { kind: dialog.kind, title: dialog.anonymous ? `${dialog.kind} (line ${dialog.loc.line})` : `${dialog.kind} ${dialog.id}`, uri: doc.uri, dialog: dialog.id, line: dialog.loc.line, endLine: end(dialog.loc), rows };
}

function itemLabel(item: FormItem): string {
  const name = item.anonymous ? '' : ` ${item.name}`;
  switch (item.kind) {
    case 'field':
      return `field${name}${item.type ? ` (${item.type})` : item.options.length ? ` (${item.options.length} options)` : ''}`;
    case 'transfer':
      return `transfer${name} → ${item.dest ?? item.destexpr ?? '?'}`;
    case 'subdialog':
      return `subdialog${name}`;
    case 'block':
    case 'initial':
    case 'object':
    case 'record':
      return `${item.kind}${name}`;
  }
}

function edgeLabel(labels: string[]): string {
  const text = labels.length > 2 ? `${labels.slice(0, 2).join(', ')} +${labels.length - 2}` : labels.join(', ');
  return text.length > 36 ? `${text.slice(0, 35)}…` : text;
}

export function shortName(uri: string): string {
  return uri.replace(/[?#].*$/, '').split('/').pop() || uri;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
