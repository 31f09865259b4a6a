/** The Twilio webhook routes against a scripted runtime: events fed, TwiML answered, retries, bad requests. */
import request from 'supertest';
import type { PlatformAction, PlatformEvent } from '../../contracts/platform';
import { ConcurrentTurnError } from '../../gateway/index';
import { FakeRuntime, listen, say, type Dialogue } from './fake-runtime';
import { ACCOUNT_SID, callSid, DEFAULT_APP, params, signedPost, testApp } from './helpers';

/** Menu → (any input) → confirmation menu → (any input) → goodbye. */
const menu: Dialogue = (_call, _event, turn) => {
  if (turn === 0) return { actions: [say('Welcome.', { bargein: false }), say('Press 1 or say sales.'), listen({ maxDigits: 1 })] };
  if (turn === 1) return { actions: [say('Got it.'), listen({ maxDigits: 1 })] };
  return { actions: [say('Goodbye.'), { kind: 'hangup', reason: 'exit' }] };
};

function fedEvents(runtime: FakeRuntime): PlatformEvent[] {
  return runtime.fed.filter((f) => !f.replayed).map((f) => f.event);
}

describe('incoming call', () => {
  test('starts the default application and answers TwiML', async () => {
    const runtime = new FakeRuntime(menu);
    const { app } = testApp(runtime);
    const res = await signedPost(app, '/twilio/voice', params(callSid(1), { CallStatus: 'ringing', CallerName: 'ALICE' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toContain('<Say voice="Polly.Joanna-Neural" language="en-US">Welcome.</Say><Gather input="dtmf speech" action="gather?turn=1"');
    expect(runtime.started).toEqual([
      {
        callId: callSid(1),
        channel: 'twilio',
        entry: DEFAULT_APP,
        from: '+15005550006',
        to: '+18005550100',
        extra: { AccountSid: ACCOUNT_SID, CallSid: callSid(1), Direction: 'inbound', ApiVersion: '2010-04-01', CallerName: 'ALICE' },
      },
    ]);
  });

  test('the application comes from the called number, then an allowed app parameter, then the default', async () => {
    const runtime = new FakeRuntime(menu);
    const { app, logger } = testApp(runtime, { config: { numbers: { '+18005550111': 'https://numbers.example.com/a.vxml' } } });
    await signedPost(app, '/twilio/voice', params(callSid(1), { To: '+18005550111' }));
    await signedPost(app, '/twilio/voice?app=https%3A%2F%2Fpartner.example.com%2Fb.vxml', params(callSid(2)));
    await signedPost(app, '/twilio/voice?app=https%3A%2F%2Fapps.example.com%2Fother.vxml', params(callSid(3)));
    await signedPost(app, '/twilio/voice?app=https%3A%2F%2Fevil.example.com%2Fc.vxml', params(callSid(4)));
    await signedPost(app, '/twilio/voice?app=file%3A%2F%2F%2Fetc%2Fpasswd', params(callSid(5)));
    expect(runtime.started.map((s) => s.entry)).toEqual([
      'https://numbers.example.com/a.vxml',
      'https://partner.example.com/b.vxml',
      'https://apps.example.com/other.vxml',
      DEFAULT_APP,
      DEFAULT_APP,
    ]);
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toEqual([expect.stringContaining('origin https://evil.example.com is not allowed'), expect.stringContaining('origin file:// is not allowed')]);
  });

  test('a retried incoming-call webhook gets the same TwiML and starts nothing', async () => {
    const runtime = new FakeRuntime(menu);
    const { app } = testApp(runtime);
    const first = await signedPost(app, '/twilio/voice', params(callSid(1)));
    const retry = await signedPost(app, '/twilio/voice', params(callSid(1)));
    expect(retry.text).toBe(first.text);
    expect(runtime.started).toHaveLength(1);
  });
});

describe('caller input', () => {
  async function started() {
    const runtime = new FakeRuntime(menu);
    const t = testApp(runtime);
    await signedPost(t.app, '/twilio/voice', params(callSid(1)));
    return { runtime, ...t };
  }

  test('Digits become a dtmf event on the turn named in the action URL', async () => {
    const { app, runtime } = await started();
    const res = await signedPost(app, '/twilio/gather?turn=1', params(callSid(1), { Digits: '1', FinishedOnKey: '' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('action="gather?turn=2"');
    expect(runtime.fed).toEqual([{ callId: callSid(1), event: { kind: 'dtmf', digits: '1' }, turn: 1, replayed: false }]);
  });

  test('SpeechResult and Confidence become a speech event; the grammar decides later', async () => {
    const { app, runtime } = await started();
    await signedPost(app, '/twilio/gather?turn=1', params(callSid(1), { SpeechResult: 'Sales, please.', Confidence: '0.87' }));
    expect(fedEvents(runtime)).toEqual([{ kind: 'speech', text: 'Sales, please.', confidence: 0.87 }]);
  });

  test('an empty result (actionOnEmptyResult) is noinput', async () => {
    const { app, runtime } = await started();
    await signedPost(app, '/twilio/gather?turn=1', params(callSid(1)));
    expect(fedEvents(runtime)).toEqual([{ kind: 'noinput' }]);
  });

  test('a retried webhook for a processed turn returns the same TwiML and does not advance', async () => {
    const { app, runtime } = await started();
    const first = await signedPost(app, '/twilio/gather?turn=1', params(callSid(1), { Digits: '1' }));
    const retry = await signedPost(app, '/twilio/gather?turn=1', params(callSid(1), { Digits: '1' }));
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(runtime.calls.get(callSid(1))?.seq).toBe(2);
    expect(runtime.fed.map((f) => f.replayed)).toEqual([false, true]);
    const next = await signedPost(app, '/twilio/gather?turn=2', params(callSid(1), { Digits: '2' }));
    expect(next.text).toContain('Goodbye.</Say><Hangup/>');
  });

  test('a webhook for an unknown call hears an apology and is hung up, never a 500', async () => {
    const runtime = new FakeRuntime(menu);
    const { app } = testApp(runtime);
    const res = await signedPost(app, '/twilio/gather?turn=4', params(callSid(9), { Digits: '1' }));
    expect(res.status).toBe(200);
    expect(res.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna-Neural" language="en-US">We are sorry, this call cannot be continued. Please call again later. Goodbye.</Say><Hangup/></Response>',
    );
  });

  test('a runtime failure is an apology too, and is logged', async () => {
    const runtime = new FakeRuntime(() => {
      throw new Error('database on fire');
    });
    const { app, logger } = testApp(runtime);
    const res = await signedPost(app, '/twilio/voice', params(callSid(1)));
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Hangup/>');
    expect(logger.lines.some((l) => l.level === 'error' && l.message.includes('database on fire'))).toBe(true);
  });

  test('a turn another instance is running: Twilio is asked to come back for the answer, a bounded number of times', async () => {
    const { app, runtime } = await started();
    const original = runtime.handle.bind(runtime);
    let conflicts = 1;
    runtime.handle = async (callId, event, opts) => {
      if (conflicts-- > 0) throw new ConcurrentTurnError(callId, 1);
      return original(callId, event, opts);
    };
    const first = await signedPost(app, '/twilio/gather?turn=1', params(callSid(1), { Digits: '1' }));
    expect(first.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="1"/><Redirect method="POST">gather?turn=1&amp;retry=1</Redirect></Response>');
    const again = await signedPost(app, '/twilio/gather?turn=1&retry=1', params(callSid(1)));
    expect(again.text).toContain('action="gather?turn=2"');
    conflicts = 10;
    const spent = await signedPost(app, '/twilio/gather?turn=2&retry=3', params(callSid(1)));
    expect(spent.text).toContain('We are sorry');
  });

  test('a turn slower than the answer deadline is answered with the apology in time', async () => {
    const runtime = new FakeRuntime(menu);
    const { app, logger } = testApp(runtime, { config: { answerDeadlineMs: 1000 } });
    runtime.delayMs = 1500;
    const started = Date.now();
    const res = await signedPost(app, '/twilio/voice', params(callSid(1)));
    expect(Date.now() - started).toBeLessThan(1450);
    expect(res.text).toContain('We are sorry');
    expect(logger.lines.some((l) => l.level === 'error' && l.message.includes('no answer within 1000 ms'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 600));
  });

  test('the deadline counts from the webhook\'s arrival: a wait for its event-loop slice is part of it', async () => {
    const runtime = new FakeRuntime(menu);
    // Every webhook waits 700 ms for its slice; the turn then takes 500 ms: 1.2 s in all, past the 1 s deadline.
    const slices = { pass: () => new Promise<void>((resolve) => setTimeout(resolve, 700)) };
    const { app } = testApp(runtime, { config: { answerDeadlineMs: 1000 }, slices });
    runtime.delayMs = 500;
    const started = Date.now();
    const res = await signedPost(app, '/twilio/voice', params(callSid(1)));
    expect(res.text).toContain('We are sorry');
    expect(Date.now() - started).toBeLessThan(1150);
    await new Promise((resolve) => setTimeout(resolve, 600));
  });
});

describe('record, dial and status callbacks', () => {
  function scripted(first: PlatformAction[]): FakeRuntime {
    return new FakeRuntime((_c, _e, turn) => (turn === 0 ? { actions: first } : { actions: [say('Next.'), listen()] }));
  }
  const recording = 'https://api.twilio.com/2010-04-01/Accounts/' + ACCOUNT_SID + '/Recordings/RE' + 'b'.repeat(32);

  test('a recording becomes a recorded event; a key that ended it is the termchar', async () => {
    const runtime = scripted([{ kind: 'record', maxMs: 30000, finalSilenceMs: 2000, beep: true, dtmfterm: true, timeoutMs: 5000 }]);
    const { app } = testApp(runtime);
    await signedPost(app, '/twilio/voice', params(callSid(1)));
    await signedPost(app, '/twilio/record?turn=1&max=30', params(callSid(1), { RecordingUrl: recording, RecordingDuration: '7', RecordingSid: 'RE' + 'b'.repeat(32), Digits: '#' }));
    expect(fedEvents(runtime)).toEqual([{ kind: 'recorded', uri: recording, durationMs: 7000, type: 'audio/wav', termchar: '#', maxtime: false }]);
  });

  test('a recording that reached maxLength is maxtime; a caller who hung up while recording keeps the audio, then hangs up', async () => {
    const runtime = scripted([{ kind: 'record', maxMs: 30000, finalSilenceMs: 2000, beep: true, dtmfterm: true, timeoutMs: 5000 }]);
    const { app } = testApp(runtime);
    await signedPost(app, '/twilio/voice', params(callSid(1)));
    await signedPost(app, '/twilio/voice', params(callSid(2)));
    await signedPost(app, '/twilio/record?turn=1&max=30', params(callSid(1), { RecordingUrl: recording, RecordingDuration: '30' }));
    await signedPost(app, '/twilio/record?turn=1&max=30', params(callSid(2), { RecordingUrl: recording, RecordingDuration: '4', Digits: 'hangup' }));
    expect(fedEvents(runtime)).toEqual([
      { kind: 'recorded', uri: recording, durationMs: 30000, type: 'audio/wav', maxtime: true },
      { kind: 'recorded', uri: recording, durationMs: 4000, type: 'audio/wav', maxtime: false },
      { kind: 'hangup' },
    ]);
  });

  test('the redirect after an empty recording is noinput', async () => {
    const runtime = scripted([{ kind: 'record', maxMs: 30000, finalSilenceMs: 2000, beep: true, dtmfterm: true, timeoutMs: 5000 }]);
    const { app } = testApp(runtime);
    await signedPost(app, '/twilio/voice', params(callSid(1)));
    await signedPost(app, '/twilio/record?turn=1&empty=1', params(callSid(1)));
    expect(fedEvents(runtime)).toEqual([{ kind: 'noinput' }]);
  });

  test.each([
    [{ DialCallStatus: 'busy' }, 'bridge', '', { kind: 'transfer.done', result: 'busy' }],
    [{ DialCallStatus: 'no-answer' }, 'bridge', '', { kind: 'transfer.done', result: 'noanswer' }],
    [{ DialCallStatus: 'failed' }, 'bridge', '', { kind: 'transfer.done', result: 'network_busy' }],
    [{ DialCallStatus: 'failed', DialCallDuration: '30' }, 'bridge', '', { kind: 'transfer.done', result: 'network_disconnect', durationMs: 30000 }],
    [{ DialCallStatus: 'canceled' }, 'bridge', '', { kind: 'transfer.done', result: 'near_end_disconnect' }],
    [{ DialCallStatus: 'completed', DialCallDuration: '95' }, 'bridge', '&limit=1800', { kind: 'transfer.done', result: 'far_end_disconnect', durationMs: 95000 }],
    [{ DialCallStatus: 'completed', DialCallDuration: '1800' }, 'bridge', '&limit=1800', { kind: 'transfer.done', result: 'maxtime_disconnect', durationMs: 1800000 }],
    [{ DialCallStatus: 'completed', DialCallDuration: '40' }, 'consultation', '', { kind: 'transfer.done', result: 'accepted', durationMs: 40000 }],
    [{ DialCallStatus: 'answered', DialCallDuration: '40' }, 'bridge', '', { kind: 'transfer.done', result: 'unknown', durationMs: 40000 }],
    [{ DialCallStatus: 'completed', DialCallDuration: '40', CallStatus: 'completed' }, 'bridge', '', { kind: 'hangup' }],
  ])('Dial action %j (%s) → %j', async (form, type, limit, event) => {
    const runtime = scripted([{ kind: 'transfer', dest: 'tel:+18005550199', type: type as 'bridge', connectTimeoutMs: 20000, maxMs: 0 }]);
    const { app } = testApp(runtime);
    await signedPost(app, '/twilio/voice', params(callSid(1)));
    const res = await signedPost(app, `/twilio/dial?turn=1&type=${type}${limit}`, params(callSid(1), form));
    expect(res.status).toBe(200);
    expect(fedEvents(runtime)).toEqual([event]);
  });

  test('a blind transfer has an action too: a failure comes back, a connected call is "accepted"', async () => {
    const runtime = scripted([say('Transferring.'), { kind: 'transfer', dest: 'tel:+18005550199', type: 'blind', connectTimeoutMs: 20000, maxMs: 60000 }]);
    const { app } = testApp(runtime);
    const res = await signedPost(app, '/twilio/voice', params(callSid(1)));
    expect(res.text).toContain('<Dial action="dial?turn=1&amp;type=blind" method="POST" timeout="20" answerOnBridge="true"><Number>+18005550199</Number></Dial></Response>');
    await signedPost(app, '/twilio/voice', params(callSid(2)));
    await signedPost(app, '/twilio/dial?turn=1&type=blind', params(callSid(1), { DialCallStatus: 'busy' }));
    await signedPost(app, '/twilio/dial?turn=1&type=blind', params(callSid(2), { DialCallStatus: 'completed', DialCallDuration: '300' }));
    expect(fedEvents(runtime)).toEqual([
      { kind: 'transfer.done', result: 'busy' },
      { kind: 'transfer.done', result: 'accepted', durationMs: 300000 },
    ]);
  });

  test('a caller with a withheld number reaches the application without one', async () => {
    const runtime = scripted([listen()]);
    const { app } = testApp(runtime);
    for (const [i, from] of ['+266696687', 'anonymous', '+7378742833', '+15551234567'].entries()) await signedPost(app, '/twilio/voice', params(callSid(i + 1), { From: from }));
    expect(runtime.started.map((s) => s.from)).toEqual([undefined, undefined, undefined, '+15551234567']);
  });

  test('a destination Twilio cannot dial is error.connection.baddestination; queued prompts still play', async () => {
    const runtime = new FakeRuntime((_c, event, turn) =>
      turn === 0
        ? { actions: [say('Transferring you now.'), { kind: 'transfer', dest: 'tel:not-a-number', type: 'bridge', connectTimeoutMs: 20000, maxMs: 0 }] }
        : { actions: [say(`Sorry: ${event?.kind === 'platform.error' ? event.event : '?'}.`), listen()] },
    );
    const { app } = testApp(runtime);
    const res = await signedPost(app, '/twilio/voice', params(callSid(1)));
    expect(res.text).toContain('Transferring you now.</Say><Say voice="Polly.Joanna-Neural" language="en-US">Sorry: error.connection.baddestination.</Say>');
    expect(res.text).toContain('action="gather?turn=2"');
    expect(fedEvents(runtime)).toEqual([{ kind: 'platform.error', event: 'error.connection.baddestination', message: expect.stringContaining('not a telephone number') }]);
  });

  test('a final status callback while the call is live is the caller hanging up; others are ignored', async () => {
    const runtime = new FakeRuntime(menu);
    const { app } = testApp(runtime);
    await signedPost(app, '/twilio/voice', params(callSid(1)));
    const ringing = await signedPost(app, '/twilio/status', params(callSid(1), { CallStatus: 'in-progress' }));
    expect(ringing.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(runtime.fed).toHaveLength(0);
    const done = await signedPost(app, '/twilio/status', params(callSid(1), { CallStatus: 'completed', CallDuration: '42' }));
    expect(done.status).toBe(200);
    expect(done.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(fedEvents(runtime)).toEqual([{ kind: 'hangup' }]);
    expect(runtime.calls.get(callSid(1))?.ended).toBe(true);
    // Status of a call the gateway never saw: nothing to do, still a clean answer.
    const unknown = await signedPost(app, '/twilio/status', params(callSid(7), { CallStatus: 'no-answer' }));
    expect(unknown.status).toBe(200);
  });
});

describe('bad requests', () => {
  const runtime = new FakeRuntime(menu);
  const { app } = testApp(runtime);

  test.each([
    ['/twilio/voice', { AccountSid: ACCOUNT_SID }, /body parameter CallSid/],
    ['/twilio/voice', params('CA123'), /CallSid: must be a Call SID/],
    ['/twilio/gather', params(callSid(1)), /query parameter turn/],
    ['/twilio/gather?turn=abc', params(callSid(1)), /query parameter turn: must be the turn number/],
    ['/twilio/gather?turn=1', params(callSid(1), { Digits: '12; DROP TABLE' }), /Digits: must be DTMF keys/],
    ['/twilio/gather?turn=1', params(callSid(1), { Confidence: '0.5'.repeat(20), SpeechResult: 'yes' }), /Confidence/],
    ['/twilio/record?turn=1', params(callSid(1)), /RecordingUrl: required/],
    ['/twilio/record?turn=1', params(callSid(1), { RecordingUrl: 'javascript:alert(1)' }), /RecordingUrl/],
    ['/twilio/dial?turn=1&type=bridge', params(callSid(1), { DialCallStatus: 'Exploded!' }), /DialCallStatus/],
    ['/twilio/dial?turn=1', params(callSid(1), { DialCallStatus: 'busy' }), /query parameter type/],
    ['/twilio/status', params(callSid(1), { CallStatus: '<melted>' }), /CallStatus/],
    ['/twilio/voice', params(callSid(1), { AccountSid: 'AC' + 'f'.repeat(32) }), /AccountSid: AC(f)+ is not this gateway's account/],
  ])('%s with %j → 400', async (path, form, message) => {
    const res = await signedPost(app, path, form as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(message);
  });

  test('a body that is not a form is refused with 400', async () => {
    const res = await request(app).post('/twilio/gather?turn=1').set('Host', 'gw.test').set('X-Twilio-Signature', 'x').send({ CallSid: callSid(1) });
    // No form parameters were signed, so the signature check refuses it first.
    expect(res.status).toBe(403);
    const unsigned = testApp(runtime, { config: { validateSignatures: false } });
    const res2 = await request(unsigned.app).post('/twilio/gather?turn=1').send({ CallSid: callSid(1) });
    expect(res2.status).toBe(400);
    expect(res2.text).toMatch(/expected a form body/);
  });

  test('an oversized body is refused with 413', async () => {
    const res = await signedPost(app, '/twilio/gather?turn=1', params(callSid(1), { SpeechResult: 'x'.repeat(40_000) }));
    expect(res.status).toBe(413);
  });

  test('GET is not how Twilio calls: 405', async () => {
    const res = await request(app).get('/twilio/voice');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });
});
