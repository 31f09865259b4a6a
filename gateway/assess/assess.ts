/**
 * The migration assessment: every use in a crawled application, evaluated on each target platform against
 * the capability table, plus the documents' own problems, the grammar inventory and the targets the crawl
 * could not follow. Pure: a Crawl in, a JSON-serialisable report out.
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { Loc } from '../../contracts/source';
import { fatalDiagnostic } from '../interpreter/index';
import { capability, evaluate, PLATFORMS, type Capability, type Family, type Platform, type SupportStatus, type Verdict } from './capabilities';
import type { Crawl, Resource } from './crawl';
import { grammarInventory, type GrammarEntry } from './grammars';
import { usesOf, type Use } from './uses';

export interface Place {
  uri: string;
  line: number;
  col: number;
  /** The value as written, or what the use is about (e.g. `field flight_number`). */
  value?: string;
}

/** Uses of one thing that get the same verdict on a platform. */
export interface FindingGroup {
  key: string;
  name: string;
  family: Family;
  vendor?: string;
  status: SupportStatus;
  note?: string;
  uses: Place[];
}

export interface PlatformAssessment {
  platform: Platform;
  /** Uses counted by status. */
  counts: Record<SupportStatus, number>;
  groups: FindingGroup[];
}

/** Uses of one thing that work with a difference on at least one platform, with the difference per platform. */
export interface DifferenceGroup {
  key: string;
  name: string;
  family: Family;
  vendor?: string;
  /** Platforms where it differs, and how. */
  notes: Partial<Record<Platform, string>>;
  uses: Place[];
}

export interface Blocker {
  what: string;
  why: string;
  platforms: Platform[];
  places: Place[];
}

export interface TargetListing {
  uri: string;
  kind: string;
  reason: string;
  places: Place[];
}

export interface AssessmentReport {
  version: 1;
  inputs: string[];
  entries: string[];
  documents: { uri: string; entry: boolean; dialogs: number; errors: number; warnings: number }[];
  platforms: PlatformAssessment[];
  blockers: Blocker[];
  differences: DifferenceGroup[];
  vendor: FindingGroup[];
  /** Compiler and grammar errors (also blockers) and infos; warnings are uses (feature:document-warning). */
  problems: Diagnostic[];
  grammars: GrammarEntry[];
  targets: { dynamic: TargetListing[]; notFollowed: TargetListing[]; missing: TargetListing[] };
  resources: Record<'document' | 'grammar' | 'script' | 'data' | 'audio', number>;
  summary: {
    documents: number;
    dialogs: number;
    uses: number;
    distinct: number;
    grammars: number;
    blockers: number;
    vendorExtensions: number;
    dynamicTargets: number;
  };
}

export interface AssessOptions {
  /** The command-line inputs, as given (the report's title). */
  inputs?: readonly string[];
  /** How a URI is shown (local files relative to the working directory). */
  display?: (uri: string) => string;
  platforms?: readonly Platform[];
}

/** Diagnostics a use already reports (shown once, as the use). */
const COVERED_CODES = new Set(['unknown-property', 'vendor-extension', 'unsupported-object', 'unsupported-grammar-type', 'unknown-builtin']);

export function assess(crawl: Crawl, opts: AssessOptions = {}): AssessmentReport {
  const show = opts.display ?? ((u: string) => u);
  const platforms = opts.platforms ?? PLATFORMS;
  const place = (uri: string, loc: Loc, value?: string): Place => ({ uri: show(uri), line: loc.line, col: loc.col, ...(value !== undefined ? { value } : {}) });

  const uses: Use[] = [];
  for (const d of crawl.documents) uses.push(...usesOf(d.uri, d.root, d.graph));
  uses.push(...audioUses(crawl, show));
  uses.push(...warningUses(crawl));

  const evaluated = uses.map((u) => {
    const c = capability(u.key) as Capability;
    const verdicts = Object.fromEntries(platforms.map((p) => [p, evaluate(c, p, u.facts)])) as Record<Platform, Verdict>;
    return { use: u, cap: c, verdicts };
  });

  const assessments: PlatformAssessment[] = platforms.map((platform) => {
    const counts: Record<SupportStatus, number> = { works: 0, differs: 0, unsupported: 0 };
    const groups = new Map<string, FindingGroup>();
    for (const { use, cap, verdicts } of evaluated) {
      const v = verdicts[platform];
      counts[v.status]++;
      const k = `${use.key}|${use.name}|${v.status}|${v.note ?? ''}`;
      let g = groups.get(k);
      if (!g) {
        g = { key: use.key, name: use.name, family: cap.family, status: v.status, ...(use.vendor ? { vendor: use.vendor } : {}), ...(v.note ? { note: v.note } : {}), uses: [] };
        groups.set(k, g);
      }
      g.uses.push(place(use.uri, use.loc, use.facts.value));
    }
    return { platform, counts, groups: [...groups.values()] };
  });

  // Errors the runtime refuses a document for (error.badfetch where it is fetched) vs errors raised when reached.
  const refused = new Set<Diagnostic>();
  for (const d of crawl.documents) for (const x of d.graph.diagnostics) if (fatalDiagnostic({ ...d.graph, diagnostics: [x] }) === x) refused.add(x);
  const diagnostics = [...crawl.documents.flatMap((d) => d.graph.diagnostics), ...[...crawl.grammars.values()].flatMap((g) => g.diagnostics)];
  const kept = diagnostics.filter((d) => !COVERED_CODES.has(d.code) && d.severity !== 'warning');
  const problems = kept.map((d) => ({ ...d, uri: show(d.uri) }));
  const refusedShown = new Set(kept.flatMap((d, i) => (refused.has(d) ? [problems[i]] : [])));

  const listing = (r: Resource): TargetListing => ({ uri: show(r.uri), kind: r.kind, reason: r.reason ?? '', places: r.refs.map((ref) => place(ref.from, ref.loc, `<${ref.element} ${ref.attribute}>`)) });
  const missing = crawl.resources.filter((r) => r.state === 'missing' || r.state === 'failed').map(listing);
  const targets = {
    dynamic: crawl.dynamic.map((t) => ({ uri: t.written, kind: t.kind, reason: t.reason, places: [place(t.from, t.loc, `<${t.element} ${t.attribute}>`)] })),
    notFollowed: crawl.resources.filter((r) => r.state === 'not-followed').map(listing),
    missing,
  };

  const blockers = blockersOf(evaluated, platforms, place, problems, refusedShown, crawl.resources.filter((r) => (r.state === 'missing' || r.state === 'failed') && r.kind !== 'audio'), show);
  const vendor = vendorGroups(evaluated, place);
  const differences = differencesOf(evaluated, platforms, place);
  const grammars = grammarInventory(crawl.documents, crawl.grammars, show).map((g) => ({ ...g, uri: show(g.uri), ...(g.src ? { src: g.src.startsWith('builtin:') ? g.src : show(g.src) } : {}) }));
  const count = (kind: Resource['kind']): number => crawl.resources.filter((r) => r.kind === kind && r.state === 'ok').length;

  return {
    version: 1,
    inputs: [...(opts.inputs ?? crawl.documents.filter((d) => d.entry).map((d) => show(d.uri)))],
    entries: crawl.documents.filter((d) => d.entry).map((d) => show(d.uri)),
    documents: crawl.documents.map((d) => ({
      uri: show(d.uri),
      entry: d.entry,
      dialogs: d.graph.dialogs.length,
      errors: d.graph.diagnostics.filter((x) => x.severity === 'error').length,
      warnings: d.graph.diagnostics.filter((x) => x.severity === 'warning').length,
    })),
    platforms: assessments,
    blockers,
    differences,
    vendor,
    problems,
    grammars,
    targets,
    resources: { document: count('document'), grammar: count('grammar'), script: count('script'), data: count('data'), audio: count('audio') },
    summary: {
      documents: crawl.documents.length,
      dialogs: crawl.documents.reduce((n, d) => n + d.graph.dialogs.length, 0),
      uses: uses.length,
      distinct: new Set(uses.map((u) => `${u.key}|${u.name}`)).size,
      grammars: grammars.length,
      blockers: blockers.length,
      vendorExtensions: vendor.reduce((n, g) => n + g.uses.length, 0),
      dynamicTargets: targets.dynamic.length,
    },
  };
}

type Evaluated = { use: Use; cap: Capability; verdicts: Record<Platform, Verdict> };

function blockersOf(
  evaluated: Evaluated[],
  platforms: readonly Platform[],
  place: (uri: string, loc: Loc, value?: string) => Place,
  problems: Diagnostic[],
  refused: ReadonlySet<Diagnostic>,
  unread: Resource[],
  show: (uri: string) => string,
): Blocker[] {
  const out = new Map<string, Blocker>();
  for (const { use, verdicts } of evaluated) {
    const on = platforms.filter((p) => verdicts[p].status === 'unsupported');
    if (on.length === 0) continue;
    const why = on.map((p) => verdicts[p].note ?? '').filter((n, i, all) => all.indexOf(n) === i).join(' / ');
    const k = `${use.key}|${use.name}|${on.join(',')}|${why}`;
    let b = out.get(k);
    if (!b) {
      b = { what: use.vendor ? `${use.name} (${use.vendor})` : use.name, why, platforms: on, places: [] };
      out.set(k, b);
    }
    b.places.push(place(use.uri, use.loc, use.facts.value));
  }
  const list = [...out.values()];
  for (const d of problems) {
    if (d.severity !== 'error') continue;
    const when = refused.has(d) ? 'the gateway refuses the document (error.badfetch where it is fetched)' : 'raised when the call reaches it';
    list.push({ what: `document error ${d.code}`, why: `${d.message} [${when}]`, platforms: [...platforms], places: [{ uri: d.uri, line: d.line, col: d.col }] });
  }
  for (const r of unread) {
    list.push({
      what: `${r.kind} ${show(r.uri)} ${r.state === 'missing' ? 'not found' : 'unreadable'}`,
      why: `${r.reason ?? ''}: the application gets error.badfetch where it is used`,
      platforms: [...platforms],
      places: r.refs.map((ref) => place(ref.from, ref.loc, `<${ref.element} ${ref.attribute}>`)),
    });
  }
  return list;
}

function differencesOf(evaluated: Evaluated[], platforms: readonly Platform[], place: (uri: string, loc: Loc, value?: string) => Place): DifferenceGroup[] {
  const out = new Map<string, DifferenceGroup>();
  for (const { use, cap, verdicts } of evaluated) {
    const notes: Partial<Record<Platform, string>> = {};
    for (const p of platforms) if (verdicts[p].status === 'differs') notes[p] = verdicts[p].note ?? '';
    if (Object.keys(notes).length === 0) continue;
    const k = `${use.key}|${use.name}|${JSON.stringify(notes)}`;
    let g = out.get(k);
    if (!g) {
      g = { key: use.key, name: use.name, family: cap.family, ...(use.vendor ? { vendor: use.vendor } : {}), notes, uses: [] };
      out.set(k, g);
    }
    g.uses.push(place(use.uri, use.loc, use.facts.value));
  }
  return [...out.values()];
}

function vendorGroups(evaluated: Evaluated[], place: (uri: string, loc: Loc, value?: string) => Place): FindingGroup[] {
  const out = new Map<string, FindingGroup>();
  for (const { use, cap, verdicts } of evaluated) {
    if (cap.family !== 'vendor') continue;
    const worst = (Object.values(verdicts) as Verdict[]).reduce<Verdict>((w, v) => (rank(v.status) > rank(w.status) ? v : w), { status: 'works' });
    const k = `${use.key}|${use.name}`;
    let g = out.get(k);
    if (!g) {
      g = { key: use.key, name: use.name, family: cap.family, status: worst.status, ...(use.vendor ? { vendor: use.vendor } : {}), ...(worst.note ? { note: worst.note } : {}), uses: [] };
      out.set(k, g);
    }
    g.uses.push(place(use.uri, use.loc, use.facts.value));
  }
  return [...out.values()];
}

function rank(s: SupportStatus): number {
  return s === 'unsupported' ? 2 : s === 'differs' ? 1 : 0;
}

/** Diagnostic codes that are a use of a capability themselves (the warning's message says the particulars). */
const WARNING_USES: Readonly<Record<string, string>> = { 'legacy-grammar-format': 'feature:legacy-grammar', 'grammar.legacy-format': 'feature:legacy-grammar' };

/**
 * Warnings are differences a migration team must look at (the gateway runs the document, reading something
 * as the legacy platform did, or ignoring it): each becomes a use, its message the particulars.
 */
function warningUses(crawl: Crawl): Use[] {
  const out: Use[] = [];
  const all = [...crawl.documents.flatMap((d) => d.graph.diagnostics), ...[...crawl.grammars.values()].flatMap((g) => g.diagnostics)];
  // A converted grammar file referenced by a <grammar type="text/gsl"> is reported once, at the reference.
  const typedAt = new Set(all.filter((d) => d.code === 'legacy-grammar-format').map((d) => `${d.uri}@${d.line}:${d.col}`));
  const reportedAtReference = (file: string): boolean =>
    crawl.resources.some((r) => r.kind === 'grammar' && r.uri === file && r.refs.some((ref) => typedAt.has(`${ref.from}@${ref.loc.line}:${ref.loc.col}`)));
  for (const d of all) {
    if (d.severity !== 'warning' || COVERED_CODES.has(d.code)) continue;
    if (d.code === 'grammar.legacy-format' && reportedAtReference(d.uri)) continue;
    const key = WARNING_USES[d.code] ?? 'feature:document-warning';
    const name = key === 'feature:document-warning' ? `warning ${d.code}` : (capability(key)?.name ?? key);
    out.push({ key, name, uri: d.uri, loc: { line: d.line, col: d.col }, facts: { element: d.code, value: d.message, attrs: {} } });
  }
  return out;
}

/** One audio-format use per reference to an audio file whose header could be read. */
function audioUses(crawl: Crawl, show: (uri: string) => string): Use[] {
  const out: Use[] = [];
  for (const r of crawl.resources) {
    if (r.kind !== 'audio') continue;
    const info = crawl.audio.get(r.uri);
    if (!info) continue;
    for (const ref of r.refs) {
      const attrs: Record<string, string> = { format: info.format, description: info.description, fallback: ref.fallback ? 'true' : 'false' };
      if (info.bits !== undefined) attrs.bits = String(info.bits);
      if (info.channels !== undefined) attrs.channels = String(info.channels);
      if (info.rate !== undefined) attrs.rate = String(info.rate);
      out.push({ key: 'feature:audio-format', name: 'audio file format', uri: ref.from, loc: ref.loc, facts: { element: ref.element, value: show(r.uri), attrs } });
    }
  }
  return out;
}
