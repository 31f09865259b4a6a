/**
 * Normalisation shared by grammar tokens and caller input, so both sides compare the same way:
 * case folded, diacritics folded, punctuation dropped, single-digit numerals and their words unified,
 * DTMF keys as single characters.
 */
import { DIGIT_WORDS, cardinalWords } from './number-words';

/** Single numerals compare equal to their word ("1" ≡ "one") on both sides. */
function canonicalWord(w: string): string {
  return w.length === 1 && w >= '0' && w <= '9' ? DIGIT_WORDS[Number(w)] : w;
}

/** Text → normalised words (voice). Apostrophes inside words are kept ("don't"), everything else splits. */
export function normalizeWords(text: string): string[] {
  // Transcripts are nearly always ASCII: one scan over the lower-cased text instead of a chain of regexes.
  return /[^\x00-\x7f]/.test(text) ? unicodeWords(text) : asciiWords(text);
}

function pushWord(out: string[], raw: string): void {
  let a = 0;
  let b = raw.length;
  while (a < b && raw.charCodeAt(a) === 39) a++;
  while (b > a && raw.charCodeAt(b - 1) === 39) b--;
  if (b > a) out.push(canonicalWord(a === 0 && b === raw.length ? raw : raw.slice(a, b)));
}

function asciiWords(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const wordChar = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;
    if (wordChar) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      pushWord(out, lower.slice(start, i));
      start = -1;
    }
    if (c === 38) out.push('and');
  }
  return out;
}

function unicodeWords(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}']+/gu, ' ');
  const out: string[] = [];
  for (const raw of folded.split(' ')) {
    const w = raw.replace(/^'+|'+$/g, '');
    if (w !== '') out.push(canonicalWord(w));
  }
  return out;
}

const DTMF_KEY = /^[0-9*#A-D]$/;
const DTMF_WORDS: ReadonlyMap<string, string> = new Map([
  ['star', '*'], ['asterisk', '*'], ['pound', '#'], ['hash', '#'], ['octothorpe', '#'], ['sharp', '#'],
  ...DIGIT_WORDS.map((w, i) => [w, String(i)] as [string, string]),
]);

/**
 * A DTMF grammar token → its keys. Tokens are normally single keys; legacy grammars also write "123"
 * (a key sequence) or "star"/"pound". Returns undefined for a token that is not DTMF.
 */
export function dtmfKeysOfToken(token: string): string[] | undefined {
  const t = token.trim();
  const named = DTMF_WORDS.get(t.toLowerCase());
  if (named !== undefined) return [named];
  const keys: string[] = [];
  for (const ch of t.replace(/\s+/g, '')) {
    const k = /[a-d]/.test(ch) ? ch.toUpperCase() : ch;
    if (!DTMF_KEY.test(k)) return undefined;
    keys.push(k);
  }
  return keys.length > 0 ? keys : undefined;
}

/** Caller DTMF string → keys (spaces and separators ignored; a-d folded to A-D). */
export function dtmfKeys(digits: string): string[] {
  const out: string[] = [];
  for (const ch of digits) {
    const k = /[a-d]/.test(ch) ? ch.toUpperCase() : ch;
    if (DTMF_KEY.test(k)) out.push(k);
  }
  return out;
}

/** Hesitations a recognizer may transcribe; a grammar never means them. */
const HESITATIONS = new Set(['uh', 'um', 'umm', 'uhm', 'er', 'erm', 'hmm', 'mm']);

/**
 * Other readings of a transcript: without hesitations ("um yes" → "yes"), and with numerals: "4567" as digit words
 * ("four five six seven") and as a cardinal ("four thousand five hundred sixty seven"). The original
 * reading is always first.
 */
export function transcriptVariants(words: string[]): string[][] {
  const fluent = words.filter((w) => !HESITATIONS.has(w));
  if (fluent.length > 0 && fluent.length < words.length) return [words, ...transcriptVariants(fluent)];
  if (!words.some((w) => /^\d{2,}$/.test(w))) return [words];
  const digitwise: string[] = [];
  const cardinal: string[] = [];
  for (const w of words) {
    if (/^\d{2,}$/.test(w)) {
      for (const ch of w) digitwise.push(DIGIT_WORDS[Number(ch)]);
      const n = Number(w);
      if (w.length <= 9 && !w.startsWith('0')) cardinal.push(...cardinalWords(n).split(' '));
      else for (const ch of w) cardinal.push(DIGIT_WORDS[Number(ch)]);
    } else {
      digitwise.push(w);
      cardinal.push(w);
    }
  }
  const variants = [words, cardinal];
  if (cardinal.join(' ') !== digitwise.join(' ')) variants.push(digitwise);
  return variants;
}
