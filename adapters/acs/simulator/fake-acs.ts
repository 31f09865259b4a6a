/**
 * A loopback fake of the ACS Call Automation REST service that the REAL SDK talks to
 * (`endpoint=http://127.0.0.1:PORT/;accesskey=…`). It checks the SDK's HMAC signature, records every
 * request, answers with the status codes and bodies the SDK's generated client expects (answer 200,
 * play/recognize/transfer/add/remove/cancel 202, terminate 204, start recording 200, stop recording 204)
 * and posts the CloudEvents a real call produces to the call's callback URI. The caller's side of a call
 * (keys, speech, silence, hang-up, transfer outcomes) is driven through `FakeCall` by simulator/caller.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { silentWav } from '../../../gateway/index';
import { FakeCall, type PlaySourceJson } from './fake-call';
import { cloudEvent, hmacValid, incomingCallEvent, OK, phoneIdentifier, recordingFileEvent } from './wire';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface FakeAcsOptions {
  /** Base64 access key of the connection string (random by default). */
  accessKey?: string;
  /** Post the events an operation causes BEFORE answering the SDK request (events overtaking the SDK call). */
  earlyEvents?: boolean;
  /** Sign callbacks with a JWT for this audience (the gateway validates them with `jwks()`). */
  jwtAudience?: string;
  /** Whether ACS could fetch and play an audio URL (default: http(s) answering 2xx). */
  playable?: (url: string) => Promise<boolean>;
  /** Listen on this port (external gateways are configured with it); default ephemeral. */
  port?: number;
  /** Rewrites each URL events are posted to (send successive posts to several gateway instances). */
  route?: (url: string) => string;
  /** Makes a request fail as ACS would (tests): return the status and error body to answer with. */
  fault?: (req: RecordedRequest) => { status: number; code: string; message: string } | undefined;
}

async function defaultPlayable(url: string): Promise<boolean> {
  if (!/^https?:/i.test(url)) return false; // ACS fetches prompts over the network only
  try {
    const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function error(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code, message } }));
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A play or recognize that needs Cognitive Services: text or SSML prompts, or any recognition but DTMF. */
function needsCognitiveServices(action: string, body: Record<string, unknown> | undefined): boolean {
  if (action !== ':play' && action !== ':recognize') return false;
  const sources = [...((body?.playSources as PlaySourceJson[] | undefined) ?? []), ...((body?.playPrompts as PlaySourceJson[] | undefined) ?? []), ...(body?.playPrompt ? [body.playPrompt as PlaySourceJson] : [])];
  if (sources.some((s) => s.kind === 'text' || s.kind === 'ssml')) return true;
  return action === ':recognize' && body?.recognizeInputType !== undefined && body.recognizeInputType !== 'dtmf';
}

export class FakeAcs extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  /** Calls by callConnectionId (after answer) and by incomingCallContext (while ringing). */
  readonly calls = new Map<string, FakeCall>();
  private readonly ringing = new Map<string, FakeCall>();
  private readonly recordings = new Map<string, { call: FakeCall; bytes?: Buffer }>();
  private inflightPosts = 0;
  private readonly signingKey?: { key: KeyObject; jwk: Record<string, unknown>; kid: string };
  readonly accessKey: string;
  /** Where Event Grid events of this resource go (the gateway's /acs/incoming?secret=…). */
  eventGridUrl?: string;

  private constructor(
    private readonly server: http.Server,
    readonly endpoint: string,
    private readonly opts: FakeAcsOptions,
  ) {
    super();
    this.accessKey = opts.accessKey ?? randomBytes(32).toString('base64');
    if (opts.jwtAudience) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const kid = randomUUID();
      this.signingKey = { key: privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }, kid };
    }
  }

  static async start(opts: FakeAcsOptions = {}): Promise<FakeAcs> {
    let fake!: FakeAcs;
    const server = http.createServer((req, res) => fake.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', resolve);
    });
    const port = (server.address() as AddressInfo).port;
    fake = new FakeAcs(server, `http://127.0.0.1:${port}/`, opts);
    return fake;
  }

  get connectionString(): string {
    return `endpoint=${this.endpoint};accesskey=${this.accessKey}`;
  }

  /** Public keys of the callback JWTs (inline JWKS for the gateway's configuration). */
  jwks(): string | undefined {
    return this.signingKey ? JSON.stringify({ keys: [this.signingKey.jwk] }) : undefined;
  }

  /** Event posts not yet answered by the gateway. */
  get inflight(): number {
    return this.inflightPosts;
  }

  /** A call that will ring (its ids are known before the gateway hears of it). */
  newCall(who: { from?: string; to: string }): FakeCall {
    return new FakeCall(this, who);
  }

  /**
   * Posts Event Grid IncomingCall for `call` to `eventGridUrl`; resolves once the gateway answered the post.
   * With `app`, the endpoint URL names the application (`&app=`), and a gateway that says it ran another one
   * (X-VXML-App) fails the call loudly.
   */
  async ring(call: FakeCall, opts: { app?: string } = {}): Promise<void> {
    if (!this.eventGridUrl) throw new Error('FakeAcs.eventGridUrl is not set');
    this.ringing.set(call.incomingCallContext, call);
    const event = incomingCallEvent({ from: call.from, to: call.to, serverCallId: call.ids.serverCallId, correlationId: call.ids.correlationId, incomingCallContext: call.incomingCallContext });
    const url = opts.app ? `${this.eventGridUrl}${this.eventGridUrl.includes('?') ? '&' : '?'}app=${encodeURIComponent(opts.app)}` : this.eventGridUrl;
    const { status, headers } = await this.post(url, [event], { 'aeg-event-type': 'Notification' });
    if (status !== 200) throw new Error(`the gateway answered ${status} to IncomingCall`);
    const source = headers.get('x-vxml-app');
    if (opts.app && source !== 'query') {
      const refused = headers.get('x-vxml-app-refused');
      const why = source === null ? 'it does not say which application it ran (no X-VXML-App header)' : `it ran its ${source === 'number' ? 'application for the called number (ACS_NUMBER_APPS)' : 'default application'} instead${refused ? ` (${decodeURIComponent(refused)})` : ''}`;
      throw new Error(`the gateway did not run ${opts.app}: ${why}. Start the gateways with --allow-origin for its origin, and make sure they can fetch it (replay --app-server <url>)`);
    }
  }

  /** POSTs one callback batch to the call's callback URI; resolves with the HTTP status. */
  postCallback(call: FakeCall, events: Record<string, unknown>[], url = call.callbackUri): Promise<number> {
    if (!url) throw new Error('the call has no callback URI (not answered)');
    const headers: Record<string, string> = {};
    if (this.signingKey && this.opts.jwtAudience) {
      const token = jwt.sign({}, this.signingKey.key, { algorithm: 'RS256', keyid: this.signingKey.kid, audience: this.opts.jwtAudience, issuer: 'https://acscallautomation.communication.azure.com', expiresIn: 300 });
      headers.authorization = `Bearer ${token}`;
    }
    return this.postJson(url, events, headers);
  }

  async postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
    return (await this.post(url, body, headers)).status;
  }

  /**
   * One delivery. Behind `route` (several gateways), a gateway that cannot be reached — the instance died — is
   * replaced by the next one, as Event Grid and Call Automation redeliver to the load-balanced endpoint.
   */
  private async post(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; headers: Headers }> {
    this.inflightPosts += 1;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await fetch(this.opts.route ? this.opts.route(url) : url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          return { status: res.status, headers: res.headers };
        } catch (err: unknown) {
          if (!this.opts.route || attempt >= 3) throw err;
        }
      }
    } finally {
      this.inflightPosts -= 1;
      this.emit('change');
    }
  }

  /** Sends `events` now or — for early events — without waiting, before the SDK request is answered. */
  private async deliver(call: FakeCall, events: Record<string, unknown>[], answer: () => void, url?: string): Promise<void> {
    if (this.opts.earlyEvents) {
      const posted = this.postCallback(call, events, url);
      answer();
      await posted;
    } else {
      answer();
      await this.postCallback(call, events, url);
    }
  }

  playable(url: string): Promise<boolean> {
    return (this.opts.playable ?? defaultPlayable)(url);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    try {
      if (req.method === 'GET' && url.pathname.startsWith('/recordings/')) return this.serveRecording(url.pathname.slice('/recordings/'.length), res);
      if (!hmacValid(this.accessKey, req.method ?? 'GET', req.url ?? '/', req.headers, raw)) return error(res, 401, 'Unauthorized', 'HMAC signature is invalid.');
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      const recorded = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body };
      this.requests.push(recorded);
      const fault = this.opts.fault?.(recorded);
      if (fault) return error(res, fault.status, fault.code, fault.message);
      await this.route(req.method ?? 'GET', url.pathname, body as Record<string, unknown> | undefined, res);
    } catch (err) {
      if (!res.headersSent) error(res, 500, 'InternalError', err instanceof Error ? err.message : String(err));
    } finally {
      this.emit('change');
    }
  }

  private async route(method: string, path: string, body: Record<string, unknown> | undefined, res: http.ServerResponse): Promise<void> {
    if (method === 'POST' && path === '/calling/callConnections:answer') return this.answer(body ?? {}, res);
    if (method === 'POST' && path === '/calling/callConnections:reject') {
      const call = this.ringing.get(String(body?.incomingCallContext));
      if (call) call.end();
      return void res.writeHead(204).end();
    }
    if (method === 'POST' && path === '/calling/recordings') return this.startRecording(body ?? {}, res);
    const rec = /^\/calling\/recordings\/([^/:]+)$/.exec(path);
    if (rec && method === 'DELETE') return this.stopRecording(decodeURIComponent(rec[1]), res);
    const m = /^\/calling\/callConnections\/([^/:]+)(.*)$/.exec(path);
    const call = m ? this.calls.get(decodeURIComponent(m[1])) : undefined;
    if (!m || !call) return error(res, 404, '8522', 'Call not found.');
    const action = m[2];
    if (call.status === 'disconnected') return error(res, 400, '8528', 'Action is not supported as the call is terminated.');
    // Text-to-speech and speech recognition run on the Cognitive Services resource given at answer time; ACS
    // refuses them on a call answered without one.
    if (!call.cognitiveServicesEndpoint && needsCognitiveServices(action, body)) {
      return error(res, 400, '8565', 'Request not allowed when Cognitive Service Configuration not set during call setup.');
    }
    switch (`${method} ${action}`) {
      case 'POST :play':
        return this.play(call, body ?? {}, res);
      case 'POST :recognize':
        return this.recognize(call, body ?? {}, res);
      case 'POST :startContinuousDtmfRecognition':
        call.continuousDtmf = String(body?.operationContext ?? '');
        return void res.writeHead(200).end();
      case 'POST :stopContinuousDtmfRecognition':
        call.continuousDtmf = undefined;
        return void res.writeHead(200).end();
      case 'POST :cancelAllMediaOperations':
        res.writeHead(202).end();
        return call.cancelMedia();
      case 'POST :terminate':
      case 'DELETE ':
        res.writeHead(204).end();
        return call.disconnect({ code: 200, subCode: 7000, message: 'The conversation has ended.' });
      case 'POST :transferToParticipant':
        call.requestTransfer('blind', body?.targetParticipant, String(body?.operationContext ?? ''));
        return json(res, 202, { operationContext: body?.operationContext });
      case 'POST /participants:add': {
        const invitationId = randomUUID();
        call.requestTransfer('bridge', body?.participantToAdd, String(body?.operationContext ?? ''), invitationId);
        return json(res, 202, { participant: { identifier: body?.participantToAdd, isMuted: false, isOnHold: false }, operationContext: body?.operationContext, invitationId });
      }
      case 'POST /participants:remove':
        json(res, 202, { operationContext: body?.operationContext });
        return call.removeParticipant(body?.participantToRemove, String(body?.operationContext ?? ''));
      default:
        return error(res, 404, 'NotFound', `The fake ACS does not implement ${method} ${path}.`);
    }
  }

  private async answer(body: Record<string, unknown>, res: http.ServerResponse): Promise<void> {
    const call = this.ringing.get(String(body.incomingCallContext));
    if (!call || call.status !== 'ringing') return error(res, 404, '8522', 'Incoming call context not found or already answered.');
    if (typeof body.callbackUri !== 'string') return error(res, 400, '8523', 'The field CallbackUri is invalid.');
    this.ringing.delete(call.incomingCallContext);
    call.answered(body.callbackUri, body.operationContext as string | undefined, body.callIntelligenceOptions);
    this.calls.set(call.ids.callConnectionId, call);
    const props = {
      callConnectionId: call.ids.callConnectionId,
      serverCallId: call.ids.serverCallId,
      targets: [phoneIdentifier(call.to)],
      callConnectionState: 'connecting',
      callbackUri: body.callbackUri,
      source: phoneIdentifier(call.from),
      correlationId: call.ids.correlationId,
      answeredFor: { value: call.to },
    };
    await this.deliver(call, [cloudEvent('CallConnected', call.ids, { resultInformation: OK }, call.answerContext)], () => json(res, 200, props));
    await this.postCallback(call, [cloudEvent('ParticipantsUpdated', call.ids, { participants: call.participants(), sequenceNumber: call.nextSequence() })]);
  }

  private async play(call: FakeCall, body: Record<string, unknown>, res: http.ServerResponse): Promise<void> {
    const sources = (body.playSources as PlaySourceJson[] | undefined) ?? [];
    const context = body.operationContext as string | undefined;
    const failed = await call.hear(sources);
    const events =
      failed === undefined
        ? [cloudEvent('PlayStarted', call.ids, { resultInformation: OK }, context), cloudEvent('PlayCompleted', call.ids, { resultInformation: OK }, context)]
        : [cloudEvent('PlayFailed', call.ids, { resultInformation: { code: 400, subCode: 8536, message: 'Action failed, file could not be downloaded.' }, failedPlaySourceIndex: failed }, context)];
    await this.deliver(call, events, () => void res.writeHead(202).end());
  }

  private async recognize(call: FakeCall, body: Record<string, unknown>, res: http.ServerResponse): Promise<void> {
    const prompts = (body.playPrompts as PlaySourceJson[] | undefined) ?? (body.playPrompt ? [body.playPrompt as PlaySourceJson] : []);
    const failed = await call.hear(prompts);
    if (failed !== undefined) {
      const ev = cloudEvent('RecognizeFailed', call.ids, { resultInformation: { code: 400, subCode: 8536, message: 'Action failed, file could not be downloaded.' }, failedPlaySourceIndex: failed }, body.operationContext as string | undefined);
      return this.deliver(call, [ev], () => void res.writeHead(202).end());
    }
    call.awaitInput(body);
    res.writeHead(202).end();
  }

  private async startRecording(body: Record<string, unknown>, res: http.ServerResponse): Promise<void> {
    const call = this.calls.get(String(body.callConnectionId ?? ''));
    if (!call) return error(res, 404, '8522', 'Call not found.');
    if (call.recording?.active) return error(res, 400, '8553', 'Duplicate recording.');
    const recordingId = randomUUID();
    call.recording = { id: recordingId, active: true, stateUri: body.recordingStateCallbackUri as string | undefined, startTime: new Date().toISOString(), durationMs: 0 };
    this.recordings.set(recordingId, { call });
    json(res, 200, { recordingId, recordingState: 'active', recordingKind: 'azureCommunicationServices' });
    if (call.recording.stateUri) await this.postCallback(call, [cloudEvent('RecordingStateChanged', call.ids, { recordingId, state: 'active', startDateTime: call.recording.startTime, recordingKind: 'azureCommunicationServices' })], call.recording.stateUri);
  }

  private async stopRecording(recordingId: string, res: http.ServerResponse): Promise<void> {
    const entry = this.recordings.get(recordingId);
    if (!entry || !entry.call.recording?.active) return error(res, 404, '8522', 'Recording not found.');
    const { call } = entry;
    const r = call.recording!;
    r.active = false;
    entry.bytes = silentWav(r.durationMs / 1000);
    res.writeHead(204).end();
    if (r.stateUri) await this.postCallback(call, [cloudEvent('RecordingStateChanged', call.ids, { recordingId, state: 'inactive', recordingKind: 'azureCommunicationServices' })], r.stateUri);
    if (this.eventGridUrl) {
      const contentLocation = `${this.endpoint}recordings/${recordingId}`;
      await this.postJson(this.eventGridUrl, [recordingFileEvent({ serverCallId: call.ids.serverCallId, recordingId, contentLocation, durationMs: r.durationMs, startTime: r.startTime })], { 'aeg-event-type': 'Notification' });
    }
  }

  private serveRecording(id: string, res: http.ServerResponse): void {
    const bytes = this.recordings.get(decodeURIComponent(id))?.bytes;
    if (!bytes) return error(res, 404, 'NotFound', 'No such recording.');
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(bytes.length) }).end(bytes);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
