/**
 * Yes or no in plain speech, for builtin:boolean and for any grammar whose only answers are true and false
 * (a legacy yes/no grammar, an es-US sí/no grammar): "yeah go ahead", "no I don't think so", "not right
 * now", "sí claro adelante". The builtin's own yes/no lists decide a leading answer (reused, not copied);
 * the rest of the utterance may not contradict it. Nothing that says yes or no → undefined (nomatch).
 */
import { createBuiltin } from '../grammar/index';
import { words } from './text';

const boolean = createBuiltin('boolean', {}, 'voice');

/** Fillers before the answer ("um", "well", "oh", "wait"). */
const LEADING = new Set(['um', 'uh', 'umm', 'er', 'erm', 'ah', 'oh', 'well', 'hmm', 'wait', 'so', 'eh', 'pues', 'bueno', 'mm']);

const YES_EXTRA = [
  'yes', 'yeah', 'okay', 'please do', 'go ahead', 'do it', 'let us do it', 'buy it', 'i would like that', 'sounds good', 'that is fine',
  'that is the one', 'put me through', 'why not', 'of course', 'sure',
  'si', 'claro', 'correcto', 'vale', 'de acuerdo', 'por supuesto', 'exacto', 'esta bien', 'adelante', 'afirmativo', 'asi es', 'desde luego', 'okey',
];
const NO_EXTRA = [
  'no', 'nope', 'not right now', 'not now', 'not today', 'not yet', 'not really', 'not quite', 'not exactly', 'do not think so', 'i do not think so', 'never mind', 'changed my mind',
  'i have changed my mind', 'do not want', 'i do not want it', 'not interested', 'i am good', 'i am fine', 'wrong', 'you got it wrong', 'that is not it',
  'no gracias', 'incorrecto', 'para nada', 'de ninguna manera', 'nunca', 'esta mal', 'ya no', 'mejor no', 'todavia no',
];
/** Answers that are neither ("maybe", "tal vez"): the caller has not decided. */
const UNDECIDED = ['maybe', 'perhaps', 'not sure', 'i am not sure', 'i do not know', 'depends', 'maybe later', 'later', 'tal vez', 'quizas', 'quiza', 'no se', 'a lo mejor'];

const split = (ps: string[]): string[][] => ps.map((p) => words(p));
const yesPhrases = split(YES_EXTRA);
const noPhrases = split(NO_EXTRA);
const undecided = split(UNDECIDED);

export interface Polarity {
  value: boolean;
  /** Words [start, end) that said it. */
  start: number;
  end: number;
}

function startsWith(ws: readonly string[], at: number, p: readonly string[]): boolean {
  if (p.length === 0 || at + p.length > ws.length) return false;
  for (let k = 0; k < p.length; k++) if (ws[at + k] !== p[k]) return false;
  return true;
}

function contains(ws: readonly string[], p: readonly string[]): number {
  for (let i = 0; i + p.length <= ws.length; i++) if (startsWith(ws, i, p)) return i;
  return -1;
}

/** The answer a leading phrase gives: the builtin's lists first (longest prefix), then ours. */
function leading(ws: readonly string[], at: number): Polarity | undefined {
  for (let len = Math.min(6, ws.length - at); len >= 1; len--) {
    const m = boolean.match(ws.slice(at, at + len).join(' '));
    if (m && typeof m.value === 'boolean') return { value: m.value, start: at, end: at + len };
  }
  let best: Polarity | undefined;
  for (const [phrases, value] of [[yesPhrases, true], [noPhrases, false]] as const) {
    for (const p of phrases) if (startsWith(ws, at, p) && (!best || p.length > best.end - best.start)) best = { value, start: at, end: at + p.length };
  }
  return best;
}

export function polarity(text: string): Polarity | undefined {
  const ws = words(text);
  let at = 0;
  while (at < ws.length && LEADING.has(ws[at])) at++;
  if (at >= ws.length) return undefined;
  for (const u of undecided) if (contains(ws, u) >= 0 && !(ws[at] === 'no' && u[0] !== 'no')) return undefined;
  const lead = leading(ws, at);
  if (lead) {
    // "yes no", "no yes": the caller contradicted the answer straight away.
    const next = lead.end < ws.length ? leading(ws, lead.end) : undefined;
    if (next && next.value !== lead.value && next.start === lead.end && ws[next.start] !== 'please') return undefined;
    return lead;
  }
  // No leading answer: a no-phrase anywhere ("I think not right now"), else a yes-phrase.
  for (const [phrases, value] of [[noPhrases, false], [yesPhrases, true]] as const) {
    let best: Polarity | undefined;
    for (const p of phrases) {
      if (p.length < 2 && (p[0] === 'no' || p[0] === 'please' || p[0] === 'si')) continue;
      const i = contains(ws, p);
      if (i >= 0 && (!best || p.length > best.end - best.start)) best = { value, start: i, end: i + p.length };
    }
    if (best) return best;
  }
  return undefined;
}
