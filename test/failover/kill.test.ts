/**
 * Losing an instance in the middle of calls loses nothing: two `serve` processes share a real Redis, a batch of
 * sample calls with back-end submits runs concurrently over the Twilio channel with requests alternating
 * between the instances, and one instance is killed with SIGKILL part-way through (back-end pages are slowed
 * down so turns are in flight inside it). Requests that cannot reach the dead instance go to the survivor, as
 * a load balancer (or Twilio's fallback URL) would send them. Every call finishes as scripted, and every
 * back-end request a reference run made — submits included — arrived at the back end.
 */
import { createTwilioReplayDriver, parseTwilioConfig, TwilioSimulator } from '../../adapters/twilio/index';
import { startRecordingHost, type RecordingHost } from '../../adapters/twilio/simulator/recording-host';
import { formatOutcome, loadScript, parseConfig, type ReplayCallHandle, type ReplayDriver, type ScriptOutcome } from '../../gateway/index';
import { startRedis, type TestRedis } from '../redis/redis-server';
import { ACCOUNT_SID, AUTH_TOKEN, gatewayEnv, startGateway, stopGateway, type GatewayProcess } from './gateway-process';
import { missingHits, startRecordingAppServer, type BackendHit, type RecordingAppServer } from './recording-app-server';
import { runSampleCalls, sampleReplays } from './sample-calls';

/** Calls that reach their back ends: bookings, payments, check-in, PIN checks, recharges, feedback with a recording. */
const PICK = /(booking-found|book-journey|payment-declined|payment-validation|checkin-success|recharge-own|recharge-other|pin-once|plan-change|feedback-record|baggage-report|lost-property-blind|en-balance\.yaml|es-balance-voice)/;
const scripts = sampleReplays((f) => PICK.test(f));
const CONCURRENCY = 8;

let redis: TestRedis;
let apps: RecordingAppServer;
let recordings: RecordingHost;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  apps = await startRecordingAppServer();
  recordings = await startRecordingHost({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const env = gatewayEnv({ REDIS_URL: redis.url, TWILIO_RECORDING_ORIGINS: recordings.origin });
  gateways.push(...(await Promise.all([0, 1].map(() => startGateway(['--allow-origin', apps.url], env)))));
}, 60_000);

afterAll(async () => {
  for (const g of gateways) await stopGateway(g);
  await recordings?.close();
  await apps?.close();
  await redis?.stop();
});

/** A driver that calls `onStep` after every caller step of every call. */
function counting(inner: ReplayDriver, onStep: () => void): ReplayDriver {
  const wrap = (call: ReplayCallHandle): ReplayCallHandle => {
    const step =
      <A extends unknown[]>(f: (...a: A) => ReturnType<ReplayCallHandle['dtmf']>) =>
      async (...a: A) => {
        const observed = await f(...a);
        onStep();
        return observed;
      };
    return {
      dtmf: step((d: string) => call.dtmf(d)),
      say: step((t: string, c: number) => call.say(t, c)),
      silence: step(() => call.silence()),
      hangup: step(() => call.hangup()),
      transferResult: step((r: Parameters<ReplayCallHandle['transferResult']>[0]) => call.transferResult(r)),
      record: step((s: number, d?: string) => call.record(s, d)),
      close: () => call.close(),
    };
  };
  return {
    channel: inner.channel,
    start: async (c) => {
      const placed = await inner.start(c);
      return { call: wrap(placed.call), observed: placed.observed };
    },
    close: () => inner.close(),
  };
}

function failed(outcomes: ScriptOutcome[]): string {
  return outcomes.filter((o) => !o.passed).map((o) => formatOutcome(o, false)).join('\n');
}

test('SIGKILL of one instance in the middle of calls: every call finishes on the other, every submit arrives', async () => {
  expect(scripts.length).toBeGreaterThanOrEqual(14);
  const config = parseConfig({ log: { level: 'error' } });

  // Reference: the same calls on one in-process gateway; what reached the back ends is what must arrive.
  const reference = await createTwilioReplayDriver({ config, twilio: parseTwilioConfig({}) });
  const baseline = await runSampleCalls(scripts, reference, apps.url, CONCURRENCY);
  await reference.close();
  expect(failed(baseline)).toBe('');
  const expected: BackendHit[] = apps.hits.splice(0);
  expect(expected.filter((h) => h.method === 'POST').length).toBeGreaterThan(8);

  // The failover run: both instances, one killed after a quarter of the caller steps.
  const totalSteps = scripts.map((f) => loadScript(f).script.steps.filter((s) => !('expect' in s)).length).reduce((a, b) => a + b, 0);
  const failovers: string[] = [];
  let steps = 0;
  let killedAt: number | undefined;
  apps.delayMs = 40;
  const sim = new TwilioSimulator({ gateways: gateways.map((g) => g.url), authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, recordings, onFailover: (from, _to, why) => failovers.push(`${from}: ${why}`) });
  const driver = counting(sim, () => {
    steps += 1;
    if (killedAt === undefined && steps >= Math.floor(totalSteps / 4)) {
      killedAt = steps;
      gateways[0].kill('SIGKILL');
    }
  });
  const outcomes = await runSampleCalls(scripts, driver, apps.url, CONCURRENCY);
  apps.delayMs = 0;
  expect((await gateways[0].exited).signal).toBe('SIGKILL');
  expect(killedAt).toBeDefined();
  if (failed(outcomes)) throw new Error(`calls failed after the kill:\n${failed(outcomes)}\nsurvivor's log:\n${gateways[1].stderr().slice(-4000)}`);
  expect(outcomes).toHaveLength(scripts.length);
  // Requests met the dead instance and moved to the survivor — some of them cut while the instance was running
  // their turn (reset, not refused): the kill did land in the middle of calls.
  expect(failovers.length).toBeGreaterThan(0);
  expect(failovers.filter((f) => !/ECONNREFUSED/.test(f))).not.toEqual([]);
  expect(missingHits(expected, apps.hits)).toEqual([]);
  // The survivor is still ready, and its store no longer holds any of these calls as in progress.
  expect((await fetch(`${gateways[1].url}/readyz`)).status).toBe(200);
}, 180_000);
