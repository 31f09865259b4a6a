/**
 * `vxml-gateway serve` in process: embedded defaults (the airline sample and its back end on a loopback app
 * server), the URLs printed for the Twilio console, /healthz, and a signed webhook answered with TwiML.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import twilio from 'twilio';
import { runServe, ServeUsageError, toAppUri, type ServeHandle } from '../../gateway/cli/commands/serve';
import { readTwiml } from '../../adapters/twilio/simulator/twiml-reader';
import { InvalidConfigError } from '../../gateway/index';

const AUTH_TOKEN = 'serve-test-token-0123456789abcdef';
const ACCOUNT_SID = 'AC' + '1'.repeat(32);
const env = { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID, LOG_LEVEL: 'error' };

async function signedPost(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, form) },
    body: new URLSearchParams(form).toString(),
  });
}

function callForm(sid: string, extra: Record<string, string> = {}): Record<string, string> {
  return { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: sid, CallStatus: 'ringing', Direction: 'inbound', From: '+15551230000', To: '+18005550100', ...extra };
}

describe('serve on embedded defaults', () => {
  let handle: ServeHandle;
  const out: string[] = [];
  const err: string[] = [];

  beforeAll(async () => {
    handle = await runServe({ port: '0', host: '127.0.0.1' }, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  });
  afterAll(async () => {
    await handle.close();
  });

  test('runs the airline sample from the bundled app server and prints the Twilio console URLs', () => {
    expect(handle.defaultApp).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/airline\/main\.vxml$/);
    expect(out[0]).toBe(`vxml-gateway listening on ${handle.server.url}`);
    expect(out.join('\n')).toContain(`A call comes in (Webhook, HTTP POST):     ${handle.server.url}/twilio/voice`);
    expect(out.join('\n')).toContain(`Call status changes (HTTP POST):          ${handle.server.url}/twilio/status`);
    expect(out.join('\n')).toContain('set PUBLIC_BASE_URL');
    expect(err).toEqual([]);
  });

  test('GET /healthz', async () => {
    const res = await fetch(`${handle.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  test('a signed incoming-call webhook answers the airline greeting as TwiML; a key press moves the call on', async () => {
    const sid = 'CA' + 'c'.repeat(32);
    const res = await signedPost(`${handle.server.url}/twilio/voice`, callForm(sid));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const verbs = readTwiml(await res.text());
    const gather = verbs.find((v) => v.kind === 'gather');
    expect(gather).toMatchObject({ kind: 'gather', action: 'gather?turn=1', actionOnEmptyResult: true });
    const spoken = verbs.flatMap((v) => (v.kind === 'say' ? [v.text] : v.kind === 'gather' ? v.nested.flatMap((n) => (n.kind === 'say' ? [n.text] : [])) : []));
    expect(spoken.join(' ')).toMatch(/Acme Air/);

    const next = await signedPost(`${handle.server.url}/twilio/gather?turn=1`, callForm(sid, { CallStatus: 'in-progress', Digits: '1' }));
    expect(next.status).toBe(200);
    expect(await next.text()).toContain('gather?turn=2');
    const done = await signedPost(`${handle.server.url}/twilio/status`, callForm(sid, { CallStatus: 'completed' }));
    expect(done.status).toBe(200);
  });

  test('an unsigned webhook is refused', async () => {
    const res = await fetch(`${handle.server.url}/twilio/voice`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'CallSid=x' });
    expect(res.status).toBe(403);
  });

  test('anything else is a plain 404', async () => {
    const res = await fetch(`${handle.server.url}/nothing-here`);
    expect(res.status).toBe(404);
  });
});

describe('serve options', () => {
  test('--app names the default application (a path becomes a file URI); unsigned mode warns loudly', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const file = path.join(__dirname, '..', '..', 'vxml-samples', 'railway', 'main.vxml');
    const handle = await runServe({ port: '0', host: '127.0.0.1', app: file, allowOrigin: ['https://apps.example.com/'] }, { ...env, TWILIO_VALIDATE: 'false', PORT: '1' }, { out: (l) => out.push(l), err: (l) => err.push(l) });
    try {
      expect(handle.defaultApp).toBe(pathToFileURL(file).href);
      expect(handle.config.app.allowedOrigins).toEqual(['https://apps.example.com']);
      expect(handle.server.port).not.toBe(1);
      expect(err.join('\n')).toMatch(/WARNING: TWILIO_VALIDATE=false: Twilio webhook signatures are NOT checked/);
      const res = await fetch(`${handle.server.url}/twilio/voice`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(callForm('CA' + 'd'.repeat(32))).toString() });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Atlantic Coast Rail');
    } finally {
      await handle.close();
    }
  });

  test('bad flags and configuration are refused before anything starts', async () => {
    const io = { out: () => undefined, err: () => undefined };
    await expect(runServe({ port: 'eighty' }, env, io)).rejects.toBeInstanceOf(ServeUsageError);
    await expect(runServe({ port: '0', host: '127.0.0.1' }, { ...env, TWILIO_VALIDATE: 'perhaps' }, io)).rejects.toThrow(/TWILIO_VALIDATE="perhaps"/);
    // Every configuration section fails as a configuration error (the command exits 2 on those), ACS included.
    const acs = runServe({ port: '0', host: '127.0.0.1' }, { ...env, ACS_CONNECTION_STRING: 'endpoint=https://x.communication.azure.com/;accesskey=a2V5', PUBLIC_BASE_URL: 'https://gw.example.com' }, io);
    await expect(acs).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(acs).rejects.toThrow(/ACS_EVENTGRID_SECRET/);
  });

  test('toAppUri', () => {
    expect(toAppUri('https://apps.example.com/a.vxml')).toBe('https://apps.example.com/a.vxml');
    expect(toAppUri('file:///srv/a.vxml')).toBe('file:///srv/a.vxml');
    expect(toAppUri('apps/a.vxml', '/srv')).toBe('file:///srv/apps/a.vxml');
  });
});
