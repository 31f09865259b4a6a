/**
 * Malformed input never reaches the runtime: Twilio forms and query strings, Event Grid payloads, CloudEvents
 * callbacks and the configuration are checked against their schemas (zod) first. A bad request is answered
 * 400 (413 when too large) with a message that says what is wrong, and the refusal is logged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';
import { parseAcsConfig } from '../../adapters/acs/config';
import { createAcsAdapter } from '../../adapters/acs/router';
import { MemoryAcsCallStore } from '../../adapters/acs/state';
import { FakeAcs } from '../../adapters/acs/simulator/fake-acs';
import { parseTwilioConfig } from '../../adapters/twilio/index';
import { loadConsoleConfig } from '../../adapters/web/index';
import { createGatewayApp } from '../../gateway/cli/server';
import { ConfigError, loadConfig, MemoryLogger } from '../../gateway/index';
import { runtimeWith } from './helpers';

const AUTH_TOKEN = 'bad-input-auth-token-0123456789';
const ACCOUNT_SID = 'AC' + 'b'.repeat(32);
const SECRET = 'bad-input-event-grid-secret';
const CALL_SECRET = 'per-call-secret-0123456789';

let twilioUrl: string;
let acsUrl: string;
const servers: http.Server[] = [];
const twilioLog = new MemoryLogger();
const acsLog = new MemoryLogger();
let fake: FakeAcs;
const { runtime } = runtimeWith();

async function listen(app: express.Express): Promise<string> {
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const app = createGatewayApp({ runtime, logger: twilioLog, twilio: parseTwilioConfig({ authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID }), apps: { defaultApp: 'https://apps.example.com/main.vxml', allowedOrigins: [] }, console: loadConsoleConfig({}) });
  twilioUrl = await listen(app);
  fake = await FakeAcs.start();
  const store = new MemoryAcsCallStore();
  await store.create({ id: 'known', secret: CALL_SECRET, entry: 'https://apps.example.com/main.vxml', status: 'connected', started: true, sessionEnded: false, turn: 1, seen: [], createdAt: 0, updatedAt: 0 }, 600);
  const acsApp = express();
  const adapter = createAcsAdapter({ runtime, config: parseAcsConfig({ connectionString: fake.connectionString, publicBaseUrl: 'https://gw.example.com', eventGridSecret: SECRET }), store, logger: acsLog });
  acsApp.use(adapter.router);
  acsUrl = await listen(acsApp);
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await fake.close();
  await runtime.close();
});

function form(extra: Record<string, string> = {}): Record<string, string> {
  return { AccountSid: ACCOUNT_SID, CallSid: 'CA' + '1'.repeat(32), From: '+15551230000', To: '+18005550100', CallStatus: 'in-progress', ...extra };
}

async function signed(path: string, params: Record<string, string>, init: { contentType?: string; body?: string } = {}): Promise<{ status: number; text: string }> {
  const url = `${twilioUrl}${path}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': init.contentType ?? 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
    body: init.body ?? new URLSearchParams(params).toString(),
  });
  return { status: res.status, text: await res.text() };
}

describe('Twilio webhooks', () => {
  test.each([
    ['a missing CallSid', '/twilio/voice', (() => { const f = form(); delete (f as Partial<typeof f>).CallSid; return f; })(), /body parameter CallSid: /],
    ['a malformed CallSid', '/twilio/voice', form({ CallSid: 'CA-not-a-sid' }), /CallSid: must be a Call SID/],
    ['keys that are not DTMF', '/twilio/gather?turn=1', form({ Digits: '12<script>' }), /Digits: must be DTMF keys/],
    ['a turn that is not a number', '/twilio/gather?turn=abc', form({ Digits: '1' }), /query parameter turn: must be the turn number/],
    ['a call status that is not a status word', '/twilio/status', form({ CallStatus: 'DROP TABLE' }), /CallStatus: must be a Twilio status word/],
    ['a record-ending key that is not one key', '/twilio/record?turn=1', form({ Digits: '12' }), /Digits: must be one DTMF key or "hangup"/],
    ['a transfer type the gateway never writes', '/twilio/dial?turn=1&type=sideways', form({ DialCallStatus: 'completed' }), /query parameter type/],
    ['a recording URL that is not http(s)', '/twilio/record?turn=1', form({ RecordingUrl: 'file:///etc/passwd', RecordingDuration: '3' }), /RecordingUrl: must be an http\(s\) URL/],
  ])('%s is answered 400 with what is wrong, and logged', async (_what, path, params, message) => {
    const mark = twilioLog.lines.length;
    const res = await signed(path, params);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(message);
    expect(twilioLog.lines.slice(mark).some((l) => l.level === 'warn' && l.status === 400 && message.test(l.message))).toBe(true);
  });

  test('a JSON body is not a Twilio webhook', async () => {
    const res = await signed('/twilio/voice', {}, { contentType: 'application/json', body: JSON.stringify(form()) });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/expected a form body \(Content-Type: application\/x-www-form-urlencoded\)/);
  });

  test('a body over the limit is answered 413 before anything else', async () => {
    const params = form({ SpeechResult: 'x'.repeat(40 * 1024) });
    const res = await signed('/twilio/gather?turn=1', params);
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/Payload Too Large/);
  });
});

async function postJson(path: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${acsUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

describe('Event Grid and Call Automation callbacks', () => {
  const grid = `/acs/incoming?secret=${SECRET}`;
  const callback = `/acs/callbacks/known?secret=${CALL_SECRET}`;
  test.each([
    ['an empty array', grid, '[]', /expected a non-empty array of Event Grid events/],
    ['an event without a type', grid, JSON.stringify([{ id: '1', data: {} }]), /neither eventType .* nor type/],
    ['an IncomingCall without its context', grid, JSON.stringify([{ id: '1', eventType: 'Microsoft.Communication.IncomingCall', subject: 's', eventTime: 't', dataVersion: '1', data: { to: { rawId: '4:+1' } } }]), /\[0\]\.data\.incomingCallContext/],
    ['a validation event without its code', grid, JSON.stringify([{ id: '1', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: {} }]), /validationCode/],
    ['a CloudEvent without a type', callback, JSON.stringify([{ id: 'e0', data: {} }]), /no type/],
    ['a CloudEvent whose data is not an object', callback, JSON.stringify([{ id: 'e', type: 'Microsoft.Communication.PlayCompleted', data: 'oops' }]), /data/],
    ['a RecognizeCompleted with tones that are not strings', callback, JSON.stringify([{ id: 'e2', type: 'Microsoft.Communication.RecognizeCompleted', data: { dtmfResult: { tones: [1, 2] } } }]), /tones/],
  ])('%s is answered 400 with what is wrong, and logged', async (_what, path, body, message) => {
    const mark = acsLog.lines.length;
    const res = await postJson(path, body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toMatch(message);
    expect(acsLog.lines.slice(mark).some((l) => l.level === 'warn' && /malformed request refused/.test(l.message))).toBe(true);
  });

  test('JSON that does not parse is 400; a body over the limit is 413', async () => {
    expect((await postJson(grid, '[{"id": ')).status).toBe(400);
    expect((await postJson(callback, JSON.stringify([{ id: 'big', type: 'x', data: { pad: 'x'.repeat(600 * 1024) } }]))).status).toBe(413);
  });
});

describe('configuration', () => {
  test.each([
    [{ REDIS_URL: 'http://redis.example.com' }, /REDIS_URL="http:\/\/redis\.example\.com" .*expected redis:\/\//],
    [{ MAX_SESSIONS: '-3' }, /MAX_SESSIONS="-3"/],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, /SHUTDOWN_GRACE_MS="soon"/],
    [{ SENSITIVE_WORDS: 'pin,credit card' }, /SENSITIVE_WORDS=.*one word of letters or digits/],
    [{ REDIS_KEY_PREFIX: 'a b' }, /REDIS_KEY_PREFIX/],
    [{ METRICS_ENABLED: 'perhaps' }, /METRICS_ENABLED="perhaps"/],
  ])('%o is refused naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('the defaults: memory sessions, a session cap, metrics on, the sensitive words', () => {
    const c = loadConfig({});
    expect(c.redis.url).toBeUndefined();
    expect(c.limits.maxSessions).toBe(1000);
    expect(c.metrics.enabled).toBe(true);
    expect(c.redaction.words).toEqual(expect.arrayContaining(['pin', 'card', 'cvv', 'ssn', 'password', 'passcode', 'account']));
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.example.com:6380/2', SENSITIVE_FIELDS: 'member_no, dob' }).redaction.fields).toEqual(['member_no', 'dob']);
  });
});
