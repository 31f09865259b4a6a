/**
 * Recognition results as documents see them (VoiceXML 2.0 §5.1.5, §2.3.1): `application.lastresult$`
 * (an array of results, newest interpretation first, with the first entry's fields also on the array)
 * and the form item shadow variables `name$.utterance/.confidence/.inputmode/.interpretation`.
 * The recognition path (grammar, classifier, LLM), its score and alternatives are kept for transparency.
 */
import type { RecognitionResult } from '../../contracts/grammar';
import { CONTINUE, type Flow } from './flow';
import { js, type Turn } from './turn';

export interface ResultEntry {
  utterance: string;
  confidence: number;
  inputmode: string;
  interpretation: unknown;
}

function entryOf(r: RecognitionResult): Record<string, unknown> {
  const e: Record<string, unknown> = { utterance: r.utterance, confidence: r.confidence, inputmode: r.inputmode, interpretation: r.interpretation ?? null };
  e.path = r.path;
  if (r.score !== undefined) e.score = r.score;
  if (r.alternatives !== undefined) e.alternatives = r.alternatives;
  return e;
}

export function setLastResult(turn: Turn, r: RecognitionResult): Flow {
  const entry = entryOf(r);
  const env = turn.env;
  const set = js(() => {
    env.setShadow('lastresult$', 'application', env.fromData([entry]));
    for (const k of ['utterance', 'confidence', 'inputmode', 'interpretation'] as const) {
      env.assign(`application.lastresult$.${k}`, env.fromData(entry[k]));
    }
  });
  return set.ok ? CONTINUE : set.flow;
}

/** After a nomatch the platform still reports what it heard, when it heard something. */
export function setNomatchResult(turn: Turn, utterance: string | undefined, confidence: number | undefined, inputmode: string): Flow {
  if (utterance === undefined) return CONTINUE;
  return setLastResult(turn, { grammar: '', utterance, confidence: confidence ?? 0, inputmode: inputmode === 'dtmf' ? 'dtmf' : 'voice', interpretation: undefined, path: 'grammar' });
}

export function setShadow(turn: Turn, item: string, value: Record<string, unknown>): Flow {
  const r = js(() => turn.env.setShadow(`${item}$`, 'dialog', turn.env.fromData(value)));
  return r.ok ? CONTINUE : r.flow;
}
