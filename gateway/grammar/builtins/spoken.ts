/**
 * Reading what a recognizer wrote for a builtin type: a lexer that keeps the shapes numbers arrive in
 * ("4567", "12.50", "3:30", "23rd", "$", "3/23/2024"), and readers for digit strings and numbers spoken
 * the way callers say them ("four five six seven", "oh", "double two", "forty five sixty seven",
 * "one hundred and twenty", "minus five", "one point five").
 */
import { DIGIT_OF_WORD, SCALE_VALUES, TENS_VALUES, UNIT_VALUES, parseCardinal } from '../number-words';

/** Hesitations and politeness that carry no value. */
export const FILLERS = new Set(['uh', 'um', 'umm', 'er', 'erm', 'ah', 'hmm', 'mm', 'please', 'like', 'well']);

export function spokenTokens(text: string): string[] {
  const t = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\b([ap])\s*\.\s*m\b\.?/g, ' $1m ')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/([$£€¥%#*+])/g, ' $1 ')
    .replace(/(^|\s)-(?=\d)/g, '$1 minus ')
    .replace(/(\d)(am|pm)\b/g, '$1 $2')
    .replace(/[^a-z0-9'.:/$£€¥%#*+\s-]/g, ' ')
    .replace(/(?<!\d)[.:/]|[.:/](?!\d)/g, ' ')
    .replace(/-/g, ' ');
  const out: string[] = [];
  for (const raw of t.split(/\s+/)) {
    const w = raw.replace(/^'+|'+$/g, '');
    if (w !== '') out.push(w);
  }
  return out;
}

/** Drops fillers anywhere and the given lead-in phrases at the start ("my number is"). */
export function stripFillers(tokens: string[], leadIns: readonly string[][] = []): string[] {
  let ts = tokens.filter((w) => !FILLERS.has(w));
  for (let changed = true; changed; ) {
    changed = false;
    for (const lead of leadIns) {
      if (lead.length <= ts.length && lead.every((w, i) => ts[i] === w)) {
        ts = ts.slice(lead.length);
        changed = true;
      }
    }
  }
  return ts;
}

/**
 * A digit string spoken or written any common way. Returns undefined if any token is not part of one.
 * "double"/"triple" repeat the next digit; "twenty three" is 23; "eight hundred" is 800 (phone style).
 */
export function readDigitString(tokens: readonly string[]): string | undefined {
  let out = '';
  let i = 0;
  while (i < tokens.length) {
    const w = tokens[i];
    if (/^\d+$/.test(w)) {
      out += w;
      i++;
      continue;
    }
    const d = DIGIT_OF_WORD.get(w);
    if (d !== undefined) {
      out += d;
      i++;
      continue;
    }
    if (w === 'double' || w === 'triple' || w === 'quadruple') {
      const next = tokens[i + 1];
      const nd = next === undefined ? undefined : /^\d$/.test(next) ? next : DIGIT_OF_WORD.get(next);
      if (nd === undefined) return undefined;
      out += nd.repeat(w === 'double' ? 2 : w === 'triple' ? 3 : 4);
      i += 2;
      continue;
    }
    const tens = TENS_VALUES.get(w);
    if (tens !== undefined) {
      const next = tokens[i + 1];
      const unit = next === undefined ? undefined : UNIT_VALUES.get(next);
      if (unit !== undefined && unit > 0 && unit < 10 && next !== 'a' && next !== 'an') {
        out += String(tens + unit);
        i += 2;
      } else {
        out += String(tens);
        i++;
      }
      continue;
    }
    const teen = UNIT_VALUES.get(w);
    if (teen !== undefined && teen >= 10) {
      out += String(teen);
      i++;
      continue;
    }
    if ((w === 'hundred' || w === 'thousand') && out.length > 0) {
      out += w === 'hundred' ? '00' : '000';
      i++;
      continue;
    }
    return undefined;
  }
  return out === '' ? undefined : out;
}

/** Strips leading zeros of an integer part ("007" → "7", "0" stays). */
export function trimLeadingZeros(s: string): string {
  const t = s.replace(/^0+(?=\d)/, '');
  return t === '' ? '0' : t;
}

/**
 * A non-negative number as words and/or numerals: "one hundred and twenty", "120", "1.5",
 * "one point five", "twelve oh five" is not a number (that is a digit string). Returns its decimal
 * string (integer part without leading zeros, fraction as spoken).
 */
export function readNumber(tokens: readonly string[], yearPairs = true): string | undefined {
  if (tokens.length === 0) return undefined;
  const point = tokens.indexOf('point');
  if (point >= 0) {
    const whole = point === 0 ? '0' : readInteger(tokens.slice(0, point), yearPairs);
    const frac = readDigitString(tokens.slice(point + 1));
    if (whole === undefined || frac === undefined) return undefined;
    return `${whole}.${frac}`;
  }
  if (tokens.length >= 3 && tokens[tokens.length - 1] === 'half' && tokens[tokens.length - 2] === 'a' && tokens[tokens.length - 3] === 'and') {
    const whole = readInteger(tokens.slice(0, -3), yearPairs);
    return whole === undefined ? undefined : `${whole}.5`;
  }
  if (tokens.length === 1 && /^\d*\.\d+$|^\d+\.?$/.test(tokens[0])) {
    const [w, f] = tokens[0].split('.');
    const whole = trimLeadingZeros(w === '' ? '0' : w);
    return f === undefined || f === '' ? whole : `${whole}.${f}`;
  }
  return readInteger(tokens, yearPairs);
}

/** Integer from cardinal words, numerals, or a mix ("2 thousand", "twenty 5" is rejected). */
export function readInteger(tokens: readonly string[], yearPairs = true): string | undefined {
  if (tokens.length === 0) return undefined;
  if (tokens.length === 1 && /^\d+$/.test(tokens[0])) return trimLeadingZeros(tokens[0]);
  // "2 million", "1.5 million" style: a numeral followed by scale words
  if (/^\d+$/.test(tokens[0]) && tokens.slice(1).every((w) => SCALE_VALUES.has(w))) {
    let n = Number(tokens[0]);
    for (const w of tokens.slice(1)) n *= SCALE_VALUES.get(w) ?? 1;
    return Number.isSafeInteger(n) ? String(n) : undefined;
  }
  const n = parseCardinal(tokens, yearPairs);
  return n === undefined ? undefined : String(n);
}
