/**
 * ACS result codes → VoiceXML outcomes. Codes follow the Call Automation troubleshooting tables
 * (recognize/play event codes and the generic subcodes); anything unlisted is a platform failure
 * (error.noresource) so the application's error handlers decide, never a crash.
 */
import type { InputMode, PlatformEvent, TransferResult } from '../../contracts/platform';

export interface ResultInfo {
  code?: number;
  subCode?: number;
  message?: string;
  sipCode?: number;
}

/** What a RecognizeFailed (or a failed prompt of a recognize) means for the dialog. */
export type RecognizeFailure =
  | { kind: 'event'; event: PlatformEvent }
  /** A prompt could not be played (bad file, download failure): retry with the audio's fallback content. */
  | { kind: 'prompt-failed' }
  /** The call is gone (terminated, not found): CallDisconnected follows and ends the session. */
  | { kind: 'call-gone' }
  /** Canceled by another media operation (8508). */
  | { kind: 'canceled' };

/** Subcodes whose meaning for VoiceXML is certain. */
const NOINPUT = new Set([8510]);
/** The platform heard something it could not accept: VoiceXML nomatch. */
const NOMATCH_DTMF = new Set([8532, 8534]);
const NOMATCH_VOICE = new Set([8547, 8563]);
const PROMPT_FAILED = new Set([8511, 8535, 8536]);
/** Our request carried bad content from the document (e.g. invalid SSML, empty text). */
const SEMANTIC = new Set([8523, 8582]);
const CALL_GONE = new Set([8501, 8522, 8528, 8543, 8585]);

export function classifyRecognizeFailure(r: ResultInfo, modes: readonly InputMode[]): RecognizeFailure {
  const sub = r.subCode ?? 0;
  if (NOINPUT.has(sub)) return { kind: 'event', event: { kind: 'noinput' } };
  if (NOMATCH_DTMF.has(sub)) return { kind: 'event', event: { kind: 'nomatch', inputmode: 'dtmf' } };
  if (NOMATCH_VOICE.has(sub)) return { kind: 'event', event: { kind: 'nomatch', inputmode: modes.includes('voice') ? 'voice' : 'dtmf' } };
  if (PROMPT_FAILED.has(sub)) return { kind: 'prompt-failed' };
  if (sub === 8508) return { kind: 'canceled' };
  if (CALL_GONE.has(sub)) return { kind: 'call-gone' };
  return { kind: 'event', event: platformError(r, SEMANTIC.has(sub) ? 'error.semantic' : 'error.noresource', 'recognize') };
}

/** PlayFailed of a plain play: a bad file is retried with its fallback; the rest are platform errors. */
export function classifyPlayFailure(r: ResultInfo): RecognizeFailure {
  const sub = r.subCode ?? 0;
  if (PROMPT_FAILED.has(sub)) return { kind: 'prompt-failed' };
  if (sub === 8508) return { kind: 'canceled' };
  if (CALL_GONE.has(sub)) return { kind: 'call-gone' };
  return { kind: 'event', event: platformError(r, SEMANTIC.has(sub) ? 'error.semantic' : 'error.noresource', 'play') };
}

export function platformError(r: ResultInfo, event: string, what: string): PlatformEvent {
  const detail = [r.code, r.subCode].filter((x) => x !== undefined).join('/');
  return { kind: 'platform.error', event, message: `ACS ${what} failed${detail ? ` (${detail})` : ''}${r.message ? `: ${r.message}` : ''}` };
}

/**
 * A failed transfer (AddParticipantFailed / CallTransferFailed) → the VoiceXML transfer result.
 * The SIP status (resultInformation.sipDetails.code) is the most specific signal, then the ACS subcode
 * (8538 declined, 8539/8540 busy, 8541 unavailable, 8542 canceled, 8544 unreachable), then the code.
 */
export function transferFailureResult(r: ResultInfo): TransferResult {
  const fromStatus = (status: number | undefined): TransferResult | undefined => {
    if (status === undefined) return undefined;
    if (status === 486 || status === 600 || status === 603) return 'busy';
    if (status === 408 || status === 480 || status === 487) return 'noanswer';
    if (status === 404 || status === 484 || status === 488 || status === 502 || status === 503 || status === 504) return 'network_busy';
    return undefined;
  };
  const sip = fromStatus(r.sipCode);
  if (sip) return sip;
  switch (r.subCode) {
    case 8538:
    case 8539:
    case 8540:
      return 'busy';
    case 8541:
    case 8542:
      return 'noanswer';
    case 8544:
      return 'network_busy';
    default:
      return fromStatus(r.code) ?? 'unknown';
  }
}

/** The ResultInfo the simulator reports for a scripted transfer outcome (inverse of the table above). */
export function resultInfoForTransfer(result: TransferResult): ResultInfo {
  switch (result) {
    case 'busy':
      return { code: 486, subCode: 8539, message: 'Callee busy.', sipCode: 486 };
    case 'noanswer':
      return { code: 408, subCode: 8541, message: 'Callee did not answer.', sipCode: 480 };
    case 'network_busy':
      return { code: 503, subCode: 8544, message: 'Callee unreachable.', sipCode: 503 };
    case 'unknown':
      return { code: 500, subCode: 9999, message: 'Unknown error.' };
    case 'near_end_disconnect':
    case 'far_end_disconnect':
    case 'network_disconnect':
    case 'maxtime_disconnect':
      return { code: 200, subCode: 0, message: 'The call ended.' };
  }
}
