/**
 * Flow coverage: which dialogs, form items, event handlers and transitions of an application the calls
 * exercised, from the interpreter's trace (TraceEntry dialog / item / handler / transition). Pure: the caller
 * feeds traces as calls run and, at the end, the application's documents (crawled statically, so what no
 * call reached counts too) and how a traced URI maps onto them.
 *
 * Handlers and transitions are recognised by their source position: a trace names the leaf document the
 * call was in, while the handler (or the <goto> in it) may be declared in the application root — so a
 * position is looked up in the traced document first, then in its application root.
 */
import type { Catch, DialogGraph, Edge, FormItem } from '../../contracts/graph';
import type { TraceEntry } from '../../contracts/interpreter';
import type { Loc } from '../../contracts/source';
import { resolveDocument } from '../compiler/uri';

export type Measure = 'dialogs' | 'items' | 'handlers' | 'transitions';
export const MEASURES: readonly Measure[] = ['dialogs', 'items', 'handlers', 'transitions'];
export const MEASURE_NAMES: Readonly<Record<Measure, string>> = { dialogs: 'dialogs', items: 'form items', handlers: 'handlers', transitions: 'transitions' };

/** Edges that are moves of a call (an application attribute is not; <goto nextitem> stays in its form and is counted by items). */
const TRANSITION_KINDS = new Set<Edge['kind']>(['goto', 'submit', 'choice', 'link', 'subdialog', 'catch', 'return']);

const at = (loc: Loc): string => `${loc.line}:${loc.col}`;
const strip = (uri: string): string => uri.replace(/#.*$/, '');

/** What the calls did, keyed by the URIs the interpreter traced. */
export class TraceCollector {
  readonly dialogs = new Set<string>();
  readonly items = new Set<string>();
  /** `uri@line:col` of handlers run and transitions made (uri: the document the call was in). */
  readonly handlers = new Set<string>();
  readonly transitions = new Set<string>();
  /** Entry documents of the calls (without fragment), in the order first seen. */
  readonly entries: string[] = [];
  /** Application root of every document the runtime compiled. */
  readonly roots = new Map<string, string>();
  calls = 0;

  callStarted(entry: string): void {
    this.calls++;
    const doc = strip(entry);
    if (!this.entries.includes(doc)) this.entries.push(doc);
  }

  /** A document the runtime compiled (for its application root). */
  document(uri: string, graph: DialogGraph): void {
    if (graph.application) this.roots.set(strip(uri), resolveDocument(strip(uri), graph.application));
  }

  record(trace: readonly TraceEntry[]): void {
    for (const t of trace) {
      switch (t.kind) {
        case 'dialog':
          this.dialogs.add(`${strip(t.uri)}#${t.dialog}`);
          break;
        case 'item':
          this.items.add(`${strip(t.uri)}#${t.dialog}.${t.item}`);
          break;
        case 'handler':
          this.handlers.add(`${strip(t.uri)}@${at(t.loc)}`);
          break;
        case 'transition':
          this.transitions.add(`${strip(t.uri)}@${at(t.loc)}`);
          break;
        case 'log':
        case 'event':
        case 'recognition':
        case 'unplayed':
          break;
      }
    }
  }
}

export interface Ratio {
  covered: number;
  total: number;
  /** 0..100, one decimal; 100 when there is nothing to cover. */
  percent: number;
}

export interface DocumentCoverage {
  uri: string;
  dialogs: { id: string; kind: 'form' | 'menu'; line: number; covered: boolean }[];
  items: { dialog: string; name: string; kind: FormItem['kind']; line: number; covered: boolean }[];
  handlers: { tag: Catch['tag']; events: string[]; count: number; line: number; col: number; covered: boolean }[];
  transitions: { kind: Edge['kind']; from: string; to: string; label: string; line: number; col: number; covered: boolean }[];
}

export interface ApplicationCoverage {
  entry: string;
  documents: string[];
  totals: Record<Measure, Ratio>;
}

export interface CoverageReport {
  version: 1;
  /** Directory local paths are relative to. */
  cwd?: string;
  calls: number;
  totals: Record<Measure, Ratio>;
  applications: ApplicationCoverage[];
  documents: DocumentCoverage[];
}

export interface CoverageApplication {
  entry: string;
  /** Every static document of the application (the entry first), by absolute URI. */
  documents: { uri: string; graph: DialogGraph }[];
}

export interface CoverageOptions {
  /** Traced URI → the URI the application's documents are known by (e.g. a served URL → its local file). */
  mapUri?: (traced: string) => string;
  /** How a URI is shown in the report. */
  display?: (uri: string) => string;
  cwd?: string;
}

function catchesOf(graph: DialogGraph): Catch[] {
  const all = [...graph.catches];
  for (const d of graph.dialogs) {
    all.push(...d.catches);
    if (d.kind === 'form') for (const item of d.items) if ('catches' in item) all.push(...item.catches);
  }
  return all;
}

export function ratio(covered: number, total: number): Ratio {
  return { covered, total, percent: total === 0 ? 100 : Math.floor((covered / total) * 1000) / 10 };
}

export function computeCoverage(apps: readonly CoverageApplication[], seen: TraceCollector, opts: CoverageOptions = {}): CoverageReport {
  const map = opts.mapUri ?? ((u: string) => u);
  const show = opts.display ?? ((u: string) => u);
  const graphs = new Map<string, DialogGraph>();
  for (const a of apps) for (const d of a.documents) if (!graphs.has(d.uri)) graphs.set(d.uri, d.graph);

  // Observed positions, attributed to the document that declares them.
  const positions = (keys: Set<string>, declared: (g: DialogGraph) => Loc[]): Set<string> => {
    const out = new Set<string>();
    for (const key of keys) {
      const [traced, pos] = splitKey(key);
      const root = seen.roots.get(traced);
      for (const candidate of [traced, root]) {
        if (candidate === undefined) continue;
        const uri = map(candidate);
        const g = graphs.get(uri);
        if (g && declared(g).some((l) => at(l) === pos)) {
          out.add(`${uri}@${pos}`);
          break;
        }
      }
    }
    return out;
  };
  const handlersSeen = positions(seen.handlers, (g) => catchesOf(g).map((c) => c.loc));
  const transitionsSeen = positions(seen.transitions, (g) => g.edges.filter((e) => TRANSITION_KINDS.has(e.kind)).map((e) => e.loc));
  const mapped = (keys: Set<string>): Set<string> => new Set([...keys].map((k) => map(k.slice(0, k.indexOf('#'))) + k.slice(k.indexOf('#'))));
  const dialogsSeen = mapped(seen.dialogs);
  const itemsSeen = mapped(seen.items);

  const documents: DocumentCoverage[] = [];
  const byUri = new Map<string, DocumentCoverage>();
  for (const [uri, g] of graphs) {
    const dc: DocumentCoverage = { uri: show(uri), dialogs: [], items: [], handlers: [], transitions: [] };
    for (const d of g.dialogs) {
      dc.dialogs.push({ id: d.id, kind: d.kind, line: d.loc.line, covered: dialogsSeen.has(`${uri}#${d.id}`) });
      if (d.kind === 'form') for (const item of d.items) dc.items.push({ dialog: d.id, name: item.name, kind: item.kind, line: item.loc.line, covered: itemsSeen.has(`${uri}#${d.id}.${item.name}`) });
    }
    for (const c of catchesOf(g)) dc.handlers.push({ tag: c.tag, events: c.events, count: c.count, line: c.loc.line, col: c.loc.col, covered: handlersSeen.has(`${uri}@${at(c.loc)}`) });
    for (const e of g.edges) {
      if (!TRANSITION_KINDS.has(e.kind)) continue;
      dc.transitions.push({ kind: e.kind, from: e.from, to: e.to === undefined ? (e.dynamic !== undefined ? `expr: ${e.dynamic}` : 'return') : e.to.startsWith('#') ? e.to : show(e.to), label: e.label, line: e.loc.line, col: e.loc.col, covered: transitionsSeen.has(`${uri}@${at(e.loc)}`) });
    }
    documents.push(dc);
    byUri.set(uri, dc);
  }
  const totalsOf = (docs: DocumentCoverage[]): Record<Measure, Ratio> =>
    Object.fromEntries(MEASURES.map((m) => {
      const all = docs.flatMap((d) => d[m] as { covered: boolean }[]);
      return [m, ratio(all.filter((x) => x.covered).length, all.length)];
    })) as Record<Measure, Ratio>;
  const applications = apps.map((a) => {
    const docs = a.documents.map((d) => byUri.get(d.uri)).filter((d): d is DocumentCoverage => d !== undefined);
    return { entry: show(a.entry), documents: docs.map((d) => d.uri), totals: totalsOf(docs) };
  });
  return { version: 1, ...(opts.cwd ? { cwd: opts.cwd } : {}), calls: seen.calls, totals: totalsOf(documents), applications, documents };
}

function splitKey(key: string): [string, string] {
  const i = key.lastIndexOf('@');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** `dialogs 100% (14/14), form items 100% (45/45), handlers 100% (40/40), transitions 87.5% (70/80)` */
export function formatTotals(t: Record<Measure, Ratio>): string {
  return MEASURES.map((m) => `${MEASURE_NAMES[m]} ${t[m].percent}% (${t[m].covered}/${t[m].total})`).join(', ');
}

/** Lines for the replay output: one per application, then the total when there are several. */
export function coverageLines(r: CoverageReport): string[] {
  const lines = r.applications.map((a) => `coverage ${a.entry}: ${formatTotals(a.totals)}`);
  if (r.applications.length > 1) lines.push(`coverage (all): ${formatTotals(r.totals)}`);
  return lines;
}
