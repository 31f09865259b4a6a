/** X-Twilio-Signature on every Twilio route: unsigned, tampered and mis-addressed requests get 403. */
import twilio from 'twilio';
import { FakeRuntime, listen, say } from './fake-runtime';
import { AUTH_TOKEN, callSid, HOST, params, signedPost, testApp } from './helpers';
import { loadTwilioConfig, twilioConfigWarnings } from '../../adapters/twilio/index';

const dialogue = () => ({ actions: [say('Hello.'), listen()] });

describe('signature validation', () => {
  const runtime = new FakeRuntime(dialogue);
  const { app, logger } = testApp(runtime);

  test('a correctly signed request is served', async () => {
    const res = await signedPost(app, '/twilio/voice', params(callSid(1)));
    expect(res.status).toBe(200);
  });

  test.each(['/twilio/voice', '/twilio/gather?turn=1', '/twilio/record?turn=1', '/twilio/dial?turn=1&type=bridge', '/twilio/status'])('unsigned %s → 403', async (path) => {
    const res = await signedPost(app, path, params(callSid(1)), { signature: null });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/no X-Twilio-Signature/);
  });

  test('a tampered parameter → 403, and nothing reaches the runtime', async () => {
    const before = runtime.fed.length;
    const form = params(callSid(1), { Digits: '1' });
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `http://${HOST}/twilio/gather?turn=1`, form);
    const res = await signedPost(app, '/twilio/gather?turn=1', { ...form, Digits: '9' }, { signature });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/does not match http:\/\/gw\.test\/twilio\/gather\?turn=1/);
    expect(runtime.fed.length).toBe(before);
  });

  test('a tampered query string (another app, another turn) → 403', async () => {
    const res = await signedPost(app, '/twilio/voice?app=https%3A%2F%2Fpartner.example.com%2Fx.vxml', params(callSid(2)), { signedUrl: `http://${HOST}/twilio/voice` });
    expect(res.status).toBe(403);
    const res2 = await signedPost(app, '/twilio/gather?turn=2', params(callSid(1)), { signedUrl: `http://${HOST}/twilio/gather?turn=1` });
    expect(res2.status).toBe(403);
  });

  test('a signature made with another auth token → 403', async () => {
    const res = await signedPost(app, '/twilio/voice', params(callSid(3)), { token: 'f'.repeat(32) });
    expect(res.status).toBe(403);
    expect(logger.lines.filter((l) => l.level === 'warn' && l.message.includes('refused')).length).toBeGreaterThan(0);
  });

  test('without an auth token nothing is accepted', async () => {
    const { app: noToken } = testApp(new FakeRuntime(dialogue), { config: { authToken: undefined } });
    const res = await signedPost(noToken, '/twilio/voice', params(callSid(1)));
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/TWILIO_AUTH_TOKEN is not configured/);
  });
});

describe('behind a proxy (PUBLIC_BASE_URL)', () => {
  const publicUrl = 'https://ivr.example.com/acme';

  test('the URL Twilio signed is rebuilt from PUBLIC_BASE_URL', async () => {
    const { app } = testApp(new FakeRuntime(dialogue), { config: { publicBaseUrl: publicUrl + '/' } });
    const ok = await signedPost(app, '/twilio/voice?app=x', params(callSid(1)), { signedUrl: `${publicUrl}/twilio/voice?app=x` });
    expect(ok.status).toBe(200);
    // The URL the gateway sees (internal host, http) is not what Twilio signed.
    const internal = await signedPost(app, '/twilio/voice', params(callSid(2)));
    expect(internal.status).toBe(403);
  });

  test('without PUBLIC_BASE_URL a proxied request fails with a hint', async () => {
    const { app } = testApp(new FakeRuntime(dialogue));
    const res = await signedPost(app, '/twilio/voice', params(callSid(1)), { signedUrl: `${publicUrl}/twilio/voice` });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/set PUBLIC_BASE_URL/);
  });
});

describe('unsigned mode for local development', () => {
  test('TWILIO_VALIDATE=false serves unsigned requests and warns loudly', async () => {
    const config = loadTwilioConfig({ TWILIO_VALIDATE: 'false' });
    expect(config.validateSignatures).toBe(false);
    expect(twilioConfigWarnings(config)[0]).toMatch(/NOT checked.*Use this only for local development/);
    const { app } = testApp(new FakeRuntime(dialogue), { config: { validateSignatures: false } });
    const res = await signedPost(app, '/twilio/voice', params(callSid(1)), { signature: null });
    expect(res.status).toBe(200);
  });

  test('validation is on by default', () => {
    expect(loadTwilioConfig({}).validateSignatures).toBe(true);
    expect(twilioConfigWarnings(loadTwilioConfig({}))).toContain('TWILIO_AUTH_TOKEN is not set: every Twilio webhook will be refused with 403 until it is configured.');
  });
});
