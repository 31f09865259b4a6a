/** builtin:digits (length / minlength / maxlength) and builtin:phone (digits with an optional x extension). */
import type { BuiltinMatch } from './types';
import { readDigitString, spokenTokens, stripFillers } from './spoken';

export interface LengthBounds {
  min: number;
  max: number | null;
  problems: string[];
}

function intParam(params: Record<string, string>, name: string, problems: string[]): number | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) {
    problems.push(`${name}="${v}" is not a non-negative integer; ignored`);
    return undefined;
  }
  return Number(v);
}

/** Appendix P: length fixes the count; minlength/maxlength bound it (length wins when both are given). */
export function digitBounds(params: Record<string, string>): LengthBounds {
  const problems: string[] = [];
  const length = intParam(params, 'length', problems);
  const minlength = intParam(params, 'minlength', problems);
  const maxlength = intParam(params, 'maxlength', problems);
  if (length !== undefined) {
    if (minlength !== undefined || maxlength !== undefined) problems.push('length together with minlength/maxlength: length wins');
    return { min: length, max: length, problems };
  }
  const min = minlength ?? 1;
  const max = maxlength ?? null;
  if (max !== null && max < min) {
    problems.push(`minlength ${min} is greater than maxlength ${max}; nothing can match`);
  }
  return { min, max, problems };
}

const LEAD_INS = [['it', 'is'], ["it's"], ['its'], ['my', 'number', 'is'], ['the', 'number', 'is'], ['number'], ['my'], ['that', 'is'], ["that's"]];

function inBounds(s: string, b: LengthBounds): boolean {
  return s.length >= b.min && (b.max === null || s.length <= b.max);
}

export function matchDigitsVoice(text: string, b: LengthBounds): BuiltinMatch | undefined {
  const tokens = stripFillers(spokenTokens(text), LEAD_INS);
  const s = readDigitString(tokens);
  return s !== undefined && inBounds(s, b) ? { value: s } : undefined;
}

export function matchDigitsDtmf(keys: string, b: LengthBounds): BuiltinMatch | undefined {
  return /^\d+$/.test(keys) && inBounds(keys, b) ? { value: keys } : undefined;
}

const EXTENSION = new Set(['extension', 'ext', 'x', 'extn']);

export function matchPhoneVoice(text: string): BuiltinMatch | undefined {
  let tokens = stripFillers(spokenTokens(text), LEAD_INS).filter((w) => w !== '+');
  if (tokens[0] === 'plus') tokens = tokens.slice(1);
  const x = tokens.findIndex((w) => EXTENSION.has(w));
  const main = readDigitString(x < 0 ? tokens : tokens.slice(0, x));
  if (main === undefined || main.length < 3 || main.length > 15) return undefined;
  if (x < 0) return { value: main };
  const ext = readDigitString(tokens.slice(x + 1));
  if (ext === undefined || ext.length > 8) return undefined;
  return { value: `${main}x${ext}` };
}

/** DTMF phone: digits, "*" standing for the extension separator. */
export function matchPhoneDtmf(keys: string): BuiltinMatch | undefined {
  const m = /^(\d{3,15})(?:\*(\d{1,8}))?$/.exec(keys);
  if (!m) return undefined;
  return { value: m[2] === undefined ? m[1] : `${m[1]}x${m[2]}` };
}
