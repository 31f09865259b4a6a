/**
 * The ACS routes over the real SDK and the fake ACS, with a scripted runtime: Event Grid validation (both
 * schemas), secrets and JWTs, IncomingCall → answerCall, and which application a call runs.
 */
import { ScriptedRuntime, startHarness, prompts, dtmfListen, hangup, EVENT_GRID_SECRET, event, type Harness } from './harness';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { subscriptionValidationEvent } from '../../adapters/acs/simulator/wire';

const turns = [[prompts.say('Main menu'), dtmfListen], [prompts.say('Goodbye'), hangup]];
let h: Harness;
let runtime: ScriptedRuntime;
afterEach(() => h?.close());

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
}

describe('Event Grid endpoint', () => {
  beforeEach(async () => {
    runtime = new ScriptedRuntime(turns);
    h = await startHarness({ runtime });
  });

  test('subscription validation answers the validation code (Event Grid schema, aeg-event-type header)', async () => {
    const r = await post(`${h.gateway}/acs/incoming?secret=${EVENT_GRID_SECRET}`, [subscriptionValidationEvent('512d38b6-c7b8-40c8-89fe-f46f9e9622b6')], { 'aeg-event-type': 'SubscriptionValidation' });
    expect(r).toMatchObject({ status: 200, body: { validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' } });
  });

  test('CloudEvents abuse protection: OPTIONS with WebHook-Request-Origin is allowed', async () => {
    const res = await fetch(`${h.gateway}/acs/incoming?secret=${EVENT_GRID_SECRET}`, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    expect(res.headers.get('webhook-allowed-rate')).toBe('*');
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
    const refused = await fetch(`${h.gateway}/acs/incoming`, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('webhook-allowed-origin')).toBeNull();
  });

  test('a missing or wrong secret is refused before anything is parsed', async () => {
    const body = [subscriptionValidationEvent('code')];
    expect((await post(`${h.gateway}/acs/incoming`, body)).status).toBe(401);
    expect((await post(`${h.gateway}/acs/incoming?secret=${EVENT_GRID_SECRET}x`, body)).status).toBe(401);
    expect((await post(`${h.gateway}/acs/incoming?secret=${EVENT_GRID_SECRET.slice(0, 5)}`, body)).status).toBe(401);
    expect(h.logger.lines.filter((l) => /wrong or missing secret/.test(l.message))).toHaveLength(3);
  });

  test('malformed payloads get 400 with what is wrong', async () => {
    const url = `${h.gateway}/acs/incoming?secret=${EVENT_GRID_SECRET}`;
    expect(await post(url, '{not json')).toMatchObject({ status: 400 });
    expect(await post(url, [])).toMatchObject({ status: 400, body: { error: 'expected a non-empty array of Event Grid events' } });
    expect(await post(url, [{ id: 'x', eventType: 'Microsoft.Communication.IncomingCall', data: {} }])).toMatchObject({ status: 400, body: { error: expect.stringMatching(/\[0\]\.data\.incomingCallContext/) } });
    const notValidation = await post(url, [{ id: 'x', eventType: 'Microsoft.Storage.BlobCreated', data: {} }], { 'aeg-event-type': 'SubscriptionValidation' });
    expect(notValidation).toMatchObject({ status: 400, body: { error: expect.stringMatching(/SubscriptionValidation without/) } });
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe('IncomingCall', () => {
  test('answerCall with a per-call callback URI carrying a secret, and the Cognitive Services endpoint', async () => {
    runtime = new ScriptedRuntime(turns);
    h = await startHarness({ runtime });
    const call = await h.call({ from: '+14255550123', to: '+18005550100' });
    const answer = h.fake.requests[0];
    expect(answer.method).toBe('POST');
    expect(answer.path).toBe('/calling/callConnections:answer');
    expect(answer.query['api-version']).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(answer.body).toEqual({
      incomingCallContext: call.call.incomingCallContext,
      callbackUri: expect.stringMatching(new RegExp(`^${h.gateway}/acs/callbacks/[0-9a-f-]{36}\\?secret=[A-Za-z0-9_-]{32}$`)),
      operationContext: 'answer',
      callIntelligenceOptions: { cognitiveServicesEndpoint: 'https://test-ai.cognitiveservices.azure.com/' },
    });
    expect(runtime.started).toEqual([
      { callId: call.call.ids.callConnectionId, channel: 'acs', entry: 'https://apps.example/main.vxml', from: '+14255550123', to: '+18005550100', extra: { serverCallId: call.call.ids.serverCallId, correlationId: call.call.ids.correlationId } },
    ]);
    // Two calls never share a callback URI or secret.
    const other = await h.call();
    expect(other.call.callbackUri).not.toBe(call.call.callbackUri);
  });

  test('the called number picks the application (ACS_NUMBER_APPS), others run the default; paths become file: URIs', async () => {
    runtime = new ScriptedRuntime(turns);
    h = await startHarness({ runtime, acs: { numberApps: { '+18005550111': 'vxml-samples/railway/index.vxml' } } });
    await h.call({ to: '+18005550111' });
    await h.call({ to: '+18005550199' });
    expect(runtime.started.map((s) => s.entry)).toEqual([expect.stringMatching(/^file:\/\/\/.*\/vxml-samples\/railway\/index\.vxml$/), 'https://apps.example/main.vxml']);
  });

  test('the same IncomingCall delivered twice is answered once', async () => {
    runtime = new ScriptedRuntime(turns);
    h = await startHarness({ runtime });
    const first = await h.call();
    const incoming = { id: 'dup-1', eventType: 'Microsoft.Communication.IncomingCall', subject: 's', eventTime: 't', data: { to: { rawId: '4:+18005550100' }, from: { rawId: '4:+14255550123' }, incomingCallContext: 'ctx-dup' } };
    const url = `${h.gateway}/acs/incoming?secret=${EVENT_GRID_SECRET}`;
    expect((await post(url, [incoming])).status).toBe(200);
    expect((await post(url, [incoming])).status).toBe(200);
    const answers = h.fake.requests.filter((r) => r.path === '/calling/callConnections:answer');
    expect(answers.map((a) => (a.body as { incomingCallContext: string }).incomingCallContext)).toEqual([first.call.incomingCallContext, 'ctx-dup']);
  });

  test('no application for the number and no default: the call is rejected', async () => {
    runtime = new ScriptedRuntime(turns);
    h = await startHarness({ runtime, app: null });
    const call = await h.call({ to: '+18005550177' });
    expect(call.call.status).toBe('disconnected');
    expect(h.fake.requests.map((r) => r.path)).toEqual(['/calling/callConnections:reject']);
    expect((h.fake.requests[0].body as { incomingCallContext: string }).incomingCallContext).toBe(call.call.incomingCallContext);
    expect(runtime.started).toHaveLength(0);
  });
});

describe('callback security', () => {
  test('a wrong secret or an unknown call gets 401 and reaches nothing', async () => {
    runtime = new ScriptedRuntime(turns);
    h = await startHarness({ runtime });
    const call = await h.call();
    const good = new URL(call.call.callbackUri!);
    const ev = [event(call.call, 'RecognizeCompleted', '1:recognize', { recognitionType: 'dtmf', dtmfResult: { tones: ['one'] } })];
    const wrong = new URL(good);
    wrong.searchParams.set('secret', 'not-the-secret');
    expect((await post(wrong.href, ev)).status).toBe(401);
    const none = new URL(good);
    none.search = '';
    expect((await post(none.href, ev)).status).toBe(401);
    expect((await post(`${h.gateway}/acs/callbacks/00000000-0000-0000-0000-000000000000?secret=${good.searchParams.get('secret')}`, ev)).status).toBe(401);
    expect(runtime.fed).toHaveLength(0);
    expect((await post(good.href, ev)).status).toBe(200);
    expect(runtime.inputs).toEqual(['dtmf:1']);
  });

  test('with JWT validation configured, callbacks need a valid token (RS256, issuer, audience, expiry, known key)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const mine = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
    runtime = new ScriptedRuntime(turns);
    h = await startHarness({
      runtime,
      fake: { jwtAudience: 'resource-id' },
      // The fake's own key (so the call connects) and a key of this test.
      acs: (fake) => ({ jwt: { audience: 'resource-id', jwks: JSON.stringify({ keys: [...(JSON.parse(fake.jwks()!) as { keys: unknown[] }).keys, mine] }) } }),
    });
    const call = await h.call();
    const url = call.call.callbackUri!;
    const ev = () => [event(call.call, 'RecognizeCompleted', '1:recognize', { recognitionType: 'dtmf', dtmfResult: { tones: ['two'] } })];
    const issuer = 'https://acscallautomation.communication.azure.com';
    const token = (claims: object, opts: jwt.SignOptions, key = privateKey) => `Bearer ${jwt.sign(claims, key, { algorithm: 'RS256', keyid: 'test-key', ...opts })}`;
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await post(url, ev())).status).toBe(401);
    expect((await post(url, ev(), { authorization: token({}, { audience: 'someone-else', issuer, expiresIn: 60 }) })).status).toBe(401);
    expect((await post(url, ev(), { authorization: token({}, { audience: 'resource-id', issuer: 'https://evil.example', expiresIn: 60 }) })).status).toBe(401);
    expect((await post(url, ev(), { authorization: token({ exp: Math.floor(Date.now() / 1000) - 600 }, { audience: 'resource-id', issuer }) })).status).toBe(401);
    expect((await post(url, ev(), { authorization: token({}, { audience: 'resource-id', issuer, expiresIn: 60 }, other) })).status).toBe(401);
    expect(runtime.fed).toHaveLength(0);
    expect((await post(url, ev(), { authorization: token({}, { audience: 'resource-id', issuer, expiresIn: 60 }) })).status).toBe(200);
    expect(runtime.inputs).toEqual(['dtmf:2']);
  });
});
