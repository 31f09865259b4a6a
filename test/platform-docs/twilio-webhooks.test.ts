/**
 * The Twilio routes against what Twilio's documentation says Twilio sends and expects:
 * - twilio.com/docs/usage/webhooks/voice-webhooks: form-encoded POSTs with the standard parameters; Twilio adds
 *   parameters over time ("your implementation must accept an evolving set of parameters");
 * - twilio.com/docs/usage/security: X-Twilio-Signature over the full URL (query string included) plus the POST
 *   parameters sorted by name (repeated keys included), validated with the helper library;
 * - the <Gather>, <Record>, <Dial> pages: their action parameters (Digits without the finishOnKey key,
 *   SpeechResult + Confidence, RecordingUrl/RecordingDuration/RecordingSid/Digits, DialCallStatus/
 *   DialCallDuration/DialCallSid) and actionOnEmptyResult;
 * - the status callback parameters (CallStatus values, CallDuration, SequenceNumber, Timestamp, CallbackSource)
 *   — a callback may arrive before or after the last action request, and more than once;
 * - every answer is 200 with valid TwiML (twiml-rules.ts), since an HTTP error makes Twilio say
 *   "an application error has occurred".
 */
import { fixture, newCallSid, standardParams, startTwilioDocsHarness, type Answer, type TwilioDocsHarness } from './twilio-harness';
import { spokenText, twimlProblems, verbsOf, type TwimlVerb } from './twiml-rules';

function expectTwiml(answer: Answer): TwimlVerb[] {
  expect(answer.status).toBe(200);
  expect(answer.contentType).toMatch(/^(text|application)\/xml/);
  expect(twimlProblems(answer.body)).toEqual([]);
  return verbsOf(answer.body);
}

function gatherOf(verbs: TwimlVerb[]): TwimlVerb {
  const gather = verbs.find((v) => v.name === 'Gather');
  if (!gather) throw new Error(`no <Gather> in ${verbs.map((v) => v.name).join(', ')}`);
  return gather;
}

let h: TwilioDocsHarness;
beforeAll(async () => {
  h = await startTwilioDocsHarness({ defaultApp: fixture('code.vxml') });
});
afterAll(async () => {
  await h.close();
});

/** Rings the gateway with the documented incoming-call request (CallStatus=ringing) for `app`. */
async function ring(app: string, extra: Record<string, string | string[]> = {}): Promise<{ sid: string; answer: Answer }> {
  const sid = newCallSid();
  const answer = await h.post(`/twilio/voice?app=${encodeURIComponent(fixture(app))}`, { ...standardParams(sid, 'ringing'), ...extra });
  return { sid, answer };
}

describe('incoming call webhook', () => {
  test('the documented parameters, plus parameters Twilio adds later (even repeated keys), are accepted', async () => {
    const { answer } = await ring('code.vxml', {
      ParentCallSid: '',
      AddOns: '{"status":"successful","message":null,"code":null,"results":{}}',
      SomeFutureParameter: 'value',
      RepeatedFutureParameter: ['one', 'two'],
    });
    const verbs = expectTwiml(answer);
    const gather = gatherOf(verbs);
    expect(gather.attrs.input).toMatch(/dtmf/);
    expect(gather.attrs.numDigits).toBe('3');
    expect(spokenText(answer.body)).toContain('Enter your three digit code.');
  });

  test('the signature covers the query string of the configured URL; unsigned or tampered requests get 403', async () => {
    const sid = newCallSid();
    const path = `/twilio/voice?app=${encodeURIComponent(fixture('code.vxml'))}`;
    expect((await h.post(path, standardParams(sid, 'ringing'), { sign: 'none' })).status).toBe(403);
    expect((await h.post(path, standardParams(sid, 'ringing'), { sign: 'tampered' })).status).toBe(403);
    // Signed over the URL without its query string: not the URL Twilio requested.
    expect((await h.post(path, standardParams(sid, 'ringing'), { signUrl: `${h.base}/twilio/voice` })).status).toBe(403);
    expectTwiml(await h.post(path, standardParams(sid, 'ringing')));
  });

  test('a withheld caller id (From=+266696687, "anonymous") is no number for the application', async () => {
    for (const from of ['+266696687', 'anonymous', 'Anonymous']) {
      const sid = newCallSid();
      const answer = await h.post(`/twilio/voice?app=${encodeURIComponent(fixture('code.vxml'))}`, { ...standardParams(sid, 'ringing'), From: from, Caller: from });
      expectTwiml(answer);
    }
  });

  test('a retried incoming-call webhook (same CallSid) gets the same TwiML', async () => {
    const sid = newCallSid();
    const path = `/twilio/voice?app=${encodeURIComponent(fixture('code.vxml'))}`;
    const first = await h.post(path, standardParams(sid, 'ringing'));
    const again = await h.post(path, standardParams(sid, 'ringing'));
    expect(again.body).toBe(first.body);
  });
});

describe('<Gather> action', () => {
  test('Digits without the finishOnKey key (FinishedOnKey names it) drive the dialog; the action URL is relative to the document', async () => {
    const { sid, answer } = await ring('code.vxml');
    const gather = gatherOf(expectTwiml(answer));
    const action = h.resolve(gather.attrs.action, answer.url);
    expect(new URL(action).pathname).toBe('/twilio/gather');
    expect(gather.attrs.method ?? 'POST').toBe('POST');
    const done = await h.post(action, { ...standardParams(sid), Digits: '123', FinishedOnKey: '#', msg: 'Gather End' });
    const verbs = expectTwiml(done);
    expect(spokenText(done.body)).toContain('You entered');
    expect(spokenText(done.body)).toMatch(/1\s*2\s*3/);
    expect(verbs.at(-1)?.name).toBe('Hangup');
  });

  test('actionOnEmptyResult: an empty result (no Digits, no SpeechResult parameter) is noinput', async () => {
    const { sid, answer } = await ring('code.vxml');
    const gather = gatherOf(expectTwiml(answer));
    expect(gather.attrs.actionOnEmptyResult).toBe('true');
    const again = await h.post(h.resolve(gather.attrs.action, answer.url), standardParams(sid));
    expectTwiml(again);
    expect(spokenText(again.body)).toContain('Nothing heard.');
  });

  test('SpeechResult with Confidence as a decimal string; without Confidence; Confidence empty', async () => {
    for (const confidence of ['0.9123457', undefined, '', '1']) {
      const { sid, answer } = await ring('color.vxml');
      const gather = gatherOf(expectTwiml(answer));
      expect(gather.attrs.input).toMatch(/speech/);
      const form: Record<string, string> = { ...standardParams(sid), SpeechResult: 'Blue.', language: 'en-US' };
      if (confidence !== undefined) form.Confidence = confidence;
      const done = await h.post(h.resolve(gather.attrs.action, answer.url), form);
      expectTwiml(done);
      expect(spokenText(done.body)).toContain('You chose blue.');
    }
  });

  test('a retried action (same turn, same parameters) answers the same TwiML and does not advance the call twice', async () => {
    const { sid, answer } = await ring('code.vxml');
    const action = h.resolve(gatherOf(expectTwiml(answer)).attrs.action, answer.url);
    const first = await h.post(action, { ...standardParams(sid), Digits: '12' });
    const retry = await h.post(action, { ...standardParams(sid), Digits: '12' });
    expect(retry.body).toBe(first.body);
    expect(spokenText(first.body)).toContain('That is not a code.');
  });

  test('an action for a call the gateway does not know gets spoken TwiML ending the call, never an HTTP error', async () => {
    const answer = await h.post('/twilio/gather?turn=1', { ...standardParams(newCallSid()), Digits: '1' });
    const verbs = expectTwiml(answer);
    expect(verbs.at(-1)?.name).toBe('Hangup');
  });
});

describe('status callback', () => {
  const statuses = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'];

  test.each(statuses)('CallStatus=%s with CallDuration, SequenceNumber, Timestamp, CallbackSource is answered 200', async (status) => {
    const { sid } = await ring('code.vxml');
    const answer = await h.post('/twilio/status', {
      ...standardParams(sid, status),
      CallDuration: '7',
      Duration: '1',
      SequenceNumber: '0',
      Timestamp: 'Tue, 02 Jan 2024 10:00:07 +0000',
      CallbackSource: 'call-progress-events',
      SipResponseCode: '200',
    });
    expect(answer.status).toBe(200);
    if (answer.body) expect(twimlProblems(answer.body)).toEqual([]);
  });

  test('a status callback Twilio repeats, or sends before the last action request, changes nothing and fails nothing', async () => {
    const { sid, answer } = await ring('code.vxml');
    const action = h.resolve(gatherOf(expectTwiml(answer)).attrs.action, answer.url);
    const completed = { ...standardParams(sid, 'completed'), CallDuration: '12', SequenceNumber: '1', CallbackSource: 'call-progress-events' };
    expect((await h.post('/twilio/status', completed)).status).toBe(200);
    expect((await h.post('/twilio/status', completed)).status).toBe(200);
    // The <Gather> action request racing the hang-up: still valid TwiML (Twilio ignores it on a finished call).
    expectTwiml(await h.post(action, { ...standardParams(sid, 'completed'), Digits: '123' }));
  });

  test('a status callback for a call the gateway never saw is 200', async () => {
    const answer = await h.post('/twilio/status', { ...standardParams(newCallSid(), 'completed'), CallDuration: '0' });
    expect(answer.status).toBe(200);
  });

  test('an unknown CallStatus value Twilio may add later is not a 400', async () => {
    const { sid } = await ring('code.vxml');
    expect((await h.post('/twilio/status', standardParams(sid, 'some-new-status'))).status).toBe(200);
  });
});

describe('<Dial> action', () => {
  test('DialCallStatus=completed with DialCallDuration and DialCallSid: the bridged transfer ends far_end_disconnect', async () => {
    const { sid, answer } = await ring('transfer.vxml');
    const verbs = expectTwiml(answer);
    const dial = verbs.find((v) => v.name === 'Dial');
    expect(dial?.children[0]).toMatchObject({ name: 'Number', text: '+18005550142' });
    const done = await h.post(h.resolve(dial?.attrs.action ?? '', answer.url), {
      ...standardParams(sid),
      DialCallStatus: 'completed',
      DialCallDuration: '42',
      DialCallSid: newCallSid(),
      DialBridged: 'true',
    });
    expectTwiml(done);
    expect(spokenText(done.body)).toContain('far_end_disconnect');
  });

  test.each([
    ['busy', 'busy'],
    ['no-answer', 'noanswer'],
    ['failed', 'network_busy'],
    ['canceled', 'near_end_disconnect'],
  ])('DialCallStatus=%s → %s', async (status, result) => {
    const { sid, answer } = await ring('transfer.vxml');
    const dial = expectTwiml(answer).find((v) => v.name === 'Dial');
    const done = await h.post(h.resolve(dial?.attrs.action ?? '', answer.url), { ...standardParams(sid), DialCallStatus: status, DialCallDuration: '0' });
    expectTwiml(done);
    expect(spokenText(done.body)).toContain(result);
  });

  test('the caller hanging up during the bridge: the Dial action with CallStatus=completed, before or after the status callback', async () => {
    for (const order of ['status-first', 'action-first'] as const) {
      const { sid, answer } = await ring('transfer.vxml');
      const dial = expectTwiml(answer).find((v) => v.name === 'Dial');
      const action = h.resolve(dial?.attrs.action ?? '', answer.url);
      const status = (): Promise<Answer> => h.post('/twilio/status', { ...standardParams(sid, 'completed'), CallDuration: '30' });
      if (order === 'status-first') expect((await status()).status).toBe(200);
      expectTwiml(await h.post(action, { ...standardParams(sid, 'completed'), DialCallStatus: 'completed', DialCallDuration: '20' }));
      if (order === 'action-first') expect((await status()).status).toBe(200);
    }
  });
});

describe('<Record> action', () => {
  test('RecordingUrl, RecordingDuration, RecordingSid and Digits (the key that ended it) fill the record item', async () => {
    const { sid, answer } = await ring('record.vxml');
    const verbs = expectTwiml(answer);
    const record = verbs.find((v) => v.name === 'Record');
    expect(record?.attrs.playBeep).toBe('true');
    const done = await h.post(h.resolve(record?.attrs.action ?? '', answer.url), {
      ...standardParams(sid),
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${standardParams(sid).AccountSid}/Recordings/RE${'5'.repeat(32)}`,
      RecordingDuration: '7',
      RecordingSid: 'RE' + '5'.repeat(32),
      Digits: '#',
    });
    expectTwiml(done);
    expect(spokenText(done.body)).toContain('Your message lasted 7 seconds.');
  });

  test('an empty recording: Twilio makes no action request and runs the next verb, which must bring noinput back', async () => {
    const { sid, answer } = await ring('record.vxml');
    const verbs = expectTwiml(answer);
    const i = verbs.findIndex((v) => v.name === 'Record');
    const next = verbs[i + 1];
    expect(next?.name).toBe('Redirect');
    // <Redirect> defaults to POST; the gateway may say so explicitly.
    expect(next?.attrs.method ?? 'POST').toBe('POST');
    const redirected = await h.post(h.resolve(next?.text.trim() ?? '', answer.url), standardParams(sid));
    expectTwiml(redirected);
    expect(spokenText(redirected.body)).toContain('No message recorded.');
  });

  test('Digits=hangup (the caller hung up while recording) is accepted', async () => {
    const { sid, answer } = await ring('record.vxml');
    const record = expectTwiml(answer).find((v) => v.name === 'Record');
    const done = await h.post(h.resolve(record?.attrs.action ?? '', answer.url), {
      ...standardParams(sid, 'completed'),
      RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1',
      RecordingDuration: '3',
      Digits: 'hangup',
    });
    expectTwiml(done);
  });
});

describe('<Say> and SSML', () => {
  test('the default Polly neural voice gets no <emphasis> and no <prosody pitch> (Polly rejects them); the words stay', async () => {
    const { answer } = await ring('ssml.vxml');
    const verbs = expectTwiml(answer);
    expect(verbs[0].attrs.voice).toMatch(/^Polly\..*-Neural$/);
    expect(answer.body).not.toContain('<emphasis');
    expect(answer.body).not.toContain('pitch=');
    expect(spokenText(answer.body)).toContain('Your flight departs at nine thirty.');
    expect(answer.body).toContain('<prosody rate="slow">');
  });
});
