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
 * RecognizeCompleted → what the caller said or pressed, channel-neutral. Tone names become digits; a
 * trailing stop tone (termchar) is dropped like every platform does, unless it is all the caller pressed.
 * A `choices` result becomes the phrase heard (or the choice's key when chosen by DTMF), so the gateway's
 * grammars still decide the interpretation.
 */
export function inputOf(ev: RecognizeCompletedEvent, listen: ListenAction | undefined): { event: PlatformEvent; unknownTones: string[] } {
  if (ev.choice) {
    const choice = listen?.choices?.find((c) => c.label === ev.choice?.label);
    if (ev.choice.phrase) return { event: { kind: 'speech', text: ev.choice.phrase, confidence: ev.choice.confidence ?? 1 }, unknownTones: [] };
    if (choice?.tone) return { event: { kind: 'dtmf', digits: choice.tone }, unknownTones: [] };
    return { event: { kind: 'speech', text: choice?.phrases[0] ?? ev.choice.label, confidence: ev.choice.confidence ?? 1 }, unknownTones: [] };
  }
  if (ev.speech) {
    const event: PlatformEvent = ev.speech.text.trim() === '' ? { kind: 'noinput' } : { kind: 'speech', text: ev.speech.text, confidence: ev.speech.confidence ?? 1 };
    return { event, unknownTones: [] };
  }
  if (ev.tones) {
    const { digits, unknown } = tonesToDigits(ev.tones);
    const term = listen?.termchar ?? '';
    const keys = term && digits.length > term.length && digits.endsWith(term) ? digits.slice(0, -term.length) : digits;
    return { event: { kind: 'dtmf', digits: keys }, unknownTones: unknown };
  }
  return { event: { kind: 'noinput' }, unknownTones: [] };
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
