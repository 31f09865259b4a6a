/**
 * How the NLU reads a transcript: the grammar engine's word normalisation (case and diacritics folded,
 * "1" ≡ "one"), contractions spelled out ("i'd" → "i would", ASR's "dont" → "do not"), and a light stemmer
 * per language so that "checking", "checked" and "check" — or "recarga" and "recargar" — compare equal.
 * Pure and allocation-light: it runs on every utterance the grammars did not match.
 */
import { normalizeWords } from '../grammar/index';

export type Lang = 'en' | 'es';

/** The NLU's language family of a BCP 47 tag ("es-US" → es); anything else reads as English. */
export function langOf(tag: string | undefined): Lang {
  return tag !== undefined && /^es\b/i.test(tag) ? 'es' : 'en';
}

const CONTRACTIONS: ReadonlyMap<string, string[]> = new Map([
  ["can't", ['can', 'not']], ['cant', ['can', 'not']], ["won't", ['will', 'not']], ["don't", ['do', 'not']], ['dont', ['do', 'not']],
  ["doesn't", ['does', 'not']], ['doesnt', ['does', 'not']], ["didn't", ['did', 'not']], ['didnt', ['did', 'not']],
  ["isn't", ['is', 'not']], ['isnt', ['is', 'not']], ["aren't", ['are', 'not']], ["wasn't", ['was', 'not']], ["haven't", ['have', 'not']],
  ['havent', ['have', 'not']], ["hasn't", ['has', 'not']], ["couldn't", ['could', 'not']], ["wouldn't", ['would', 'not']], ["shouldn't", ['should', 'not']],
  ["i'm", ['i', 'am']], ['im', ['i', 'am']], ["i've", ['i', 'have']], ['ive', ['i', 'have']], ["i'll", ['i', 'will']], ["i'd", ['i', 'would']],
  ["it's", ['it', 'is']], ["that's", ['that', 'is']], ['thats', ['that', 'is']], ["what's", ['what', 'is']], ['whats', ['what', 'is']],
  ["where's", ['where', 'is']], ['wheres', ['where', 'is']], ["there's", ['there', 'is']], ["here's", ['here', 'is']], ["how's", ['how', 'is']],
  ["who's", ['who', 'is']], ["let's", ['let', 'us']], ['lets', ['let', 'us']], ["you're", ['you', 'are']], ["we're", ['we', 'are']], ["they're", ['they', 'are']],
  ["you've", ['you', 'have']], ["we've", ['we', 'have']], ["you'll", ['you', 'will']], ["we'll", ['we', 'will']], ["you'd", ['you', 'would']],
  ['wanna', ['want', 'to']], ['gonna', ['going', 'to']], ['gotta', ['got', 'to']], ['gimme', ['give', 'me']], ['lemme', ['let', 'me']],
  ['kinda', ['kind', 'of']], ['dunno', ['do', 'not', 'know']], ['yeah', ['yeah']], ["y'all", ['you']], ['ok', ['okay']],
]);

/** Words as the NLU compares them: the grammar engine's normalisation, then contractions spelled out. */
export function words(text: string): string[] {
  // One token (the span readers ask for each token of each sub-span): remembered, bounded.
  if (!/\s/.test(text)) {
    let hit = tokenWords.get(text);
    if (!hit) {
      hit = readWords(text);
      if (tokenWords.size >= 8192) tokenWords.clear();
      tokenWords.set(text, hit);
    }
    return [...hit];
  }
  return readWords(text);
}

const tokenWords = new Map<string, readonly string[]>();
const tokenNorms = new Map<string, readonly string[]>();

/** The grammar engine's normalisation of one raw token, remembered (bounded): callers' words repeat. */
export function normalizeToken(token: string): readonly string[] {
  let hit = tokenNorms.get(token);
  if (!hit) {
    hit = normalizeWords(token);
    if (tokenNorms.size >= 8192) tokenNorms.clear();
    tokenNorms.set(token, hit);
  }
  return hit;
}

function readWords(text: string): string[] {
  const out: string[] = [];
  for (const w of normalizeWords(text.replace(/-/g, ' '))) {
    const c = CONTRACTIONS.get(w);
    if (c) {
      out.push(...c);
      continue;
    }
    // Possessive or "is": "son's" → son, "flight's" → flight (neither changes what the caller asks for).
    if (w.endsWith("'s")) out.push(w.slice(0, -2));
    else if (w.endsWith("n't")) out.push(w.slice(0, -3), 'not');
    else if (w.endsWith("'ll")) out.push(w.slice(0, -3), 'will');
    else if (w.endsWith("'re")) out.push(w.slice(0, -3), 'are');
    else if (w.endsWith("'ve")) out.push(w.slice(0, -3), 'have');
    else if (w.endsWith("'d")) out.push(w.slice(0, -2), 'would');
    else out.push(w.replace(/'/g, ''));
  }
  return out;
}

/** Words whose light stem would meet another word's ("plane" is not a "plan"). */
const STEM_EXCEPTIONS: ReadonlyMap<string, string> = new Map([['plane', 'plane'], ['planes', 'plane'], ['planed', 'plane']]);

/** A light English suffix stripper (plural, -ing, -ed, final e, a few derivations): enough to make inflections meet. */
export function stemEn(w: string): string {
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  const exception = STEM_EXCEPTIONS.get(w);
  if (exception !== undefined) return exception;
  let s = w;
  if (s.endsWith('ies') && s.length > 4) s = s.slice(0, -3) + 'y';
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.endsWith('ing') && s.length > 5) s = undouble(s.slice(0, -3));
  else if (s.endsWith('ed') && s.length > 4) s = undouble(s.slice(0, -2));
  s = derivation(s);
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  return s;
}

/**
 * Nouns made from verbs meet their verb: "confirmation" ~ "confirm", "reservation" ~ "reserve", "arrival" ~
 * "arrive", "departure" ~ "depart", "assistance" ~ "assist", "allowance" ~ "allowed". Only suffixes that leave
 * a stem of four letters or more ("station", "balance", "nature" stay).
 */
function derivation(s: string): string {
  const strip = (suffix: string, keep = 4): string | undefined => (s.endsWith(suffix) && s.length - suffix.length >= keep ? s.slice(0, -suffix.length) : undefined);
  const ation = s.length > 7 ? strip('ation', 4) : undefined;
  if (ation !== undefined) return undouble(ation);
  for (const suffix of ['ance', 'ence']) {
    const base = strip(suffix, 5);
    if (base !== undefined) return base;
  }
  if (/(iv|ov|ew|aw|us)al$/.test(s)) return strip('al', 4) ?? s;
  return strip('ure', 4) ?? s;
}

function undouble(s: string): string {
  const n = s.length;
  if (n <= 2 || s[n - 1] !== s[n - 2] || 'sz'.includes(s[n - 1])) return s;
  // "travell(ing)" → travel, "cancell(ed)" → cancel, but "call(ing)" stays call.
  return s[n - 1] === 'l' && n <= 5 ? s : s.slice(0, -1);
}

const ES_SUFFIXES = ['amientos', 'imientos', 'aciones', 'amiento', 'imiento', 'acion', 'mente', 'ando', 'iendo', 'adas', 'ados', 'idas', 'idos', 'ada', 'ado', 'ida', 'ido', 'ar', 'er', 'ir', 'as', 'es', 'os', 'a', 'e', 'o', 's'];

/** A light Spanish suffix stripper (diacritics already folded): "recargar", "recarga" → "recarg". */
export function stemEs(w: string): string {
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  for (const suffix of ES_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, -suffix.length);
  }
  return w;
}

export function stemmer(lang: Lang): (w: string) => string {
  return lang === 'es' ? stemEs : stemEn;
}

/** Padded character trigrams of a word, for near-miss spellings ("bagage", "resevation"). */
export function trigrams(w: string): string[] {
  const p = ` ${w} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= p.length; i++) out.push(p.slice(i, i + 3));
  return out;
}

/**
 * A small consonant skeleton for words a recognizer misheard ("chicken" ~ "check in", "bagitch" ~ "baggage"):
 * common spellings of the same sound unified, vowels after the first letter dropped, repeats collapsed.
 */
export function phoneticKey(w: string): string {
  const known = soundMemo.get(w);
  if (known !== undefined) return known;
  const key = computePhoneticKey(w);
  // Bounded: the words callers use repeat, the memo only saves the regular expressions below.
  if (soundMemo.size >= 8192) soundMemo.clear();
  soundMemo.set(w, key);
  return key;
}

const soundMemo = new Map<string, string>();

/**
 * Spoken syllables, roughly: vowel groups, an English silent final e not counted ("praise" 1, "process" 2).
 * A misheard word keeps its rhythm, so sound-alikes must agree on it: the consonant skeleton alone makes
 * "process" sound like "praise".
 */
export function syllables(w: string, lang: Lang): number {
  const s = w.toLowerCase().replace(/[^a-z\u00e0-\u00fc]/g, '');
  const groups = s.match(/[aeiouy\u00e0-\u00fc]+/g)?.length ?? 0;
  if (lang === 'en' && groups > 1 && /[^aeiouy]e$/.test(s) && !/[^aeiouy]le$/.test(s)) return groups - 1;
  return Math.max(groups, 1);
}

function computePhoneticKey(w: string): string {
  let s = w
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/^kn|^gn|^wr/, (m) => m.slice(1))
    .replace(/ch|sh|sch/g, 'x')
    .replace(/ph/g, 'f')
    .replace(/ck|q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/gh/g, '')
    .replace(/dg/g, 'j')
    .replace(/th/g, '0')
    .replace(/z/g, 's')
    .replace(/x/g, 'x');
  if (s.length === 0) return '';
  const first = s[0];
  s = first + s.slice(1).replace(/[aeiouhwy]/g, '');
  return s.replace(/(.)\1+/g, '$1');
}
