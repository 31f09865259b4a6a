/**
 * The offline NLU, pure: given the active voice grammars and an utterance none of them matched, decide which
 * result the grammars would have produced — or none. Three readers, all answering in the grammars' own terms:
 *   1. spans: a grammar's (or builtin's) phrase inside the utterance, surrounded by nothing unknown;
 *   2. yes/no: builtin:boolean and true/false grammars read by polarity;
 *   3. the classifier over the labels of closed grammars (choices, options, links, small SISR grammars).
 * Grammars are compiled into a model once per grammar set (cached by grammar keys and document identity).
 */
import type { DialogGraph } from '../../contracts/graph';
import type { NluOverlay } from '../../contracts/nlu';
import type { ActiveGrammar, GrammarEngine, GrammarResolver } from '../grammar/index';
import { Classifier, type Classification } from './classifier';
import { buildLabels, type Label, type LabelSet } from './labels';
import { countsPeople, headcount } from './headcount';
import { polarity } from './polarity';
import { recognizeValue } from './recognizers';
import { builtinType, grammarWords, matchBuiltinSpan, matchSrgsSpan, rawTokens, spanStands, unknownAround, type SpanContext, type SpanHit } from './spans';
import { lexiconFor, type Lexicon } from './terms';
import { langOf, words } from './text';
import { normalizeWords } from '../grammar/index';

export interface NluSettings {
  /** Lowest classifier score (share of the caller's content a label explains) that is accepted. */
  minScore: number;
  /** Lowest lead of the best label over the runner-up. */
  minMargin: number;
  /** Phrases expanded per grammar for training. */
  maxPhrases: number;
  maxLabelsPerGrammar: number;
  /** Spans tried per grammar. */
  maxSpanAttempts: number;
  /** Ask Microsoft Recognizers-Text when our builtin readers find nothing although a value was said. */
  recognizersText: boolean;
  overlays: NluOverlay[];
}

export const DEFAULT_SETTINGS: NluSettings = {
  // More than half of the request explained, with a margin: a tie between one known and one unknown word
  // ("book me a hotel") stays a nomatch. Calibrated on the dev split (docs/nlu.md).
  minScore: 0.55,
  minMargin: 0.15,
  maxPhrases: 300,
  maxLabelsPerGrammar: 60,
  maxSpanAttempts: 60,
  recognizersText: true,
  overlays: [],
};

export interface Model {
  set: LabelSet;
  classifier: Classifier;
  lexicon: Lexicon;
  grammars: ActiveGrammar[];
}

export type Method = 'span' | 'builtin' | 'yes-no' | 'classifier';

export interface Decision {
  /** The accepted result, or undefined (nomatch). */
  accepted?: { grammar: string; interpretation: unknown; score: number; label: string; method: Method };
  /** Candidates considered, best first (label names and scores). */
  alternatives: { label: string; score: number }[];
  /** The classifier's view (labels the LLM may choose among). */
  classification?: Classification;
  /** Why nothing was accepted. */
  reason?: string;
}

export interface DecideInput {
  text: string;
  now: number;
  lang: string;
}

export function buildModel(grammars: readonly ActiveGrammar[], engine: GrammarEngine, resolve: GrammarResolver, documents: (uri: string) => DialogGraph | undefined, lang: string, settings: NluSettings): Model {
  const set = buildLabels(grammars, engine, resolve, documents, { maxPhrases: settings.maxPhrases, maxLabelsPerGrammar: settings.maxLabelsPerGrammar, overlays: settings.overlays });
  for (const g of set.open) for (const w of grammarWords(g, resolve) ?? []) set.vocabulary.add(w);
  // Overlays scoped to other documents lend neither examples nor synonyms.
  const applies = settings.overlays.filter((o) => !o.documents || grammars.some((g) => o.documents?.some((d) => g.ref.key.includes(d))));
  const synonyms = applies.flatMap((o) => o.synonyms ?? []);
  const lexicon = lexiconFor(langOf(lang), synonyms);
  return { set, classifier: new Classifier(set.labels, lexicon, set.vocabulary, [...set.topic, ...set.dialogTopic]), lexicon, grammars: [...grammars] };
}

type Candidate = { grammar: string; interpretation: unknown; score: number; precedence: number; label: string; method: Method };

export function decide(model: Model, input: DecideInput, engine: GrammarEngine, resolve: GrammarResolver, settings: NluSettings): Decision {
  const tokens = rawTokens(input.text);
  if (tokens.length === 0) return { alternatives: [], reason: 'empty utterance' };
  const ctx: SpanContext = { engine, resolve, now: input.now, lang: input.lang, lexicon: model.lexicon, vocabulary: model.set.vocabulary, maxAttempts: settings.maxSpanAttempts };
  const found: Candidate[] = [];
  // The utterance read once, aligned with the raw tokens, to see whether a span cuts a concept in two.
  const tokenWords = tokens.map((t) => words(t));
  const wordStart: number[] = [];
  let count = 0;
  for (const ws of tokenWords) {
    wordStart.push(count);
    count += ws.length;
  }
  wordStart.push(count);
  const analysis = model.lexicon.analyseWords(tokenWords.flat());
  const cutsConcept = (spans: readonly [number, number][]): number => {
    let cuts = 0;
    for (const [s, e] of spans) {
      const ws = wordStart[s];
      const we = wordStart[e];
      for (const t of analysis.terms) {
        if (t.end - t.start < 2 || !t.ids[0].startsWith('#')) continue;
        if ((t.start < ws && t.end > ws) || (t.start < we && t.end > we)) cuts++;
      }
    }
    return cuts;
  };
  const booleanKeys = new Set(model.set.booleans.map((b) => b.grammar.ref.key));
  model.grammars.forEach((g, precedence) => {
    if (g.decl.mode !== 'voice') return;
    const type = builtinType(g);
    if (type === 'boolean' || booleanKeys.has(g.ref.key)) {
      const p = polarity(input.text);
      if (p) found.push({ grammar: g.ref.key, interpretation: p.value, score: 1, precedence, label: String(p.value), method: 'yes-no' });
      return;
    }
    let hit: SpanHit | undefined;
    // A list of people ("me and two kids") is read whole before any number in it ("two").
    if (type !== undefined) hit = headcountOf(g, precedence, type, input.text, tokens, model, ctx) ?? matchBuiltinSpan(g, precedence, tokens, ctx) ?? fallbackBuiltin(g, precedence, type, input, tokens, ctx, settings);
    else hit = matchSrgsSpan(g, precedence, tokens, ctx);
    if (!hit) return;
    // "necesito poner saldo": the span "saldo" is half of "poner saldo" (top up), not the balance choice.
    if (!hit.reworded) hit.unknown += cutsConcept(hit.spans);
    if (!spanStands(hit.covered, hit.unknown)) return;
    const label = labelOf(model.set.labels, g.ref.key, hit.interpretation);
    found.push({
      grammar: g.ref.key,
      interpretation: label?.interpretation ?? hit.interpretation,
      score: hit.covered / (hit.covered + hit.unknown),
      precedence,
      label: label?.name ?? display(hit.interpretation),
      method: type !== undefined ? 'builtin' : 'span',
    });
  });
  found.sort((a, b) => b.score - a.score || a.precedence - b.precedence);

  const classification = model.set.labels.length > 0 ? model.classifier.classify(analysis) : undefined;
  const ranked = classification?.ranked ?? [];
  let top = ranked[0];
  let second = ranked[1];
  // Two labels offering the very same phrase (a field option "main menu" and the root link "main menu"):
  // the grammar with precedence would have won had the caller said just that phrase, so it wins here too.
  if (top && second && top.score - second.score < settings.minMargin && sharePhrase(top.label, second.label)) {
    if (second.label.targets[0].precedence < top.label.targets[0].precedence) [top, second] = [second, top];
    second = ranked.find((r) => r !== top && r !== second && !sharePhrase(r.label, top.label)) ?? { label: second.label, score: 0 };
  }
  const margin = top ? top.score - (second?.score ?? 0) : 0;
  const confident = top !== undefined && (classification?.content ?? 0) > 0 && top.score >= settings.minScore && margin >= settings.minMargin;
  const alternatives = mergeAlternatives(found, ranked);

  const span = found[0];
  if (span && (!confident || span.score >= (top?.score ?? 0) - 0.1)) {
    return { accepted: { grammar: span.grammar, interpretation: span.interpretation, score: round(span.score), label: span.label, method: span.method }, alternatives, classification };
  }
  if (confident && top) {
    const t = top.label.targets[0];
    return { accepted: { grammar: t.grammar, interpretation: t.interpretation, score: round(top.score), label: top.label.name, method: 'classifier' }, alternatives, classification };
  }
  const reason = !top ? 'no grammar phrase in the utterance' : (classification?.content ?? 0) === 0 ? 'nothing in the utterance names a request' : top.score < settings.minScore ? `best label explains ${pct(top.score)} of the request` : `labels too close (${pct(top.score)} vs ${pct(second?.score ?? 0)})`;
  return { alternatives, classification, reason };
}

const ownPhrases = new WeakMap<Label, Set<string>>();

/** A label's own phrases, normalised (computed once per label: labels live as long as their model). */
function own(l: Label): Set<string> {
  let set = ownPhrases.get(l);
  if (!set) {
    set = new Set(l.phrases.filter((p) => p.source === 'grammar' || p.source === 'text').map((p) => normalizeWords(p.text).join(' ')));
    ownPhrases.set(l, set);
  }
  return set;
}

function sharePhrase(a: Label, b: Label): boolean {
  const pa = own(a);
  for (const p of own(b)) if (pa.has(p)) return true;
  return false;
}

/** A span result of a closed grammar maps onto its label (so a choice reports the choice's first target). */
function labelOf(labels: readonly Label[], grammar: string, interpretation: unknown): { name: string; interpretation: unknown } | undefined {
  for (const l of labels) {
    const t = l.targets.find((x) => x.grammar === grammar);
    if (!t) continue;
    if (l.kind === 'choice' || l.kind === 'link') return { name: l.name, interpretation };
    if (display(t.interpretation) === display(interpretation)) return { name: l.name, interpretation };
  }
  return undefined;
}

/** "me and my wife" where the number field asks how many people: the builtin's own reading of the count. */
function headcountOf(g: ActiveGrammar, precedence: number, type: string, text: string, tokens: readonly string[], model: Model, ctx: SpanContext): SpanHit | undefined {
  if (type !== 'number' || !countsPeople(model.set.topic)) return undefined;
  const n = headcount(text);
  if (n === undefined) return undefined;
  const hit = matchBuiltinSpan(g, precedence, [String(n)], ctx);
  return hit ? { ...hit, spans: [[0, tokens.length]], covered: tokens.length, unknown: 0, reworded: true } : undefined;
}

/** Builtin value our readers missed: ask Recognizers-Text, then check the words around it as for any span. */
function fallbackBuiltin(g: ActiveGrammar, precedence: number, type: string, input: DecideInput, tokens: readonly string[], ctx: SpanContext, settings: NluSettings): SpanHit | undefined {
  if (!settings.recognizersText || !['date', 'time', 'number', 'currency'].includes(type)) return undefined;
  if (!/\d|\b(next|this|coming|after|before|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week|day|o'?clock|quarter|half|noon|midnight|dollars?|bucks|cents?|euros?|lunes|martes|miercoles|jueves|viernes|sabado|domingo|proximo|manana)\b/i.test(input.text)) return undefined;
  const found = recognizeValue(type as 'date', input.text, input.lang, input.now);
  if (!found) return undefined;
  // Which raw tokens said it: those inside the recognized text.
  const at = input.text.toLowerCase().indexOf(found.text.toLowerCase());
  let pos = 0;
  let start = -1;
  let end = -1;
  for (let i = 0; i < tokens.length; i++) {
    const ti = input.text.indexOf(tokens[i], pos);
    pos = ti + tokens[i].length;
    if (at >= 0 && ti >= at && ti < at + found.text.length) {
      if (start < 0) start = i;
      end = i + 1;
    }
  }
  if (start < 0) return undefined;
  const spans: [number, number][] = [[start, end]];
  return { grammar: g, precedence, interpretation: found.value, spans, covered: end - start, unknown: unknownAround(tokens, spans, ctx) };
}

function mergeAlternatives(found: readonly Candidate[], ranked: readonly { label: Label; score: number }[]): { label: string; score: number }[] {
  const out: { label: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const c of found) {
    if (seen.has(c.label)) continue;
    seen.add(c.label);
    out.push({ label: c.label, score: round(c.score) });
  }
  for (const r of ranked) {
    if (out.length >= 4) break;
    if (seen.has(r.label.name) || r.score <= 0) continue;
    seen.add(r.label.name);
    out.push({ label: r.label.name, score: round(r.score) });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, 4);
}

function display(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const pct = (x: number): string => `${Math.round(x * 100)}%`;
