/**
 * One simulated Twilio call: runs the TwiML the gateway answers verb by verb as Twilio does — <Say>/<Play>
 * are heard, <Gather>, <Record> and a <Dial> wait for the caller (the replay script), <Redirect> is followed,
 * <Hangup> or a document that runs out of verbs ends the call — and sends the status callback when the call
 * ends, whoever ended it.
 */
import { randomBytes } from 'node:crypto';
import type { CallObservation, ReplayCallHandle } from '../../../contracts/replay';
import type { TransferResult } from '../../../contracts/platform';
import { readTwiml, type DialVerb, type GatherVerb, type RecordVerb, type Verb } from './twiml-reader';
import { SimulatedTwilioError, type ResponseCheck, type TwilioWire } from './wire';
import type { RecordingHost } from './recording-host';

export interface CallIdentity {
  accountSid: string;
  from: string;
  to: string;
}

type Waiting =
  | { kind: 'input'; verb: GatherVerb; docUrl: string }
  | { kind: 'record'; verb: RecordVerb; docUrl: string }
  | { kind: 'transfer'; verb: DialVerb; docUrl: string }
  | { kind: 'none' };

export function newSid(prefix: 'CA' | 'RE' | 'AC'): string {
  return prefix + randomBytes(16).toString('hex');
}

export class TwilioSimCall implements ReplayCallHandle {
  readonly callSid = newSid('CA');
  private queue: Verb[] = [];
  private docUrl = '';
  private waiting: Waiting = { kind: 'none' };
  private ended = false;
  private heard: string[] = [];
  private transfers: CallObservation['transfers'] = [];
  /** Requests made so far: picks the gateway of the next one. */
  private requests = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly wire: TwilioWire,
    private readonly recordings: RecordingHost | undefined,
    private readonly identity: CallIdentity,
  ) {}

  /** Rings the gateway: the incoming-call webhook, then the first document. */
  async place(app: string | undefined): Promise<CallObservation> {
    const url = this.wire.urlOn(this.requests, '/twilio/voice' + (app ? `?app=${encodeURIComponent(app)}` : ''));
    // A gateway that does not run the requested application must fail the replay loudly, never pass or fail
    // it with another application's prompts: it says which one it chose in X-VXML-App.
    const check = app ? (res: Response, at: string): void => requireApp(res, at, app) : undefined;
    await this.request(url, { ...this.common('ringing'), Called: this.identity.to, Caller: this.identity.from }, check);
    await this.proceed();
    return this.observation();
  }

  // ---------------------------------------------------------------- the caller's moves

  async dtmf(digits: string): Promise<CallObservation> {
    const w = this.expect('input', `press ${digits}`);
    if (!w.verb.input.dtmf) return this.noInput(w); // keys are not listened to: the Gather times out
    let collected = '';
    let finishedOn: string | undefined;
    for (const key of digits) {
      if (w.verb.finishOnKey.includes(key)) {
        finishedOn = key;
        break;
      }
      collected += key;
      if (w.verb.numDigits !== undefined && collected.length >= w.verb.numDigits) break;
    }
    if (collected === '' && finishedOn === undefined) return this.noInput(w);
    const params: Record<string, string> = { ...this.common(), Digits: collected };
    if (finishedOn !== undefined) params.FinishedOnKey = finishedOn;
    await this.act(w.verb.action, w.docUrl, params);
    return this.observation();
  }

  async say(text: string, confidence: number): Promise<CallObservation> {
    const w = this.expect('input', `say "${text}"`);
    if (!w.verb.input.speech) return this.noInput(w); // speech is not listened to
    await this.act(w.verb.action, w.docUrl, { ...this.common(), SpeechResult: text, Confidence: confidence.toFixed(8) });
    return this.observation();
  }

  async silence(): Promise<CallObservation> {
    if (this.waiting.kind === 'record') {
      // Twilio makes no action request for an empty recording: it goes on with the next verb.
      this.waiting = { kind: 'none' };
      await this.proceed();
      return this.observation();
    }
    return this.noInput(this.expect('input', 'stay silent'));
  }

  async record(seconds: number, dtmf?: string): Promise<CallObservation> {
    const w = this.expect('record', `record ${seconds} s`);
    if (seconds <= 0) return this.silence();
    if (!this.recordings) throw new SimulatedTwilioError('this simulator has no recording host');
    const { sid, url } = this.recordings.make(seconds);
    const params: Record<string, string> = {
      ...this.common(),
      RecordingUrl: url,
      RecordingSid: sid,
      RecordingDuration: String(Math.min(w.verb.maxLength, Math.max(1, Math.round(seconds)))),
    };
    const key = dtmf?.slice(-1);
    if (key && w.verb.finishOnKey.includes(key)) params.Digits = key;
    await this.act(w.verb.action, w.docUrl, params);
    return this.observation();
  }

  async transferResult(result: TransferResult): Promise<CallObservation> {
    const w = this.expect('transfer', `report the transfer result ${result}`);
    if (!w.verb.action) {
      // A blind <Dial>: when the far end hangs up Twilio goes on with the rest of the document.
      this.waiting = { kind: 'none' };
      await this.proceed();
      return this.observation();
    }
    await this.act(w.verb.action, w.docUrl, { ...this.common(), ...dialOutcome(result, w.verb) });
    return this.observation();
  }

  async hangup(): Promise<CallObservation> {
    if (this.ended) throw new SimulatedTwilioError('the call already ended; cannot hang up');
    const w = this.waiting;
    if (w.kind === 'transfer' && w.verb.action) {
      // The caller leaving ends the bridge: Twilio still requests the <Dial> action (and ignores its TwiML).
      const url = this.wire.retarget(new URL(w.verb.action, w.docUrl).href, this.requests);
      this.requests++;
      await this.wire.post(url, { ...this.common('completed'), DialCallStatus: 'completed', DialCallDuration: '1' });
    }
    await this.end();
    return this.observation();
  }

  async close(): Promise<void> {
    if (!this.ended) await this.hangup();
  }

  // ---------------------------------------------------------------- Twilio's side

  private common(status = 'in-progress'): Record<string, string> {
    return {
      AccountSid: this.identity.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.callSid,
      CallStatus: status,
      Direction: 'inbound',
      From: this.identity.from,
      To: this.identity.to,
      FromCountry: 'US',
      ToCountry: 'US',
    };
  }

  private expect<K extends 'input' | 'record' | 'transfer'>(kind: K, move: string): Extract<Waiting, { kind: K }> {
    if (this.ended) throw new SimulatedTwilioError(`the call already ended; cannot ${move}`);
    if (this.waiting.kind !== kind) {
      const now = this.waiting.kind === 'none' ? 'nothing' : this.waiting.kind === 'input' ? 'input (<Gather>)' : this.waiting.kind === 'record' ? 'a recording (<Record>)' : 'a transfer result (<Dial>)';
      throw new SimulatedTwilioError(`Twilio is not waiting for ${kind === 'input' ? 'input' : `a ${kind}`} (it waits for ${now}); cannot ${move}`);
    }
    return this.waiting as Extract<Waiting, { kind: K }>;
  }

  /** A <Gather> that got nothing: its action with no input, or the next verb (Twilio's default). */
  private async noInput(w: Extract<Waiting, { kind: 'input' }>): Promise<CallObservation> {
    if (w.verb.actionOnEmptyResult) await this.act(w.verb.action, w.docUrl, this.common());
    else {
      this.waiting = { kind: 'none' };
      await this.proceed();
    }
    return this.observation();
  }

  /** Requests an action URL (the current document's URL when none is given) and runs its answer. */
  private async act(action: string | undefined, docUrl: string, params: Record<string, string>): Promise<void> {
    this.waiting = { kind: 'none' };
    await this.request(this.wire.retarget(new URL(action ?? docUrl, docUrl).href, this.requests), params);
    await this.proceed();
  }

  private async request(url: string, params: Record<string, string>, check?: ResponseCheck): Promise<void> {
    this.requests++;
    let answered: { response: Response; url: string } | undefined;
    this.queue = readTwiml(await this.wire.post(url, params, (response, at) => (answered = { response, url: at })));
    // Checked once the answer is known to be TwiML, so a broken gateway is reported as such first.
    if (check && answered) check(answered.response, answered.url);
    this.docUrl = url;
  }

  /** Runs verbs until one waits for the caller or the call ends. */
  private async proceed(): Promise<void> {
    while (!this.ended) {
      const verb = this.queue.shift();
      if (!verb) return this.end(); // the document ran out of verbs: Twilio hangs up
      switch (verb.kind) {
        case 'say':
          if (verb.text) this.heard.push(verb.text);
          break;
        case 'play':
          this.heard.push(`[audio ${verb.url}]`);
          break;
        case 'pause':
          break;
        case 'gather':
          for (const n of verb.nested) {
            if (n.kind === 'say' && n.text) this.heard.push(n.text);
            else if (n.kind === 'play') this.heard.push(`[audio ${n.url}]`);
          }
          this.waiting = { kind: 'input', verb, docUrl: this.docUrl };
          return;
        case 'record':
          this.waiting = { kind: 'record', verb, docUrl: this.docUrl };
          return;
        case 'dial':
          this.transfers.push({ dest: verb.dest, type: verb.action ? transferType(verb.action) : 'blind' });
          this.waiting = { kind: 'transfer', verb, docUrl: this.docUrl };
          return;
        case 'redirect':
          await this.request(this.wire.retarget(new URL(verb.url, this.docUrl).href, this.requests), this.common());
          break;
        case 'hangup':
          return this.end();
        default:
          return assertNever(verb);
      }
    }
  }

  /** The call is over: Twilio sends the status callback. */
  private async end(): Promise<void> {
    this.ended = true;
    this.waiting = { kind: 'none' };
    this.queue = [];
    const url = this.wire.urlOn(this.requests++, '/twilio/status');
    const duration = String(Math.max(1, Math.round((Date.now() - this.startedAt) / 1000)));
    await this.wire.post(url, { ...this.common('completed'), CallDuration: duration });
  }

  private observation(): CallObservation {
    const observed: CallObservation = { heard: this.heard, transfers: this.transfers, ended: this.ended, awaiting: this.ended ? 'none' : this.waiting.kind };
    this.heard = [];
    this.transfers = [];
    return observed;
  }
}

/** Fails unless the gateway ran the application named in the `app` parameter (header X-VXML-App: query). */
function requireApp(res: Response, url: string, app: string): void {
  const source = res.headers.get('x-vxml-app');
  if (source === 'query') return;
  const refused = res.headers.get('x-vxml-app-refused');
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(app)?.[0] ?? app;
  const why =
    source === null
      ? 'it does not say which application it ran (no X-VXML-App header: not a vxml-gateway, or an old one)'
      : `it ran its ${source === 'number' ? 'application configured for the called number' : 'default application'} instead${refused ? ` (${decodeURIComponent(refused)})` : ''}`;
  throw new SimulatedTwilioError(
    `the gateway at ${new URL(url).origin} did not run ${app}: ${why}. Start the gateways with --allow-origin ${origin} (or ALLOWED_ORIGINS), and make sure they can fetch it (replay --app-server <url> names a shared app server)`,
  );
}

/** The gateway names the VoiceXML transfer type in its own action URL; Twilio itself only knows "a Dial". */
function transferType(action: string): 'blind' | 'bridge' | 'consultation' {
  const type = /[?&]type=(blind|consultation)\b/.exec(action);
  return type ? (type[1] as 'blind' | 'consultation') : 'bridge';
}

/** The DialCallStatus (and duration) Twilio reports for an outcome the script names. */
function dialOutcome(result: TransferResult, dial: DialVerb): Record<string, string> {
  if (dial.action && transferType(dial.action) !== 'bridge' && !['busy', 'noanswer', 'network_busy'].includes(result)) {
    // A blind or consultation transfer that connected: whatever happens next, Twilio reports a completed Dial.
    return { DialCallStatus: 'completed', DialCallDuration: '60' };
  }
  switch (result) {
    case 'busy':
      return { DialCallStatus: 'busy', DialCallDuration: '0' };
    case 'noanswer':
      return { DialCallStatus: 'no-answer', DialCallDuration: '0' };
    case 'network_busy':
      return { DialCallStatus: 'failed', DialCallDuration: '0' };
    case 'near_end_disconnect':
      return { DialCallStatus: 'canceled', DialCallDuration: '0' };
    case 'far_end_disconnect':
      return { DialCallStatus: 'completed', DialCallDuration: String(dial.timeLimit !== undefined ? Math.min(60, dial.timeLimit - 1) : 60) };
    case 'maxtime_disconnect':
      if (dial.timeLimit === undefined) throw new SimulatedTwilioError('maxtime_disconnect: the <Dial> has no timeLimit, so Twilio cannot end it for time');
      return { DialCallStatus: 'completed', DialCallDuration: String(dial.timeLimit) };
    case 'network_disconnect':
      // The agent leg was up, then the network dropped it.
      return { DialCallStatus: 'failed', DialCallDuration: '30' };
    case 'unknown':
      // "answered" is documented for conference legs only: a bridge ending so has no known reason.
      return { DialCallStatus: 'answered', DialCallDuration: '30' };
    default:
      return assertNever(result);
  }
}

function assertNever(value: never): never {
  throw new SimulatedTwilioError(`unhandled: ${JSON.stringify(value)}`);
}
