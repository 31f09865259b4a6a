/**
 * The offline classifier: label-level term weighting over concepts and stems (IDF across the active labels,
 * so words every label shares count little), scored as the share of the caller's content that a label
 * explains. Out-of-scope requests are rejected because what they ask for is explained by no label: words
 * no active grammar or prompt knows weigh as much as the most telling known word, so "I want to order a
 * pizza" explains nothing and "book a table for two" only half — and a winner must lead the runner-up
 * clearly. Misheard words are read by character trigrams, by joining split words and by sound.
 */
import type { Label, PhraseSource } from './labels';
import { phoneticKey, syllables, trigrams } from './text';
import { argumentTerms, type Analysis, type Lexicon, type Term } from './terms';

export interface Scored {
  label: Label;
  score: number;
}

export interface Classification {
  ranked: Scored[];
  /** Total weight of the caller's content terms (0: nothing that could name a request). */
  content: number;
}

/** How strongly a phrase of each source ties its words to the label. */
const STRENGTH: Record<PhraseSource, number> = { grammar: 1, text: 1, overlay: 0.9, prompt: 0.7 };

interface Vocab {
  /** term id → strength, per label. */
  perLabel: Map<string, number>[];
  /** The distinct content-term sets of each label's own phrases (not prompt descriptions). */
  phraseTerms: string[][][];
  /** term id → labels containing it. */
  df: Map<string, number>;
  /** Surface words of the labels (stem → trigrams) for near-miss spellings. */
  fuzzy: { stem: string; grams: ReadonlySet<string>; size: number }[];
  /** Sound skeleton → stems with their syllable counts (single words and joined phrases). */
  sounds: Map<string, { stem: string; syllables: number }[]>;
}

export class Classifier {
  private readonly vocab: Vocab;
  private readonly unknownWeight: number;
  private readonly appStems: Set<string>;
  private readonly topicStems: Set<string>;
  /** Concepts the prompts named ("leave your COMMENTS" → #feedback): the caller naming one again echoes them. */
  private readonly topicConcepts: Set<string>;

  constructor(readonly labels: readonly Label[], private readonly lexicon: Lexicon, appVocabulary: Iterable<string>, topic: Iterable<string> = []) {
    this.vocab = buildVocab(labels, lexicon);
    // An unexplained word weighs as much as a word only one label knows.
    this.unknownWeight = Math.log(1 + Math.max(labels.length, 2));
    this.appStems = new Set([...appVocabulary].map((w) => lexicon.stem(w)));
    this.topicStems = new Set([...topic].map((w) => lexicon.stem(w)));
    this.topicConcepts = new Set([...topic].flatMap((w) => lexicon.analyseWords([w]).terms.flatMap((t) => t.ids.filter((id) => id.startsWith('#')))));
  }

  /** True when some label's training uses this term id. */
  knows(id: string): boolean {
    return this.vocab.df.has(id);
  }

  /** How much each term of the utterance weighs, and which label ids it is known by (empty: unexplained). */
  weigh(a: Analysis): { term: Term; known: string[]; weight: number; cost: number; argument: boolean }[] {
    const terms = this.resolve(a);
    const n = this.labels.length;
    // "a ticket to philadelphia", "someone from the baggage desk": what follows a preposition after a word the
    // labels know is an argument of that request (a place, a person, a time), not a request of its own. A
    // concept of the shipped lexicon keeps its weight there ("…arrive at the AIRPORT" on a railway line).
    const argument = argumentTerms(this.lexicon.lang, terms, a.words, (t) => t.ids.some((id) => this.vocab.df.has(id)), true);
    const out: { term: Term; known: string[]; weight: number; cost: number; argument: boolean }[] = [];
    terms.forEach((t, ti) => {
      const known = t.ids.filter((id) => this.vocab.df.has(id));
      const arg = argument[ti] && !t.ids[0].startsWith('#');
      let w: number;
      if (known.length > 0) {
        if (t.cls === 'function') return;
        w = Math.max(...known.map((id) => Math.log(1 + n / (this.vocab.df.get(id) ?? 1)))) * t.weight * (t.fuzzy ?? 1);
        // A concept a label knows, said inside an argument ("how much money is ON MY PHONE", "my bags from
        // yesterday's FLIGHT"), qualifies the request rather than naming it: it counts, but half.
        if (argument[ti] && t.ids[0].startsWith('#')) w *= 0.5;
        // A qualifier ("how much does it COST") asks about a request without naming it: it counts, but half.
        if (t.cls === 'soft') w *= 0.5;
        // A misheard reading is a guess: it supports the label it resembles, but for every other label it stays
        // a word nobody knows ("process exit one" is not "prices" and "exit").
        if (t.fuzzy !== undefined) {
          out.push({ term: t, known, weight: w, cost: Math.max(w, this.unknownWeight * Math.min(1, t.weight)), argument: arg });
          return;
        }
      } else if (t.cls === 'function' || t.cls === 'soft') return;
      // The caller echoing the question ("three PASSENGERS including me", "submit my FEEDBACK") asks nothing new.
      else if (t.cls === 'passing' || t.passing || arg || a.stems.slice(t.start, t.end).every((st) => this.topicStems.has(st)) || t.ids.some((id) => this.topicConcepts.has(id))) w = 0.2 * this.unknownWeight;
      // Every word of it: "plane ticket" is not an application word because the line sells tickets.
      else if (a.stems.slice(t.start, t.end).every((st) => this.appStems.has(st)) || t.ids.some((id) => this.appStems.has(id))) w = 0.5 * this.unknownWeight;
      // A concept weighs more than a word only where a label asks for it ("my son's" on "this phone or another").
      else w = this.unknownWeight * Math.min(1, t.weight);
      out.push({ term: t, known, weight: w, cost: w, argument: arg });
    });
    return out;
  }

  classify(a: Analysis): Classification {
    const n = this.labels.length;
    const scores = new Array<number>(n).fill(0);
    const weighed = this.weigh(a);
    let total = 0;
    for (const { known, weight: w, cost } of weighed) {
      total += cost;
      if (known.length === 0) continue;
      for (let i = 0; i < n; i++) {
        let m = 0;
        for (const id of known) m = Math.max(m, this.vocab.perLabel[i].get(id) ?? 0);
        scores[i] += w * m;
      }
    }
    // A label whose phrase the caller said only part of ("saldo" against "recargar saldo") fits less well.
    const said = new Set(weighed.flatMap((x) => x.term.ids));
    const idf = (id: string): number => Math.log(1 + n / (this.vocab.df.get(id) ?? 1));
    const ranked = this.labels
      .map((label, i) => {
        if (total <= 0 || scores[i] <= 0) return { label, score: 0 };
        let fit = 0;
        for (const ids of this.vocab.phraseTerms[i]) {
          let all = 0;
          let hit = 0;
          for (const id of ids) {
            const w = idf(id);
            all += w;
            if (said.has(id)) hit += w;
          }
          if (all > 0) fit = Math.max(fit, hit / all);
        }
        const phraseFit = this.vocab.phraseTerms[i].length > 0 ? 0.6 + 0.4 * fit : 1;
        return { label, score: (scores[i] / total) * phraseFit };
      })
      .sort((x, y) => y.score - x.score);
    return { ranked, content: total };
  }

  /** Unknown content words read as near-miss spellings, split words or sound-alikes of label words. */
  private resolve(a: Analysis): (Term & { fuzzy?: number })[] {
    const out: (Term & { fuzzy?: number })[] = [];
    const ts = a.terms;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i];
      if (t.cls === 'function' || t.ids.some((id) => this.vocab.df.has(id))) {
        out.push(t);
        continue;
      }
      const next = ts[i + 1];
      if (next && t.ids.length === 1 && next.ids.length === 1) {
        const joined = this.lexicon.stem(a.words.slice(t.start, next.end).join(''));
        if (this.vocab.df.has(joined)) {
          out.push({ ...t, ids: [joined], end: next.end, cls: 'content' });
          i++;
          continue;
        }
        const hit = this.soundAlike(a.words.slice(t.start, next.end).join(''));
        if (hit && t.cls !== 'soft' && next.cls !== 'soft') {
          out.push({ ...t, ids: [hit], end: next.end, cls: 'content', fuzzy: 0.7 });
          i++;
          continue;
        }
        // "check inn", "top pup": a split word misspelt, when one half is a word no one knows.
        const unknownHalf = (x: Term): boolean => x.cls === 'content' && !x.ids[0].startsWith('#');
        if ((unknownHalf(t) || unknownHalf(next)) && t.cls !== 'passing' && next.cls !== 'passing' && next.cls !== 'function' && !next.ids.some((id) => this.vocab.df.has(id)) && joined.length >= 5) {
          const near = this.spelledLike(joined, 0.7);
          if (near) {
            out.push({ ...t, ids: [near], end: next.end, cls: 'content', fuzzy: 0.8 });
            i++;
            continue;
          }
        }
      }
      // Words the lexicon knows as objects ("backpack") are what the caller said, not a mishearing of "back".
      if (t.cls === 'soft' || t.cls === 'passing' || t.ids.length !== 1 || t.ids[0].startsWith('#')) {
        out.push(t);
        continue;
      }
      const near = this.nearest(t.ids[0], a.words[t.start]);
      out.push(near ? { ...t, ids: [near.stem], fuzzy: near.strength } : t);
    }
    return out;
  }

  /** Remembered per model: callers repeat the same unknown words, and the search scans every label word. */
  private readonly nearMemo = new Map<string, { stem: string; strength: number } | null>();

  private nearest(stem: string, word: string): { stem: string; strength: number } | undefined {
    const key = `${stem} ${word}`;
    const memo = this.nearMemo.get(key);
    if (memo !== undefined) return memo ?? undefined;
    const found = this.search(stem, word);
    if (this.nearMemo.size >= 4096) this.nearMemo.clear();
    this.nearMemo.set(key, found ?? null);
    return found;
  }

  private search(stem: string, word: string): { stem: string; strength: number } | undefined {
    if (stem.length >= 4) {
      const best = this.spelledLike(stem, 0.6);
      if (best) return { stem: best, strength: 0.8 };
    }
    const hit = this.soundAlike(word);
    return hit ? { stem: hit, strength: 0.7 } : undefined;
  }

  /** The label word (or concept synonym) spelt most like this stem (Dice over character trigrams ≥ min). */
  private spelledLike(stem: string, min: number): string | undefined {
    const grams = trigrams(stem);
    let best: { stem: string; d: number } | undefined;
    for (const f of this.vocab.fuzzy) {
      let common = 0;
      for (const g of grams) if (f.grams.has(g)) common++;
      const d = (2 * common) / (grams.length + f.size);
      if (d >= min && (!best || d > best.d)) best = { stem: f.stem, d };
    }
    return best?.stem;
  }

  /** A label word (or concept synonym) that sounds like this one: same consonant skeleton, same rhythm. */
  private soundAlike(word: string): string | undefined {
    const sound = phoneticKey(word);
    if (sound.length < 3) return undefined;
    const n = syllables(word, this.lexicon.lang);
    return this.vocab.sounds.get(sound)?.find((x) => x.syllables === n)?.stem;
  }
}

/**
 * Soft words a grammar only uses as an optional lead-in ("[i want to] operator"): some phrase says the same
 * without them, so they do not tie the label to callers who say "I want…".
 */
function optionalSoftWords(phrases: readonly Analysis[]): Set<string> {
  const core = phrases.map((a) => new Set(a.terms.filter((t) => t.cls !== 'function' && t.cls !== 'soft').flatMap((t) => t.ids)));
  const soft = phrases.map((a) => new Set(a.terms.filter((t) => t.cls === 'soft').map((t) => t.ids[0])));
  const out = new Set<string>();
  phrases.forEach((_, i) => {
    for (const s of soft[i]) {
      if (out.has(s)) continue;
      if (phrases.some((_, j) => j !== i && !soft[j].has(s) && [...core[i]].every((id) => core[j].has(id)))) out.add(s);
    }
  });
  return out;
}

function fuzzyEntry(stem: string, spelled: string): Vocab['fuzzy'][number] {
  const grams = trigrams(spelled);
  return { stem, grams: new Set(grams), size: grams.length };
}

function buildVocab(labels: readonly Label[], lexicon: Lexicon): Vocab {
  const perLabel: Map<string, number>[] = [];
  const phraseTerms: string[][][] = [];
  const df = new Map<string, number>();
  const surface = new Map<string, string>();
  for (const l of labels) {
    const m = new Map<string, number>();
    const analysed = l.phrases.map((p) => ({ p, a: lexicon.analyse(p.text) }));
    const optional = optionalSoftWords(analysed.filter((x) => x.p.source !== 'prompt').map((x) => x.a));
    const sets = new Map<string, string[]>();
    for (const { p, a } of analysed) {
      if (p.source === 'prompt') continue;
      const ids = [...new Set(a.terms.filter((t) => t.cls !== 'function' && !(t.cls === 'soft' && (p.source === 'overlay' || optional.has(t.ids[0])))).map((t) => t.ids[0]))].sort();
      if (ids.length > 0) sets.set(ids.join(' '), ids);
    }
    phraseTerms.push([...sets.values()]);
    for (const { p, a } of analysed) {
      const strength = STRENGTH[p.source];
      // A description's arguments are not the label's words: "tickets for any journey between Boston and
      // Washington" does not make "boston" a ticket word (a concept there still counts: "to trace a BAG").
      const described = p.source === 'prompt' ? argumentTerms(lexicon.lang, a.terms, a.words, (t) => t.cls === 'content' || t.cls === 'passing', true) : [];
      for (const [ti, t] of a.terms.entries()) {
        if (t.cls === 'function') continue;
        if (described[ti] && !t.ids[0].startsWith('#')) continue;
        // Prompt sentences are descriptions: their soft words ("press", "say") say nothing about the label.
        // Overlay examples are callers' sentences: their soft words ("i want to…") are not the label's words either.
        if (t.cls === 'soft' && (p.source === 'prompt' || p.source === 'overlay' || optional.has(t.ids[0]))) continue;
        for (const id of t.ids) m.set(id, Math.max(m.get(id) ?? 0, strength));
        // Near-miss spellings and sound-alikes are looked up among the label's own words, not its descriptions.
        if (p.source !== 'prompt' && t.ids.length === 1 && !t.ids[0].startsWith('#')) surface.set(t.ids[0], a.words[t.start]);
      }
      if (p.source !== 'prompt') {
        const joined = a.words.join('');
        if (joined.length >= 4) surface.set(lexicon.stem(joined), joined);
      }
    }
    perLabel.push(m);
    for (const id of m.keys()) df.set(id, (df.get(id) ?? 0) + 1);
  }
  const fuzzy: Vocab['fuzzy'] = [];
  const sounds: Vocab['sounds'] = new Map();
  const addSound = (word: string, stem: string): void => {
    const k = phoneticKey(word);
    if (k.length < 3) return;
    const n = syllables(word, lexicon.lang);
    const list = sounds.get(k) ?? [];
    if (!list.some((x) => x.syllables === n)) list.push({ stem, syllables: n });
    sounds.set(k, list);
  };
  // Misheard synonyms: the one-word phrases of the concepts the labels use ("lost and fund" ~ found,
  // "costumer service" ~ customer) are looked up like the labels' own words, and read as the concept.
  for (const id of df.keys()) {
    if (!id.startsWith('#')) continue;
    for (const word of lexicon.conceptWords(id)) {
      if (word.length >= 4) fuzzy.push(fuzzyEntry(id, lexicon.stem(word)));
      addSound(word, id);
    }
  }
  for (const [stem, word] of surface) {
    if (!df.has(stem)) {
      // Joined phrases ("checkin") are looked up by sound only; give them an id the labels know.
      const owner = labels.findIndex((l) => l.phrases.some((p) => p.source !== 'prompt' && lexicon.stem(lexicon.analyse(p.text).words.join('')) === stem));
      if (owner >= 0) {
        perLabel[owner].set(stem, 1);
        df.set(stem, (df.get(stem) ?? 0) + 1);
      }
    }
    if (stem.length >= 4) fuzzy.push(fuzzyEntry(stem, stem));
    addSound(word, stem);
  }
  return { perLabel, phraseTerms, df, fuzzy, sounds };
}
