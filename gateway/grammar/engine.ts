/**
 * The grammar engine: decides what the caller said against the active grammars, the way a VoiceXML
 * platform's recognizer would (grammar order = precedence), and answers the questions the runtime asks
 * before listening (which documents to fetch, DTMF length bounds, hints, closed choice sets).
 */
import type { RecognitionResult } from '../../contracts/grammar';
import type { InputMode } from '../../contracts/platform';
import type { GrammarResolver } from './compile';
import { expandRule, ruleBounds } from './expand';
import { Matcher, matchText } from './parse';
import { GrammarPreparer, type ActiveGrammar, type Prepared } from './prepare';
import { interpret, type SisrRunner } from './sisr';
import { createRealm } from '../ecmascript';
import { dtmfKeys, normalizeWords, transcriptVariants } from './tokens';

export type RecognitionInput =
  | { kind: 'speech'; text: string; confidence: number; alternatives?: { text: string; confidence: number }[] }
  | { kind: 'dtmf'; digits: string };

export interface RecognizeOptions {
  /** Fetched and parsed external grammar documents, by absolute URI without fragment. */
  resolve: GrammarResolver;
  /** The turn's injected clock, for builtin dates said as "today"/"tomorrow". */
  now?: number;
  /** DTMF terminating key in force; stripped from the end of the digits (and reported) when present. */
  termchar?: string;
}

export type RecognizeOutcome =
  | { kind: 'match'; result: RecognitionResult }
  | { kind: 'nomatch'; utterance: string; inputmode: InputMode; confidence: number }
  /** A grammar cannot be used (error.badfetch, error.semantic from SISR, error.unsupported.builtin…). */
  | { kind: 'error'; event: string; message: string; grammar: string };

export type PrepareOutcome =
  | { status: 'ready' }
  /** Fetch these documents (absolute URIs), parse them with parseGrammarDocument, and prepare again. */
  | { status: 'need'; uris: string[] }
  | { status: 'error'; event: string; message: string; grammar: string };

export interface DtmfBounds {
  minDigits: number;
  /** null: no grammar bounds the length, so only termchar or the interdigit timeout ends collection. */
  maxDigits: number | null;
  /** True when collection can only end on termchar/timeout (maxDigits null). */
  endsOnTermchar: boolean;
}

export interface GrammarEngineOptions {
  /** The ECMAScript sandbox that runs SISR script tags. Default: a realm of gateway/ecmascript, created on first use. */
  sisr?: SisrRunner;
  /** Time budget for one recognition's SISR tags (ms). Default 50. */
  sisrBudgetMs?: number;
  /** Language for builtins ("dollars" → USD for en-US). Default en-US. */
  lang?: string;
  /** Compiled grammars kept (LRU by key). Default 2000. */
  maxCached?: number;
  /** Phrases expanded per accept="approximate" grammar. Default 1000. */
  approximateLimit?: number;
}

const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'to', 'and', 'or', 'in', 'on', 'for', 'please', 'i', 'want', 'my', 'me', 'is', 'it']);

type Hit = { utterance: string; interpretation: unknown } | { error: string };

export class GrammarEngine {
  private readonly preparer: GrammarPreparer;
  /**
   * Phrase lists and examples per prepared grammar (and limit): the runtime asks for them on every listen
   * (hints, ACS choices, NLU labels). A prepared grammar is rebuilt whenever its source changes, so its
   * identity keys what was derived from it.
   */
  private readonly listed = new WeakMap<object, Map<string, unknown>>();
  private sisrRunner?: SisrRunner;
  private readonly budgetMs: number;

  constructor(opts: GrammarEngineOptions = {}) {
    this.preparer = new GrammarPreparer({
      lang: opts.lang ?? 'en-US',
      approximateLimit: opts.approximateLimit ?? 1000,
      maxCached: opts.maxCached ?? 2000,
    });
    this.sisrRunner = opts.sisr;
    this.budgetMs = opts.sisrBudgetMs ?? 50;
  }

  /** SISR scripts need no per-application state, so one realm serves every grammar of this engine. */
  private sisr(): SisrRunner {
    this.sisrRunner ??= createRealm({ name: 'sisr' });
    return this.sisrRunner;
  }

  /** Compiles (cached) every active grammar; says which external documents are still needed, or the first error. */
  prepare(active: readonly ActiveGrammar[], resolve: GrammarResolver): PrepareOutcome {
    const uris = new Set<string>();
    for (const g of active) {
      const p = this.preparer.prepare(g, resolve);
      if (p.kind === 'need') for (const u of p.uris) uris.add(u);
      else if (p.kind === 'error') return { status: 'error', event: p.event, message: p.message, grammar: p.key };
    }
    return uris.size > 0 ? { status: 'need', uris: [...uris] } : { status: 'ready' };
  }

  /** Matches caller input against `active` (highest precedence first); the first grammar that matches wins. */
  recognize(input: RecognitionInput, active: readonly ActiveGrammar[], opts: RecognizeOptions): RecognizeOutcome {
    const mode: InputMode = input.kind === 'dtmf' ? 'dtmf' : 'voice';
    const grammars: Exclude<Prepared, { kind: 'need' | 'error' }>[] = [];
    for (const g of active) {
      const p = this.preparer.prepare(g, opts.resolve);
      if (p.kind === 'need') return { kind: 'error', event: 'error.badfetch', message: `grammar ${p.key} needs ${p.uris.join(', ')}, which was not fetched`, grammar: p.key };
      if (p.kind === 'error') return { kind: 'error', event: p.event, message: p.message, grammar: p.key };
      if (p.mode === mode) grammars.push(p);
    }
    return input.kind === 'dtmf' ? this.recognizeDtmf(input.digits, grammars, opts) : this.recognizeSpeech(input, grammars, opts);
  }

  private recognizeDtmf(digits: string, grammars: Exclude<Prepared, { kind: 'need' | 'error' }>[], opts: RecognizeOptions): RecognizeOutcome {
    let keys = dtmfKeys(digits);
    let termchar: string | undefined;
    const tc = opts.termchar;
    const attempts: { keys: string[]; termchar?: string }[] = [];
    if (tc && keys.length > 0 && keys[keys.length - 1] === tc) {
      termchar = tc;
      attempts.push({ keys: keys.slice(0, -1), termchar }, { keys });
    } else attempts.push({ keys });
    for (const attempt of attempts) {
      keys = attempt.keys;
      for (const p of grammars) {
        const hit = this.matchOne(p, keys, keys.join(''), '', 1, opts);
        if (!hit) continue;
        if ('error' in hit) return { kind: 'error', event: 'error.semantic', message: hit.error, grammar: p.key };
        const result: RecognitionResult = { grammar: p.key, utterance: hit.utterance, confidence: 1, inputmode: 'dtmf', interpretation: hit.interpretation, path: 'grammar' };
        if (attempt.termchar !== undefined) result.termchar = attempt.termchar;
        return { kind: 'match', result };
      }
    }
    return { kind: 'nomatch', utterance: dtmfKeys(digits).slice(0, termchar ? -1 : undefined).join(''), inputmode: 'dtmf', confidence: 1 };
  }

  private recognizeSpeech(input: Extract<RecognitionInput, { kind: 'speech' }>, grammars: Exclude<Prepared, { kind: 'need' | 'error' }>[], opts: RecognizeOptions): RecognizeOutcome {
    const candidates = [{ text: input.text, confidence: input.confidence }, ...(input.alternatives ?? [])];
    const speech = (p: Prepared, hit: { utterance: string; interpretation: unknown }, confidence: number): RecognizeOutcome => ({
      kind: 'match',
      result: { grammar: p.key, utterance: hit.utterance, confidence, inputmode: 'voice', interpretation: hit.interpretation, path: 'grammar' },
    });
    for (const c of candidates) {
      const words = normalizeWords(c.text);
      if (words.length === 0) continue;
      const variants = transcriptVariants(words);
      for (let v = 0; v < variants.length; v++) {
        for (const p of grammars) {
          if (p.kind === 'builtin' && v > 0) continue;
          const hit = this.matchOne(p, variants[v], c.text, ' ', c.confidence, opts);
          if (!hit) continue;
          if ('error' in hit) return { kind: 'error', event: 'error.semantic', message: hit.error, grammar: p.key };
          return speech(p, hit, c.confidence);
        }
      }
    }
    // accept="approximate": the caller said an ordered subset of a phrase's words (VoiceXML 2.0 §2.2.5).
    for (const c of candidates) {
      const words = normalizeWords(c.text);
      if (words.length === 0 || words.every((w) => STOPWORDS.has(w))) continue;
      for (const p of grammars) {
        if (p.kind !== 'srgs' || !p.approximate) continue;
        const phrase = bestApproximate(words, p.approximate);
        if (!phrase) continue;
        const hit = this.matchOne(p, phrase.words, phrase.text, ' ', c.confidence, opts);
        if (!hit) continue;
        if ('error' in hit) return { kind: 'error', event: 'error.semantic', message: hit.error, grammar: p.key };
        return speech(p, { utterance: c.text.trim(), interpretation: hit.interpretation }, c.confidence);
      }
    }
    return { kind: 'nomatch', utterance: input.text.trim(), inputmode: 'voice', confidence: input.confidence };
  }

  /** One grammar against one reading of the input: undefined = no match. */
  private matchOne(p: Exclude<Prepared, { kind: 'need' | 'error' }>, words: string[], raw: string, joiner: string, confidence: number, opts: RecognizeOptions): Hit | undefined {
    if (p.kind === 'builtin') {
      const b = p.matcher.match(raw, { now: opts.now });
      return b ? { utterance: raw.trim(), interpretation: b.value } : undefined;
    }
    const m = new Matcher(words, joiner).parse(p.rule);
    if (!m) return undefined;
    const utterance = matchText(m, words, joiner);
    if (!p.grammar.hasTags) return { utterance, interpretation: utterance };
    const s = interpret(m, { words, joiner, confidence, runner: this.sisr(), budgetMs: this.budgetMs });
    return s.ok ? { utterance, interpretation: s.value } : { error: s.message };
  }

  /**
   * Up to `limit` phrases of a grammar (its root rule), preferred first; `complete` is false when the grammar
   * says more (limit, unbounded repeats, GARBAGE, builtins). Builtins give a few canonical examples.
   */
  phrases(g: ActiveGrammar, resolve: GrammarResolver, limit: number): { phrases: string[]; complete: boolean } {
    const p = this.preparer.prepare(g, resolve);
    if (p.kind === 'builtin') return { phrases: p.matcher.examples.slice(0, limit), complete: false };
    if (p.kind !== 'srgs') return { phrases: [], complete: false };
    const listed = this.derived(p, `phrases:${limit}`, () => {
      const e = expandRule(p.rule, limit);
      return { phrases: e.phrases.map((t) => t.join(' ')), complete: e.complete };
    });
    return { phrases: [...listed.phrases], complete: listed.complete };
  }

  /** What `make` derives from a prepared grammar, computed once per grammar and key. */
  private derived<T>(p: object, key: string, make: () => T): T {
    let byKey = this.listed.get(p);
    if (!byKey) {
      byKey = new Map();
      this.listed.set(p, byKey);
    }
    if (!byKey.has(key)) byKey.set(key, make());
    return byKey.get(key) as T;
  }

  /**
   * Phrases with the interpretation each one produces (for NLU training and ACS `choices`): every listed
   * phrase is recognized through the grammar, so the labels are exactly what the grammar would return.
   */
  examples(g: ActiveGrammar, resolve: GrammarResolver, limit: number): { examples: { text: string; interpretation: unknown }[]; complete: boolean } {
    const p = this.preparer.prepare(g, resolve);
    if (p.kind === 'need' || p.kind === 'error') return { examples: [], complete: false };
    const listed = this.derived(p, `examples:${limit}`, () => {
      const { phrases, complete } = this.phrases(g, resolve, limit);
      const examples: { text: string; interpretation: unknown }[] = [];
      for (const text of phrases) {
        const words = p.mode === 'dtmf' ? dtmfKeys(text) : normalizeWords(text);
        const hit = this.matchOne(p, words, text, p.mode === 'dtmf' ? '' : ' ', 1, { resolve });
        if (hit && !('error' in hit)) examples.push({ text, interpretation: hit.interpretation });
      }
      return { examples, complete };
    });
    // Callers get their own copies: nothing they do to a result can change the next caller's.
    return { examples: listed.examples.map((e) => ({ text: e.text, interpretation: copyData(e.interpretation) })), complete: listed.complete };
  }

  /**
   * ACS `choices` for a listen whose voice grammars are all small closed sets: one choice per distinct
   * interpretation, labelled by its first phrase, with the DTMF key that yields the same interpretation
   * (if a DTMF grammar has one). Undefined when any voice grammar is open (builtin, GARBAGE, unbounded,
   * more than `maxPhrases` phrases) or the result would exceed `maxChoices`.
   */
  choices(active: readonly ActiveGrammar[], resolve: GrammarResolver, maxChoices = 10, maxPhrases = 100): { label: string; phrases: string[]; tone?: string }[] | undefined {
    const groups = new Map<string, { label: string; phrases: string[]; tone?: string }>();
    const tones = new Map<string, string>();
    let voiceGrammars = 0;
    for (const g of active) {
      const p = this.preparer.prepare(g, resolve);
      if (p.kind !== 'srgs' && p.kind !== 'builtin') return undefined;
      const { examples, complete } = this.examples(g, resolve, maxPhrases);
      if (p.mode === 'dtmf') {
        for (const e of examples) {
          const keys = dtmfKeys(e.text);
          const k = labelKey(e.interpretation);
          if (keys.length === 1 && !tones.has(k)) tones.set(k, TONE_NAMES[keys[0]] ?? keys[0]);
        }
        continue;
      }
      voiceGrammars++;
      if (!complete) return undefined;
      for (const e of examples) {
        const k = labelKey(e.interpretation);
        const group = groups.get(k);
        if (group) {
          if (!group.phrases.includes(e.text)) group.phrases.push(e.text);
        } else groups.set(k, { label: e.text, phrases: [e.text] });
      }
    }
    if (voiceGrammars === 0 || groups.size === 0 || groups.size > maxChoices) return undefined;
    return [...groups.entries()].map(([k, g]) => {
      const tone = tones.get(k);
      return tone === undefined ? g : { ...g, tone };
    });
  }

  /** Length bounds of DTMF input over the active DTMF grammars (builtins included). */
  dtmfBounds(active: readonly ActiveGrammar[], resolve: GrammarResolver): DtmfBounds | undefined {
    let min = Infinity;
    let max: number | null = 0;
    let any = false;
    for (const g of active) {
      const p = this.preparer.prepare(g, resolve);
      if ((p.kind !== 'srgs' && p.kind !== 'builtin') || p.mode !== 'dtmf') continue;
      const b = p.kind === 'builtin' ? p.matcher.dtmfBounds : ruleBounds(p.rule);
      if (b.min === Infinity) continue;
      any = true;
      min = Math.min(min, b.min);
      max = max === null || b.max === null ? null : Math.max(max, b.max);
    }
    if (!any) return undefined;
    return { minDigits: min, maxDigits: max, endsOnTermchar: max === null };
  }
}

/** The phrase containing all the caller's words in order, covering as much of it as possible (first wins ties). */
function bestApproximate(words: string[], phrases: { text: string; words: string[] }[]): { text: string; words: string[] } | undefined {
  let best: { text: string; words: string[] } | undefined;
  let bestScore = 0;
  for (const p of phrases) {
    if (p.words.length < words.length) continue;
    let i = 0;
    for (const w of p.words) if (i < words.length && w === words[i]) i++;
    if (i < words.length) continue;
    const score = words.length / p.words.length;
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

/** ACS Call Automation DTMF tone names. */
const TONE_NAMES: Record<string, string> = {
  '0': 'zero', '1': 'one', '2': 'two', '3': 'three', '4': 'four', '5': 'five', '6': 'six', '7': 'seven', '8': 'eight', '9': 'nine',
  '*': 'asterisk', '#': 'pound', A: 'a', B: 'b', C: 'c', D: 'd',
};

function labelKey(interpretation: unknown): string {
  return typeof interpretation === 'string' ? `s:${interpretation.toLowerCase()}` : `j:${JSON.stringify(interpretation)}`;
}

/** Interpretations are JSON-like data (SISR results, builtin values): a deep copy for objects. */
function copyData(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? structuredClone(v) : v;
}
