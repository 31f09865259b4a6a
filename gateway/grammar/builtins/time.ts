/**
 * builtin:time → "hhmmx", x = a (AM), p (PM), h (24-hour clock), ? (ambiguous).
 * Spoken: "three thirty p m", "3:30 PM", "half past three", "quarter to four", "ten past six", "noon",
 * "midnight", "fifteen hundred hours", "oh nine thirty", "seven in the evening", "9am".
 * DTMF: four digits hhmm; there is no DTMF convention for AM/PM, so the result ends with "h" or "?".
 */
import type { BuiltinMatch } from './types';
import { parseCardinal } from '../number-words';
import { spokenTokens, stripFillers } from './spoken';

const LEAD_INS = [['at'], ['around'], ['about'], ['it', 'is'], ["it's"], ['its'], ['make', 'it'], ['the', 'time', 'is'], ['time']];
const AM_SUFFIXES = [['am'], ['a', 'm'], ['in', 'the', 'morning'], ['this', 'morning'], ['morning']];
const PM_SUFFIXES = [['pm'], ['p', 'm'], ['in', 'the', 'afternoon'], ['in', 'the', 'evening'], ['this', 'afternoon'], ['this', 'evening'], ['at', 'night'], ['tonight'], ['afternoon'], ['evening']];
const DROP_SUFFIXES = [["o'clock"], ['oclock'], ['o', 'clock'], ['hours'], ['hour'], ['sharp'], ['exactly']];

type Meridiem = 'a' | 'p' | undefined;

function endsWith(tokens: string[], suffix: string[]): boolean {
  return suffix.length <= tokens.length && suffix.every((w, i) => tokens[tokens.length - suffix.length + i] === w);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function format(h: number, m: number, mer: Meridiem, forced24: boolean): string | undefined {
  if (m < 0 || m > 59 || h < 0 || h > 24) return undefined;
  if (h === 24) {
    if (m !== 0 || mer) return undefined;
    return `0000h`;
  }
  if (mer) {
    if (h > 12) return undefined;
    return `${pad2(h === 0 ? 12 : h)}${pad2(m)}${mer}`;
  }
  if (forced24 || h > 12 || h === 0) return `${pad2(h)}${pad2(m)}h`;
  return `${pad2(h)}${pad2(m)}?`;
}

function readMinutes(tokens: string[]): number | undefined {
  if (tokens.length === 0) return 0;
  if (tokens.length === 1 && /^\d{1,2}$/.test(tokens[0])) return Number(tokens[0]);
  if (tokens.length === 1 && tokens[0] === 'hundred') return 0;
  if ((tokens[0] === 'oh' || tokens[0] === 'o' || tokens[0] === 'zero') && tokens.length === 2) {
    const u = parseCardinal([tokens[1]]);
    return u !== undefined && u < 10 ? u : undefined;
  }
  const n = parseCardinal(tokens, false);
  return n !== undefined && n < 60 && !tokens.includes('hundred') ? n : undefined;
}

function readHour(tokens: string[]): { h: number; leadingZero: boolean } | undefined {
  if (tokens.length === 0) return undefined;
  let t = tokens;
  let leadingZero = false;
  if (t.length > 1 && (t[0] === 'oh' || t[0] === 'zero' || t[0] === 'o')) {
    t = t.slice(1);
    leadingZero = true;
  }
  if (t.length === 1 && /^\d{1,2}$/.test(t[0])) return { h: Number(t[0]), leadingZero: leadingZero || t[0].length === 2 && t[0].startsWith('0') };
  const n = parseCardinal(t, false);
  return n !== undefined && n <= 24 && !t.includes('hundred') ? { h: n, leadingZero } : undefined;
}

/** "half past three", "quarter to four", "twenty minutes past six", "ten till nine". */
function relative(tokens: string[], mer: Meridiem): string | undefined {
  const at = tokens.findIndex((w) => ['past', 'after', 'to', 'till', 'til', 'before', 'of'].includes(w));
  if (at <= 0) return undefined;
  let amount = tokens.slice(0, at);
  if (amount[amount.length - 1] === 'minutes' || amount[amount.length - 1] === 'minute') amount = amount.slice(0, -1);
  if (amount[0] === 'a') amount = amount.slice(1);
  const m = amount.length === 1 && amount[0] === 'half' ? 30 : amount.length === 1 && amount[0] === 'quarter' ? 15 : readMinutes(amount);
  if (m === undefined || m === 0 || m > 59) return undefined;
  const hour = readHour(tokens.slice(at + 1));
  if (!hour) return undefined;
  const after = ['past', 'after'].includes(tokens[at]);
  if (after) return format(hour.h, m, mer, hour.h > 12);
  if (m > 30 && amount[0] !== 'quarter') return undefined;
  const h = hour.h === 0 ? 23 : hour.h - 1;
  return format(h === 0 && !mer ? 12 : h, 60 - m, mer, hour.h > 12 || hour.h === 0);
}

function spokenTime(tokens: string[]): string | undefined {
  let t = tokens;
  let mer: Meridiem;
  for (const [suffixes, value] of [[AM_SUFFIXES, 'a'], [PM_SUFFIXES, 'p']] as const) {
    for (const s of suffixes) {
      if (mer === undefined && endsWith(t, s) && t.length > s.length) {
        t = t.slice(0, t.length - s.length);
        mer = value;
      }
    }
  }
  let dropped = false;
  for (const s of DROP_SUFFIXES) {
    if (endsWith(t, s) && t.length > s.length) {
      t = t.slice(0, t.length - s.length);
      dropped = s[0] === 'hours' || s[0] === 'hour';
    }
  }
  if (t.length === 1 || (t.length === 2 && t[0] === 'twelve')) {
    const w = t[t.length - 1];
    if (w === 'noon' || w === 'midday') return mer === 'a' ? undefined : '1200p';
    if (w === 'midnight') return mer === 'p' ? undefined : '1200a';
  }
  // "3:30", "1530", "930"
  if (t.length === 1 && /^\d{1,2}:\d{2}$/.test(t[0])) {
    const [h, m] = t[0].split(':').map(Number);
    return format(h, m, mer, t[0].startsWith('0') || h > 12);
  }
  if (t.length === 1 && /^\d{3,4}$/.test(t[0])) {
    const h = Number(t[0].slice(0, -2));
    return format(h, Number(t[0].slice(-2)), mer, t[0].length === 4 && (t[0].startsWith('0') || dropped || h > 12));
  }
  const rel = relative(t, mer);
  if (rel !== undefined) return rel;
  for (const hourLen of [1, 2, 3]) {
    if (hourLen > t.length) break;
    const hour = readHour(t.slice(0, hourLen));
    if (!hour) continue;
    const rest = t.slice(hourLen);
    const m = readMinutes(rest);
    if (m === undefined) continue;
    const military = rest.length === 1 && rest[0] === 'hundred';
    return format(hour.h, m, mer, hour.leadingZero || military || dropped);
  }
  return undefined;
}

export function matchTimeVoice(text: string): BuiltinMatch | undefined {
  const tokens = stripFillers(spokenTokens(text), LEAD_INS);
  if (tokens.length === 0) return undefined;
  const v = spokenTime(tokens);
  return v === undefined ? undefined : { value: v };
}

export function matchTimeDtmf(keys: string): BuiltinMatch | undefined {
  const m = /^(\d{2})(\d{2})$/.exec(keys);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return { value: `${m[1]}${m[2]}${h > 12 || h === 0 ? 'h' : '?'}` };
}
