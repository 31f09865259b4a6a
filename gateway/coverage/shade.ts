/**
 * Shading a drawn dialog graph with a coverage report: dialogs the calls reached in green, the others in
 * red, and the transitions they made drawn thick and green — Mermaid classDef/class/linkStyle lines, or
 * Graphviz fillcolor/color attributes. Works on the chart `buildChart` made from the same documents, in
 * the same order: one chart edge per graph edge.
 */
import type { DialogGraph } from '../../contracts/graph';
import type { Chart } from '../compiler/flowchart';
import type { CoverageReport } from './coverage';

export const COVERED_FILL = '#c8e6c9';
export const UNCOVERED_FILL = '#ffcdd2';
export const COVERED_EDGE = '#2e7d32';

export interface ChartCoverage {
  /** Chart node ids of dialogs exercised / not exercised (dialogs of documents the report does not know: neither). */
  covered: string[];
  uncovered: string[];
  /** Indexes into chart.edges of transitions made. */
  edges: number[];
}

/**
 * Which chart nodes and edges the report covers. `same(reportUri, graphUri)` says whether a document of the
 * report is the drawn document (the CLI compares absolute paths).
 */
export function chartCoverage(chart: Chart, graphs: readonly DialogGraph[], report: CoverageReport, same: (reportUri: string, graphUri: string) => boolean): ChartCoverage {
  const out: ChartCoverage = { covered: [], uncovered: [], edges: [] };
  const docs = graphs.map((g) => report.documents.find((d) => same(d.uri, g.uri)));
  chart.documents.forEach((cd, i) => {
    const dc = docs[i];
    if (!dc) return;
    for (const n of cd.nodes) {
      if (n.shape !== 'form' && n.shape !== 'menu') continue;
      const d = dc.dialogs.find((x) => x.id === n.label);
      if (d) (d.covered ? out.covered : out.uncovered).push(n.id);
    }
  });
  const total = graphs.reduce((n, g) => n + g.edges.length, 0);
  if (total !== chart.edges.length) return out; // not the chart of these graphs: nodes only
  let index = 0;
  graphs.forEach((g, i) => {
    for (const e of g.edges) {
      const dc = docs[i];
      if (dc?.transitions.some((t) => t.covered && t.line === e.loc.line && t.col === e.loc.col)) out.edges.push(index);
      index++;
    }
  });
  return out;
}

export function shadeMermaid(mermaid: string, cov: ChartCoverage): string {
  const lines = [mermaid.trimEnd(), '  %% coverage: green = exercised by the replayed calls, red = never reached'];
  lines.push(`  classDef covered fill:${COVERED_FILL},stroke:${COVERED_EDGE}`, `  classDef uncovered fill:${UNCOVERED_FILL},stroke:#c62828`);
  if (cov.covered.length) lines.push(`  class ${cov.covered.join(',')} covered`);
  if (cov.uncovered.length) lines.push(`  class ${cov.uncovered.join(',')} uncovered`);
  if (cov.edges.length) lines.push(`  linkStyle ${cov.edges.join(',')} stroke:${COVERED_EDGE},stroke-width:3px`);
  return `${lines.join('\n')}\n`;
}

export function shadeDot(dot: string, cov: ChartCoverage): string {
  const covered = new Set(cov.covered);
  const uncovered = new Set(cov.uncovered);
  const edges = new Set(cov.edges);
  let edgeIndex = 0;
  const out = dot.trimEnd().split('\n').map((line) => {
    const node = /^(\s*)(\w+) \[(.*)\];$/.exec(line);
    if (node && !line.includes(' -> ')) {
      const fill = covered.has(node[2]) ? COVERED_FILL : uncovered.has(node[2]) ? UNCOVERED_FILL : undefined;
      return fill ? `${node[1]}${node[2]} [${node[3]}, style=filled, fillcolor="${fill}"];` : line;
    }
    if (/^\s*\w+ -> \w+ \[.*\];$/.test(line)) {
      const shaded = edges.has(edgeIndex++);
      return shaded ? line.replace(/\];$/, `, color="${COVERED_EDGE}", penwidth=2];`) : line;
    }
    return line;
  });
  const close = out.lastIndexOf('}');
  out.splice(close, 0, '  // coverage: green = exercised by the replayed calls, red = never reached');
  return `${out.join('\n')}\n`;
}
