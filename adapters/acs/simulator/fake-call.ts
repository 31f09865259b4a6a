/**
 * One call inside the fake ACS: what the caller heard, the operation ACS is waiting on (a recognize, a
 * transfer, a bridged party, a recording), and the caller's side — keys, speech, silence, hang-up and
 * transfer outcomes — turned into the CloudEvents ACS would post.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { TransferResult } from '../../../contracts/platform';
import { resultInfoForTransfer } from '../outcomes';
import { ssmlToText } from '../play-sources';
import { digitsToTones } from '../tones';
import type { FakeAcs } from './fake-acs';
import { cloudEvent, OK, phoneIdentifier, type CallIds, type ResultInformation } from './wire';

/** A play source as the REST API carries it. */
export interface PlaySourceJson {
  kind: 'text' | 'ssml' | 'file';
  text?: { text: string };
  ssml?: { ssmlText: string };
  file?: { uri: string };
}

interface IdentifierJson {
  rawId?: string;
  phoneNumber?: { value: string };
}

export type RecognizeBody = {
  recognizeInputType?: string;
  operationContext?: string;
  recognizeOptions?: {
    dtmfOptions?: { maxTonesToCollect?: number; stopTones?: string[] };
    choices?: { label: string; phrases: string[]; tone?: string }[];
  };
};

function sourceText(s: PlaySourceJson): string {
  if (s.kind === 'text') return s.text?.text ?? '';
  if (s.kind === 'ssml') return ssmlToText(s.ssml?.ssmlText ?? '');
  return `[audio ${s.file?.uri ?? ''}]`;
}

function rawIdOf(id: IdentifierJson | undefined): string {
  return id?.rawId ?? (id?.phoneNumber ? `4:${id.phoneNumber.value}` : '');
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const BOT_ID = '28:acs:00000000-0000-0000-0000-000000000000_sim-bot';

export class FakeCall {
  readonly ids: CallIds = { callConnectionId: randomUUID(), serverCallId: randomBytes(24).toString('base64url'), correlationId: randomUUID() };
  readonly incomingCallContext = `eyJhbGciOiJub25lIn0.${randomBytes(48).toString('base64url')}.sim`;
  /** undefined: the caller withholds their number. */
  readonly from: string | undefined;
  readonly to: string;
  status: 'ringing' | 'connected' | 'disconnected' = 'ringing';
  callbackUri?: string;
  answerContext?: string;
  cognitiveServicesEndpoint?: string;
  /** Prompt texts heard since the caller's last step. */
  heard: string[] = [];
  transfers: { dest: string; type: 'blind' | 'bridge' }[] = [];
  input?: RecognizeBody;
  transfer?: { kind: 'blind' | 'bridge'; rawId: string; context: string; invitationId?: string };
  bridged?: { rawId: string; context: string };
  recording?: { id: string; active: boolean; stateUri?: string; startTime: string; durationMs: number };
  /** Continuous DTMF recognition is on (its operationContext): the caller's keys are reported one by one. */
  continuousDtmf?: string;
  private sequence = 0;

  constructor(
    private readonly acs: FakeAcs,
    who: { from?: string; to: string },
  ) {
    this.from = who.from;
    this.to = who.to;
  }

  answered(callbackUri: string, context: string | undefined, intelligence: unknown): void {
    this.status = 'connected';
    this.callbackUri = callbackUri;
    this.answerContext = context;
    const endpoint = (intelligence as { cognitiveServicesEndpoint?: unknown } | undefined)?.cognitiveServicesEndpoint;
    if (typeof endpoint === 'string') this.cognitiveServicesEndpoint = endpoint;
  }

  nextSequence(): number {
    return ++this.sequence;
  }

  participants(): { identifier: Record<string, unknown>; isMuted: boolean; isOnHold: boolean }[] {
    const list = [
      { identifier: phoneIdentifier(this.from), isMuted: false, isOnHold: false },
      { identifier: { kind: 'communicationUser', rawId: BOT_ID, communicationUser: { id: BOT_ID } }, isMuted: false, isOnHold: false },
    ];
    if (this.bridged) list.push({ identifier: { kind: 'phoneNumber', rawId: this.bridged.rawId, phoneNumber: { value: this.bridged.rawId.slice(2) } }, isMuted: false, isOnHold: false });
    return list;
  }

  private post(...events: Record<string, unknown>[]): Promise<number> {
    return this.acs.postCallback(this, events);
  }

  /** Plays sources to the caller; resolves with the index of the first one ACS could not play. */
  async hear(sources: PlaySourceJson[]): Promise<number | undefined> {
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      if (s.kind === 'file' && !(await this.acs.playable(s.file?.uri ?? ''))) return i;
      const text = sourceText(s).trim();
      if (text) this.heard.push(text);
    }
    return undefined;
  }

  awaitInput(body: unknown): void {
    this.input = body as RecognizeBody;
  }

  async cancelMedia(): Promise<void> {
    const pending = this.input;
    if (!pending) return;
    this.input = undefined;
    await this.post(cloudEvent('RecognizeCanceled', this.ids, { resultInformation: { code: 400, subCode: 8508, message: 'Action failed, the operation was canceled.' } }, pending.operationContext));
  }

  end(): void {
    this.status = 'disconnected';
  }

  async disconnect(result: ResultInformation): Promise<void> {
    if (this.status === 'disconnected') return;
    this.status = 'disconnected';
    this.input = undefined;
    this.transfer = undefined;
    await this.post(cloudEvent('CallDisconnected', this.ids, { resultInformation: result }));
  }

  requestTransfer(kind: 'blind' | 'bridge', target: unknown, context: string, invitationId?: string): void {
    const rawId = rawIdOf(target as IdentifierJson);
    this.transfer = { kind, rawId, context, ...(invitationId ? { invitationId } : {}) };
    this.transfers.push({ dest: rawId.startsWith('4:') ? `tel:${rawId.slice(2)}` : rawId, type: kind });
  }

  async removeParticipant(target: unknown, context: string): Promise<void> {
    const rawId = rawIdOf(target as IdentifierJson);
    if (!this.bridged || this.bridged.rawId !== rawId) {
      await this.post(cloudEvent('RemoveParticipantFailed', this.ids, { resultInformation: { code: 404, subCode: 8522, message: 'Participant not found.' }, participant: { rawId } }, context));
      return;
    }
    this.bridged = undefined;
    await this.post(cloudEvent('RemoveParticipantSucceeded', this.ids, { resultInformation: OK, participant: { rawId, kind: 'phoneNumber', phoneNumber: { value: rawId.slice(2) } } }, context));
    await this.post(cloudEvent('ParticipantsUpdated', this.ids, { participants: this.participants(), sequenceNumber: this.nextSequence() }));
  }

  // ------------------------------------------------------------------------------ the caller's side

  private takeInput(): RecognizeBody {
    const input = this.input;
    if (!input) throw new Error('ACS is not collecting input on this call');
    this.input = undefined;
    return input;
  }

  private failed(input: RecognizeBody, subCode: number, message: string, code = 400): Promise<number> {
    return this.post(cloudEvent('RecognizeFailed', this.ids, { resultInformation: { code, subCode, message } }, input.operationContext));
  }

  private completed(input: RecognizeBody, data: Record<string, unknown>, result: ResultInformation): Promise<number> {
    return this.post(cloudEvent('RecognizeCompleted', this.ids, { ...data, resultInformation: result }, input.operationContext));
  }

  /** The caller presses keys while a recognize runs. */
  async pressKeys(digits: string): Promise<void> {
    const input = this.takeInput();
    const type = input.recognizeInputType;
    const keys = digitsToTones(digits);
    if (type === 'speech' || keys.length === 0) {
      await this.failed(input, 8510, 'Action failed, initial silence timeout reached.');
      return;
    }
    if (type === 'choices') {
      const choice = input.recognizeOptions?.choices?.find((c) => c.tone === keys[0]);
      if (!choice) await this.failed(input, 8534, 'Action failed, incorrect tone entered.', 500);
      else await this.completed(input, { recognitionType: 'choices', choiceResult: { label: choice.label, recognizedPhrase: null } }, { code: 200, subCode: 8533, message: 'Action completed, DTMF option matched.' });
      return;
    }
    const options = input.recognizeOptions?.dtmfOptions ?? {};
    const max = options.maxTonesToCollect ?? Number.POSITIVE_INFINITY;
    const stop = new Set(options.stopTones ?? []);
    const tones: string[] = [];
    let result: ResultInformation = { code: 400, subCode: 8532, message: 'Action failed, inter-digit silence timeout reached.' };
    for (const tone of keys) {
      tones.push(tone);
      if (stop.has(tone)) {
        result = { code: 200, subCode: 8514, message: 'Action completed as stop tone was detected.' };
        break;
      }
      if (tones.length >= max) {
        result = { code: 200, subCode: 8531, message: 'Action completed, max digits received.' };
        break;
      }
    }
    await this.completed(input, { recognitionType: 'dtmf', dtmfResult: { tones } }, result);
  }

  /** The caller speaks while a recognize runs. */
  async speak(text: string, confidence: number): Promise<void> {
    const input = this.takeInput();
    const type = input.recognizeInputType;
    if (type === 'dtmf') {
      await this.failed(input, 8510, 'Action failed, initial silence timeout reached.');
      return;
    }
    if (type === 'choices') {
      const said = normalise(text);
      const choice = input.recognizeOptions?.choices?.find((c) => c.phrases.some((p) => normalise(p) === said));
      if (!choice) await this.failed(input, 8547, 'Action failed, recognized phrase does not match a valid option.');
      else await this.completed(input, { recognitionType: 'choices', choiceResult: { label: choice.label, recognizedPhrase: text, confidence } }, { code: 200, subCode: 8545, message: 'Action completed, speech option matched.' });
      return;
    }
    await this.completed(input, { recognitionType: 'speech', speechResult: { speech: text, confidence } }, { code: 200, subCode: 8569, message: 'Action completed, speech was recognized.' });
  }

  /** The caller says nothing until the initial silence timeout. */
  async silence(): Promise<void> {
    await this.failed(this.takeInput(), 8510, 'Action failed, initial silence timeout reached.');
  }

  /** The caller speaks a message into a running recording, ended by a key or by falling silent. */
  async record(seconds: number, dtmf: string | undefined): Promise<void> {
    if (!this.recording?.active) throw new Error('ACS is not recording this call');
    this.recording.durationMs = Math.round(seconds * 1000);
    const input = this.takeInput();
    const type = input.recognizeInputType;
    if (dtmf && type !== 'speech') {
      await this.completed(input, { recognitionType: 'dtmf', dtmfResult: { tones: digitsToTones(dtmf.slice(-1)) } }, { code: 200, subCode: 8531, message: 'Action completed, max digits received.' });
    } else if (type === 'speech' || type === 'speechOrDtmf') {
      await this.completed(input, { recognitionType: 'speech', speechResult: { speech: 'recorded message', confidence: 0.5 } }, { code: 200, subCode: 8569, message: 'Action completed, speech was recognized.' });
    } else {
      // A DTMF-only window ends at its timeout (the record's maxtime).
      await this.failed(input, 8510, 'Action failed, initial silence timeout reached.');
    }
  }

  /** The caller hangs up. */
  async hangUp(): Promise<void> {
    await this.disconnect({ code: 200, subCode: 5001, message: 'The caller hung up.' });
  }

  /** How the far end answers a pending transfer. */
  async transferOutcome(result: TransferResult): Promise<'done' | 'awaiting-removal'> {
    const t = this.transfer;
    if (!t) throw new Error('ACS is not transferring this call');
    this.transfer = undefined;
    const failure = result === 'busy' || result === 'noanswer' || result === 'network_busy' || result === 'unknown';
    const info = resultInfoForTransfer(result);
    const resultInformation: ResultInformation = { code: info.code ?? 500, subCode: info.subCode ?? 0, message: info.message ?? '', ...(info.sipCode ? { sipDetails: { code: info.sipCode, message: info.message ?? '' } } : {}) };
    const participant = { rawId: t.rawId, kind: 'phoneNumber', phoneNumber: { value: t.rawId.slice(2) } };
    if (t.kind === 'blind') {
      // VoiceXML learns only busy/noanswer/network_busy of a blind transfer; anything else means it went through.
      if (failure && result !== 'unknown') {
        await this.post(cloudEvent('CallTransferFailed', this.ids, { resultInformation }, t.context));
        return 'done';
      }
      await this.post(cloudEvent('CallTransferAccepted', this.ids, { resultInformation: OK, transferTarget: participant }, t.context));
      await this.disconnect({ code: 200, subCode: 7015, message: 'Call ended as the transfer completed successfully.' });
      return 'done';
    }
    if (failure) {
      await this.post(cloudEvent('AddParticipantFailed', this.ids, { resultInformation, participant }, t.context));
      return 'done';
    }
    this.bridged = { rawId: t.rawId, context: t.context };
    await this.post(cloudEvent('AddParticipantSucceeded', this.ids, { resultInformation: OK, participant }, t.context));
    await this.post(cloudEvent('ParticipantsUpdated', this.ids, { participants: this.participants(), sequenceNumber: this.nextSequence() }));
    if (result === 'maxtime_disconnect') return 'awaiting-removal';
    if (result === 'near_end_disconnect') {
      // The caller ends the outgoing leg with *; the gateway must be listening to the caller's keys.
      if (this.continuousDtmf === undefined) throw new Error('near_end_disconnect: the gateway does not listen to the caller during the bridge, so * cannot end it');
      await this.post(cloudEvent('ContinuousDtmfRecognitionToneReceived', this.ids, { resultInformation: OK, tone: 'asterisk', sequenceId: 1 }, this.continuousDtmf));
      return 'done';
    }
    // far_end_disconnect / network_disconnect: the far end leaves (ACS cannot tell the two apart).
    this.bridged = undefined;
    await this.post(cloudEvent('ParticipantsUpdated', this.ids, { participants: this.participants(), sequenceNumber: this.nextSequence() }));
    return 'done';
  }
}
