/**
 * Security by default:
 *  - every platform route requires its signature or secret unless configuration explicitly says otherwise;
 *  - a document can fetch only from its own origin and the allowed ones: file:, other loopback ports, the
 *    cloud metadata address, and redirects to any of them are refused (never requested);
 *  - what a caller says is data: code-looking input reaching expr/cond paths is never evaluated;
 *  - documents with entity declarations (billion laughs) or external entities are refused, whether they are
 *    VoiceXML, <data> answers or SRGS grammars.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import twilio from 'twilio';
import { AcsConfigError, loadAcsConfig } from '../../adapters/acs/config';
import { FakeAcs } from '../../adapters/acs/simulator/fake-acs';
import { runServe, type ServeHandle } from '../../gateway/cli/commands/serve';
import { startLoopback, vxml, type Loopback } from '../runtime/loopback';
import { events, heard, runtimeWith } from './helpers';

let app: Loopback;
let other: Loopback;

const REPORT = `<catch event="error"><prompt>refused: <value expr="_event"/></prompt><log expr="_message"/><exit/></catch>`;

beforeAll(async () => {
  other = await startLoopback({
    '/secret.xml': (_req, res) => res.end('<secret>s3cr3t</secret>'),
    '/evil.vxml': (_req, res) => res.end(vxml('<form><block>evil</block></form>')),
  });
  const o = other.url;
  const doc = (body: string) => (_req: unknown, res: import('node:http').ServerResponse) => res.end(vxml(`${REPORT}${body}`));
  const redirect = (to: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.statusCode = 302;
    res.setHeader('location', to);
    res.end();
  };
  app = await startLoopback({
    '/file.vxml': doc(`<form><block><goto next="file:///etc/passwd"/></block></form>`),
    '/other-port.vxml': doc(`<form><block><data name="d" src="${o}/secret.xml"/></block></form>`),
    '/metadata.vxml': doc(`<form><block><data name="d" src="http://169.254.169.254/latest/meta-data/iam/security-credentials/"/></block></form>`),
    '/script.vxml': doc(`<form><block><script src="${o}/evil.js"/></block></form>`),
    '/submit.vxml': doc(`<form><var name="x" expr="1"/><block><submit next="${o}/evil.vxml" namelist="x" method="post"/></block></form>`),
    '/subdialog.vxml': doc(`<form><subdialog name="s" src="${o}/evil.vxml"/></form>`),
    '/grammar.vxml': doc(`<form><field name="f"><grammar src="${o}/evil.grxml"/><prompt>x</prompt></field></form>`),
    '/redirect-other.vxml': doc(`<form><block><goto next="r-other"/></block></form>`),
    '/redirect-metadata.vxml': doc(`<form><block><data name="d" src="r-metadata"/></block></form>`),
    '/redirect-file.vxml': doc(`<form><block><goto next="r-file"/></block></form>`),
    '/r-other': redirect(`${o}/evil.vxml`),
    '/r-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
    '/r-file': redirect('file:///etc/passwd'),
  });
});

afterAll(async () => {
  await app.close();
  await other.close();
});

describe('fetches are confined to the application origin', () => {
  test.each([
    ['file.vxml', /file: URIs are not allowed for an application served over http/],
    ['other-port.vxml', /http:\/\/127\.0\.0\.1:\d+ is not an allowed origin/],
    ['metadata.vxml', /http:\/\/169\.254\.169\.254 is not an allowed origin/],
    ['script.vxml', /is not an allowed origin/],
    ['submit.vxml', /is not an allowed origin/],
    ['subdialog.vxml', /is not an allowed origin/],
    ['redirect-other.vxml', /redirected to http:\/\/127\.0\.0\.1:\d+\/evil\.vxml, which was refused/],
    ['redirect-metadata.vxml', /redirected to http:\/\/169\.254\.169\.254\/latest\/meta-data\/, which was refused/],
    ['redirect-file.vxml', /redirected to file:\/\/\/etc\/passwd, which was refused/],
  ])('%s: error.badfetch, nothing requested elsewhere', async (doc, reason) => {
    const { runtime, logger } = runtimeWith();
    const before = other.requests.length;
    const first = await runtime.start({ callId: `conf-${doc}`, channel: 'sim', entry: `${app.url}/${doc}` });
    expect(heard(first)).toEqual(['refused: error.badfetch']);
    expect(first.trace.some((t) => t.kind === 'log' && reason.test(t.message))).toBe(true);
    expect(other.requests.length).toBe(before);
    expect(logger.lines.some((l) => l.message === 'fetch failed')).toBe(true);
    await runtime.close();
  });

  test('an external grammar from another origin is refused', async () => {
    const { runtime } = runtimeWith();
    const before = other.requests.length;
    const first = await runtime.start({ callId: 'conf-grammar', channel: 'sim', entry: `${app.url}/grammar.vxml` });
    await runtime.handle('conf-grammar', { kind: 'speech', text: 'anything', confidence: 0.9 }, { turn: first.seq }).catch(() => undefined);
    expect(other.requests.length).toBe(before);
    await runtime.close();
  });

  test('a file: application cannot read outside its directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vxml-app-'));
    fs.writeFileSync(path.join(dir, 'main.vxml'), vxml(`${REPORT}<form><block><data name="d" src="../../../../../../etc/hostname"/></block></form>`));
    const { runtime } = runtimeWith();
    const first = await runtime.start({ callId: 'conf-file-app', channel: 'sim', entry: pathToFileURL(path.join(dir, 'main.vxml')).href });
    expect(heard(first)).toEqual(['refused: error.badfetch']);
    expect(first.trace.some((t) => t.kind === 'log' && /lies outside the application directory/.test(t.message))).toBe(true);
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('caller input is data, never code', () => {
  const INJECTIONS = ["'); process.exit(1); ('", '${process.exit(1)}', '`+process.exit(1)+`', '"); globalThis.pwned = 1; ("', "' + (globalThis.pwned = 1) + '", '</prompt><goto next="http://evil/"/>'];
  let server: Loopback;
  beforeAll(async () => {
    server = await startLoopback({
      '/echo.vxml': (_req, res) =>
        res.end(
          vxml(`
<form>
  <var name="said" expr="''"/>
  <field name="f">
    <grammar mode="voice" version="1.0" root="r" xmlns="http://www.w3.org/2001/06/grammar"><rule id="r"><item>yes</item></rule></grammar>
    <prompt>Say something.</prompt>
    <nomatch>
      <assign name="said" expr="application.lastresult$.utterance"/>
      <if cond="said == 'yes'"><prompt>evaluated</prompt></if>
      <log expr="'caller said ' + said"/>
      <assign name="said" expr="said + ''"/>
      <prompt>You said <value expr="said"/>.</prompt>
      <prompt><value expr="'Again: ' + application.lastresult$.utterance"/></prompt>
      <submit next="echo.jsp" namelist="said" method="post"/>
    </nomatch>
  </field>
</form>`),
        ),
      '/echo.jsp': (req, res) => res.end(vxml(`<form><block><prompt>Stored ${Buffer.from(req.body).length} bytes.</prompt><exit/></block></form>`)),
    });
  });
  afterAll(() => server.close());

  test.each(INJECTIONS)('%s is spoken back and submitted as text, not run', async (text) => {
    const { runtime } = runtimeWith();
    const callId = `inject-${Buffer.from(text).toString('hex').slice(0, 16)}`;
    const first = await runtime.start({ callId, channel: 'sim', entry: `${server.url}/echo.vxml` });
    const before = server.requests.filter((r) => r.path.startsWith('/echo.jsp')).length;
    const next = await runtime.handle(callId, { kind: 'speech', text, confidence: 0.9 }, { turn: first.seq });
    // The input went through ECMAScript as a string: compared, concatenated, spoken, posted — never executed.
    expect(heard(next).join(' ')).toContain(`You said ${text}.`);
    expect(heard(next).join(' ')).toContain(`Again: ${text}`);
    expect(next.trace.some((t) => t.kind === 'log' && t.message === `caller said ${text}`)).toBe(true);
    expect(heard(next).join(' ')).not.toContain('evaluated');
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    const posted = server.requests.filter((r) => r.path.startsWith('/echo.jsp'));
    expect(posted.length).toBe(before + 1);
    expect(new URLSearchParams(posted[posted.length - 1].body.toString()).get('said')).toBe(text);
    expect(events(next).filter((e) => e.startsWith('error.'))).toEqual([]);
    await runtime.close();
  });
});

describe('entity declarations and external entities are refused', () => {
  const BOMB = `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>`;
  const XXE = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>`;
  let server: Loopback;
  beforeAll(async () => {
    server = await startLoopback({
      '/bomb.vxml': (_req, res) => res.end(`<?xml version="1.0"?>${BOMB.replace('x', 'vxml')}<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><form><block>&d;</block></form></vxml>`),
      '/xxe.vxml': (_req, res) => res.end(`<?xml version="1.0"?>${XXE.replace('x', 'vxml')}<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><form><block>&e;</block></form></vxml>`),
      '/bomb.xml': (_req, res) => res.end(`<?xml version="1.0"?>${BOMB.replace('x', 'r')}<r>&d;</r>`),
      '/xxe.xml': (_req, res) => res.end(`<?xml version="1.0"?>${XXE.replace('x', 'r')}<r>&e;</r>`),
      '/bomb.grxml': (_req, res) => res.end(`<?xml version="1.0"?>${BOMB.replace('x', 'grammar')}<grammar version="1.0" root="r" xmlns="http://www.w3.org/2001/06/grammar"><rule id="r"><item>&d;</item></rule></grammar>`),
      '/main.vxml': (_req, res) => res.end(vxml(`${REPORT}<form><block><goto next="bomb.vxml"/></block></form>`)),
      '/main-xxe.vxml': (_req, res) => res.end(vxml(`${REPORT}<form><block><goto next="xxe.vxml"/></block></form>`)),
      '/data-bomb.vxml': (_req, res) => res.end(vxml(`${REPORT}<form><block><data name="d" src="bomb.xml"/><prompt>expanded</prompt></block></form>`)),
      '/data-xxe.vxml': (_req, res) => res.end(vxml(`${REPORT}<form><block><data name="d" src="xxe.xml"/><prompt>expanded</prompt></block></form>`)),
      '/grammar-bomb.vxml': (_req, res) => res.end(vxml(`${REPORT}<form><field name="f"><grammar src="bomb.grxml"/><prompt>Say it.</prompt></field></form>`)),
    });
  });
  afterAll(() => server.close());

  test.each(['main.vxml', 'main-xxe.vxml', 'data-bomb.vxml', 'data-xxe.vxml'])('%s: error.badfetch, nothing expanded', async (doc) => {
    const { runtime } = runtimeWith();
    const started = Date.now();
    const first = await runtime.start({ callId: `entity-${doc}`, channel: 'sim', entry: `${server.url}/${doc}` });
    expect(heard(first)).toEqual(['refused: error.badfetch']);
    expect(Date.now() - started).toBeLessThan(2000);
    await runtime.close();
  });

  test('a grammar with entity declarations is never expanded: nothing it would expand to is recognized', async () => {
    const { runtime } = runtimeWith();
    const started = Date.now();
    const first = await runtime.start({ callId: 'entity-grammar', channel: 'sim', entry: `${server.url}/grammar-bomb.vxml` });
    const next = await runtime.handle('entity-grammar', { kind: 'speech', text: 'aaaaaaaaaa', confidence: 0.9 }, { turn: first.seq });
    expect(next.recognition?.result).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    await runtime.close();
  });
});

describe('platform routes require their signature or secret by default', () => {
  let handle: ServeHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  test('Twilio: without TWILIO_AUTH_TOKEN every webhook is refused (403); unsigned and tampered requests too', async () => {
    const io = { out: () => undefined, err: (l: string) => errs.push(l) };
    const errs: string[] = [];
    const app = pathToFileURL(path.join(__dirname, '..', 'redis', 'fixtures', 'menu.vxml')).href;
    handle = await runServe({ port: '0', host: '127.0.0.1', app }, { LOG_LEVEL: 'error' }, io);
    expect(errs.join('\n')).toMatch(/TWILIO_AUTH_TOKEN is not set: every Twilio webhook will be refused/);
    const form = { AccountSid: 'AC' + '1'.repeat(32), CallSid: 'CA' + '1'.repeat(32), From: '+1555', To: '+1800' };
    const url = `${handle.server.url}/twilio/voice`;
    const signedAnyhow = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature('guess', url, form) }, body: new URLSearchParams(form).toString() });
    expect(signedAnyhow.status).toBe(403);
    await handle.close();

    handle = await runServe({ port: '0', host: '127.0.0.1', app }, { LOG_LEVEL: 'error', TWILIO_AUTH_TOKEN: 'the-real-token-0123456789' }, io);
    const url2 = `${handle.server.url}/twilio/voice`;
    const unsigned = await fetch(url2, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    expect(unsigned.status).toBe(403);
    const signature = twilio.getExpectedTwilioSignature('the-real-token-0123456789', url2, form);
    const tampered = await fetch(url2, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams({ ...form, From: '+1999' }).toString() });
    expect(tampered.status).toBe(403);
    const good = await fetch(url2, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(form).toString() });
    expect(good.status).toBe(200);
  });

  test('ACS: the Event Grid secret is required unless explicitly turned off', () => {
    expect(() => loadAcsConfig({ ACS_CONNECTION_STRING: 'endpoint=https://x.communication.azure.com/;accesskey=a2V5', PUBLIC_BASE_URL: 'https://gw.example.com' })).toThrow(AcsConfigError);
    expect(() => loadAcsConfig({ ACS_CONNECTION_STRING: 'endpoint=https://x.communication.azure.com/;accesskey=a2V5', PUBLIC_BASE_URL: 'https://gw.example.com' })).toThrow(/ACS_EVENTGRID_SECRET=\(hidden\).*required \(or set ACS_EVENTGRID_AUTH=none/);
    expect(loadAcsConfig({ ACS_CONNECTION_STRING: 'endpoint=https://x.communication.azure.com/;accesskey=a2V5', PUBLIC_BASE_URL: 'https://gw.example.com', ACS_EVENTGRID_AUTH: 'none' }).eventGridAuth).toBe('none');
  });

  test('ACS: Event Grid posts without the secret and callbacks with a wrong one are refused (401)', async () => {
    const fake = await FakeAcs.start();
    const env = { LOG_LEVEL: 'error', TWILIO_AUTH_TOKEN: 'x'.repeat(20), ACS_CONNECTION_STRING: fake.connectionString, PUBLIC_BASE_URL: 'http://127.0.0.1:9', ACS_EVENTGRID_SECRET: 'the-event-grid-secret' };
    try {
      handle = await runServe({ port: '0', host: '127.0.0.1', app: 'https://apps.example.com/main.vxml' }, env, { out: () => undefined, err: () => undefined });
      const post = (p: string, body: unknown) => fetch(`${handle!.server.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const validation = [{ id: '1', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'abc' } }];
      expect((await post('/acs/incoming', validation)).status).toBe(401);
      expect((await post('/acs/incoming?secret=wrong', validation)).status).toBe(401);
      expect((await post('/acs/incoming?secret=the-event-grid-secret', validation)).status).toBe(200);
      expect((await post('/acs/callbacks/some-call?secret=guess', [])).status).toBe(401);
    } finally {
      await fake.close();
    }
  });
});
