/**
 * A grammar's own phrase inside a longer utterance: "uh it's flight one two three please" holds "flight one two
 * three", which the flight-number grammar matches, so its SISR `out` ("AA123") is exactly what the grammar would
 * have returned. The same for builtins ("I'd like to top up fifty dollars" → USD50.00). Sub-spans are tried
 * longest first; only spans that start and end on a word the grammar knows are tried, so this stays cheap.
 * The words around the span must not ask for something else ("what's the weather in Boston" is not Boston).
 */
import type { BuiltinType, SrgsExpansion, SrgsGrammar } from '../../contracts/grammar';
import { createBuiltin, isBuiltinType, normalizeWords, parseBuiltinUri, type ActiveGrammar, type BuiltinMatcher, type GrammarEngine, type GrammarResolver } from '../grammar/index';
import { argumentTerms, type Lexicon, type Term } from './terms';
import { normalizeToken, words } from './text';

export interface SpanHit {
  grammar: ActiveGrammar;
  precedence: number;
  interpretation: unknown;
  /** Raw tokens [start, end) the grammar matched (several spans when slots were merged). */
  spans: [number, number][];
  /** Words of the span(s) and content words around them nobody knows. */
  covered: number;
  unknown: number;
  /** Matched in a reworded reading ("x ray" → "xray", "starting in" → "from"): spans index that reading. */
  reworded?: boolean;
}

/** Raw tokens of a transcript (whitespace-separated, as written: "$12.50" and "3:30" stay whole). */
export function rawTokens(text: string): string[] {
  return text.trim().split(/\s+/).filter((t) => t.length > 0);
}

const vocabCache = new WeakMap<object, Set<string> | null>();

/** Every word a grammar can match (null: unknown or unbounded — GARBAGE), following rulerefs into other documents. */
export function grammarWords(g: ActiveGrammar, resolve: GrammarResolver): Set<string> | null {
  const root = g.decl.inline ?? (g.ref.src ? resolve(g.ref.src.replace(/#.*$/, '')) : undefined);
  if (!root) return null;
  const hit = vocabCache.get(root);
  if (hit !== undefined) return hit;
  const out = new Set<string>();
  const seen = new Set<SrgsGrammar>();
  let open = false;
  const visit = (grammar: SrgsGrammar, base: string | undefined): void => {
    if (seen.has(grammar)) return;
    seen.add(grammar);
    const walk = (e: SrgsExpansion): void => {
      switch (e.kind) {
        case 'token':
          for (const w of normalizeWords(e.text)) out.add(w);
          return;
        case 'seq':
          e.items.forEach(walk);
          return;
        case 'oneof':
          for (const a of e.alternatives) walk(a.expansion);
          return;
        case 'repeat':
          walk(e.expansion);
          return;
        case 'ruleref': {
          if (e.special === 'GARBAGE') open = true;
          if (e.uri === undefined || e.uri.startsWith('#')) return;
          let abs: string | undefined;
          try {
            abs = new URL(e.uri, base ?? grammar.base).href.replace(/#.*$/, '');
          } catch {
            abs = undefined;
          }
          const other = abs ? resolve(abs) : undefined;
          if (other) visit(other, abs);
          else if (!e.uri.startsWith('builtin:')) open = true;
          return;
        }
        case 'tag':
          return;
      }
    };
    for (const r of Object.values(grammar.rules)) walk(r.expansion);
  };
  visit(root, g.ref.src);
  const result = open ? null : out;
  vocabCache.set(root, result);
  return result;
}

export interface SpanContext {
  engine: GrammarEngine;
  resolve: GrammarResolver;
  now: number;
  lang: string;
  lexicon: Lexicon;
  /** Words the documents and active grammars use (not unknown when they surround a span). */
  vocabulary: Set<string>;
  /** Spans tried per grammar at most. */
  maxAttempts: number;
}

/**
 * Content words outside the spans that nothing active knows (general-knowledge concepts count as known). An
 * argument of the span or of a known word ("flight one two three FROM CHICAGO") counts a fifth.
 */
export function unknownAround(tokens: readonly string[], spans: readonly [number, number][], ctx: SpanContext): number {
  const inSpan: boolean[] = [];
  const ws: string[] = [];
  tokens.forEach((t, i) => {
    const covered = spans.some(([s, e]) => i >= s && i < e);
    for (const w of words(t)) {
      ws.push(w);
      inSpan.push(covered);
    }
  });
  const a = ctx.lexicon.analyseWords(ws);
  const known = (t: Term): boolean => inSpan[t.start] || t.ids[0].startsWith('#') || ctx.vocabulary.has(a.words[t.start]) || ctx.vocabulary.has(t.ids[0]);
  const argument = argumentTerms(ctx.lexicon.lang, a.terms, a.words, known);
  let unknown = 0;
  a.terms.forEach((t, i) => {
    if (t.cls !== 'content' || known(t)) return;
    unknown += argument[i] ? 0.2 : 1;
  });
  return unknown;
}

/** Whether the words around a span leave it standing: nothing unknown, or little next to what matched. */
export function spanStands(covered: number, unknown: number): boolean {
  return unknown === 0 || (covered >= 2 && unknown <= 1) || unknown * 3 <= covered;
}

/** The longest span of `tokens` an SRGS grammar matches (and, for slot objects, further spans merged in). */
export function matchSrgsSpan(g: ActiveGrammar, precedence: number, tokens: readonly string[], ctx: SpanContext): SpanHit | undefined {
  const vocab = grammarWords(g, ctx.resolve);
  let best: SpanHit | undefined;
  for (const ts of [tokens, ...joinedVariants(tokens, vocab), ...travelVariants(tokens, vocab), ...spellingVariants(tokens)]) {
    // The caller's own words first; "x ray" → "xray" only when they did not already read cleanly.
    if (best && best.unknown === 0) break;
    const hit = longest(ts, 0, ts.length, (text) => {
      const r = ctx.engine.recognize({ kind: 'speech', text, confidence: 1 }, [g], { resolve: ctx.resolve, now: ctx.now });
      return r.kind === 'match' ? r.result.interpretation : undefined;
    }, vocab, ctx.maxAttempts);
    if (!hit) continue;
    const spans: [number, number][] = [[hit.start, hit.end]];
    let interpretation = hit.value;
    if (isSlotObject(interpretation)) {
      // "leaving from Penn Station, going to Washington": each slot said in its own place.
      for (const [from, to] of [[0, hit.start], [hit.end, ts.length]] as const) {
        const more = longest(ts, from, to, (text) => {
          const r = ctx.engine.recognize({ kind: 'speech', text, confidence: 1 }, [g], { resolve: ctx.resolve, now: ctx.now });
          return r.kind === 'match' && isSlotObject(r.result.interpretation) ? r.result.interpretation : undefined;
        }, vocab, ctx.maxAttempts);
        if (more && isSlotObject(more.value) && isSlotObject(interpretation) && disjoint(interpretation, more.value)) {
          interpretation = from === 0 ? { ...more.value, ...interpretation } : { ...interpretation, ...more.value };
          spans.push([more.start, more.end]);
        }
      }
    }
    const covered = spans.reduce((n, [s, e]) => n + e - s, 0);
    const candidate: SpanHit = { grammar: g, precedence, interpretation, spans, covered, unknown: unknownAround(ts, spans, ctx), ...(ts === tokens ? {} : { reworded: true }) };
    if (!best || candidate.covered - candidate.unknown > best.covered - best.unknown) best = candidate;
  }
  return best;
}

const builtinCache = new Map<string, BuiltinMatcher | null>();

function builtinOf(g: ActiveGrammar, lang: string): BuiltinMatcher | undefined {
  let type: BuiltinType | undefined = g.decl.builtin?.type;
  let params = g.decl.builtin?.params ?? {};
  if (type === undefined && g.decl.src?.startsWith('builtin:')) {
    const b = parseBuiltinUri(g.decl.src);
    if (!b || !b.ok || !isBuiltinType(b.type)) return undefined;
    type = b.type;
    params = b.params;
  }
  if (type === undefined) return undefined;
  const k = `${type}?${JSON.stringify(params)}@${lang}`;
  let m = builtinCache.get(k);
  if (m === undefined) {
    try {
      m = createBuiltin(type, params, 'voice', lang);
    } catch {
      m = null;
    }
    builtinCache.set(k, m);
  }
  return m ?? undefined;
}

export function builtinType(g: ActiveGrammar): string | undefined {
  if (g.decl.builtin) return g.decl.builtin.type;
  const b = g.decl.src?.startsWith('builtin:') ? parseBuiltinUri(g.decl.src) : undefined;
  return b && b.ok ? b.type : undefined;
}

const NUMBER_WORD = /^(\d[\d.,:/$]*|\$\d.*|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|double|triple|half|quarter|noon|midnight|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|\d+(st|nd|rd|th)|today|tomorrow|yesterday|january|february|march|april|june|july|august|september|october|november|december)$/;

const VALUE_START = new Set(['the', 'a', 'an', 'half', 'quarter', 'minus', 'negative', 'plus', 'oh', 'double', 'triple', 'usd', 'eur', 'gbp', 'may']);
const VALUE_END = new Set(['am', 'pm', 'm', 'morning', 'afternoon', 'evening', 'night', 'tonight', "o'clock", 'oclock', 'clock', 'hours', 'hour', 'sharp', 'dollar', 'dollars', 'buck', 'bucks', 'cent', 'cents', 'euro', 'euros', 'pound', 'pounds', 'quid', 'pence', 'yen', 'half', 'oh', 'may', 'extension']);

/** The longest span a builtin matches, holding at least one word that says a value (not just "a" or "may"). */
export function matchBuiltinSpan(g: ActiveGrammar, precedence: number, tokens: readonly string[], ctx: SpanContext): SpanHit | undefined {
  const m = builtinOf(g, ctx.lang);
  if (!m || m.type === 'boolean') return undefined;
  const valueAt = tokens.map((t) => words(t).some((w) => NUMBER_WORD.test(w)));
  // A value starts with a number word (or "the", "a", "half"…) and ends with one or with its unit.
  const startAt = tokens.map((t, i) => valueAt[i] || words(t).some((w) => VALUE_START.has(w)));
  const endAt = tokens.map((t, i) => valueAt[i] || words(t).some((w) => VALUE_END.has(w)));
  const hit = longest(tokens, 0, tokens.length, (text, s, e) => {
    if (!startAt[s] || !endAt[e - 1] || !valueAt.slice(s, e).some(Boolean)) return undefined;
    return m.match(text, { now: ctx.now })?.value;
  }, null, ctx.maxAttempts * 4);
  if (!hit) return undefined;
  const spans: [number, number][] = [[hit.start, hit.end]];
  return { grammar: g, precedence, interpretation: hit.value, spans, covered: hit.end - hit.start, unknown: unknownAround(tokens, spans, ctx) };
}

/** Longest-first search for a span [s, e) within [from, to) that `test` accepts. */
function longest<T>(tokens: readonly string[], from: number, to: number, test: (text: string, s: number, e: number) => T | undefined, vocab: Set<string> | null, maxAttempts: number): { start: number; end: number; value: T } | undefined {
  const edge = tokens.map((t) => {
    if (vocab === null) return true;
    const ws = normalizeToken(t);
    return ws.length > 0 && (vocab.has(ws[0]) || vocab.has(ws[ws.length - 1]));
  });
  let attempts = 0;
  for (let len = to - from; len >= 1; len--) {
    for (let s = from; s + len <= to; s++) {
      const e = s + len;
      if (!edge[s] || !edge[e - 1]) continue;
      if (++attempts > maxAttempts) return undefined;
      const v = test(tokens.slice(s, e).join(' '), s, e);
      if (v !== undefined) return { start: s, end: e, value: v };
    }
  }
  return undefined;
}

/** "x ray" → "xray" when only the joined word is the grammar's. */
function joinedVariants(tokens: readonly string[], vocab: Set<string> | null): string[][] {
  if (!vocab) return [];
  let changed = false;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = normalizeToken(tokens[i]).join('');
    const b = i + 1 < tokens.length ? normalizeToken(tokens[i + 1]).join('') : '';
    if (b && vocab.has(a + b) && (!vocab.has(a) || !vocab.has(b))) {
      out.push(a + b);
      changed = true;
      i++;
    } else out.push(tokens[i]);
  }
  return changed ? [out] : [];
}

/** Ways callers say "from" and "to" of a journey that a legacy grammar may not list. */
const TRAVEL_FROM = [['starting', 'in'], ['starting', 'at'], ['starting', 'from'], ['leaving', 'from'], ['departing', 'from'], ['getting', 'on', 'at'], ['out', 'of'], ['leaving'], ['departing']];
const TRAVEL_TO = [['heading', 'down', 'to'], ['heading', 'to'], ['going', 'to'], ['travelling', 'to'], ['traveling', 'to'], ['arriving', 'in'], ['arriving', 'at'], ['down', 'to'], ['up', 'to']];

/** "starting in providence" → "from providence", for grammars that say "from" and "to". */
function travelVariants(tokens: readonly string[], vocab: Set<string> | null): string[][] {
  if (!vocab || !vocab.has('from') || !vocab.has('to')) return [];
  const ws = tokens.map((t) => normalizeToken(t).join(' '));
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < ws.length; ) {
    let hit: { len: number; word: string } | undefined;
    for (const [list, word] of [[TRAVEL_FROM, 'from'], [TRAVEL_TO, 'to']] as const) {
      for (const p of list) if ((!hit || p.length > hit.len) && p.every((w, k) => ws[i + k] === w)) hit = { len: p.length, word };
    }
    if (hit) {
      out.push(hit.word);
      i += hit.len;
      changed = true;
    } else out.push(tokens[i++]);
  }
  return changed ? [out] : [];
}

/**
 * Letters made clear the way callers spell on the phone: "a as in alpha b as in bravo", "b for bravo",
 * "c like charlie" → "a b c". Only when the word after starts with the letter, so "a ticket for boston" stays.
 */
function spellingVariants(tokens: readonly string[]): string[][] {
  const ws = tokens.map((t) => normalizeToken(t).join(' '));
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < ws.length; ) {
    const letter = ws[i];
    const gap = ws[i + 1] === 'as' && ws[i + 2] === 'in' ? 2 : ws[i + 1] === 'for' || ws[i + 1] === 'like' ? 1 : 0;
    const word = ws[i + 1 + gap];
    if (/^[a-z]$/.test(letter) && gap > 0 && word !== undefined && word.length > 1 && word.startsWith(letter)) {
      out.push(tokens[i]);
      i += 2 + gap;
      changed = true;
    } else out.push(tokens[i++]);
  }
  return changed ? [out] : [];
}

function isSlotObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function disjoint(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return Object.keys(b).every((k) => !(k in a));
}
