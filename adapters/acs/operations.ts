/**
 * One pending step → one Call Automation SDK call. Nothing here decides what to do next; the controller
 * does. Every call carries the step's operationContext so the resulting events can be matched.
 */
import type { CallAutomationClient, CallInvite } from '@azure/communication-call-automation';
import { createIdentifierFromRawId, type PhoneNumberIdentifier } from '@azure/communication-common';
import type { AcsConfig } from './config';
import { parseDestination } from './plan';
import { recognizePlan, type AcsRecognizeOptions, type RecognizeSettings } from './recognize';
import type { AcsCallRecord, PendingStep } from './state';

export class StepError extends Error {
  constructor(
    readonly event: string,
    message: string,
  ) {
    super(message);
    this.name = 'StepError';
  }
}

export interface OperationsDeps {
  client: CallAutomationClient;
  config: AcsConfig;
  settings: RecognizeSettings;
  /** The call's callback URI (recording state notifications go there too). */
  callbackUri(rec: AcsCallRecord): string;
  /** For the log: limits applied to a recognize. */
  onAdjust(rec: AcsCallRecord, adjustments: string[]): void;
}

function connectionOf(deps: OperationsDeps, rec: AcsCallRecord) {
  if (!rec.callConnectionId) throw new StepError('error.noresource', 'the call has no callConnectionId yet');
  return deps.client.getCallConnection(rec.callConnectionId);
}

function callerId(deps: OperationsDeps, rec: AcsCallRecord): PhoneNumberIdentifier | undefined {
  const n = deps.config.callerId ?? rec.to;
  return n && /^\+\d+$/.test(n) ? { phoneNumber: n } : undefined;
}

/**
 * The recognize that watches a record window (ACS has no single-utterance recording):
 * - with speech (a Cognitive Services endpoint): speech (or speechOrDtmf when a key ends the recording) used
 *   as voice-activity detection: no speech within `timeout` → noinput; speech then `finalsilence` → done;
 * - without: a DTMF recognize whose initial silence is the record's maxtime (≤ 300 s).
 */
export function recordWindowOptions(step: PendingStep, speech: boolean): AcsRecognizeOptions {
  const r = step.record;
  const maxS = Math.min(300, Math.max(1, Math.ceil((r?.maxMs ?? 60000) / 1000)));
  if (!speech || !r) return { kind: 'callMediaRecognizeDtmfOptions', maxTonesToCollect: 1, initialSilenceTimeoutInSeconds: maxS, interruptPrompt: false, operationContext: step.context };
  const common = {
    interruptPrompt: false,
    operationContext: step.context,
    initialSilenceTimeoutInSeconds: Math.min(20, Math.max(1, Math.ceil(r.timeoutMs / 1000))),
    ...(r.finalSilenceMs > 0 ? { endSilenceTimeoutInSeconds: r.finalSilenceMs / 1000 } : {}),
  };
  return r.dtmfterm
    ? { kind: 'callMediaRecognizeSpeechOrDtmfOptions', ...common, maxTonesToCollect: 1 }
    : { kind: 'callMediaRecognizeSpeechOptions', ...common };
}

/**
 * Issues the SDK call for `step`. Returns facts learned from the response (the recording id).
 * Throws StepError for problems of the document (bad destination) and the SDK's RestError for ACS failures.
 */
export async function issueStep(deps: OperationsDeps, rec: AcsCallRecord, step: PendingStep): Promise<{ recordingId?: string }> {
  const conn = connectionOf(deps, rec);
  const sources = (step.sources ?? []).map((s) => s.source);
  switch (step.op) {
    case 'play':
      await conn.getCallMedia().playToAll(sources, { operationContext: step.context });
      return {};
    case 'recognize': {
      if (!step.listen) throw new StepError('error.semantic', 'recognize step without a listen');
      if (!rec.callerRawId) throw new StepError('error.noresource', 'the caller is unknown: cannot target recognition');
      if (deps.settings.speech === false && !step.listen.action.modes.includes('dtmf')) {
        // ACS refuses speech recognition on a call answered without Cognitive Services: say why, ask nothing.
        throw new StepError('error.noresource', 'speech recognition on ACS needs a Cognitive Services endpoint given at answer time (ACS_COGNITIVE_SERVICES_ENDPOINT); this field accepts voice only');
      }
      const plan = recognizePlan(step.listen.action, sources, step.listen.noinputMs, step.context, deps.settings);
      if (plan.adjustments.length > 0) deps.onAdjust(rec, plan.adjustments);
      await conn.getCallMedia().startRecognizing(createIdentifierFromRawId(rec.callerRawId), plan.options);
      return {};
    }
    case 'recwindow':
      if (!rec.callerRawId) throw new StepError('error.noresource', 'the caller is unknown: cannot time the recording');
      await conn.getCallMedia().startRecognizing(createIdentifierFromRawId(rec.callerRawId), recordWindowOptions(step, step.record?.vad === true));
      return {};
    case 'hangup':
      await conn.hangUp(true);
      return {};
    case 'transfer':
    case 'add': {
      const t = step.transfer;
      if (!t) throw new StepError('error.semantic', 'transfer step without a destination');
      const dest = parseDestination(t.dest);
      if (!dest.ok) throw new StepError('error.connection.baddestination', dest.reason);
      const source = callerId(deps, rec);
      if (step.op === 'transfer') {
        await conn.transferCallToParticipant(dest.identifier, { operationContext: step.context, ...(source ? { sourceCallIdNumber: source } : {}) });
      } else {
        const timeout = Math.min(180, Math.max(1, Math.ceil(t.connectTimeoutMs / 1000)));
        // parseDestination yields phone numbers and ACS/Teams raw ids: all invitable kinds.
        await conn.addParticipant({ targetParticipant: dest.identifier as CallInvite['targetParticipant'], ...(source ? { sourceCallIdNumber: source } : {}) }, { invitationTimeoutInSeconds: timeout, operationContext: step.context });
      }
      return {};
    }
    case 'record': {
      if (deps.config.recordMode === 'unsupported') throw new StepError('error.unsupported.record', 'recording is disabled on this ACS deployment (ACS_RECORD_MODE=unsupported)');
      const started = await deps.client.getCallRecording().start({
        callConnectionId: rec.callConnectionId,
        recordingStateCallbackEndpointUrl: deps.callbackUri(rec),
        recordingContent: 'audio',
        recordingChannel: 'mixed',
        recordingFormat: 'wav',
      });
      return { recordingId: started.recordingId };
    }
    case 'recfile':
      if (step.record?.recordingId) await deps.client.getCallRecording().stop(step.record.recordingId);
      return {};
  }
}

/** Ends the media operation in progress (a record window at its maxtime). */
export async function cancelMedia(deps: OperationsDeps, rec: AcsCallRecord): Promise<void> {
  await connectionOf(deps, rec).getCallMedia().cancelAllOperations();
}

/**
 * Listens to the caller's keys during a bridged transfer (continuous DTMF), so `*` can end the outgoing
 * leg (VoiceXML near_end_disconnect) as hangupOnStar does on other platforms.
 */
export async function watchBridgeKeys(deps: OperationsDeps, rec: AcsCallRecord, step: PendingStep, on: boolean): Promise<void> {
  if (!rec.callerRawId) return;
  const media = connectionOf(deps, rec).getCallMedia();
  const caller = createIdentifierFromRawId(rec.callerRawId);
  if (on) await media.startContinuousDtmfRecognition(caller, { operationContext: step.context });
  else await media.stopContinuousDtmfRecognition(caller, { operationContext: step.context });
}

/** Removes the bridged party (its maxtime, or the caller ended the bridge). */
export async function removeTarget(deps: OperationsDeps, rec: AcsCallRecord, step: PendingStep): Promise<void> {
  if (!step.transfer?.target) return;
  await connectionOf(deps, rec).removeParticipant(createIdentifierFromRawId(step.transfer.target), { operationContext: step.context });
}

/**
 * Status code and ACS subcode of an SDK failure (a RestError carrying the service's error body). ACS puts
 * the subcode in `error.code` or in the message as `DiagCode: 404#8522`.
 */
export function restFailure(err: unknown): { status?: number; subCode?: number; message: string } {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const e = err as { statusCode?: unknown; message?: unknown; details?: unknown };
  const body = (e.details as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const text = `${typeof body?.message === 'string' ? body.message : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  const fromCode = typeof body?.code === 'string' && /^\d{4,5}$/.test(body.code) ? Number(body.code) : undefined;
  const m = /DiagCode:\s*\d{3}#(\d{4,5})/i.exec(text) ?? /subcode[:= ]*(\d{4,5})/i.exec(text);
  return {
    status: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    subCode: fromCode ?? (m ? Number(m[1]) : undefined),
    message: typeof e.message === 'string' ? e.message : String(err),
  };
}
