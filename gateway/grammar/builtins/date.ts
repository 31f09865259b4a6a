/**
 * builtin:date → "yyyymmdd" with "????" / "??" for parts the caller did not say.
 * Spoken: "March twenty third", "March the twenty third", "the twenty third of March", "23rd March 2024",
 * "March 23rd, 2024", "3/23/2024", "2024-03-23", "today"/"tomorrow"/"yesterday" (needs the turn's clock).
 * DTMF: eight digits yyyymmdd.
 */
import type { BuiltinMatch } from './types';
import { parseCardinal, parseOrdinal } from '../number-words';
import { spokenTokens, stripFillers } from './spoken';

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4],
  ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8], ['september', 9],
  ['sept', 9], ['sep', 9], ['october', 10], ['oct', 10], ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
]);
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const LEAD_INS = [['on'], ['it', 'is'], ["it's"], ['its'], ['the', 'date', 'is'], ['date'], ['that', 'is'], ["that's"], ['on', 'the']];

interface DateParts {
  y?: number;
  m?: number;
  d?: number;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function format(p: DateParts): string {
  return (p.y === undefined ? '????' : pad(p.y, 4)) + (p.m === undefined ? '??' : pad(p.m, 2)) + (p.d === undefined ? '??' : pad(p.d, 2));
}

function validDay(d: number, m?: number): boolean {
  return Number.isInteger(d) && d >= 1 && d <= (m === undefined ? 31 : DAYS_IN_MONTH[m - 1]);
}

function validDate(p: DateParts): boolean {
  if (p.m !== undefined && (p.m < 1 || p.m > 12)) return false;
  if (p.d !== undefined && !validDay(p.d, p.m)) return false;
  if (p.y !== undefined && p.m === 2 && p.d === 29 && !(p.y % 4 === 0 && (p.y % 100 !== 0 || p.y % 400 === 0))) return false;
  return true;
}

function readDay(tokens: string[]): number | undefined {
  let t = tokens;
  if (t[0] === 'the') t = t.slice(1);
  if (t.length === 0) return undefined;
  const ord = parseOrdinal(t);
  if (ord !== undefined) return ord;
  if (t.length === 1 && /^\d{1,2}$/.test(t[0])) return Number(t[0]);
  const n = parseCardinal(t, false);
  return n !== undefined && n >= 1 && n <= 31 ? n : undefined;
}

function readYear(tokens: string[]): number | undefined {
  if (tokens.length === 0) return undefined;
  if (tokens.length === 1 && /^\d{4}$/.test(tokens[0])) return Number(tokens[0]);
  // "two thousand and five", "twenty twenty four", "nineteen ninety nine", "twenty oh five"
  let t = tokens;
  const oh = t.findIndex((w) => w === 'oh' || w === 'o');
  if (oh === 1 && t.length === 3) {
    const century = parseCardinal([t[0]]);
    const unit = parseCardinal([t[2]]);
    if (century !== undefined && unit !== undefined && unit < 10) return century * 100 + unit;
  }
  if (t[0] === 'in' || t[0] === 'of') t = t.slice(1);
  const n = parseCardinal(t);
  return n !== undefined && n >= 1000 && n <= 2999 ? n : undefined;
}

/** The part of a date after the month name: "[the] day [of] [year]" or just a year. */
function afterMonth(rest: string[], m: number): DateParts | undefined {
  let r = rest;
  if (r[0] === 'the') r = r.slice(1);
  if (r.length === 0) return { m };
  for (const len of [2, 1, 3]) {
    if (len > r.length) continue;
    const d = readDay(r.slice(0, len));
    if (d === undefined || !validDay(d, m)) continue;
    const tail = r.slice(len);
    if (tail.length === 0) return { m, d };
    const y = readYear(tail);
    if (y !== undefined) return { y, m, d };
  }
  const y = readYear(r);
  return y !== undefined ? { y, m } : undefined;
}

function spokenDate(tokens: string[], now?: number): DateParts | undefined {
  if (tokens.length === 1 && now !== undefined) {
    const offset = tokens[0] === 'today' ? 0 : tokens[0] === 'tomorrow' ? 1 : tokens[0] === 'yesterday' ? -1 : undefined;
    if (offset !== undefined) {
      const d = new Date(now + offset * 86_400_000);
      return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
    }
  }
  // Numeric forms: m/d[/y], yyyy mm dd (ISO with hyphens lexed apart).
  if (tokens.length === 1 && /^\d{1,2}\/\d{1,2}(\/\d{2,4})?$/.test(tokens[0])) {
    const [m, d, y] = tokens[0].split('/').map(Number);
    const year = y === undefined ? undefined : y < 100 ? 2000 + y : y;
    return { y: year, m, d };
  }
  if (tokens.length === 3 && /^\d{4}$/.test(tokens[0]) && /^\d{1,2}$/.test(tokens[1]) && /^\d{1,2}$/.test(tokens[2])) {
    return { y: Number(tokens[0]), m: Number(tokens[1]), d: Number(tokens[2]) };
  }
  const mi = tokens.findIndex((w) => MONTHS.has(w));
  if (mi < 0) {
    const d = readDay(tokens);
    return d !== undefined && (tokens[0] === 'the' || parseOrdinal(tokens) !== undefined) ? { d } : undefined;
  }
  const m = MONTHS.get(tokens[mi]) as number;
  const before = tokens.slice(0, mi);
  const after = tokens.slice(mi + 1);
  if (before.length === 0) return afterMonth(after, m);
  // "[the] twenty third [of] March [2024]"
  let b = before;
  if (b[b.length - 1] === 'of') b = b.slice(0, -1);
  const d = readDay(b);
  if (d === undefined || !validDay(d, m)) return undefined;
  if (after.length === 0) return { m, d };
  const y = readYear(after);
  return y !== undefined ? { y, m, d } : undefined;
}

export function matchDateVoice(text: string, now?: number): BuiltinMatch | undefined {
  const tokens = stripFillers(spokenTokens(text), LEAD_INS);
  if (tokens.length === 0) return undefined;
  const p = spokenDate(tokens, now);
  if (!p || !validDate(p) || (p.y === undefined && p.m === undefined && p.d === undefined)) return undefined;
  return { value: format(p) };
}

export function matchDateDtmf(keys: string): BuiltinMatch | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(keys);
  if (!m) return undefined;
  const p = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return validDate(p) ? { value: keys } : undefined;
}
