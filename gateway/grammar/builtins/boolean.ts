/** builtin:boolean — yes/no in the ways callers say them; DTMF y (default 1) / n (default 2). */
import type { BuiltinMatch } from './types';
import { spokenTokens, stripFillers } from './spoken';

const YES = [
  'yes', 'yeah', 'yea', 'yep', 'yup', 'ya', 'sure', 'correct', 'right', 'affirmative', 'ok', 'okay', 'true',
  'absolutely', 'definitely', 'certainly', 'indeed', 'exactly', 'yes please', 'yes sir', 'yes maam', 'sure thing',
  'of course', 'that is right', "that's right", 'that is correct', "that's correct", 'thats right', 'uh huh',
  'you bet', 'go ahead', 'please do', 'i do', 'it is', 'sounds good', 'alright', 'all right', 'yes it is',
  'yes that is right', "yes that's right", 'yes thats right', 'yes correct', 'yeah sure', 'sure yes', 'yes yes',
  'ok yes', 'okay yes', 'yes thank you', 'yes thanks', 'yeah thanks', 'yes i do', 'yes it does', 'it does',
];
const NO = [
  'no', 'nope', 'nah', 'negative', 'incorrect', 'wrong', 'false', 'no thanks', 'no thank you', 'not really',
  'no way', 'nope thanks', "that's wrong", 'that is wrong', 'thats wrong', "that's not right", 'that is not right',
  'not right', 'not correct', "that's incorrect", 'that is incorrect', 'no it is not', "no it's not", 'no its not',
  'i do not', "i don't", 'i dont', 'absolutely not', 'definitely not', 'certainly not', 'of course not', 'no no',
  'no sir', 'no maam', 'nuh uh', 'uh uh', 'not at all', "it isn't", 'it is not', 'no it does not', "no it doesn't",
  'cancel that', 'no thats wrong', "no that's wrong",
];

const yes = new Set(YES);
const no = new Set(NO);

export function matchBooleanVoice(text: string): BuiltinMatch | undefined {
  const tokens = spokenTokens(text);
  const whole = tokens.join(' ');
  if (yes.has(whole)) return { value: true };
  if (no.has(whole)) return { value: false };
  const phrase = stripFillers(tokens, [['oh'], ['um']]).join(' ');
  if (yes.has(phrase)) return { value: true };
  if (no.has(phrase)) return { value: false };
  return undefined;
}

export function matchBooleanDtmf(keys: string, params: Record<string, string>): BuiltinMatch | undefined {
  const y = params.y ?? '1';
  const n = params.n ?? '2';
  if (keys === y) return { value: true };
  if (keys === n) return { value: false };
  return undefined;
}

export const BOOLEAN_EXAMPLES = ['yes', 'no', 'yeah', 'nope', 'sure', 'no thanks', 'correct', 'that is right'];
