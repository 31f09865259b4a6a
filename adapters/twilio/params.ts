/**
 * The webhook requests Twilio sends, as zod schemas: every form body and query string is checked before use.
 * Unknown parameters are allowed (Twilio adds new ones over time) but every value must be a single string.
 */
import { z } from 'zod';

/**
 * SIDs are a two-letter prefix and 32 characters (hex in practice; Twilio's examples also show placeholders such
 * as CAxxxx…): letters and digits are accepted, nothing that could break a log line or a store key.
 */
const sid = (prefix: string, what: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-zA-Z]{32}$`), `must be ${what}: ${prefix} followed by 32 hex digits`);
const callSid = sid('CA', 'a Call SID');
const accountSid = sid('AC', 'an Account SID');
const party = z.string().max(256);
const wholeSeconds = z.string().regex(/^\d{1,7}$/, 'must be a whole number of seconds');
/** A status word: documented values are listed below, but Twilio may add new ones (never a 400 for those). */
const statusWord = z.string().regex(/^[a-z][a-z-]{0,31}$/, 'must be a Twilio status word such as in-progress');

export const CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
/** Statuses after which the caller is gone. */
export const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** Parameters of every voice webhook (Twilio's "request parameters" common to all). */
const common = z
  .object({
    CallSid: callSid,
    AccountSid: accountSid,
    From: party.optional(),
    To: party.optional(),
    CallStatus: statusWord.optional(),
    Direction: z.string().max(32).optional(),
    ApiVersion: z.string().max(16).optional(),
  })
  // Parameters Twilio adds later are accepted as they come, a repeated key as the list of its values (the
  // signature covers them all; twilio.validateRequest signs each value).
  .catchall(z.union([z.string().max(4096), z.array(z.string().max(4096)).max(50)]));

export const voiceParams = common;
export type VoiceParams = z.infer<typeof voiceParams>;

export const gatherParams = common.extend({
  Digits: z.string().regex(/^[0-9*#A-Da-dwW]*$/, 'must be DTMF keys (0-9, *, #)').max(256).optional(),
  SpeechResult: z.string().max(4096).optional(),
  /** "A confidence score between 0.0 and 1.0"; anything unreadable counts as absent (events.ts). */
  Confidence: z.string().max(32).optional(),
  /** The finishOnKey key that ended the Gather ('' when it ended on numDigits or the timeout). */
  FinishedOnKey: z.string().regex(/^[0-9*#]?$/, 'must be one DTMF key or empty').optional(),
});
export type GatherParams = z.infer<typeof gatherParams>;

export const recordParams = common.extend({
  RecordingUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048).optional(),
  RecordingDuration: wholeSeconds.optional(),
  RecordingSid: sid('RE', 'a Recording SID').optional(),
  /** The key that ended the recording, or "hangup". */
  Digits: z.string().regex(/^([0-9*#]|hangup)?$/, 'must be one DTMF key or "hangup"').optional(),
});
export type RecordParams = z.infer<typeof recordParams>;

export const DIAL_CALL_STATUSES = ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export const dialParams = common.extend({
  /** One of DIAL_CALL_STATUSES; a value Twilio adds later is an unknown transfer outcome, not a 400. */
  DialCallStatus: statusWord,
  DialCallDuration: wholeSeconds.optional(),
  DialCallSid: z.string().max(64).optional(),
});
export type DialParams = z.infer<typeof dialParams>;

export const statusParams = common.extend({
  CallStatus: statusWord,
  CallDuration: wholeSeconds.optional(),
});
export type StatusParams = z.infer<typeof statusParams>;

const turn = z.string().regex(/^\d{1,9}$/, 'must be the turn number the gateway put in the callback URL').transform(Number);

export const voiceQuery = z.object({ app: z.string().min(1).max(2048).optional() }).catchall(z.unknown());
export const gatherQuery = z.object({ turn }).catchall(z.unknown());
export const recordQuery = z
  .object({ turn, max: z.string().regex(/^\d{1,5}$/).transform(Number).optional(), empty: z.literal('1').optional() })
  .catchall(z.unknown());
export const dialQuery = z
  .object({ turn, type: z.enum(['blind', 'bridge', 'consultation']), limit: z.string().regex(/^\d{1,6}$/).transform(Number).optional() })
  .catchall(z.unknown());

/** A readable one-line account of what is wrong, for the 400 answer and the log. */
export function describeIssues(error: z.ZodError, where: 'body' | 'query'): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.') || '(whole ' + where + ')';
      return `${where} parameter ${field}: ${issue.message}`;
    })
    .join('; ');
}
