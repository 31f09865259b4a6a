/**
 * The Twilio call simulator against the real routes over loopback HTTP (with a scripted runtime): what the
 * caller hears, what the gateway is told, recordings behind basic auth, status callbacks, several gateways.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { PlatformEvent } from '../../contracts/platform';
import { MemoryLogger, defaultRecordingFetcher } from '../../gateway/index';
import { createTwilioRecordingFetcher, createTwilioRouter, parseTwilioConfig } from '../../adapters/twilio/index';
import { TwilioSimulator } from '../../adapters/twilio/simulator';
import { startRecordingHost, type RecordingHost } from '../../adapters/twilio/simulator/recording-host';
import { FakeRuntime, listen, say, type Dialogue } from './fake-runtime';
import { ACCOUNT_SID, AUTH_TOKEN } from './helpers';

interface Gateway {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

async function startGateway(runtime: FakeRuntime, recordingOrigin: string, respond?: express.RequestHandler): Promise<Gateway> {
  const hits: string[] = [];
  const app = express();
  app.use((req, _res, next) => {
    hits.push(req.path);
    next();
  });
  if (respond) app.use(respond);
  const config = parseTwilioConfig({ authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, recordingOrigins: [recordingOrigin] });
  app.use('/twilio', createTwilioRouter({ runtime, config, logger: new MemoryLogger(), apps: { defaultApp: 'https://apps.example.com/main.vxml', allowedOrigins: ['*'] }, audioProbe: { playable: async () => true } }));
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Events the application received, in order (retries excluded). */
function fed(runtime: FakeRuntime): PlatformEvent[] {
  return runtime.fed.filter((f) => !f.replayed).map((f) => f.event);
}

let host: RecordingHost;
const gateways: Gateway[] = [];
beforeAll(async () => {
  host = await startRecordingHost({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await host.close();
});

async function simulator(dialogue: Dialogue, count = 1): Promise<{ sim: TwilioSimulator; runtime: FakeRuntime; gws: Gateway[] }> {
  const runtime = new FakeRuntime(dialogue);
  const gws: Gateway[] = [];
  for (let i = 0; i < count; i++) gws.push(await startGateway(runtime, host.origin));
  gateways.push(...gws);
  const sim = new TwilioSimulator({ gateways: gws.map((g) => g.url), authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, recordings: host });
  return { sim, runtime, gws };
}

/** A voice-mail style conversation: menu, record, confirm by voice, bridged transfer, goodbye. */
const conversation: Dialogue = (_call, event, turn) => {
  switch (turn) {
    case 0:
      return { actions: [say('Welcome to Acme.', { bargein: false }), say('Press 1 to leave a message.'), listen({ maxDigits: 1 })] };
    case 1:
      return { actions: [say(`You pressed ${event?.kind === 'dtmf' ? event.digits : '?'}. Speak after the beep.`), { kind: 'record', maxMs: 30000, finalSilenceMs: 2000, beep: true, dtmfterm: true, timeoutMs: 5000 }] };
    case 2:
      return { actions: [say('Shall I connect you to an agent?'), listen({ modes: ['voice'] })] };
    case 3:
      return { actions: [say(`You said ${event?.kind === 'speech' ? event.text : '?'}.`, { bargein: false }), { kind: 'transfer', dest: 'tel:+18005550199', type: 'bridge', connectTimeoutMs: 20000, maxMs: 600000 }] };
    default:
      return { actions: [say('Thanks. Goodbye.'), { kind: 'hangup', reason: 'exit' }] };
  }
};

test('a whole call: heard prompts, the events the application gets, and the status callback at the end', async () => {
  const { sim, runtime } = await simulator(conversation);
  const { call, observed } = await sim.start({ app: 'https://apps.example.com/vm.vxml', from: '+15551112222', to: '+18005550100' });
  expect(observed).toEqual({ heard: ['Welcome to Acme.', 'Press 1 to leave a message.'], transfers: [], ended: false, awaiting: 'input' });
  expect(runtime.started[0]).toMatchObject({ entry: 'https://apps.example.com/vm.vxml', from: '+15551112222', to: '+18005550100', channel: 'twilio' });

  expect(await call.dtmf('1')).toEqual({ heard: ['You pressed 1. Speak after the beep.'], transfers: [], ended: false, awaiting: 'record' });
  expect(await call.record(4, '#')).toEqual({ heard: ['Shall I connect you to an agent?'], transfers: [], ended: false, awaiting: 'input' });
  expect(await call.say('yes please', 0.92)).toEqual({ heard: ['You said yes please.'], transfers: [{ dest: 'tel:+18005550199', type: 'bridge' }], ended: false, awaiting: 'transfer' });
  expect(await call.transferResult('far_end_disconnect')).toEqual({ heard: ['Thanks. Goodbye.'], transfers: [], ended: true, awaiting: 'none' });
  await call.close();
  await sim.close();

  const events = fed(runtime);
  expect(events[0]).toEqual({ kind: 'dtmf', digits: '1' });
  expect(events[1]).toMatchObject({ kind: 'recorded', durationMs: 4000, termchar: '#', maxtime: false, uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/2010-04-01\/Accounts\/AC\w+\/Recordings\/RE[0-9a-f]{32}$/) });
  expect(events[2]).toEqual({ kind: 'speech', text: 'yes please', confidence: 0.92 });
  expect(events[3]).toEqual({ kind: 'transfer.done', result: 'far_end_disconnect', durationMs: 60000 });
  // The Hangup ended the call in the gateway; Twilio's status callback afterwards changes nothing.
  expect(events).toHaveLength(4);
  expect(runtime.fed[runtime.fed.length - 1]).toMatchObject({ event: { kind: 'hangup' }, replayed: true });
});

test('the recording is downloadable with the account credentials only', async () => {
  const { sim, runtime } = await simulator(conversation);
  const { call } = await sim.start({ app: 'https://apps.example.com/vm.vxml' });
  await call.dtmf('1');
  await call.record(2);
  const recorded = fed(runtime)[1];
  if (recorded.kind !== 'recorded') throw new Error('expected a recording');
  const fetcher = createTwilioRecordingFetcher({ config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, recordingOrigins: [host.origin] }, fallback: defaultRecordingFetcher });
  const { bytes, type } = await fetcher.fetch(recorded.uri, { timeoutMs: 2000, maxBytes: 1_000_000 });
  expect(type).toBe('audio/x-wav');
  expect(Buffer.from(bytes).subarray(0, 4).toString('ascii')).toBe('RIFF');
  expect(bytes.byteLength).toBe(44 + 2 * 8000);
  const anonymous = await fetch(recorded.uri);
  expect(anonymous.status).toBe(401);
  const wrong = createTwilioRecordingFetcher({ config: { accountSid: ACCOUNT_SID, authToken: 'wrong', recordingOrigins: [host.origin] }, fallback: defaultRecordingFetcher });
  await expect(wrong.fetch(recorded.uri, { timeoutMs: 2000, maxBytes: 1_000_000 })).rejects.toThrow(/HTTP 401/);
  await expect(fetcher.fetch(recorded.uri, { timeoutMs: 2000, maxBytes: 100 })).rejects.toThrow(/larger than 100 bytes/);
  await call.close();
  await sim.close();
});

test('silence: actionOnEmptyResult brings noinput back; an empty recording falls through to the redirect', async () => {
  const { sim, runtime } = await simulator(conversation);
  const { call } = await sim.start({ app: 'https://apps.example.com/vm.vxml' });
  expect((await call.silence()).heard).toEqual(['You pressed ?. Speak after the beep.']);
  expect((await call.silence()).awaiting).toBe('input');
  expect(fed(runtime)).toEqual([{ kind: 'noinput' }, { kind: 'noinput' }]);
  await call.close();
  await sim.close();
});

test('keys: the finish key ends collection and is not sent; numDigits stops early; speech on a DTMF-only Gather is not heard', async () => {
  const dialogue: Dialogue = (_c, _e, turn) => ({ actions: [say(`turn ${turn}`), turn === 0 ? listen({ modes: ['dtmf'] }) : turn === 1 ? listen({ modes: ['dtmf'], maxDigits: 2 }) : listen({ modes: ['dtmf'] })] });
  const { sim, runtime } = await simulator(dialogue);
  const { call } = await sim.start({ app: 'https://apps.example.com/x.vxml' });
  await call.dtmf('123#');
  await call.dtmf('4567');
  await call.say('hello', 0.9);
  expect(fed(runtime)).toEqual([{ kind: 'dtmf', digits: '123' }, { kind: 'dtmf', digits: '45' }, { kind: 'noinput' }]);
  await call.close();
  await sim.close();
});

test('the caller hanging up: status callback → hangup; during a bridge the Dial action reports it first', async () => {
  const { sim, runtime } = await simulator(conversation);
  const { call } = await sim.start({ app: 'https://apps.example.com/vm.vxml' });
  expect(await call.hangup()).toEqual({ heard: [], transfers: [], ended: true, awaiting: 'none' });
  expect(fed(runtime)).toEqual([{ kind: 'hangup' }]);
  await expect(call.dtmf('1')).rejects.toThrow(/call already ended/);

  const second = await simulator((_c, _e, turn) => (turn === 0 ? { actions: [{ kind: 'transfer', dest: 'sip:desk@pbx.example.com', type: 'bridge', connectTimeoutMs: 20000, maxMs: 0 }] } : { actions: [listen()] }));
  const placed = await second.sim.start({ app: 'https://apps.example.com/x.vxml' });
  expect(placed.observed.transfers).toEqual([{ dest: 'sip:desk@pbx.example.com', type: 'bridge' }]);
  await placed.call.hangup();
  expect(fed(second.runtime)).toEqual([{ kind: 'hangup' }]);
  expect(second.runtime.fed).toHaveLength(2); // the status callback came after, and found the call ended
  await sim.close();
  await second.sim.close();
});

test('a blind transfer: a busy line comes back to the application; a connected one hands the call over', async () => {
  const dialogue: Dialogue = (_c, event, turn) =>
    turn === 0 || (event?.kind === 'transfer.done' && event.result === 'busy')
      ? { actions: [say(turn === 0 ? 'Transferring.' : 'Busy, trying again.'), { kind: 'transfer', dest: 'tel:+18005550123', type: 'blind', connectTimeoutMs: 20000, maxMs: 0 }] }
      : { actions: [{ kind: 'hangup', reason: 'end' }] };
  const { sim, runtime } = await simulator(dialogue);
  const { call, observed } = await sim.start({ app: 'https://apps.example.com/x.vxml' });
  expect(observed).toEqual({ heard: ['Transferring.'], transfers: [{ dest: 'tel:+18005550123', type: 'blind' }], ended: false, awaiting: 'transfer' });
  expect(await call.transferResult('busy')).toEqual({ heard: ['Busy, trying again.'], transfers: [{ dest: 'tel:+18005550123', type: 'blind' }], ended: false, awaiting: 'transfer' });
  // "unknown": the platform handed the call over; Twilio reports a completed Dial once the far end hangs up.
  expect(await call.transferResult('unknown')).toEqual({ heard: [], transfers: [], ended: true, awaiting: 'none' });
  expect(fed(runtime)).toEqual([
    { kind: 'transfer.done', result: 'busy', durationMs: 0 },
    { kind: 'transfer.done', result: 'accepted', durationMs: 60000 },
  ]);
  await sim.close();
});

test('a script without a caller number is a withheld caller ID', async () => {
  const { sim, runtime } = await simulator(conversation);
  const { call } = await sim.start({ app: 'https://apps.example.com/x.vxml' });
  expect(runtime.started[0].from).toBeUndefined();
  expect(runtime.started[0].to).toBe('+18005550100');
  await call.close();
  await sim.close();
});

test('a maxtime_disconnect needs a <Dial timeLimit>', async () => {
  const { sim } = await simulator((_c, _e, turn) => (turn === 0 ? { actions: [{ kind: 'transfer', dest: 'tel:+18005550123', type: 'bridge', connectTimeoutMs: 20000, maxMs: 0 }] } : { actions: [listen()] }));
  const { call } = await sim.start({ app: 'https://apps.example.com/x.vxml' });
  await expect(call.transferResult('maxtime_disconnect')).rejects.toThrow(/no timeLimit/);
  await call.close();
  await sim.close();
});

test('with several gateways, successive requests of a call go to them in turn', async () => {
  const { sim, gws } = await simulator(conversation, 2);
  const { call } = await sim.start({ app: 'https://apps.example.com/vm.vxml' });
  await call.dtmf('1');
  await call.record(3);
  await call.say('no', 0.8);
  await call.hangup();
  expect(gws[0].hits).toEqual(['/twilio/voice', '/twilio/record', '/twilio/dial']);
  expect(gws[1].hits).toEqual(['/twilio/gather', '/twilio/gather', '/twilio/status']);
  await sim.close();
});

test('a gateway that does not answer TwiML fails the step with what it answered', async () => {
  const runtime = new FakeRuntime(conversation);
  const broken = await startGateway(runtime, host.origin, (req, res, next) => (req.path === '/twilio/voice' ? res.type('text/xml').send('<Response><Speak>hi</Speak></Response>') : next()));
  gateways.push(broken);
  const sim = new TwilioSimulator({ gateways: [broken.url], authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, recordings: host });
  await expect(sim.start({ app: 'https://apps.example.com/x.vxml' })).rejects.toThrow(/<Speak> is not a TwiML voice verb/);
  const other = await startGateway(runtime, host.origin);
  gateways.push(other);
  const unsigned = new TwilioSimulator({ gateways: [other.url], authToken: 'not-the-token', accountSid: ACCOUNT_SID });
  await expect(unsigned.start({ app: 'https://apps.example.com/x.vxml' })).rejects.toThrow(/HTTP 403: Forbidden: X-Twilio-Signature does not match/);
});
