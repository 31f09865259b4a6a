/**
 * The ACS channel against two `serve` processes sharing a real Redis (runtime sessions AND the ACS adapter's
 * call state): the simulated ACS (a fake Call Automation endpoint on a fixed loopback port both gateways'
 * ACS_CONNECTION_STRING name) delivers Event Grid and callback events to the instances in turn, and the
 * script's application travels in the Event Grid URL's `app` parameter. Every fifth sample replay of each
 * application runs (the Twilio two-instance test runs them all; the ACS simulator settles one call at a time,
 * which makes the full set slow), except those whose outcome needs simulated time inside the gateway (a
 * bridged transfer running into its maxtime: external gateways keep real time), counted rather than hidden.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createAcsReplayDriver, type AcsSimulator } from '../../adapters/acs/simulator';
import { formatOutcome, parseConfig } from '../../gateway/index';
import { startRedis, type TestRedis } from '../redis/redis-server';
import { freePort, gatewayEnv, startGateway, stopGateway, type GatewayProcess } from './gateway-process';
import { startRecordingAppServer, type RecordingAppServer } from './recording-app-server';
import { runSampleCalls, sampleReplays } from './sample-calls';

const SECRET = 'acs-two-instances-event-grid-secret';
const scripts = sampleReplays((_f, i) => i % 5 === 0);
/** Scripts whose outcome depends on the gateway's own timers running out (maxtime of a bridged transfer). */
// The simulated ACS settles a call by watching all of its traffic: calls run one at a time.
const needsSimulatedTime = (file: string): boolean => fs.readFileSync(file, 'utf8').includes('maxtime_disconnect');
const CONCURRENCY = 1;

let redis: TestRedis;
let apps: RecordingAppServer;
let driver: AcsSimulator;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  apps = await startRecordingAppServer();
  const port = await freePort();
  const accessKey = randomBytes(32).toString('base64');
  const env = gatewayEnv({
    REDIS_URL: redis.url,
    ACS_CONNECTION_STRING: `endpoint=http://127.0.0.1:${port}/;accesskey=${accessKey}`,
    // Behind a load balancer every instance has one public origin; the simulator routes each post to an instance.
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    ACS_EVENTGRID_SECRET: SECRET,
    ACS_COGNITIVE_SERVICES_ENDPOINT: 'https://failover-test.cognitiveservices.azure.com/',
  });
  gateways.push(...(await Promise.all([0, 1].map(() => startGateway(['--allow-origin', apps.url], env)))));
  driver = await createAcsReplayDriver({ config: parseConfig({}), gateways: gateways.map((g) => g.url), eventGridSecret: SECRET, port, accessKey, settle: { idleMs: 150, timeoutMs: 15_000 } });
}, 60_000);

afterAll(async () => {
  await driver?.close();
  for (const g of gateways) await stopGateway(g);
  await apps?.close();
  await redis?.stop();
});

test('sample replays pass on acs with events alternating between two instances on Redis', async () => {
  const runnable = scripts.filter((f) => !needsSimulatedTime(f));
  expect(scripts.length - runnable.length).toBeLessThanOrEqual(2);
  const outcomes = await runSampleCalls(runnable, driver, apps.url, CONCURRENCY);
  const failed = outcomes.filter((o) => !o.passed).map((o) => formatOutcome(o, false));
  if (failed.length) throw new Error(`${failed.length} of ${outcomes.length} failed:\n${failed.join('\n')}\n${gateways.map((g) => g.stderr().slice(-2000)).join('\n---\n')}`);
  expect(outcomes.length).toBeGreaterThanOrEqual(18);
  // Both instances took callbacks.
  for (const g of gateways) {
    const text = await (await fetch(`${g.url}/metrics`)).text();
    expect(Number(/vxml_http_requests_total\{route="acs\/callbacks",status="200"\} (\d+)/.exec(text)?.[1] ?? 0)).toBeGreaterThan(20);
  }
}, 180_000);
