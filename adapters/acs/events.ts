/**
 * Everything ACS and Event Grid POST to the gateway, validated with zod before use and normalised into
 * small tagged unions. The SDK's `parseCallAutomationEvent` parses only the FIRST event of an array (and
 * throws on types it does not know), so callback batches are parsed here, event by event.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ResultInfo } from './outcomes';

const identifierModel = z.looseObject({
  rawId: z.string().optional(),
  kind: z.string().optional(),
  phoneNumber: z.looseObject({ value: z.string(), isAnonymous: z.boolean().optional() }).optional(),
  communicationUser: z.looseObject({ id: z.string() }).optional(),
});
export type IdentifierModel = z.infer<typeof identifierModel>;

const resultInformation = z.looseObject({
  code: z.number().optional(),
  subCode: z.number().optional(),
  message: z.string().optional(),
  sipDetails: z.looseObject({ code: z.number().optional(), message: z.string().optional() }).optional(),
});

const callbackData = z.looseObject({
  callConnectionId: z.string().optional(),
  serverCallId: z.string().optional(),
  correlationId: z.string().optional(),
  operationContext: z.string().nullish(),
  resultInformation: resultInformation.nullish(),
  // RecognizeCompleted (`collectTonesResult` is the name older API versions used for `dtmfResult`)
  recognitionType: z.string().nullish(),
  dtmfResult: z.looseObject({ tones: z.array(z.string()).nullish() }).nullish(),
  collectTonesResult: z.looseObject({ tones: z.array(z.string()).nullish() }).nullish(),
  speechResult: z.looseObject({ speech: z.string().nullish(), confidence: z.number().nullish() }).nullish(),
  choiceResult: z.looseObject({ label: z.string().nullish(), recognizedPhrase: z.string().nullish(), confidence: z.number().nullish() }).nullish(),
  // PlayFailed / RecognizeFailed
  failedPlaySourceIndex: z.number().nullish(),
  // Participants: `{identifier, isMuted, isOnHold}` today; older API versions listed bare identifiers.
  participant: identifierModel.nullish(),
  participants: z.array(z.looseObject({ identifier: identifierModel.nullish() }).and(identifierModel)).nullish(),
  sequenceNumber: z.number().nullish(),
  // ContinuousDtmfRecognitionToneReceived
  tone: z.string().nullish(),
  sequenceId: z.number().nullish(),
  // RecordingStateChanged
  recordingId: z.string().nullish(),
  state: z.string().nullish(),
});

/** `data` as an object, or as the JSON text of one (a serialised CloudEvent may carry it so). */
const jsonObject = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, schema);

/**
 * One CloudEvent as Call Automation posts it to a callback URI. Only `type` and `data` are needed to act: an event
 * without `id` gets one derived from its content (so a redelivery is still recognised), `time` may be absent.
 */
const cloudEvent = z.looseObject({
  id: z.string().min(1).optional(),
  source: z.string().optional(),
  type: z.string().min(1).optional(),
  eventType: z.string().min(1).optional(),
  specversion: z.string().optional(),
  time: z.string().optional(),
  eventTime: z.string().optional(),
  subject: z.string().optional(),
  data: jsonObject(callbackData),
});

/** An id for an event that came without one: the same content delivered twice gets the same id. */
function derivedId(raw: unknown): string {
  return 'sha256:' + createHash('sha256').update(JSON.stringify(raw) ?? '').digest('base64url');
}

export interface EventBase {
  /** CloudEvent id: unique per delivery content, used to drop duplicates. */
  id: string;
  time?: string;
  callConnectionId?: string;
  serverCallId?: string;
  correlationId?: string;
  operationContext?: string;
  result?: ResultInfo;
}

export type AcsCallbackEvent =
  | (EventBase & { type: 'CallConnected' | 'CallDisconnected' | 'PlayCompleted' | 'PlayCanceled' | 'RecognizeCanceled' })
  | (EventBase & { type: 'CallTransferAccepted' | 'CallTransferFailed' })
  | (EventBase & { type: 'PlayFailed' | 'RecognizeFailed'; failedPlaySourceIndex?: number })
  | (EventBase & {
      type: 'RecognizeCompleted';
      recognitionType?: string;
      tones?: string[];
      speech?: { text: string; confidence?: number };
      choice?: { label: string; phrase?: string; confidence?: number };
    })
  | (EventBase & { type: 'AddParticipantSucceeded' | 'AddParticipantFailed' | 'RemoveParticipantSucceeded' | 'RemoveParticipantFailed'; participant?: string })
  | (EventBase & { type: 'ParticipantsUpdated'; participants: string[]; sequenceNumber?: number })
  | (EventBase & { type: 'RecordingStateChanged'; recordingId?: string; state?: string })
  | (EventBase & { type: 'ContinuousDtmfRecognitionToneReceived'; tone?: string; sequenceId?: number })
  | (EventBase & { type: 'Other'; name: string });

const SIMPLE = ['CallConnected', 'CallDisconnected', 'PlayCompleted', 'PlayCanceled', 'RecognizeCanceled', 'CallTransferAccepted', 'CallTransferFailed'] as const;
const PARTICIPANT = ['AddParticipantSucceeded', 'AddParticipantFailed', 'RemoveParticipantSucceeded', 'RemoveParticipantFailed'] as const;

/** rawId of an identifier model ("4:+14255550123", "8:acs:…"). */
export function rawIdOf(m: IdentifierModel | null | undefined): string | undefined {
  if (!m) return undefined;
  if (m.rawId) return m.rawId;
  if (m.phoneNumber) return `4:${m.phoneNumber.value}`;
  if (m.communicationUser) return m.communicationUser.id;
  return undefined;
}

/** Phone number of an identifier ("+14255550123"), else its rawId; undefined for a withheld number. */
export function addressOf(m: IdentifierModel | null | undefined): string | undefined {
  if (!m) return undefined;
  const raw = rawIdOf(m);
  if (m.phoneNumber?.isAnonymous === true || raw === '4:anonymous') return undefined;
  if (m.phoneNumber) return m.phoneNumber.value;
  if (raw?.startsWith('4:')) return raw.slice(2);
  return raw;
}

export class BadPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadPayloadError';
  }
}

function formatZod(error: z.ZodError, where: string): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${where}${i.path.length ? '.' + i.path.map(String).join('.') : ''}: ${i.message}`)
    .join('; ');
}

/** A callback body: an array of CloudEvents (a single object is accepted too). Throws BadPayloadError. */
export function parseCallbackEvents(body: unknown): AcsCallbackEvent[] {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw new BadPayloadError('expected a non-empty array of CloudEvents');
  return list.map((raw, i) => {
    const parsed = cloudEvent.safeParse(raw);
    if (!parsed.success) throw new BadPayloadError(formatZod(parsed.error, `[${i}]`));
    const type = parsed.data.type ?? parsed.data.eventType;
    if (!type) throw new BadPayloadError(`[${i}]: no type (the CloudEvent's event type, e.g. Microsoft.Communication.CallConnected)`);
    return normaliseCallback(parsed.data, type, parsed.data.id ?? derivedId(raw));
  });
}

function normaliseCallback(e: z.infer<typeof cloudEvent>, type: string, id: string): AcsCallbackEvent {
  const d = e.data;
  const r = d.resultInformation;
  const base: EventBase = {
    id,
    time: e.time ?? e.eventTime,
    callConnectionId: d.callConnectionId,
    serverCallId: d.serverCallId,
    correlationId: d.correlationId,
    operationContext: d.operationContext ?? undefined,
    result: r ? { code: r.code, subCode: r.subCode, message: r.message, sipCode: r.sipDetails?.code } : undefined,
  };
  const name = type.startsWith('Microsoft.Communication.') ? type.slice('Microsoft.Communication.'.length) : type;
  if ((SIMPLE as readonly string[]).includes(name)) return { ...base, type: name as (typeof SIMPLE)[number] };
  if ((PARTICIPANT as readonly string[]).includes(name)) return { ...base, type: name as (typeof PARTICIPANT)[number], participant: rawIdOf(d.participant) };
  switch (name) {
    case 'PlayFailed':
    case 'RecognizeFailed':
      return { ...base, type: name, failedPlaySourceIndex: d.failedPlaySourceIndex ?? undefined };
    case 'RecognizeCompleted':
      return {
        ...base,
        type: 'RecognizeCompleted',
        recognitionType: d.recognitionType?.toLowerCase() || undefined,
        tones: d.dtmfResult?.tones ?? d.collectTonesResult?.tones ?? undefined,
        speech: d.speechResult && typeof d.speechResult.speech === 'string' ? { text: d.speechResult.speech, confidence: d.speechResult.confidence ?? undefined } : undefined,
        choice: d.choiceResult && typeof d.choiceResult.label === 'string'
          ? { label: d.choiceResult.label, phrase: d.choiceResult.recognizedPhrase ?? undefined, confidence: d.choiceResult.confidence ?? undefined }
          : undefined,
      };
    case 'ParticipantsUpdated':
      return {
        ...base,
        type: 'ParticipantsUpdated',
        participants: (d.participants ?? []).map((p) => rawIdOf(p.identifier) ?? rawIdOf(p)).filter((x): x is string => !!x),
        sequenceNumber: d.sequenceNumber ?? undefined,
      };
    case 'RecordingStateChanged':
      return { ...base, type: 'RecordingStateChanged', recordingId: d.recordingId ?? undefined, state: d.state ?? undefined };
    case 'ContinuousDtmfRecognitionToneReceived':
      return { ...base, type: name, tone: d.tone ?? undefined, sequenceId: d.sequenceId ?? undefined };
    default:
      return { ...base, type: 'Other', name };
  }
}

// ------------------------------------------------------------------------------------------ Event Grid

const incomingCallData = z.looseObject({
  to: identifierModel.optional(),
  from: identifierModel.optional(),
  serverCallId: z.string().optional(),
  callerDisplayName: z.string().nullish(),
  incomingCallContext: z.string().min(1),
  correlationId: z.string().optional(),
});

const recordingFileData = z.looseObject({
  recordingStorageInfo: z.looseObject({
    recordingChunks: z.array(
      z.looseObject({
        documentId: z.string().optional(),
        index: z.union([z.number(), z.string()]).optional(),
        endReason: z.string().nullish(),
        contentLocation: z.string().min(1),
        metadataLocation: z.string().nullish(),
        deleteLocation: z.string().nullish(),
      }),
    ),
  }),
  recordingId: z.string().optional(),
  recordingStartTime: z.string().optional(),
  recordingDurationMs: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).optional(),
  recordingContentType: z.string().optional(),
  recordingChannelType: z.string().optional(),
  recordingFormatType: z.string().optional(),
  sessionEndReason: z.string().nullish(),
});

/** Event Grid schema (eventType/eventTime) or CloudEvents schema (type/time): both are accepted. */
const gridEnvelope = z.looseObject({
  id: z.string().min(1).optional(),
  eventType: z.string().optional(),
  type: z.string().optional(),
  subject: z.string().optional(),
  eventTime: z.string().optional(),
  time: z.string().optional(),
  data: jsonObject(z.unknown()),
});

export type GridEvent =
  | { type: 'SubscriptionValidation'; id: string; validationCode: string; validationUrl?: string }
  | {
      type: 'IncomingCall';
      id: string;
      /**
       * What identifies the call across deliveries: the hash of its incomingCallContext (the same call delivered
       * twice, or by two subscriptions with different event ids, is answered once).
       */
      key: string;
      incomingCallContext: string;
      to?: IdentifierModel;
      from?: IdentifierModel;
      serverCallId?: string;
      correlationId?: string;
      callerDisplayName?: string;
    }
  | {
      type: 'RecordingFileStatusUpdated';
      id: string;
      /** From the subject `/recording/call/{callId}/serverCallId/{serverCallId}`. */
      serverCallId?: string;
      /** `data.recordingId`, or the subject's `/recordingId/{recordingId}` (the form older docs show). */
      recordingId?: string;
      contentLocation: string;
      metadataLocation?: string;
      durationMs?: number;
      format?: string;
    }
  | { type: 'Other'; id: string; name: string };

export function parseGridEvents(body: unknown): GridEvent[] {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw new BadPayloadError('expected a non-empty array of Event Grid events');
  return list.map((raw, i) => {
    const env = gridEnvelope.safeParse(raw);
    if (!env.success) throw new BadPayloadError(formatZod(env.error, `[${i}]`));
    const name = env.data.eventType ?? env.data.type;
    if (!name) throw new BadPayloadError(`[${i}]: neither eventType (Event Grid schema) nor type (CloudEvents schema)`);
    const id = env.data.id ?? derivedId(raw);
    switch (name) {
      case 'Microsoft.EventGrid.SubscriptionValidationEvent': {
        const d = z.looseObject({ validationCode: z.string().min(1), validationUrl: z.string().optional() }).safeParse(env.data.data);
        if (!d.success) throw new BadPayloadError(formatZod(d.error, `[${i}].data`));
        return { type: 'SubscriptionValidation', id, validationCode: d.data.validationCode, validationUrl: d.data.validationUrl };
      }
      case 'Microsoft.Communication.IncomingCall': {
        const d = incomingCallData.safeParse(env.data.data);
        if (!d.success) throw new BadPayloadError(formatZod(d.error, `[${i}].data`));
        return {
          type: 'IncomingCall',
          id,
          key: 'ctx:' + createHash('sha256').update(d.data.incomingCallContext).digest('base64url'),
          incomingCallContext: d.data.incomingCallContext,
          to: d.data.to,
          from: d.data.from,
          serverCallId: d.data.serverCallId,
          correlationId: d.data.correlationId,
          callerDisplayName: d.data.callerDisplayName ?? undefined,
        };
      }
      case 'Microsoft.Communication.RecordingFileStatusUpdated': {
        const d = recordingFileData.safeParse(env.data.data);
        if (!d.success) throw new BadPayloadError(formatZod(d.error, `[${i}].data`));
        const chunk = d.data.recordingStorageInfo.recordingChunks[0];
        if (!chunk) throw new BadPayloadError(`[${i}].data.recordingStorageInfo.recordingChunks: empty`);
        const m = /\/serverCallId\/([^/]+)/.exec(env.data.subject ?? '');
        const r = /\/recordingId\/([^/]+)/.exec(env.data.subject ?? '');
        return {
          type: 'RecordingFileStatusUpdated',
          id,
          serverCallId: m ? decodeURIComponent(m[1]) : undefined,
          recordingId: d.data.recordingId ?? (r ? decodeURIComponent(r[1]) : undefined),
          contentLocation: chunk.contentLocation,
          metadataLocation: chunk.metadataLocation ?? undefined,
          durationMs: d.data.recordingDurationMs,
          format: d.data.recordingFormatType,
        };
      }
      default:
        return { type: 'Other', id, name };
    }
  });
}
