/**
 * Scores an NLU approach on the shipped utterance sets the way a call would run: the active grammars first
 * (an utterance they match never reaches the NLU), then the approach. Reports in-scope accuracy, off-topic
 * rejection and the latency of the NLU step (median, p99), per app and overall.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DialogGraph } from '../../contracts/graph';
import type { ActiveGrammar } from '../../gateway/grammar/index';
import { destinationOf, indexDocument, type Owner } from '../../gateway/nlu/documents';
import { parseOverlay } from '../../gateway/nlu/overlay';
import type { NluOverlay } from '../../contracts/nlu';
import { AppContext } from './app-context';
import type { Dataset, Split, Utterance } from './dataset';

export interface ApproachInput {
  text: string;
  grammars: ActiveGrammar[];
  lang: string;
  now: number;
  app: AppContext;
  overlays: NluOverlay[];
}

export interface Approach {
  readonly name: string;
  /** The result the grammars would have produced, or undefined (nomatch). */
  understand(input: ApproachInput): Promise<{ grammar: string; interpretation: unknown } | undefined>;
  /** Why it decided so (reason, alternatives) — printed with the misses of `--verbose`. */
  explain?(input: ApproachInput): Promise<string>;
  /** Trains what `understand` will need for this grammar set (kept out of the latency figures). */
  prepare?(input: ApproachInput): Promise<void>;
  /** Start-up work (loading libraries), kept out of the latency figures. */
  warmUp?(): void;
}

export interface Row {
  u: Utterance;
  path: 'grammar' | 'nlu' | 'nomatch';
  got?: string;
  ok: boolean;
  ms?: number;
  /** The approach's explanation (only for misses, when asked). */
  why?: string;
}

export interface Scores {
  inScope: number;
  correct: number;
  offTopic: number;
  rejected: number;
  accuracy: number;
  rejection: number;
  medianMs: number;
  p99Ms: number;
  nluCalls: number;
}

const RUNS = 5;

export function loadOverlays(appDir: string): NluOverlay[] {
  const file = path.join(appDir, 'nlu', 'overlay.yaml');
  return fs.existsSync(file) ? [parseOverlay(fs.readFileSync(file, 'utf8'), file)] : [];
}

export async function evaluate(datasets: readonly Dataset[], approach: Approach, opts: { splits: readonly Split[]; overlays: boolean; explain?: boolean }): Promise<Row[]> {
  const rows: Row[] = [];
  approach.warmUp?.();
  for (const ds of datasets) {
    const app = new AppContext(ds.dir);
    const overlays = opts.overlays ? loadOverlays(ds.dir) : [];
    for (const u of ds.utterances) {
      if (!opts.splits.includes(u.split)) continue;
      const { grammars, lang } = app.active(u.where);
      const voice = grammars.filter((g) => g.decl.mode === 'voice');
      const g = app.engine.recognize({ kind: 'speech', text: u.text, confidence: 0.9 }, grammars, { resolve: app.resolve, now: ds.now });
      if (g.kind === 'error') throw new Error(`${ds.app} ${u.context} "${u.text}": ${g.message}`);
      if (g.kind === 'match') {
        const got = { grammar: g.result.grammar, interpretation: g.result.interpretation };
        rows.push({ u, path: 'grammar', got: describe(got, app), ok: judge(u, got, app) });
        continue;
      }
      const input: ApproachInput = { text: u.text, grammars: voice, lang, now: ds.now, app, overlays };
      if (voice.length) {
        await approach.prepare?.(input);
        // One untimed run first: the figures are the steady state of a server, not V8's first compilation.
        await approach.understand(input);
      }
      // Each utterance's time is the CPU time (the machine may be shared) of one run, the median of RUNS runs
      // so that a garbage-collection pause of the eval process itself does not count as classification time.
      let r: Awaited<ReturnType<Approach['understand']>>;
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = process.cpuUsage();
        r = voice.length ? await approach.understand(input) : undefined;
        const used = process.cpuUsage(started);
        times.push((used.user + used.system) / 1000);
      }
      const ms = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
      const ok = judge(u, r!, app);
      const why = !ok && opts.explain && approach.explain && voice.length ? await approach.explain(input) : undefined;
      rows.push({ u, path: r! ? 'nlu' : 'nomatch', got: r! ? describe(r, app) : undefined, ok, ms, ...(why ? { why } : {}) });
    }
  }
  return rows;
}

export function score(rows: readonly Row[]): Scores {
  const inScope = rows.filter((r) => r.u.expect.kind !== 'reject');
  const off = rows.filter((r) => r.u.expect.kind === 'reject');
  const times = rows.filter((r) => r.ms !== undefined).map((r) => r.ms as number).sort((a, b) => a - b);
  const q = (p: number): number => (times.length ? times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] : 0);
  const correct = inScope.filter((r) => r.ok).length;
  const rejected = off.filter((r) => r.ok).length;
  return {
    inScope: inScope.length,
    correct,
    offTopic: off.length,
    rejected,
    accuracy: inScope.length ? correct / inScope.length : 1,
    rejection: off.length ? rejected / off.length : 1,
    medianMs: q(0.5),
    p99Ms: q(0.99),
    nluCalls: times.length,
  };
}

function ownerOf(grammarKey: string, app: AppContext): { graph: DialogGraph; owner: Owner } | undefined {
  const at = grammarKey.lastIndexOf('#');
  const graph = app.documents(grammarKey.slice(0, at));
  const owner = graph ? indexDocument(graph).owners.get(grammarKey.slice(at + 1)) : undefined;
  return graph && owner ? { graph, owner } : undefined;
}

function destination(r: { grammar: string }, app: AppContext): string | undefined {
  const o = ownerOf(r.grammar, app);
  if (!o) return undefined;
  if (o.owner.kind === 'choice') return destinationOf(o.owner.choice, o.graph);
  if (o.owner.kind === 'link') return destinationOf(o.owner.link, o.graph);
  return undefined;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return String(a) === String(b);
}

export function judge(u: Utterance, r: { grammar: string; interpretation: unknown } | undefined, app: AppContext): boolean {
  const e = u.expect;
  if (e.kind === 'reject') return r === undefined;
  if (!r) return false;
  if (e.kind === 'any') return e.options.some((o) => judge({ ...u, expect: o }, r, app));
  switch (e.kind) {
    case 'value': {
      const owner = ownerOf(r.grammar, app)?.owner;
      if (owner && (owner.kind === 'choice' || owner.kind === 'link')) return false;
      if (same(r.interpretation, e.value)) return true;
      // A form-level (mixed-initiative) result fills the field through its slot (VoiceXML 2.0 §3.1.6.3).
      const slot = slotOf(u, app);
      const v = r.interpretation;
      return slot !== undefined && typeof v === 'object' && v !== null && slot in v && same((v as Record<string, unknown>)[slot], e.value);
    }
    case 'event':
      return destination(r, app) === `event:${e.name}`;
    case 'next':
      return destination(r, app) === app.destination(e.uri);
    case 'choice': {
      const docRel = u.where.split('#')[0];
      const graph = app.documents(app.uriOf(docRel));
      const menu = graph?.dialogs.find((d) => d.kind === 'menu' && d.id === u.where.split('#')[1]);
      const choice = menu && menu.kind === 'menu' ? menu.choices.find((c) => c.text.toLowerCase() === e.text.toLowerCase()) : undefined;
      if (!graph || !choice) throw new Error(`${u.app} ${u.context}: no choice "${e.text}"`);
      return destination(r, app) === destinationOf(choice, graph);
    }
  }
}

function slotOf(u: Utterance, app: AppContext): string | undefined {
  const m = /^([^#]+)#([^/]+)\/(.+)$/.exec(u.where);
  if (!m) return undefined;
  const dialog = app.documents(app.uriOf(m[1]))?.dialogs.find((d) => d.id === m[2]);
  const item = dialog?.kind === 'form' ? dialog.items.find((i) => i.name === m[3]) : undefined;
  return item?.kind === 'field' ? item.slot : undefined;
}

export function describe(r: { grammar: string; interpretation: unknown }, app: AppContext): string {
  const d = destination(r, app);
  const base = app.destination('.');
  if (d) return d.startsWith('event:') ? d : `next:${d.startsWith(base) ? d.slice(base.length) : d}`;
  return `value:${typeof r.interpretation === 'string' ? r.interpretation : JSON.stringify(r.interpretation)}`;
}
