/**
 * Utterance → terms: each word stemmed, runs of words that name a concept of the lexicon ("top up",
 * "customer service", "on time") folded into that concept, and every term classed by how much it can say
 * about the request (function word, soft word, passing mention, content).
 */
import { CONCEPTS, FUNCTION_WORDS, PASSING_WORDS, SOFT_WORDS } from './lexicon';
import { stemmer, words, type Lang } from './text';

export type TermClass = 'function' | 'soft' | 'passing' | 'content';

export interface Term {
  /** Concept ids ("#bag") or the word's stem; a word in two concepts ("left") carries both. */
  ids: string[];
  /** Word positions [start, end) in `Analysis.words`. */
  start: number;
  end: number;
  cls: TermClass;
  /** Concept weight (1 for plain words). */
  weight: number;
  /** A concept mentioned in passing (an object, not a request) when no label knows it. */
  passing?: boolean;
}

export interface Analysis {
  words: string[];
  stems: string[];
  terms: Term[];
}

interface PhraseEntry {
  stems: string[];
  ids: string[];
  weight: number;
  passing: boolean;
  /** A qualifier: soft where no label knows it (lexicon.ts). */
  qualifier: boolean;
}

/** The lexicon compiled for one language (and the application's extra synonyms). */
export class Lexicon {
  readonly lang: Lang;
  readonly stem: (w: string) => string;
  private readonly phrases = new Map<string, PhraseEntry[]>();
  private readonly functionWords: Set<string>;
  private readonly softWords: Set<string>;
  private readonly passingWords: Set<string>;
  /** Single-word phrases of each concept, as written ("#lost" → found, missing, …): for misheard words. */
  private readonly singleWords = new Map<string, Set<string>>();

  constructor(lang: Lang, extra: readonly { concept: string; phrases: string[] }[] = []) {
    this.lang = lang;
    this.stem = stemmer(lang);
    const all = CONCEPTS.map((c) => ({ id: c.id, weight: c.weight ?? 1, passing: c.passing === true, qualifier: c.qualifier === true, phrases: c.bilingual ? [...c.en, ...c.es] : [...c[lang]] }));
    for (const e of extra) {
      const known = all.find((c) => c.id === e.concept);
      if (known) known.phrases.push(...e.phrases);
      else all.push({ id: e.concept, weight: 1, passing: false, qualifier: false, phrases: [...e.phrases] });
    }
    for (const c of all) for (const p of c.phrases) this.add(p, `#${c.id}`, c.weight, c.passing, c.qualifier);
    const stems = (ws: readonly string[]): Set<string> => new Set(ws.flatMap((w) => words(w)).map((w) => this.stem(w)));
    this.functionWords = stems([...FUNCTION_WORDS.en, ...FUNCTION_WORDS.es]);
    this.softWords = stems([...SOFT_WORDS.en, ...SOFT_WORDS.es]);
    this.passingWords = stems([...PASSING_WORDS.en, ...PASSING_WORDS.es]);
  }

  private add(phrase: string, id: string, weight: number, passing: boolean, qualifier: boolean): void {
    const ws = words(phrase);
    const stems = ws.map((w) => this.stem(w));
    if (stems.length === 0) return;
    if (ws.length === 1) this.singleWords.set(id, new Set([...(this.singleWords.get(id) ?? []), ws[0]]));
    const list = this.phrases.get(stems[0]) ?? [];
    const same = list.find((e) => e.stems.length === stems.length && e.stems.every((s, i) => s === stems[i]));
    if (same) {
      if (!same.ids.includes(id)) same.ids.push(id);
      same.weight = Math.max(same.weight, weight);
      same.qualifier &&= qualifier;
    } else list.push({ stems, ids: [id], weight, passing, qualifier });
    list.sort((a, b) => b.stems.length - a.stems.length);
    this.phrases.set(stems[0], list);
  }

  /** The one-word phrases of a concept ("#lost" → lost, missing, found, …). */
  conceptWords(id: string): ReadonlySet<string> {
    return this.singleWords.get(id) ?? new Set();
  }

  /** Words a caller may add inside a concept's phrase ("put some more money"). */
  private skippable(stem: string): boolean {
    return this.functionWords.has(stem) || this.softWords.has(stem);
  }

  classOf(stem: string): TermClass {
    if (this.functionWords.has(stem)) return 'function';
    if (this.softWords.has(stem)) return 'soft';
    if (this.passingWords.has(stem)) return 'passing';
    return 'content';
  }

  /** Reads a text into terms (longest concept phrase first, left to right). */
  analyse(text: string): Analysis {
    return this.analyseWords(words(text));
  }

  analyseWords(ws: string[]): Analysis {
    const stems = ws.map((w) => this.stem(w));
    const terms: Term[] = [];
    let i = 0;
    while (i < stems.length) {
      const hit = this.phraseAt(stems, i);
      if (hit) {
        terms.push({ ids: hit.entry.ids, start: i, end: hit.end, cls: hit.entry.qualifier ? 'soft' : 'content', weight: hit.entry.weight, passing: hit.entry.passing });
        i = hit.end;
        continue;
      }
      terms.push({ ids: [stems[i]], start: i, end: i + 1, cls: this.classOf(stems[i]), weight: 1 });
      i++;
    }
    return { words: ws, stems, terms };
  }

  /**
   * The longest concept phrase starting at word i. Inside a phrase the caller may add up to two function or
   * soft words ("add some credit", "top it up", "put some more money"), never before its first word.
   */
  private phraseAt(stems: string[], i: number): { entry: PhraseEntry; end: number } | undefined {
    const candidates = this.phrases.get(stems[i]);
    if (!candidates) return undefined;
    let best: { entry: PhraseEntry; end: number } | undefined;
    for (const e of candidates) {
      // A single function word ("so") never stands for a concept on its own.
      if (e.stems.length === 1 && this.functionWords.has(e.stems[0])) continue;
      if (best && e.stems.length <= best.entry.stems.length) continue;
      let at = i + 1;
      let ok = true;
      for (let k = 1; k < e.stems.length && ok; k++) {
        let skipped = 0;
        // A skipped word may not begin a concept of its own: "get CHECKED IN" is check-in, not "get … in".
        while (at < stems.length && stems[at] !== e.stems[k] && skipped < 2 && this.skippable(stems[at]) && !this.phraseAt(stems, at)) {
          at++;
          skipped++;
        }
        ok = at < stems.length && stems[at] === e.stems[k];
        at++;
      }
      if (ok) best = { entry: e, end: at };
    }
    return best;
  }
}

const lexicons = new Map<string, Lexicon>();

/** The shipped lexicon for a language (cached); with overlay synonyms a fresh one is built. */
export function lexiconFor(lang: Lang, extra: readonly { concept: string; phrases: string[] }[] = []): Lexicon {
  if (extra.length > 0) return new Lexicon(lang, extra);
  let lex = lexicons.get(lang);
  if (!lex) {
    lex = new Lexicon(lang);
    lexicons.set(lang, lex);
  }
  return lex;
}

/** Prepositions that open an argument of the request before them ("a ticket TO philadelphia"). */
const PREPOSITIONS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(['to', 'from', 'for', 'in', 'at', 'on', 'about', 'of', 'into', 'near', 'via', 'toward', 'towards', 'between', 'within', 'across']),
  // Not "de": Spanish builds compound nouns with it ("boleto de avión" is a plane ticket, not a ticket).
  es: new Set(['a', 'al', 'hacia', 'desde', 'para', 'en', 'sobre', 'entre']),
};
/** Relative pronouns: right after a known word they open a description of it ("a bag that was damaged"). */
const RELATIVES = new Set(['that', 'which', 'who', 'que']);
/** Prepositions taking two coordinated arguments: "between Boston AND Washington" is one argument. */
const PAIRED = new Set(['between', 'entre']);
/**
 * Numbers and times name a particular instance ("the six a m TO BOSTON", "the seven fifteen FROM PROVIDENCE"):
 * a prepositional phrase after them is an argument, as after a word the labels know.
 */
const INSTANCE_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen',
  'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'oclock', 'm', 'pm', 'noon', 'midnight', 'morning',
  'afternoon', 'evening', 'tonight', 'today', 'tomorrow', 'yesterday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
/** Verbs of going take where from and where to as arguments ("how much is it to GO from boston to new york"). */
const MOTION_WORDS = new Set(['go', 'going', 'goes', 'get', 'getting', 'travel', 'travelling', 'traveling', 'head', 'heading', 'ride', 'ir', 'viajar', 'voy', 'va']);
/** Words that end an argument: a new clause may ask for something else ("…to boston and order a pizza"). */
const CLAUSE_BREAKS = new Set(['and', 'but', 'or', 'because', 'so', 'that', 'which', 'who', 'then', 'also', 'y', 'o', 'pero', 'que', 'porque', 'pues']);

/**
 * Which terms are arguments: the words of a prepositional phrase that follows a word `known` accepts, up to
 * the next clause break ("tickets [to new haven]", "someone [from the baggage desk]", "check in [for my flight
 * to denver]"). A prepositional phrase after an unknown word is not: "what's the weather in boston" keeps
 * "weather" and "boston" as they are, "a table for two" stays a table. Soft words are transparent ("book a
 * train to …").
 */
export function argumentTerms(lang: Lang, terms: readonly Term[], ws: readonly string[], known: (t: Term) => boolean, markKnown = false): boolean[] {
  const prepositions = PREPOSITIONS[lang];
  const out = new Array<boolean>(terms.length).fill(false);
  let head = false;
  let inside = false;
  let prev: 'known' | 'function' | 'other' = 'other';
  let paired = false;
  // "i left [my purse] [on the train to new haven]": after the object of a known request, a prepositional phrase
  // is an argument only once it proves to name a place the line knows (a soft, known or passing word: "the
  // train", "the platform"); "i lost my wallet [at the mall]" keeps "mall" as unexplained as ever.
  let object = false;
  let tentative = false;
  const unknownWord = (i: number): void => {
    if (inside && !tentative) out[i] = true;
    else head = inside = tentative = object = false;
  };
  terms.forEach((t, i) => {
    const w = ws[t.start];
    if (t.cls === 'function' && !known(t)) {
      // "a bag THAT was damaged": a relative clause right after a known word describes it.
      if (RELATIVES.has(w) && head && !inside && prev === 'known') inside = true;
      else if (paired && inside && (w === 'and' || w === 'y')) paired = false;
      // "delayed BECAUSE OF the snow": a cause is an argument, not a new request.
      else if (CLAUSE_BREAKS.has(w) && !(w === 'because' && ws[t.end] === 'of' && (head || inside))) head = inside = paired = object = tentative = false;
      else if ((prepositions.has(w) || w === 'because') && (head || inside || object)) {
        tentative = !head && !inside;
        inside = true;
        paired = PAIRED.has(w);
      }
      prev = 'function';
      return;
    }
    prev = known(t) ? 'known' : t.cls === 'soft' ? prev : 'other';
    if (known(t)) {
      tentative = false;
      // Reading a description (markKnown), every word inside the phrase is an argument, known or not.
      if (markKnown && inside) out[i] = true;
      // A qualifier names no request, so what follows it is what is asked about: "the PRICE of gas".
      if (t.cls === 'soft' && t.ids[0].startsWith('#')) {
        head = inside = false;
        return;
      }
      head = true;
      return;
    }
    if (t.cls === 'soft') {
      tentative = false;
      if ((INSTANCE_WORDS.has(w) || MOTION_WORDS.has(w)) && t.end - t.start === 1) head = true;
      return;
    }
    if (t.cls === 'passing' || t.passing) {
      if (inside) {
        tentative = false;
        out[i] = true;
      } else if (head) {
        object = true;
        head = false;
      }
      return;
    }
    unknownWord(i);
  });
  return out;
}
