/**
 * The ACS routes against what Azure's documentation says Event Grid and Call Automation send and expect:
 * - Event Grid delivery (learn.microsoft.com/azure/event-grid/webhook-event-delivery, event-schema,
 *   cloud-event-schema): a subscription uses the Event Grid schema (arrays; SubscriptionValidationEvent answered
 *   with {validationResponse}) or the CloudEvents 1.0 schema (OPTIONS abuse-protection handshake; one event per
 *   POST as application/cloudevents+json, or batches);
 * - Microsoft.Communication.IncomingCall data (to, from, serverCallId, callerDisplayName, customContext,
 *   incomingCallContext, correlationId) and answerCall with callIntelligenceOptions.cognitiveServicesEndpoint
 *   (concepts/call-automation/azure-communication-services-azure-cognitive-services-integration);
 * - Call Automation callbacks (how-tos/call-automation/recognize-action, play-action, secure-webhook-endpoint):
 *   arrays of CloudEvents, each with an Authorization bearer JWT; RecognizeCompleted with recognitionType
 *   dtmf/speech/choices and dtmfResult.tones names, speechResult.speech/confidence, choiceResult.label/
 *   recognizedPhrase; the documented result codes (RecognizeCompleted 200/8531, 200/8514, 400/8532 with tones,
 *   400/8508 canceled; RecognizeFailed 400/8510 …); events repeat and arrive before the SDK call returns.
 * Requests the gateway makes are captured at a loopback Call Automation endpoint driven by the real SDK.
 */
import { randomUUID } from 'node:crypto';
import { fixture } from './twilio-harness';
import { callEvent, incomingCallCloud, incomingCallGrid, OK, phone, startAcsDocsHarness, type AcsDocsHarness, type CallIds, type Captured } from './acs-harness';

interface Connected {
  uri: string;
  ids: CallIds;
  answer: Record<string, unknown>;
}

/** Rings (Event Grid IncomingCall) and connects (CallConnected) a call running `app`; resolves once ACS was asked for something. */
async function connect(h: AcsDocsHarness, app: string, from = '+14255550123'): Promise<Connected> {
  const before = h.acs.answered.length;
  const res = await h.postGrid([incomingCallGrid({ from })], { app: fixture(app) });
  expect(res.status).toBe(200);
  const answered = await h.until('answerCall', () => h.acs.answered[before]);
  const seen = h.acs.requests.length;
  expect((await h.postCallback(answered.callbackUri, [callEvent('CallConnected', answered.ids, { operationContext: answered.body.operationContext })])).status).toBe(200);
  await h.until('the first operation of the call', () => h.acs.requests.length > seen);
  return { uri: answered.callbackUri, ids: answered.ids, answer: answered.body };
}

/** The latest request of the call to `action` (`:recognize`, `:play`, `:terminate`, …). */
function last(h: AcsDocsHarness, c: Connected, action: string): Captured | undefined {
  return h.acs.requests.filter((r) => r.path === `/calling/callConnections/${c.ids.callConnectionId}${action}`).at(-1);
}

async function next(h: AcsDocsHarness, c: Connected, action: string, after: number): Promise<Captured> {
  return h.until(`${action} after request #${after}`, () => h.acs.requests.slice(after).find((r) => r.path === `/calling/callConnections/${c.ids.callConnectionId}${action}`));
}

/** Text ACS was asked to speak (text and SSML play sources, of a play or a recognize's prompts). */
function spoken(req: Captured | undefined): string {
  const sources = (req?.body.playSources ?? req?.body.playPrompts ?? (req?.body.playPrompt ? [req.body.playPrompt] : [])) as Record<string, { text?: string; ssmlText?: string }>[];
  return sources
    .map((s) => s.text?.text ?? (s.ssml?.ssmlText ?? '').replace(/<[^>]+>/g, ' '))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Posts the RecognizeCompleted/Failed the docs show for the call's pending recognize, and waits for the next operation. */
async function answerRecognize(h: AcsDocsHarness, c: Connected, type: 'RecognizeCompleted' | 'RecognizeFailed' | 'RecognizeCanceled', data: Record<string, unknown>): Promise<Captured> {
  const pending = last(h, c, ':recognize');
  if (!pending) throw new Error('no recognize to answer');
  const seen = h.acs.requests.length;
  expect((await h.postCallback(c.uri, [callEvent(type, c.ids, { operationContext: pending.body.operationContext, ...data })])).status).toBe(200);
  return h.until(`the operation after ${type}`, () => h.acs.requests[seen]);
}

describe('Event Grid delivery', () => {
  let h: AcsDocsHarness;
  beforeAll(async () => {
    h = await startAcsDocsHarness();
  });
  afterAll(async () => h.close());

  test('Event Grid schema: SubscriptionValidationEvent is answered 200 with {"validationResponse": validationCode}', async () => {
    const res = await h.postGrid(
      [
        {
          id: randomUUID(),
          topic: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z',
          subject: '',
          data: { validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6', validationUrl: 'https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/x/validate?id=512d&t=2024-01-01T00:00:00.0000000Z&apiVersion=2018-05-01-preview&token=abc' },
          eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
          eventTime: new Date().toISOString(),
          metadataVersion: '1',
          dataVersion: '1',
        },
      ],
      { headers: { 'aeg-event-type': 'SubscriptionValidation' } },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
  });

  test('CloudEvents schema: the OPTIONS abuse-protection handshake allows the requesting origin', async () => {
    const res = await fetch(`${h.gateway}/acs/incoming?secret=docs-harness-event-grid-secret-42`, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('webhook-allowed-origin')).toMatch(/^(eventgrid\.azure\.net|\*)$/);
  });

  test('IncomingCall (Event Grid schema) → answerCall with the context, a callback URI and the Cognitive Services endpoint', async () => {
    const grid = incomingCallGrid();
    expect((await h.postGrid([grid], { app: fixture('code.vxml') })).status).toBe(200);
    const answer = await h.until('answerCall', () => h.acs.requests.find((r) => r.path === '/calling/callConnections:answer' && r.body.incomingCallContext === (grid.data as { incomingCallContext: string }).incomingCallContext));
    expect(answer.body.callbackUri).toMatch(new RegExp(`^${h.gateway}/`));
    expect(answer.body.callIntelligenceOptions).toEqual({ cognitiveServicesEndpoint: 'https://contoso-ai.cognitiveservices.azure.com/' });
    expect(answer.query['api-version']).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  test('IncomingCall (CloudEvents schema) as one object, application/cloudevents+json; charset=utf-8', async () => {
    const cloud = incomingCallCloud(incomingCallGrid());
    const res = await h.postGrid(cloud, { app: fixture('code.vxml'), headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' } });
    expect(res.status).toBe(200);
    await h.until('answerCall', () => h.acs.requests.find((r) => r.body.incomingCallContext === (cloud.data as { incomingCallContext: string }).incomingCallContext));
  });

  test('a batch of IncomingCall events (CloudEvents batch content type) answers each call; a redelivery answers none again', async () => {
    const a = incomingCallCloud(incomingCallGrid());
    const b = incomingCallCloud(incomingCallGrid());
    const res = await h.postGrid([a, b], { app: fixture('code.vxml'), headers: { 'content-type': 'application/cloudevents-batch+json; charset=utf-8' } });
    expect(res.status).toBe(200);
    const contexts = [a, b].map((e) => (e.data as { incomingCallContext: string }).incomingCallContext);
    await h.until('both answers', () => contexts.every((ctx) => h.acs.requests.some((r) => r.body.incomingCallContext === ctx)));
    expect((await h.postGrid([a], { app: fixture('code.vxml') })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.acs.requests.filter((r) => r.body.incomingCallContext === contexts[0])).toHaveLength(1);
  });

  test('an IncomingCall without the optional serverCallId/correlationId (and without an id) is still answered', async () => {
    const grid = incomingCallGrid({ id: null });
    const data = grid.data as Record<string, unknown>;
    delete data.serverCallId;
    delete data.correlationId;
    delete data.customContext;
    expect((await h.postGrid([grid], { app: fixture('code.vxml') })).status).toBe(200);
    await h.until('answerCall', () => h.acs.requests.find((r) => r.body.incomingCallContext === data.incomingCallContext));
  });

  test('events of types the gateway does not handle are acknowledged 200', async () => {
    const other = { id: randomUUID(), topic: 'x', subject: 'call/1', data: { anything: true }, eventType: 'Microsoft.Communication.CallStarted', eventTime: new Date().toISOString(), dataVersion: '1.0', metadataVersion: '1' };
    expect((await h.postGrid([other])).status).toBe(200);
  });
});

describe('Call Automation callbacks', () => {
  let h: AcsDocsHarness;
  beforeAll(async () => {
    h = await startAcsDocsHarness({ jwt: true });
  });
  afterAll(async () => h.close());

  test('CallConnected may arrive before answerCall returns; the recognize request is shaped as the SDK documents it', async () => {
    let release: () => void = () => undefined;
    h.acs.holdAnswer = new Promise<void>((r) => (release = r));
    const before = h.acs.answered.length;
    // The Event Grid POST is answered once the gateway has answered the call: not awaited here.
    const delivered = h.postGrid([incomingCallGrid({ from: '+14255550111' })], { app: fixture('code.vxml') });
    const answered = await h.until('answerCall', () => h.acs.answered[before]);
    // ACS posts CallConnected while the answer is still on its way back.
    const seen = h.acs.requests.length;
    expect((await h.postCallback(answered.callbackUri, [callEvent('CallConnected', answered.ids, { operationContext: answered.body.operationContext, resultInformation: OK })])).status).toBe(200);
    release();
    h.acs.holdAnswer = undefined;
    expect((await delivered).status).toBe(200);
    const c = { uri: answered.callbackUri, ids: answered.ids, answer: answered.body };
    const recognize = await next(h, c, ':recognize', seen);
    expect(recognize.body.recognizeInputType).toMatch(/^(dtmf|speechOrDtmf)$/);
    const options = recognize.body.recognizeOptions as Record<string, unknown>;
    expect(options.targetParticipant).toMatchObject({ rawId: '4:+14255550111' });
    expect(options.initialSilenceTimeoutInSeconds).toBeGreaterThanOrEqual(1);
    expect(options.dtmfOptions).toMatchObject({ maxTonesToCollect: 3, stopTones: ['pound'] });
    expect(spoken(recognize)).toContain('Enter your three digit code.');
    expect(typeof recognize.body.operationContext).toBe('string');
  });

  test('RecognizeCompleted dtmf (200/8531): tone names become the digits the application hears; then play, hang up, CallDisconnected', async () => {
    const c = await connect(h, 'code.vxml');
    const play = await answerRecognize(h, c, 'RecognizeCompleted', { recognitionType: 'dtmf', dtmfResult: { tones: ['one', 'two', 'three'] }, resultInformation: { code: 200, subCode: 8531, message: 'Action completed, max digits received.' } });
    expect(play.path).toMatch(/:play$/);
    expect(spoken(play)).toMatch(/You entered .*1.*2.*3/);
    const seen = h.acs.requests.length;
    expect((await h.postCallback(c.uri, [callEvent('PlayStarted', c.ids, { operationContext: play.body.operationContext, resultInformation: OK }), callEvent('PlayCompleted', c.ids, { operationContext: play.body.operationContext, resultInformation: OK })])).status).toBe(200);
    const hangup = await next(h, c, ':terminate', seen);
    expect(hangup.method).toBe('POST');
    const after = h.acs.requests.length;
    expect((await h.postCallback(c.uri, [callEvent('CallDisconnected', c.ids, { resultInformation: { code: 200, subCode: 7000, message: 'The conversation has ended.' } })])).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.acs.requests.length).toBe(after);
  });

  test('RecognizeCompleted 200/8514: the stop tone ends the input and is not a digit', async () => {
    const c = await connect(h, 'code.vxml');
    const play = await answerRecognize(h, c, 'RecognizeCompleted', { recognitionType: 'dtmf', dtmfResult: { tones: ['four', 'five', 'six', 'pound'] }, resultInformation: { code: 200, subCode: 8514, message: 'Action completed as stop tone was detected.' } });
    expect(spoken(play)).toMatch(/You entered .*4.*5.*6/);
    expect(spoken(play)).not.toContain('#');
  });

  test('RecognizeCompleted 400/8532 with the tones entered before the inter-digit timeout: the grammar decides (nomatch here)', async () => {
    const c = await connect(h, 'code.vxml');
    const again = await answerRecognize(h, c, 'RecognizeCompleted', { recognitionType: 'dtmf', dtmfResult: { tones: ['one', 'two'] }, resultInformation: { code: 400, subCode: 8532, message: 'Action failed, inter-digit silence timeout reached.' } });
    expect(spoken(again)).toContain('That is not a code.');
  });

  test('RecognizeFailed 400/8510 (initial silence timeout) is noinput', async () => {
    const c = await connect(h, 'code.vxml');
    const again = await answerRecognize(h, c, 'RecognizeFailed', { resultInformation: { code: 400, subCode: 8510, message: 'Action failed, initial silence timeout reached.' } });
    expect(again.path).toMatch(/:recognize$/);
    expect(spoken(again)).toContain('Nothing heard.');
  });

  test('RecognizeCompleted 400/8508 (the operation was canceled) is not caller input: the recognize is issued again', async () => {
    const c = await connect(h, 'code.vxml');
    const again = await answerRecognize(h, c, 'RecognizeCompleted', { resultInformation: { code: 400, subCode: 8508, message: 'Action failed, the operation was canceled.' } });
    expect(again.path).toMatch(/:recognize$/);
    expect(spoken(again)).not.toContain('Nothing heard.');
    expect(spoken(again)).toContain('Enter your three digit code.');
  });

  test('RecognizeCompleted speech: speechResult.speech with its confidence', async () => {
    const c = await connect(h, 'color.vxml');
    const play = await answerRecognize(h, c, 'RecognizeCompleted', { recognitionType: 'speech', speechResult: { speech: 'Blue.', confidence: 0.93 }, resultInformation: { code: 200, subCode: 8569, message: 'Action completed, speech was recognized.' } });
    expect(spoken(play)).toContain('You chose blue.');
  });

  test('recognitionType says which result applies (an empty speechResult beside the tones of a dtmf result)', async () => {
    const c = await connect(h, 'color.vxml');
    const play = await answerRecognize(h, c, 'RecognizeCompleted', { recognitionType: 'dtmf', dtmfResult: { tones: ['two'] }, speechResult: { speech: '' }, resultInformation: { code: 200, subCode: 8531, message: 'Action completed, max digits received.' } });
    expect(spoken(play)).toContain('You chose blue.');
  });

  test('a repeated delivery of the same event (same id) advances the call once; unknown event types in the batch are ignored', async () => {
    const c = await connect(h, 'code.vxml');
    const pending = last(h, c, ':recognize');
    const completed = callEvent('RecognizeCompleted', c.ids, { operationContext: pending?.body.operationContext, recognitionType: 'dtmf', dtmfResult: { tones: ['seven', 'eight', 'nine'] }, resultInformation: { code: 200, subCode: 8531, message: 'Action completed, max digits received.' }, someNewField: { nested: true } });
    const seen = h.acs.requests.length;
    const batch = [callEvent('SomeFutureEvent', c.ids, { operationContext: pending?.body.operationContext }), completed];
    expect((await h.postCallback(c.uri, batch)).status).toBe(200);
    expect((await h.postCallback(c.uri, [completed])).status).toBe(200);
    await next(h, c, ':play', seen);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.acs.requests.slice(seen).filter((r) => r.path.endsWith(':play'))).toHaveLength(1);
  });

  test('callbacks posted as application/json; charset=utf-8 or as a CloudEvents batch are read alike', async () => {
    const c = await connect(h, 'code.vxml');
    const pending = last(h, c, ':recognize');
    const seen = h.acs.requests.length;
    const ev = callEvent('RecognizeFailed', c.ids, { operationContext: pending?.body.operationContext, resultInformation: { code: 400, subCode: 8510, message: 'Action failed, initial silence timeout reached.' } });
    expect((await h.postCallback(c.uri, [ev], { headers: { 'content-type': 'application/cloudevents-batch+json; charset=utf-8' } })).status).toBe(200);
    await next(h, c, ':recognize', seen);
  });

  test('the Authorization bearer JWT is checked (issuer and audience as the docs say): missing or for another resource → 401', async () => {
    const c = await connect(h, 'code.vxml');
    const ev = [callEvent('ParticipantsUpdated', c.ids, { participants: [], sequenceNumber: 3 })];
    expect((await h.postCallback(c.uri, ev, { token: null })).status).toBe(401);
    expect((await h.postCallback(c.uri, ev, { token: h.token({ audience: 'another-resource' }) })).status).toBe(401);
    expect((await h.postCallback(c.uri, ev, { token: h.token({ issuer: 'https://evil.example.com' }) })).status).toBe(401);
    expect((await h.postCallback(c.uri, ev)).status).toBe(200);
  });
});

describe('choices recognition', () => {
  let h: AcsDocsHarness;
  beforeAll(async () => {
    h = await startAcsDocsHarness({ acs: { useChoices: true } });
  });
  afterAll(async () => h.close());

  test('choices request (label, phrases, tone); choiceResult by phrase and by DTMF (recognizedPhrase absent)', async () => {
    const c = await connect(h, 'color.vxml');
    const recognize = last(h, c, ':recognize');
    expect(recognize?.body.recognizeInputType).toBe('choices');
    const choices = (recognize?.body.recognizeOptions as { choices: { label: string; phrases: string[]; tone?: string }[] }).choices;
    expect(choices.map((x) => x.tone)).toEqual(['one', 'two']);
    const blue = choices.find((x) => x.tone === 'two');
    const play = await answerRecognize(h, c, 'RecognizeCompleted', { recognitionType: 'choices', choiceResult: { label: blue?.label, recognizedPhrase: 'blue', confidence: 0.88 }, resultInformation: { code: 200, subCode: 8545, message: 'Action completed, speech option matched.' } });
    expect(spoken(play)).toContain('You chose blue.');
    const d = await connect(h, 'color.vxml');
    const byKey = await answerRecognize(h, d, 'RecognizeCompleted', { recognitionType: 'choices', choiceResult: { label: blue?.label }, resultInformation: { code: 200, subCode: 8533, message: 'Action completed, DTMF option matched.' } });
    expect(spoken(byKey)).toContain('You chose blue.');
  });
});

describe('minimal events', () => {
  let h: AcsDocsHarness;
  beforeAll(async () => {
    h = await startAcsDocsHarness();
  });
  afterAll(async () => h.close());

  test('callback events carrying only type and data (no id, no time, no operationContext — all optional in the SDK models) still drive the call', async () => {
    const before = h.acs.answered.length;
    expect((await h.postGrid([incomingCallGrid()], { app: fixture('code.vxml') })).status).toBe(200);
    const answered = await h.until('answerCall', () => h.acs.answered[before]);
    const c = { uri: answered.callbackUri, ids: answered.ids, answer: answered.body };
    const seen = h.acs.requests.length;
    expect((await h.postCallback(c.uri, [{ type: 'Microsoft.Communication.CallConnected', data: { callConnectionId: c.ids.callConnectionId } }])).status).toBe(200);
    await next(h, c, ':recognize', seen);
    const after = h.acs.requests.length;
    const completed = { type: 'Microsoft.Communication.RecognizeCompleted', data: { callConnectionId: c.ids.callConnectionId, recognitionType: 'dtmf', dtmfResult: { tones: ['five', 'five', 'five'] } } };
    expect((await h.postCallback(c.uri, [completed])).status).toBe(200);
    // Delivered again, identically: still one turn.
    expect((await h.postCallback(c.uri, [completed])).status).toBe(200);
    const play = await next(h, c, ':play', after);
    expect(spoken(play)).toMatch(/You entered .*5.*5.*5/);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.acs.requests.slice(after).filter((r) => r.path.endsWith(':play'))).toHaveLength(1);
  });
});

describe('bridged transfer', () => {
  let h: AcsDocsHarness;
  beforeAll(async () => {
    h = await startAcsDocsHarness();
  });
  afterAll(async () => h.close());

  /** The call up to AddParticipantSucceeded: prompts played, addParticipant requested and accepted. */
  async function bridged(): Promise<{ c: Connected; add: Captured }> {
    const c = await connect(h, 'transfer.vxml');
    const play = last(h, c, ':play');
    expect(spoken(play)).toContain('Connecting you to an agent.');
    const seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('PlayCompleted', c.ids, { operationContext: play?.body.operationContext, resultInformation: OK })]);
    const add = await next(h, c, '/participants:add', seen);
    expect(add.body.participantToAdd).toMatchObject({ rawId: '4:+18005550142' });
    const target = { kind: 'phoneNumber', rawId: '4:+18005550142', phoneNumber: { value: '+18005550142' } };
    await h.postCallback(c.uri, [callEvent('AddParticipantSucceeded', c.ids, { operationContext: add.body.operationContext, participant: target, resultInformation: OK })]);
    return { c, add };
  }

  test('ParticipantsUpdated lists participants as {identifier, isMuted, isOnHold}; the far end leaving ends the bridge (far_end_disconnect)', async () => {
    const { c } = await bridged();
    const caller = { identifier: { kind: 'phoneNumber', rawId: '4:+14255550123', phoneNumber: { value: '+14255550123' } }, isMuted: false, isOnHold: false };
    const agent = { identifier: { kind: 'phoneNumber', rawId: '4:+18005550142', phoneNumber: { value: '+18005550142' } }, isMuted: false, isOnHold: false };
    await h.postCallback(c.uri, [callEvent('ParticipantsUpdated', c.ids, { participants: [caller, agent], sequenceNumber: 4, resultInformation: OK })]);
    const seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('ParticipantsUpdated', c.ids, { participants: [caller], sequenceNumber: 5, resultInformation: OK })]);
    const play = await next(h, c, ':play', seen);
    expect(spoken(play)).toContain('far_end_disconnect');
  });

  test('a ParticipantsUpdated whose participants are bare identifiers (older event shape) does not end the bridge while the agent is listed', async () => {
    const { c } = await bridged();
    const seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('ParticipantsUpdated', c.ids, { participants: [{ rawId: '4:+14255550123', phoneNumber: { value: '+14255550123' } }, { rawId: '4:+18005550142', phoneNumber: { value: '+18005550142' } }], sequenceNumber: 4 })]);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.acs.requests.slice(seen).filter((r) => r.path.endsWith(':play'))).toEqual([]);
    await h.postCallback(c.uri, [callEvent('ParticipantsUpdated', c.ids, { participants: [{ rawId: '4:+14255550123', phoneNumber: { value: '+14255550123' } }], sequenceNumber: 5 })]);
    const play = await next(h, c, ':play', seen);
    expect(spoken(play)).toContain('far_end_disconnect');
  });

  test('AddParticipantFailed with the callee busy (SIP 486) → busy', async () => {
    const c = await connect(h, 'transfer.vxml');
    const play = last(h, c, ':play');
    const seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('PlayCompleted', c.ids, { operationContext: play?.body.operationContext, resultInformation: OK })]);
    const add = await next(h, c, '/participants:add', seen);
    const after = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('AddParticipantFailed', c.ids, { operationContext: add.body.operationContext, participant: add.body.participantToAdd, resultInformation: { code: 486, subCode: 0, message: 'Callee busy.', sipDetails: { code: 486, message: 'Busy Here' } } })]);
    expect(spoken(await next(h, c, ':play', after))).toContain('busy');
  });
});

describe('without a Cognitive Services endpoint', () => {
  let h: AcsDocsHarness;
  beforeAll(async () => {
    h = await startAcsDocsHarness({ cognitive: false });
  });
  afterAll(async () => h.close());

  // ACS refuses speech recognition when no Cognitive Services endpoint was given at answer time
  // ("Request not allowed when Cognitive Service Configuration not set during call setup").
  test('answerCall carries no callIntelligenceOptions; a field that also takes keys is recognized by DTMF only', async () => {
    const c = await connect(h, 'code.vxml');
    expect(c.answer.callIntelligenceOptions).toBeUndefined();
    expect(last(h, c, ':recognize')?.body.recognizeInputType).toBe('dtmf');
  });

  test('a voice-only field gets no speech recognize request: the application hears a clear error event instead', async () => {
    const c = await connect(h, 'voice-only.vxml');
    expect(h.acs.requests.filter((r) => r.path.endsWith(':recognize') && r.path.includes(c.ids.callConnectionId))).toEqual([]);
    const play = await h.until('the error handler', () => last(h, c, ':play'));
    expect(spoken(play)).toMatch(/Speech is not available: error\./);
  });
});

describe('<record> and the recording file notification', () => {
  let h: AcsDocsHarness;
  beforeAll(async () => {
    h = await startAcsDocsHarness();
  });
  afterAll(async () => h.close());

  test('RecordingFileStatusUpdated is matched by the recording it names (data.recordingId; subject /recording/call/{id}/recordingId/{id})', async () => {
    const c = await connect(h, 'record.vxml');
    const play = last(h, c, ':play');
    expect(spoken(play)).toContain('Leave a message after the tone.');
    let seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('PlayCompleted', c.ids, { operationContext: play?.body.operationContext, resultInformation: OK })]);
    const start = await h.until('the recording start', () => h.acs.requests.slice(seen).find((r) => r.path === '/calling/recordings' && r.method === 'POST'));
    expect(start.body).toMatchObject({ callConnectionId: c.ids.callConnectionId, recordingContentType: 'audio', recordingStateCallbackUri: c.uri });
    const window = await next(h, c, ':recognize', seen);
    seen = h.acs.requests.length;
    await h.postCallback(c.uri, [
      callEvent('RecognizeCompleted', c.ids, { operationContext: window.body.operationContext, recognitionType: 'speech', speechResult: { speech: 'Hello, please call me back.' }, resultInformation: { code: 200, subCode: 8569, message: 'Action completed, speech was recognized.' } }),
    ]);
    const stop = await h.until('the recording stop', () => h.acs.requests.slice(seen).find((r) => r.method === 'DELETE' && r.path.startsWith('/calling/recordings/')));
    const recordingId = decodeURIComponent(stop.path.slice('/calling/recordings/'.length));
    seen = h.acs.requests.length;
    const file = {
      id: randomUUID(),
      topic: '/subscriptions/x/resourcegroups/y/providers/microsoft.communication/communicationservices/z',
      subject: `/recording/call/${randomUUID()}/recordingId/${recordingId}`,
      data: {
        recordingId,
        storageType: 'acsstorage',
        recordingStorageInfo: { recordingChunks: [{ documentId: '0-eus-d12-801b3f3fc462fe8a01e6810cbff729b8', index: '0', endReason: 'SessionEnded', contentLocation: 'https://storage.asm.skype.com/v1/objects/0-eus-d12-801b3f3fc462fe8a01e6810cbff729b8/content/audio', metadataLocation: 'https://storage.asm.skype.com/v1/objects/0-eus-d12-801b3f3fc462fe8a01e6810cbff729b8/content/acsmetadata' }] },
        recordingStartTime: new Date().toISOString(),
        recordingDurationMs: 6620,
        sessionEndReason: 'CallEnded',
      },
      eventType: 'Microsoft.Communication.RecordingFileStatusUpdated',
      dataVersion: '1.0',
      metadataVersion: '1',
      eventTime: new Date().toISOString(),
    };
    expect((await h.postGrid([file])).status).toBe(200);
    const lasted = await next(h, c, ':play', seen);
    expect(spoken(lasted)).toContain('Your message lasted 7 seconds.');
  });
});

describe('failures and transfers as the event tables describe them', () => {
  let h: AcsDocsHarness;
  beforeAll(async () => {
    h = await startAcsDocsHarness();
  });
  afterAll(async () => h.close());

  test('RecognizeFailed 401/8565 (Azure AI services authentication error) reaches the application as error.noresource', async () => {
    const c = await connect(h, 'voice-only.vxml');
    expect(last(h, c, ':recognize')?.body.recognizeInputType).toBe('speech');
    const play = await answerRecognize(h, c, 'RecognizeFailed', { resultInformation: { code: 401, subCode: 8565, message: 'Action failed, Azure AI services authentication error.' } });
    expect(spoken(play)).toContain('Speech is not available: error.noresource.');
  });

  test('blind transfer: transferCallToParticipant to the number; CallTransferAccepted then CallDisconnected end the call quietly', async () => {
    const c = await connect(h, 'blind.vxml');
    const play = last(h, c, ':play');
    const seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('PlayCompleted', c.ids, { operationContext: play?.body.operationContext, resultInformation: OK })]);
    const transfer = await next(h, c, ':transferToParticipant', seen);
    expect(transfer.body.targetParticipant).toMatchObject({ rawId: '4:+18005550199' });
    const after = h.acs.requests.length;
    const target = { kind: 'phoneNumber', rawId: '4:+18005550199', phoneNumber: { value: '+18005550199' } };
    expect((await h.postCallback(c.uri, [callEvent('CallTransferAccepted', c.ids, { operationContext: transfer.body.operationContext, transferTarget: target, transferee: phone('+14255550123'), resultInformation: { code: 202, subCode: 0, message: 'Action completed successfully.' } })])).status).toBe(200);
    expect((await h.postCallback(c.uri, [callEvent('CallDisconnected', c.ids, { resultInformation: { code: 200, subCode: 7015, message: 'Call ended as the transfer completed successfully.' } })])).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.acs.requests.slice(after)).toEqual([]);
  });

  test('blind transfer refused (CallTransferFailed, SIP 486): the application hears busy', async () => {
    const c = await connect(h, 'blind.vxml');
    const play = last(h, c, ':play');
    const seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('PlayCompleted', c.ids, { operationContext: play?.body.operationContext, resultInformation: OK })]);
    const transfer = await next(h, c, ':transferToParticipant', seen);
    const after = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('CallTransferFailed', c.ids, { operationContext: transfer.body.operationContext, resultInformation: { code: 486, subCode: 8539, message: 'Callee busy.', sipDetails: { code: 486, message: 'Busy Here' } } })]);
    expect(spoken(await next(h, c, ':play', after))).toContain('The transfer did not go through: busy.');
  });

  test('bridged transfer: ContinuousDtmfRecognitionToneReceived "asterisk" ends the bridge from the caller side (near_end_disconnect)', async () => {
    const c = await connect(h, 'transfer.vxml');
    const play = last(h, c, ':play');
    let seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('PlayCompleted', c.ids, { operationContext: play?.body.operationContext, resultInformation: OK })]);
    const add = await next(h, c, '/participants:add', seen);
    seen = h.acs.requests.length;
    const target = { kind: 'phoneNumber', rawId: '4:+18005550142', phoneNumber: { value: '+18005550142' } };
    await h.postCallback(c.uri, [callEvent('AddParticipantSucceeded', c.ids, { operationContext: add.body.operationContext, participant: target, resultInformation: OK })]);
    const watch = await next(h, c, ':startContinuousDtmfRecognition', seen);
    seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('ContinuousDtmfRecognitionToneReceived', c.ids, { operationContext: watch.body.operationContext, tone: 'asterisk', sequenceId: 1, resultInformation: OK })]);
    const remove = await next(h, c, '/participants:remove', seen);
    expect(remove.body.participantToRemove).toMatchObject({ rawId: '4:+18005550142' });
    seen = h.acs.requests.length;
    await h.postCallback(c.uri, [callEvent('RemoveParticipantSucceeded', c.ids, { operationContext: remove.body.operationContext, participant: target, resultInformation: OK })]);
    expect(spoken(await next(h, c, ':play', seen))).toContain('near_end_disconnect');
  });
});
