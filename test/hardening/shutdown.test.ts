/**
 * Graceful shutdown of a `serve` child process on SIGTERM: /readyz turns 503 and new calls are refused, a turn
 * in flight (waiting for a slow back end) still gets its full answer, the listener closes, Redis is closed and
 * the process exits 0 — well before the grace period.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { readTwiml } from '../../adapters/twilio/simulator/twiml-reader';
import { connectRedis, RedisSessionStore, silentLogger, systemClock } from '../../gateway/index';
import { startRedis, type TestRedis } from '../redis/redis-server';
import { ACCOUNT_SID, AUTH_TOKEN, gatewayEnv, startGateway, stopGateway, type GatewayProcess } from '../failover/gateway-process';

const SLOW_MS = 1500;
let redis: TestRedis;
let backend: http.Server;
let backendUrl: string;
let gateway: GatewayProcess | undefined;

const DOC = (body: string): string => `<?xml version="1.0"?><vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">${body}</vxml>`;

beforeAll(async () => {
  redis = await startRedis();
  backend = http.createServer((req, res) => {
    if (req.url?.startsWith('/main.vxml')) {
      res.setHeader('content-type', 'application/voicexml+xml');
      res.end(DOC(`<form><field name="n" type="digits"><prompt>Your number?</prompt><filled><data name="d" src="slow.xml" maxage="0"/><prompt>Looked up <value expr="n"/>.</prompt><exit/></filled></field></form>`));
    } else if (req.url?.startsWith('/slow.xml')) {
      setTimeout(() => {
        res.setHeader('content-type', 'text/xml');
        res.end('<ok/>');
      }, SLOW_MS);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  await stopGateway(gateway);
  backend.closeAllConnections();
  await new Promise<void>((resolve) => backend.close(() => resolve()));
  await redis?.stop();
});

function form(sid: string, extra: Record<string, string> = {}): Record<string, string> {
  return { AccountSid: ACCOUNT_SID, CallSid: sid, From: '+15551230000', To: '+18005550100', CallStatus: 'in-progress', ...extra };
}

function post(url: string, params: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) }, body: new URLSearchParams(params).toString() });
}

test('SIGTERM: refuse new calls, finish the turn in flight, close Redis, exit 0', async () => {
  gateway = await startGateway(['--app', `${backendUrl}/main.vxml`], gatewayEnv({ REDIS_URL: redis.url, LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '10000' }));
  const g = gateway;
  expect((await fetch(`${g.url}/readyz`)).status).toBe(200);
  const sid = 'CA' + '5'.repeat(32);
  const first = await post(`${g.url}/twilio/voice`, form(sid, { CallStatus: 'ringing' }));
  expect(first.status).toBe(200);
  const gather = readTwiml(await first.text()).find((v) => v.kind === 'gather');
  if (gather?.kind !== 'gather' || !gather.action) throw new Error('no <Gather action>');
  const action = new URL(gather.action, `${g.url}/twilio/voice`);

  // A turn waits for the slow back end; SIGTERM arrives meanwhile.
  const inFlight = post(`${g.url}${action.pathname}${action.search}`, form(sid, { Digits: '42' }));
  await new Promise((r) => setTimeout(r, SLOW_MS / 3));
  const signalledAt = Date.now();
  g.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 150));

  // Not ready any more, and a new call is turned away (refused politely, or not even connected).
  const ready = await fetch(`${g.url}/readyz`).then((r) => r.status, () => 'refused');
  expect([503, 'refused']).toContain(ready);
  const newcomer = await post(`${g.url}/twilio/voice`, form('CA' + '6'.repeat(32), { CallStatus: 'ringing' })).then(
    async (r) => readTwiml(await r.text()),
    () => 'refused' as const,
  );
  if (newcomer !== 'refused') {
    expect(newcomer.some((v) => v.kind === 'say' && /All our lines are busy/.test(v.text))).toBe(true);
    expect(newcomer.some((v) => v.kind === 'hangup')).toBe(true);
  }

  // The turn in flight completes with its real answer.
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  const verbs = readTwiml(await answer.text());
  expect(verbs.some((v) => v.kind === 'say' && /Looked up 42/.test(v.text))).toBe(true);

  const exit = await g.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalledAt).toBeLessThan(8000);
  expect(g.stderr()).toContain('SIGTERM: shutting down');
  expect(g.stderr()).toContain('shutdown complete');
  // The session of the call is in Redis, ended: nothing lost on the way out.
  const connection = connectRedis({ url: redis.url, keyPrefix: 'vxml:', connectTimeoutMs: 1000, commandTimeoutMs: 1000, logger: silentLogger });
  try {
    const stored = await new RedisSessionStore({ connection, clock: systemClock, ttlS: 60 }).get(sid);
    expect(stored?.session.ended).toBe(true);
  } finally {
    await connection.close();
  }
}, 40_000);
