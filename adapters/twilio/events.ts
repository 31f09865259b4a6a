/**
 * What a Twilio callback means for the application, as channel-neutral platform events. Pure functions of
 * the validated parameters: the routes feed the result to the runtime in order.
 */
import type { PlatformEvent, TransferResult } from '../../contracts/platform';
import { DIAL_CALL_STATUSES, FINAL_CALL_STATUSES, type DialParams, type GatherParams, type RecordParams } from './params';

type DialCallStatus = (typeof DIAL_CALL_STATUSES)[number];

/**
 * <Gather> result. Twilio sends the keys without the finishOnKey key; speech comes as SpeechResult with a
 * Confidence in [0, 1]. Nothing at all (timeout) is noinput. The finish key pressed alone is the key itself
 * (FinishedOnKey): a legacy menu's "press pound" or a grammar accepting "#" must see it, as on every VoiceXML
 * platform; where no grammar takes it the gateway's engine says nomatch. The gateway's grammar engine and NLU
 * decide whether the input matches, so a nomatch is never decided here.
 */
export function gatherEvent(p: GatherParams): PlatformEvent {
  const digits = (p.Digits ?? '').toUpperCase().replace(/W/g, '');
  if (digits !== '') return { kind: 'dtmf', digits };
  if (p.FinishedOnKey) return { kind: 'dtmf', digits: p.FinishedOnKey };
  const text = (p.SpeechResult ?? '').trim();
  if (text !== '') {
    return { kind: 'speech', text, confidence: confidenceOf(p.Confidence) };
  }
  return { kind: 'noinput' };
}

/**
 * Twilio documents Confidence as "a confidence score between 0.0 and 1.0". Some speech models send none (or an
 * empty value): the transcript is all Twilio has, so it is taken as heard.
 */
export function confidenceOf(raw: string | undefined): number {
  const value = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
}

export interface RecordContext {
  /** <Record maxLength> of this turn, from the callback URL. */
  maxLengthS?: number;
  /** The <Redirect> after <Record>: Twilio got an empty recording and went on with the next verb. */
  empty: boolean;
}

/**
 * <Record> result → `recorded` (and `hangup` when the caller hung up while recording: VoiceXML keeps the audio
 * and then throws connection.disconnect.hangup). An empty recording is a noinput.
 */
export function recordEvents(p: RecordParams, ctx: RecordContext): PlatformEvent[] | { error: string } {
  if (ctx.empty) return [{ kind: 'noinput' }];
  if (!p.RecordingUrl) return { error: 'body parameter RecordingUrl: required on a <Record> action callback' };
  const durationS = p.RecordingDuration === undefined ? 0 : Number(p.RecordingDuration);
  const key = p.Digits && p.Digits !== 'hangup' ? p.Digits : undefined;
  const hungUp = p.Digits === 'hangup';
  const maxtime = !key && !hungUp && ctx.maxLengthS !== undefined && durationS >= ctx.maxLengthS - 1;
  const recorded: PlatformEvent = {
    kind: 'recorded',
    uri: p.RecordingUrl,
    durationMs: durationS * 1000,
    type: 'audio/wav',
    ...(key ? { termchar: key } : {}),
    maxtime,
  };
  return hungUp ? [recorded, { kind: 'hangup' }] : [recorded];
}

export interface DialContext {
  type: 'blind' | 'bridge' | 'consultation';
  /** <Dial timeLimit> in seconds, when the transfer had a maxtime. */
  limitS?: number;
}

/**
 * <Dial> result → the VoiceXML transfer outcome (VoiceXML 2.0 §2.3.7, table of <transfer> results).
 * A caller who hangs up during the bridge ends the Dial too: Twilio then reports CallStatus=completed, and the
 * application gets connection.disconnect.hangup, not a transfer result.
 */
export function dialEvents(p: DialParams, ctx: DialContext): PlatformEvent[] {
  if (p.CallStatus !== undefined && FINAL_CALL_STATUSES.has(p.CallStatus)) return [{ kind: 'hangup' }];
  const durationS = p.DialCallDuration === undefined ? undefined : Number(p.DialCallDuration);
  const durationMs = durationS === undefined ? undefined : durationS * 1000;
  const result = dialResult(p.DialCallStatus, durationS, ctx);
  return [durationMs === undefined ? { kind: 'transfer.done', result } : { kind: 'transfer.done', result, durationMs }];
}

function dialResult(raw: DialParams['DialCallStatus'], durationS: number | undefined, ctx: DialContext): TransferResult | 'accepted' {
  const status = (DIAL_CALL_STATUSES as readonly string[]).includes(raw) ? (raw as DialCallStatus) : undefined;
  // A value Twilio adds after this was written: the outcome is unknown to VoiceXML, not an error of the call.
  if (status === undefined) return 'unknown';
  switch (status) {
    case 'completed':
      // A blind or consultation transfer that connected has handed the caller over: the gateway is out.
      if (ctx.type !== 'bridge') return 'accepted';
      return ctx.limitS !== undefined && durationS !== undefined && durationS >= ctx.limitS ? 'maxtime_disconnect' : 'far_end_disconnect';
    case 'answered':
      // Twilio documents "answered" for conference legs only; the gateway dials none, so a bridge that ends
      // "answered" ended for a reason nobody reported.
      return ctx.type !== 'bridge' ? 'accepted' : 'unknown';
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'noanswer';
    case 'failed':
      // Twilio could not route the call (carrier refusal, unreachable number) — or, when the leg had been
      // connected for a while, the network dropped it.
      return durationS !== undefined && durationS > 0 ? 'network_disconnect' : 'network_busy';
    case 'canceled':
      return 'near_end_disconnect';
    default:
      return assertNever(status);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled Twilio DialCallStatus: ${String(value)}`);
}
