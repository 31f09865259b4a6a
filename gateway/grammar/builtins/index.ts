/** The builtin grammar types of VoiceXML 2.0 Appendix P, for voice and DTMF, as matchers. */
import type { BuiltinType } from '../../../contracts/grammar';
import type { InputMode } from '../../../contracts/platform';
import type { BuiltinMatcher } from './types';
import { BOOLEAN_EXAMPLES, matchBooleanDtmf, matchBooleanVoice } from './boolean';
import { digitBounds, matchDigitsDtmf, matchDigitsVoice, matchPhoneDtmf, matchPhoneVoice } from './digits';
import { matchCurrencyDtmf, matchCurrencyVoice, matchNumberDtmf, matchNumberVoice } from './number';
import { matchDateDtmf, matchDateVoice } from './date';
import { matchTimeDtmf, matchTimeVoice } from './time';

export type { BuiltinMatcher, BuiltinMatch, BuiltinContext } from './types';

export const BUILTIN_TYPES: readonly BuiltinType[] = ['boolean', 'date', 'digits', 'currency', 'number', 'phone', 'time'];

export function isBuiltinType(t: string): t is BuiltinType {
  return (BUILTIN_TYPES as readonly string[]).includes(t);
}

const KNOWN_PARAMS: Record<BuiltinType, string[]> = {
  boolean: ['y', 'n'],
  date: [],
  digits: ['length', 'minlength', 'maxlength'],
  currency: [],
  number: [],
  phone: [],
  time: [],
};

/** A matcher for `type` in `mode` with its parameters; `lang` picks the meaning of "dollars" and the like. */
export function createBuiltin(type: BuiltinType, params: Record<string, string>, mode: InputMode, lang = 'en-US'): BuiltinMatcher {
  const problems: string[] = [];
  for (const k of Object.keys(params)) {
    if (!KNOWN_PARAMS[type].includes(k)) problems.push(`builtin ${type} has no parameter "${k}"; ignored`);
  }
  const voice = mode === 'voice';
  const base = { type, mode, params, problems };
  switch (type) {
    case 'boolean': {
      for (const k of ['y', 'n'] as const) {
        const v = params[k];
        if (v !== undefined && !/^[0-9*#]$/.test(v)) problems.push(`boolean ${k}="${v}" is not a single DTMF key`);
      }
      return {
        ...base,
        match: (input) => (voice ? matchBooleanVoice(input) : matchBooleanDtmf(input, params)),
        dtmfBounds: { min: 1, max: 1 },
        examples: voice ? BOOLEAN_EXAMPLES : [params.y ?? '1', params.n ?? '2'],
      };
    }
    case 'digits': {
      const b = digitBounds(params);
      problems.push(...b.problems);
      return {
        ...base,
        match: (input) => (voice ? matchDigitsVoice(input, b) : matchDigitsDtmf(input, b)),
        dtmfBounds: { min: b.min, max: b.max },
        examples: ['one two three four', 'four five six seven'],
      };
    }
    case 'phone':
      return {
        ...base,
        match: (input) => (voice ? matchPhoneVoice(input) : matchPhoneDtmf(input)),
        dtmfBounds: { min: 3, max: null },
        examples: ['eight hundred five five five one two one two', 'five five five one two three four extension one two'],
      };
    case 'number':
      return {
        ...base,
        match: (input) => (voice ? matchNumberVoice(input) : matchNumberDtmf(input)),
        dtmfBounds: { min: 1, max: null },
        examples: ['twenty five', 'one hundred', 'one point five', 'minus five'],
      };
    case 'currency':
      return {
        ...base,
        match: (input) => (voice ? matchCurrencyVoice(input, lang) : matchCurrencyDtmf(input)),
        dtmfBounds: { min: 1, max: null },
        examples: ['twelve dollars fifty', 'one hundred dollars', 'fifty cents'],
      };
    case 'date':
      return {
        ...base,
        match: (input, ctx) => (voice ? matchDateVoice(input, ctx?.now) : matchDateDtmf(input)),
        dtmfBounds: { min: 8, max: 8 },
        examples: ['march twenty third', 'the first of january', 'december twenty fifth two thousand twenty four', 'tomorrow'],
      };
    case 'time':
      return {
        ...base,
        match: (input) => (voice ? matchTimeVoice(input) : matchTimeDtmf(input)),
        dtmfBounds: { min: 4, max: 4 },
        examples: ['three thirty p m', 'half past three', 'noon', 'quarter to four'],
      };
  }
}
