/**
 * Observability of `serve`: one JSON log line per turn with the call id, turn, dialog, element position
 * (uri:line), latency and recognition path; Prometheus metrics on /metrics (active calls, turns by channel,
 * turn latency, VoiceXML error events by name, fetch latency, sessions in store, refused calls); /healthz for
 * liveness and /readyz for readiness (not shutting down, Redis reachable when configured).
 */
import { Writable } from 'node:stream';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import twilio from 'twilio';
import { readTwiml } from '../../adapters/twilio/simulator/twiml-reader';
import { runServe, type ServeHandle } from '../../gateway/cli/commands/serve';
import { startLoopback, vxml, type Loopback } from '../runtime/loopback';
import { freePort } from '../failover/gateway-process';

const AUTH_TOKEN = 'observability-token-0123456789';
const ACCOUNT_SID = 'AC' + '0'.repeat(32);
let handle: ServeHandle | undefined;
let apps: Loopback;
const lines: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _e, done) {
    for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
    done();
  },
});

beforeAll(async () => {
  apps = await startLoopback({
    '/main.vxml': (_req, res) =>
      res.end(
        vxml(`<catch event="error.badfetch"><prompt>The service is down.</prompt></catch>
<form id="ask"><field name="n" type="digits"><prompt>Your number?</prompt><filled><data name="d" src="down.xml"/><prompt>Thanks.</prompt><exit/></filled></field></form>`),
      ),
  });
});

afterEach(async () => {
  await handle?.close();
  handle = undefined;
});
afterAll(() => apps.close());

async function webhook(base: string, p: string, params: Record<string, string>): Promise<string> {
  const url = `${base}${p}`;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) }, body: new URLSearchParams(params).toString() });
  expect(res.status).toBe(200);
  return res.text();
}

function metric(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && l.includes(labels));
  return line ? Number(line.split(' ').pop()) : NaN;
}

test('turn log lines, /metrics after a call, /healthz and /readyz', async () => {
  handle = await runServe({ port: '0', host: '127.0.0.1', app: `${apps.url}/main.vxml` }, { TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID, LOG_LEVEL: 'info', NLU_ENABLED: 'false' }, { out: () => undefined, err: () => undefined, logStream });
  const base = handle.server.url;
  const call = { AccountSid: ACCOUNT_SID, CallSid: 'CA' + '7'.repeat(32), From: '+15551230000', To: '+18005550100', CallStatus: 'ringing' };
  const first = readTwiml(await webhook(base, '/twilio/voice', call));
  const gather = first.find((v) => v.kind === 'gather');
  if (gather?.kind !== 'gather' || !gather.action) throw new Error('no gather');
  const action = new URL(gather.action, `${base}/twilio/voice`);
  const second = await webhook(base, action.pathname + action.search, { ...call, CallStatus: 'in-progress', Digits: '42' });
  expect(second).toContain('The service is down.');

  const turns = lines.filter((l) => l.message === 'turn' && l.callId === call.CallSid);
  expect(turns).toHaveLength(2);
  expect(turns[0]).toMatchObject({ level: 'info', turn: 0, dialog: 'ask', at: `${apps.url}/main.vxml:4`, actions: 'play,listen', ended: false });
  expect(turns[1]).toMatchObject({ turn: 1, recognition: 'grammar', ended: true });
  for (const t of turns) {
    expect(typeof t.ms).toBe('number');
    expect(typeof t.timestamp).toBe('string');
  }
  expect(lines.some((l) => l.message === 'fetch failed' && l.callId === call.CallSid && l.event === 'error.badfetch.http.404' && typeof l.at === 'string')).toBe(true);

  const res = await fetch(`${base}/metrics`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await res.text();
  expect(metric(text, 'vxml_turns_total', 'channel="twilio"')).toBe(2);
  expect(metric(text, 'vxml_turn_duration_seconds_count', 'channel="twilio"')).toBe(2);
  expect(metric(text, 'vxml_calls_started_total', 'channel="twilio"')).toBe(1);
  expect(metric(text, 'vxml_calls_ended_total', 'channel="twilio"')).toBe(1);
  expect(metric(text, 'vxml_error_events_total', 'event="error.badfetch.http"')).toBe(1);
  expect(metric(text, 'vxml_recognitions_total', 'path="grammar"')).toBe(1);
  expect(metric(text, 'vxml_fetch_duration_seconds_count', 'kind="data",outcome="error.badfetch.http"')).toBe(1);
  expect(metric(text, 'vxml_fetch_duration_seconds_count', 'kind="document",outcome="ok"')).toBeGreaterThanOrEqual(1);
  expect(metric(text, 'vxml_active_calls')).toBe(0);
  expect(metric(text, 'vxml_sessions_in_store')).toBe(1);
  expect(metric(text, 'vxml_http_requests_total', 'route="twilio/voice",status="200"')).toBe(1);
  expect(metric(text, 'vxml_turns_in_flight')).toBe(0);
  expect(text).toMatch(/^process_cpu_user_seconds_total /m);

  expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ status: 'ok' });
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', sessions: 'memory' });
});

test('/readyz is 503 while Redis is unreachable; /metrics can be turned off', async () => {
  const port = await freePort(); // nothing listens there
  handle = await runServe(
    { port: '0', host: '127.0.0.1', app: pathToFileURL(path.join(__dirname, '..', 'redis', 'fixtures', 'menu.vxml')).href },
    { TWILIO_AUTH_TOKEN: AUTH_TOKEN, LOG_LEVEL: 'error', REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_CONNECT_TIMEOUT_MS: '200', REDIS_COMMAND_TIMEOUT_MS: '200', METRICS_ENABLED: 'false' },
    { out: () => undefined, err: () => undefined, logStream },
  );
  const base = handle.server.url;
  expect((await fetch(`${base}/healthz`)).status).toBe(200); // alive …
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(503); // … but not ready
  expect(await ready.json()).toEqual({ status: 'not ready', sessions: 'redis', redis: 'unreachable' });
  expect((await fetch(`${base}/metrics`)).status).toBe(404);
  await handle.shutdown('SIGTERM');
  handle = undefined;
});
