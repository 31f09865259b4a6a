/**
 * English number words: numerals → words (for matching grammars written in words against transcripts
 * that say "4567") and spoken cardinals → numbers (for the builtin types).
 */

export const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Spoken digit words (including "oh"/"o" for zero) → digit character. */
export const DIGIT_OF_WORD: ReadonlyMap<string, string> = new Map([
  ...DIGIT_WORDS.map((w, i) => [w, String(i)] as [string, string]),
  ['oh', '0'],
  ['o', '0'],
  ['nought', '0'],
  ['naught', '0'],
  ['nil', '0'],
]);

export const UNIT_VALUES: ReadonlyMap<string, number> = new Map([
  ...DIGIT_WORDS.map((w, i) => [w, i] as [string, number]),
  ...TEENS.map((w, i) => [w, 10 + i] as [string, number]),
  ['a', 1],
  ['an', 1],
]);
export const TENS_VALUES: ReadonlyMap<string, number> = new Map(TENS.map((w, i) => [w, i * 10] as [string, number]).filter(([w]) => w !== ''));
export const SCALE_VALUES: ReadonlyMap<string, number> = new Map([
  ['hundred', 100],
  ['thousand', 1000],
  ['million', 1_000_000],
  ['billion', 1_000_000_000],
]);

const ORDINALS: ReadonlyMap<string, number> = new Map([
  ['first', 1], ['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['sixth', 6], ['seventh', 7], ['eighth', 8],
  ['ninth', 9], ['tenth', 10], ['eleventh', 11], ['twelfth', 12], ['thirteenth', 13], ['fourteenth', 14], ['fifteenth', 15],
  ['sixteenth', 16], ['seventeenth', 17], ['eighteenth', 18], ['nineteenth', 19], ['twentieth', 20], ['thirtieth', 30],
]);

/** Non-negative integer → English words ("121" → "one hundred twenty one"). */
export function cardinalWords(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return DIGIT_WORDS[n];
  if (n < 20) return TEENS[n - 10];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? ' ' + DIGIT_WORDS[n % 10] : '');
  for (const [word, scale] of [['billion', 1e9], ['million', 1e6], ['thousand', 1e3], ['hundred', 100]] as const) {
    if (n >= scale) {
      const rest = n % scale;
      return cardinalWords(Math.floor(n / scale)) + ' ' + word + (rest ? ' ' + cardinalWords(rest) : '');
    }
  }
  return String(n);
}

/**
 * Spoken cardinal words → integer, for the whole list or undefined ("one hundred and twenty" → 120,
 * "twenty one" → 21, "a thousand" → 1000, "nineteen ninety nine" → 1999 as a year-style pair).
 */
export function parseCardinal(words: readonly string[], yearPairs = true): number | undefined {
  if (words.length === 0) return undefined;
  let total = 0;
  let current = 0;
  let seen = false;
  let last: 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'none' = 'none';
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === 'and') {
      if (last !== 'hundred' && last !== 'scale') return undefined;
      continue;
    }
    const unit = UNIT_VALUES.get(w);
    if (unit !== undefined) {
      if ((w === 'a' || w === 'an') && i + 1 < words.length && !SCALE_VALUES.has(words[i + 1])) return undefined;
      if (last === 'unit' || last === 'teen') return undefined;
      if (last === 'tens' && unit >= 10) return undefined;
      current += unit;
      last = unit >= 10 ? 'teen' : 'unit';
      seen = true;
      continue;
    }
    const tens = TENS_VALUES.get(w);
    if (tens !== undefined) {
      if (last === 'unit' || last === 'teen' || last === 'tens') {
        // "nineteen ninety" / "twenty twenty": year-style pairs → 1990, 2020
        if (yearPairs && (last === 'teen' || last === 'tens') && current < 100 && total === 0) {
          current = current * 100 + tens;
          last = 'tens';
          seen = true;
          continue;
        }
        return undefined;
      }
      current += tens;
      last = 'tens';
      seen = true;
      continue;
    }
    const scale = SCALE_VALUES.get(w);
    if (scale !== undefined) {
      if (!seen && current === 0) current = 1;
      if (scale === 100) {
        if (current >= 100 && current % 100 !== 0) return undefined;
        current = (current === 0 ? 1 : current) * 100;
        last = 'hundred';
      } else {
        total += (current === 0 ? 1 : current) * scale;
        current = 0;
        last = 'scale';
      }
      seen = true;
      continue;
    }
    return undefined;
  }
  return seen ? total + current : undefined;
}

/** Ordinal word(s) or "23rd"-style numeral → integer ("twenty third" → 23). */
export function parseOrdinal(words: readonly string[]): number | undefined {
  if (words.length === 1) {
    const m = /^(\d{1,2})(st|nd|rd|th)$/.exec(words[0]);
    if (m) return Number(m[1]);
    return ORDINALS.get(words[0]);
  }
  if (words.length === 2) {
    const tens = TENS_VALUES.get(words[0]);
    const unit = ORDINALS.get(words[1]);
    if (tens !== undefined && unit !== undefined && unit < 10) return tens + unit;
  }
  return undefined;
}
