/**
 * Two `serve` processes sharing a real Redis, as behind a load balancer: `replay --channel twilio --gateway
 * url1,url2 --app-server <url>` (the CLI, as a child process too) sends successive requests of every call to
 * the instances in turn, and every sample replay passes. Gateways that were not told to allow the app server
 * fail the replay loudly instead of running their default application. A webhook Twilio retries on the other
 * instance is answered with the same TwiML and does not advance the call.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import twilio from 'twilio';
import { startRedis, type TestRedis } from '../redis/redis-server';
import { ACCOUNT_SID, AUTH_TOKEN, builtCli, freePort, gatewayEnv, ROOT, startGateway, stopGateway, type GatewayProcess } from './gateway-process';
import { startRecordingAppServer, type RecordingAppServer } from './recording-app-server';
import { readTwiml } from '../../adapters/twilio/simulator/twiml-reader';
import { createTwilioReplayDriver, parseTwilioConfig } from '../../adapters/twilio/index';
import { runReplayCommand } from '../../gateway/cli/commands/replay';
import { parseConfig, type DriverRegistry } from '../../gateway/index';

let redis: TestRedis;
let apps: RecordingAppServer;
let recordingPort: number;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  apps = await startRecordingAppServer();
  recordingPort = await freePort();
  const env = gatewayEnv({ REDIS_URL: redis.url, TWILIO_RECORDING_ORIGINS: `http://127.0.0.1:${recordingPort}`, NLU_WARM_UP: 'false' });
  gateways.push(...(await Promise.all([0, 1].map(() => startGateway(['--allow-origin', apps.url], env)))));
}, 60_000);

afterAll(async () => {
  for (const g of gateways) await stopGateway(g);
  await apps?.close();
  await redis?.stop();
});

function replayCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [builtCli(), 'replay', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_SIM_RECORDING_PORT: String(recordingPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function metric(g: GatewayProcess, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${g.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').pop()) : 0;
}

const SAMPLE_REPLAYS = ['airline', 'mobile', 'railway'].map((app) => path.join('vxml-samples', app, 'replays'));

test('every sample replay passes with turns alternating between two instances on Redis', async () => {
  const before = await Promise.all(gateways.map((g) => metric(g, 'vxml_http_requests_total', 'route="twilio/gather"')));
  const run = await replayCli([...SAMPLE_REPLAYS, '--channel', 'twilio', '--gateway', gateways.map((g) => g.url).join(','), '--app-server', apps.url]);
  const failures = run.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
  if (run.code !== 0) throw new Error(`replay exited ${run.code}:\n${failures.join('\n') || run.stdout}\n${run.stderr}\ngateway logs:\n${gateways.map((g) => g.stderr().slice(-3000)).join('\n---\n')}`);
  expect(run.stdout).toMatch(/^(\d+) passed, 0 failed$/m);
  expect(Number(/^(\d+) passed/m.exec(run.stdout)?.[1])).toBeGreaterThanOrEqual(90);
  // Both instances served turns of the calls (the gauge of each counts its own answers).
  const after = await Promise.all(gateways.map((g) => metric(g, 'vxml_http_requests_total', 'route="twilio/gather"')));
  expect(after[0] - before[0]).toBeGreaterThan(100);
  expect(after[1] - before[1]).toBeGreaterThan(100);
  // The back ends saw the calls' submits (the failover test compares them one by one).
  expect(apps.hits.some((h) => h.method === 'POST' && h.url.endsWith('/railway/asp/book.asp'))).toBe(true);
}, 180_000);

/** The replay command in process (the CLI itself ran above), its Twilio driver signing with the gateways' token. */
async function replayHere(inputs: string[], opts: { gateway: string; appServer?: string }): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const registry: DriverRegistry = { twilio: (ctx) => createTwilioReplayDriver({ ...ctx, twilio: parseTwilioConfig({ authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID }) }) };
  const code = await runReplayCommand(inputs, { channel: 'twilio', ...opts }, parseConfig({ log: { level: 'error' } }), { out: (l) => out.push(l), err: (l) => out.push(l) }, registry);
  return { code, out: out.join('\n') };
}

test('gateways that do not allow the script application fail the replay loudly', async () => {
  // No --app-server: the replay starts its own app server on a loopback port the gateways do not allow.
  const run = await replayHere([path.join(ROOT, 'vxml-samples', 'airline', 'replays', 'agent-menu-busy.yaml')], { gateway: gateways[0].url });
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/did not run http:\/\/127\.0\.0\.1:\d+\/airline\/main\.vxml: it ran its default application instead \(app=.*origin http:\/\/127\.0\.0\.1:\d+ is not allowed/);
  expect(run.out).toContain('--allow-origin');
}, 60_000);

test('an app server that serves other applications is refused before any call', async () => {
  const run = await replayHere([path.join(__dirname, 'fixtures', 'apps', 'other', 'replays')], { gateway: gateways[0].url, appServer: apps.url });
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/--app-server http:\/\/127\.0\.0\.1:\d+ does not serve the applications of these scripts: it does not serve other/);
}, 60_000);

function sign(url: string, form: Record<string, string>): Record<string, string> {
  return { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, form) };
}

async function webhook(url: string, form: Record<string, string>): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: sign(url, form), body: new URLSearchParams(form).toString() });
  expect(res.status).toBe(200);
  return res.text();
}

test('a webhook retried on the other instance gets the same TwiML and changes nothing', async () => {
  const sid = 'CA' + 'e'.repeat(32);
  const common = { AccountSid: ACCOUNT_SID, CallSid: sid, From: '+15551230000', To: '+18005550100', CallStatus: 'in-progress', Direction: 'inbound' };
  const app = `${apps.url}/airline/main.vxml`;
  const first = await webhook(`${gateways[0].url}/twilio/voice?app=${encodeURIComponent(app)}`, { ...common, CallStatus: 'ringing' });
  // The incoming-call webhook retried on the other instance: the same greeting, not a second call.
  expect(await webhook(`${gateways[1].url}/twilio/voice?app=${encodeURIComponent(app)}`, { ...common, CallStatus: 'ringing' })).toBe(first);
  const gather = readTwiml(first).find((v) => v.kind === 'gather');
  if (gather?.kind !== 'gather' || !gather.action) throw new Error(`no <Gather action> in ${first}`);
  const action = gather.action.startsWith('http') ? gather.action : new URL(gather.action, `${gateways[0].url}/twilio/voice`).href;
  const path1 = new URL(action).pathname + new URL(action).search;
  const answer = await webhook(`${gateways[0].url}${path1}`, { ...common, Digits: '1' });
  const retried = await webhook(`${gateways[1].url}${path1}`, { ...common, Digits: '1' });
  expect(retried).toBe(answer);
  // A retry with a different body (a confused platform) still does not advance the call: the stored answer wins.
  expect(await webhook(`${gateways[1].url}${path1}`, { ...common, Digits: '2' })).toBe(answer);
  const backendCalls = apps.hits.length;
  expect(await webhook(`${gateways[0].url}${path1}`, { ...common, Digits: '1' })).toBe(answer);
  expect(apps.hits.length).toBe(backendCalls); // a replayed answer makes no back-end request
}, 30_000);
