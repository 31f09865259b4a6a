/**
 * Correlation and robustness: duplicate, stale, foreign and out-of-order events, events that overtake
 * the SDK call that caused them, SDK failures and hang-ups must never advance a call twice or wrongly.
 * A scripted runtime records every event the adapter feeds it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createAcsAdapter } from '../../adapters/acs/router';
import { ScriptedRuntime, startHarness, prompts, dtmfListen, hangup, event, type Harness } from './harness';
import type { PlatformAction } from '../../gateway/index';

let h: Harness;
let runtime: ScriptedRuntime;
afterEach(() => h?.close());

const menu = [[prompts.say('Main menu'), dtmfListen], [prompts.say('Again'), dtmfListen], [prompts.say('Goodbye'), hangup]];
type SimCall = Awaited<ReturnType<Harness['call']>>;
const keys = (call: SimCall, context: string, tones: string[]) =>
  event(call.call, 'RecognizeCompleted', context, { recognitionType: 'dtmf', dtmfResult: { tones } }, { code: 200, subCode: 8531, message: 'max digits' });
const recognizes = () => h.fake.requests.filter((r) => r.path.endsWith(':recognize')).map((r) => (r.body as { operationContext: string }).operationContext);

async function setup(turns: PlatformAction[][] = menu, fake = {}) {
  runtime = new ScriptedRuntime(turns);
  h = await startHarness({ runtime, fake });
  return h.call();
}

test('the same event delivered twice (same CloudEvent id) advances the call once', async () => {
  const call = await setup();
  const ev = keys(call, '1:recognize', ['one']);
  expect(await h.post(call.call, ev)).toBe(200);
  expect(await h.post(call.call, ev)).toBe(200);
  expect(runtime.inputs).toEqual(['dtmf:1']);
  expect(recognizes()).toEqual(['1:recognize', '2:recognize']);
  expect(h.logger.lines.some((l) => l.message === 'acs: duplicate event dropped')).toBe(true);
});

test('a duplicate in the same batch and concurrent duplicate deliveries advance the call once', async () => {
  const call = await setup();
  const ev = keys(call, '1:recognize', ['one']);
  expect(await h.post(call.call, ev, ev)).toBe(200);
  const again = keys(call, '2:recognize', ['two']);
  const statuses = await Promise.all([h.post(call.call, again), h.post(call.call, again), h.post(call.call, again)]);
  expect(statuses).toEqual([200, 200, 200]);
  expect(runtime.inputs).toEqual(['dtmf:1', 'dtmf:2']);
  expect(runtime.fed.map((f) => f.turn)).toEqual([1, 2]);
});

test('a re-delivery with a new id but the old operationContext is stale: the step has moved on', async () => {
  const call = await setup();
  await h.post(call.call, keys(call, '1:recognize', ['one']));
  await h.post(call.call, keys(call, '1:recognize', ['one']));
  await h.post(call.call, event(call.call, 'RecognizeFailed', '1:recognize', {}, { code: 400, subCode: 8510, message: 'silence' }));
  expect(runtime.inputs).toEqual(['dtmf:1']);
  expect(recognizes()).toEqual(['1:recognize', '2:recognize']);
});

test('out of order: an event of a later operation before the current one is ignored; the current one still counts', async () => {
  const call = await setup();
  await h.post(call.call, keys(call, '2:recognize', ['nine']));
  await h.post(call.call, event(call.call, 'PlayCompleted', '1:play'));
  expect(runtime.fed).toHaveLength(0);
  await h.post(call.call, keys(call, '1:recognize', ['one']));
  expect(runtime.inputs).toEqual(['dtmf:1']);
});

test('events for another callConnectionId, foreign contexts and unknown types are dropped, still 200', async () => {
  const call = await setup();
  const foreign = keys(call, '1:recognize', ['three']);
  (foreign.data as Record<string, unknown>).callConnectionId = 'someone-else';
  expect(await h.post(call.call, foreign)).toBe(200);
  expect(await h.post(call.call, keys(call, 'their-context', ['four']))).toBe(200);
  expect(await h.post(call.call, event(call.call, 'TranscriptionUpdated', undefined), event(call.call, 'ParticipantsUpdated', undefined, { participants: [] }))).toBe(200);
  expect(runtime.fed).toHaveLength(0);
  expect(h.logger.lines.some((l) => l.message === 'acs: event for another callConnectionId dropped')).toBe(true);
});

test('a duplicate CallConnected does not start the application twice', async () => {
  const call = await setup();
  await h.post(call.call, event(call.call, 'CallConnected', 'answer'));
  expect(runtime.started).toHaveLength(1);
  expect(recognizes()).toEqual(['1:recognize']);
});

test('events that overtake the SDK call that caused them (CallConnected before answerCall returns, PlayCompleted before 202)', async () => {
  const call = await setup(menu, { earlyEvents: true });
  expect(runtime.started).toHaveLength(1);
  expect(call.call.heard).toEqual([]); // observation consumed by place()
  await call.dtmf('1');
  const last = await call.dtmf('2');
  expect(last).toMatchObject({ heard: ['Goodbye'], ended: true });
  expect(h.fake.requests.map((r) => r.path.replace(/[0-9a-f-]{36}/, '<id>'))).toEqual([
    '/calling/callConnections:answer',
    '/calling/callConnections/<id>:recognize',
    '/calling/callConnections/<id>:recognize',
    '/calling/callConnections/<id>:play',
    '/calling/callConnections/<id>:terminate',
  ]);
  expect(runtime.inputs).toEqual(['dtmf:1', 'dtmf:2']);
});

test('RecognizeFailed 8510 is noinput; an inter-digit timeout with tones is the digits; other failures are VoiceXML errors', async () => {
  const call = await setup([[prompts.say('Main menu'), dtmfListen]]);
  await h.post(call.call, event(call.call, 'RecognizeFailed', '1:recognize', {}, { code: 400, subCode: 8510, message: 'silence' }));
  await h.post(call.call, keys(call, '2:recognize', ['four', 'two']));
  await h.post(call.call, event(call.call, 'RecognizeFailed', '3:recognize', {}, { code: 500, subCode: 8534, message: 'incorrect tone' }));
  await h.post(call.call, event(call.call, 'RecognizeFailed', '4:recognize', {}, { code: 500, subCode: 8565, message: 'cognitive services' }));
  expect(runtime.inputs).toEqual(['noinput', 'dtmf:42', 'nomatch:dtmf', 'error:error.noresource']);
});

test('an audio file ACS cannot play is replaced by its fallback (the rest of the prompt follows)', async () => {
  const withAudio: PlatformAction = {
    kind: 'play',
    prompts: [{ segments: [{ kind: 'speak', text: 'Welcome' }, { kind: 'audio', url: 'https://cdn.example/missing.wav', fallback: [{ kind: 'speak', text: 'ding dong' }] }, { kind: 'speak', text: 'to Acme' }], bargein: true, bargeintype: 'speech', lang: 'en-US' }],
  };
  runtime = new ScriptedRuntime([[withAudio, dtmfListen]]);
  h = await startHarness({ runtime, fake: { playable: async () => false } });
  const call = await h.call();
  const bodies = h.fake.requests.filter((r) => r.path.endsWith(':recognize')).map((r) => r.body as { operationContext: string; playPrompts: { kind: string }[] });
  expect(bodies.map((b) => [b.operationContext, b.playPrompts.map((p) => p.kind)])).toEqual([
    ['1:recognize', ['text', 'file', 'text']],
    ['1:recognize#1', ['text', 'text']],
  ]);
  expect(call.call.heard).toEqual([]);
  expect(runtime.fed).toHaveLength(0);
});

test('ACS refusing an operation reaches the application as error.noresource, not a crash', async () => {
  runtime = new ScriptedRuntime([[prompts.say('Main menu'), dtmfListen], [prompts.say('Sorry'), dtmfListen]]);
  let failed = false;
  h = await startHarness({
    runtime,
    fake: {
      fault: (req) => {
        if (failed || !req.path.endsWith(':recognize')) return undefined;
        failed = true;
        return { status: 500, code: 'InternalServerError', message: 'media service unavailable' };
      },
    },
  });
  const call = await h.call();
  expect(runtime.inputs).toEqual(['error:error.noresource']);
  expect(call.call.input).toBeDefined();
  expect(h.logger.lines.some((l) => l.message === 'acs: ACS refused an operation' && l.status === 500)).toBe(true);
});

test('the caller hangs up: hangup is fed once and later events are dropped', async () => {
  const call = await setup();
  const observed = await call.hangup();
  expect(observed.ended).toBe(true);
  await h.post(call.call, event(call.call, 'CallDisconnected', undefined));
  await h.post(call.call, keys(call, '1:recognize', ['one']));
  expect(runtime.inputs).toEqual(['hangup']);
});

test('a blind transfer: accepted → the application hears connection.disconnect.transfer; nothing is played any more', async () => {
  runtime = new ScriptedRuntime([[prompts.say('Transferring'), { kind: 'transfer', dest: 'tel:+18005550142', type: 'blind', connectTimeoutMs: 30000, maxMs: 0 }], [prompts.say('After'), hangup]]);
  h = await startHarness({ runtime });
  const call = await h.call();
  expect(call.call.transfers).toEqual([{ dest: 'tel:+18005550142', type: 'blind' }]);
  const done = await call.transferResult('far_end_disconnect');
  expect(done).toMatchObject({ ended: true, heard: [] });
  expect(runtime.inputs).toEqual(['transfer:accepted']);
  expect(h.fake.requests.map((r) => r.path.replace(/[0-9a-f-]{36}/, '<id>'))).toEqual(['/calling/callConnections:answer', '/calling/callConnections/<id>:play', '/calling/callConnections/<id>:transferToParticipant']);
});

test('a bridged transfer: busy, far end leaving, maxtime and the caller pressing * map to VoiceXML results', async () => {
  const bridge: PlatformAction = { kind: 'transfer', dest: 'tel:+18005550142', type: 'bridge', connectTimeoutMs: 20000, maxMs: 60000 };
  runtime = new ScriptedRuntime([[bridge], [bridge], [bridge], [bridge], [prompts.say('Back'), dtmfListen]]);
  h = await startHarness({ runtime });
  const call = await h.call();
  await call.transferResult('busy');
  await call.transferResult('far_end_disconnect');
  await call.transferResult('maxtime_disconnect');
  const back = await call.transferResult('near_end_disconnect');
  expect(back.heard).toEqual(['Back']);
  expect(runtime.inputs).toEqual(['transfer:busy', 'transfer:far_end_disconnect', 'transfer:maxtime_disconnect', 'transfer:near_end_disconnect']);
  const add = h.fake.requests.find((r) => r.path.endsWith('/participants:add'));
  expect(add?.body).toMatchObject({ invitationTimeoutInSeconds: 20, sourceCallerIdNumber: { value: '+18005550100' }, participantToAdd: { rawId: '4:+18005550142' } });
  expect(h.fake.requests.filter((r) => r.path.endsWith(':startContinuousDtmfRecognition'))).toHaveLength(3);
});

test('an undialable destination is error.connection.baddestination', async () => {
  runtime = new ScriptedRuntime([[{ kind: 'transfer', dest: 'sip:agent@pbx.example', type: 'blind', connectTimeoutMs: 30000, maxMs: 0 }], [prompts.say('Sorry'), dtmfListen]]);
  h = await startHarness({ runtime });
  await h.call();
  expect(runtime.inputs).toEqual(['error:error.connection.baddestination']);
});

test('two gateway instances sharing the call store: events alternate between them, duplicates hit both at once', async () => {
  runtime = new ScriptedRuntime(menu);
  h = await startHarness({ runtime });
  // A second instance: its own router, SDK client and timers, the same store and runtime (shared in production).
  const app = express();
  const second = createAcsAdapter({ runtime, config: h.config, store: h.adapter.store, defaultApp: 'https://apps.example/main.vxml' });
  app.use(second.router);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const otherOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const call = await h.call();
    const viaOther = (url: string) => otherOrigin + url.slice(h.gateway.length);
    const ev = keys(call, '1:recognize', ['one']);
    const [a, b] = await Promise.all([h.post(call.call, ev), h.fake.postCallback(call.call, [ev], viaOther(call.call.callbackUri!))]);
    expect([a, b]).toEqual([200, 200]);
    expect(runtime.inputs).toEqual(['dtmf:1']);
    expect(await h.fake.postCallback(call.call, [keys(call, '2:recognize', ['two'])], viaOther(call.call.callbackUri!))).toBe(200);
    expect(runtime.inputs).toEqual(['dtmf:1', 'dtmf:2']);
    expect(recognizes()).toEqual(['1:recognize', '2:recognize']);
    expect(h.fake.requests.filter((r) => r.path.endsWith(':play'))).toHaveLength(1);
  } finally {
    second.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
