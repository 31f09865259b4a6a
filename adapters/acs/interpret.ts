/**
 * Pure readings of ACS events for the dialog: what a RecognizeCompleted means as caller input, how a
 * record window ended, how long a bridge lasted. No I/O.
 */
import type { ListenAction, PlatformEvent } from '../../contracts/platform';
import type { AcsCallbackEvent } from './events';
import type { PendingStep } from './state';
import { tonesToDigits } from './tones';

export type RecognizeCompletedEvent = Extract<AcsCallbackEvent, { type: 'RecognizeCompleted' }>;

/**
 * RecognizeCompleted → what the caller said or pressed, channel-neutral. `recognitionType` (dtmf, speech,
 * choices) names the result that applies; without it the first non-empty result is taken. Tone names become
 * digits; a trailing stop tone (termchar) is dropped like every platform does, unless it is all the caller
 * pressed. A `choices` result becomes the phrase heard (or the choice's key when chosen by DTMF), so the
 * gateway's grammars still decide the interpretation. No result at all is noinput.
 */
export function inputOf(ev: RecognizeCompletedEvent, listen: ListenAction | undefined): { event: PlatformEvent; unknownTones: string[] } {
  const type = ev.recognitionType?.toLowerCase();
  const order: ('choice' | 'speech' | 'dtmf')[] =
    type === 'dtmf' ? ['dtmf', 'choice', 'speech'] : type === 'speech' ? ['speech', 'choice', 'dtmf'] : ['choice', 'speech', 'dtmf'];
  for (const kind of order) {
    if (kind === 'choice' && ev.choice) {
      const choice = listen?.choices?.find((c) => c.label === ev.choice?.label);
      if (ev.choice.phrase) return { event: { kind: 'speech', text: ev.choice.phrase, confidence: ev.choice.confidence ?? 1 }, unknownTones: [] };
      if (choice?.tone) return { event: { kind: 'dtmf', digits: choice.tone }, unknownTones: [] };
      return { event: { kind: 'speech', text: choice?.phrases[0] ?? ev.choice.label, confidence: ev.choice.confidence ?? 1 }, unknownTones: [] };
    }
    if (kind === 'speech' && ev.speech && ev.speech.text.trim() !== '') {
      return { event: { kind: 'speech', text: ev.speech.text, confidence: ev.speech.confidence ?? 1 }, unknownTones: [] };
    }
    if (kind === 'dtmf' && ev.tones && ev.tones.length > 0) {
      const { digits, unknown } = tonesToDigits(ev.tones);
      const term = listen?.termchar ?? '';
      const keys = term && digits.length > term.length && digits.endsWith(term) ? digits.slice(0, -term.length) : digits;
      return { event: keys === '' && unknown.length > 0 ? { kind: 'noinput' } : { kind: 'dtmf', digits: keys }, unknownTones: unknown };
    }
  }
  return { event: { kind: 'noinput' }, unknownTones: [] };
}

/**
 * A RecognizeCompleted that reports the operation was canceled (400/8508 in the Call Automation event-code
 * table) and carries no result: not caller input, the recognize is to be issued again.
 */
export function canceledWithoutResult(ev: RecognizeCompletedEvent): boolean {
  const hasResult = ev.choice !== undefined || (ev.speech !== undefined && ev.speech.text.trim() !== '') || (ev.tones !== undefined && ev.tones.length > 0);
  return ev.result?.subCode === 8508 && !hasResult;
}

export type RecordEnd = NonNullable<NonNullable<PendingStep['record']>['endedBy']>;

/** How a record window's recognize failed or was canceled → why the recording stopped. */
export function windowEnd(subCode: number | undefined, vad: boolean): RecordEnd {
  if (subCode === 8510) return vad ? 'noinput' : 'maxtime';
  if (subCode === 8508) return 'maxtime';
  // Speech that was not understood (8563 …) is still speech that ended: keep what was recorded.
  return 'silence';
}

/** Milliseconds from `from` to the event's time (or `now` when the event carries none). */
export function elapsedSince(from: number, time: string | undefined, now: number): number {
  const to = time ? Date.parse(time) : NaN;
  return Math.max(0, (Number.isFinite(to) ? to : now) - from);
}

/** The PlatformEvent of a recording file that arrived for a finished record window. */
export function recordedEvent(record: NonNullable<PendingStep['record']>, uri: string, durationMs: number): PlatformEvent {
  return {
    kind: 'recorded',
    uri,
    durationMs,
    type: 'audio/wav',
    ...(record.termchar ? { termchar: record.termchar } : {}),
    ...(record.endedBy === 'maxtime' ? { maxtime: true } : {}),
  };
}

/** Whether an event of this type can be the outcome of an operation of this kind (for events without operationContext). */
export function eventFitsStep(type: AcsCallbackEvent['type'], op: PendingStep['op']): boolean {
  switch (type) {
    case 'PlayCompleted':
    case 'PlayFailed':
    case 'PlayCanceled':
      return op === 'play';
    case 'RecognizeCompleted':
    case 'RecognizeFailed':
    case 'RecognizeCanceled':
      return op === 'recognize' || op === 'recwindow';
    case 'CallTransferAccepted':
    case 'CallTransferFailed':
      return op === 'transfer';
    case 'AddParticipantSucceeded':
    case 'AddParticipantFailed':
    case 'RemoveParticipantSucceeded':
    case 'RemoveParticipantFailed':
    case 'ContinuousDtmfRecognitionToneReceived':
      return op === 'add';
    default:
      return false;
  }
}
