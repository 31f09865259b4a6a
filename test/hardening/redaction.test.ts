/**
 * What callers key in to sensitive fields — the railway sample's card_number, card_expiry and cvv, the mobile
 * sample's PIN — appears in no log line, no turn trace or recognition (the replay and call transcripts), no
 * turn report (metrics, the web console's live feed), while the back ends still receive it (the application
 * must be able to submit it). One mechanism does it all: the runtime's redaction boundary and the log format.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { SimDriver, SimRecordings } from '../../adapters/sim/index';
import { LiveCalls } from '../../adapters/web/live';
import {
  AppResolver,
  createLogger,
  createRuntime,
  FakeClock,
  formatOutcome,
  loadScript,
  parseConfig,
  Redactor,
  REDACTED,
  runScript,
  type CallRuntime,
  type TurnReport,
  type TurnResult,
} from '../../gateway/index';
import { startRecordingAppServer, type RecordingAppServer } from '../failover/recording-app-server';

const SAMPLES = path.join(__dirname, '..', '..', 'vxml-samples');
const SCRIPTS = [
  { file: path.join(SAMPLES, 'railway', 'replays', 'payment-declined-another-card.yaml'), secrets: ['4000000000000002', '5555555555554444', '1127', '0929', '321', '456'] },
  { file: path.join(SAMPLES, 'mobile', 'replays', 'en-pin-once-per-call.yaml'), secrets: ['1234'] },
  { file: path.join(SAMPLES, 'mobile', 'replays', 'en-pin-three-failures.yaml'), secrets: [] as string[] },
];

let apps: RecordingAppServer;
beforeAll(async () => {
  apps = await startRecordingAppServer();
});
afterAll(() => apps.close());

/** Every string (and number) anywhere in a JSON value. */
function leaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => leaves(v, out));
  return out;
}

/** Where a secret shows up: as a whole value, or inside text (long secrets only: short ones collide with counts). */
function leaks(where: string, values: string[], secrets: string[]): string[] {
  return values.flatMap((v) => secrets.filter((s) => v === s || v.replace(/\s+/g, '') === s || (s.length >= 8 && v.replace(/[\s-]/g, '').includes(s))).map((s) => `${where}: ${s} in ${JSON.stringify(v).slice(0, 120)}`));
}

function pinScriptSecrets(file: string): string[] {
  // The digits keyed in while the PIN subdialog listens (the steps after its prompt).
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/PIN[^\n]*\n\s*- dtmf: "(\d{4})"/g)].map((m) => m[1]);
}

test.each(SCRIPTS.map((s) => [path.relative(SAMPLES, s.file), s]))('%s: sensitive input is redacted everywhere but reaches the back end', async (_name, { file, secrets: listed }) => {
  const secrets = [...new Set([...listed, ...pinScriptSecrets(file)])];
  expect(secrets.length).toBeGreaterThan(0);
  const config = parseConfig({ log: { level: 'debug' } });
  const logText: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logText.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', stream, redactor: new Redactor({ words: config.redaction.words, fields: config.redaction.fields }) });
  const reports: TurnReport[] = [];
  // The web console's live feed, told to redact nothing itself: the runtime's boundary must have done it.
  const live = new LiveCalls({ clock: new FakeClock(), maxCalls: 10, linesPerCall: 500, endedRetentionMs: 60_000, sensitiveItems: /(?!)/ });
  const recordings = new SimRecordings();
  const runtime = createRuntime(config, { logger, recordings, observer: { turn: (r) => { reports.push(r); live.turn(r); } } });
  const results: TurnResult[] = [];
  const seen: CallRuntime = {
    start: async (c) => { const r = await runtime.start(c); results.push(r); return r; },
    handle: async (id, ev, o) => { const r = await runtime.handle(id, ev, o); results.push(r); return r; },
    has: (id) => runtime.has(id),
  };
  const driver = new SimDriver(seen, recordings);
  const resolver = new AppResolver(async () => ({ url: apps.url, close: async () => undefined }));
  const loaded = loadScript(file);
  const mark = apps.hits.length;
  const outcome = await runScript(loaded, await resolver.resolve(loaded.script.app, file), driver);
  await runtime.close();
  if (!outcome.passed) throw new Error(formatOutcome(outcome, false));

  const found = [
    ...leaks('log', logText.flatMap((l) => leaves(JSON.parse(l))), secrets),
    ...leaks('turn result', results.flatMap((r) => leaves({ recognition: r.recognition, trace: r.trace })), secrets),
    ...leaks('turn report', reports.flatMap((r) => leaves({ input: r.detail?.input, recognition: r.detail?.result.recognition, trace: r.detail?.result.trace })), secrets),
    ...leaks('live feed', live.list().flatMap((c) => leaves(live.lines(c.callId, 0)?.lines.map((l) => l.text))), secrets),
  ];
  expect(found).toEqual([]);
  // Redacted, not dropped: the turns that took sensitive input say so.
  expect(results.some((r) => r.recognition?.result?.utterance === REDACTED)).toBe(true);
  expect(live.list().flatMap((c) => live.lines(c.callId, 0)?.lines ?? []).some((l) => l.who === 'caller' && l.text.includes(REDACTED))).toBe(true);
  // Non-sensitive input is still shown (the menu choices).
  expect(results.some((r) => r.recognition?.result?.utterance === '1')).toBe(true);
  // The back end received what the caller keyed in.
  const submitted = apps.hits.slice(mark).map((h) => `${h.url} ${h.fields}`).join('\n');
  for (const s of listed.filter((x) => x.length >= 4)) expect(submitted).toContain(s);
});

describe('the Redactor', () => {
  const r = new Redactor({ words: ['pin', 'card', 'cvv', 'ssn', 'password', 'passcode', 'account'], fields: ['member_no'] });
  test.each([
    ['pin', true], ['user_pin', true], ['pinCode', true], ['cardNumber', true], ['card_number', true], ['creditcard', true], ['cvv2', true], ['SSN', true],
    ['accountNumber', true], ['passcode', true], ['member_no', true], ['shipping', false], ['opinion', false], ['spinach', false], ['flight', false], ['amount', false],
  ])('%s sensitive: %s', (name, sensitive) => {
    expect(r.isSensitive(name)).toBe(sensitive);
  });

  test('free text: sensitive query parameters, card-number-like runs (Luhn), known secrets', () => {
    expect(r.redactText('GET http://a/pay.jsp?card_number=4111111111111111&flight=AC12')).toBe(`GET http://a/pay.jsp?card_number=${REDACTED}&flight=AC12`);
    expect(r.redactText('card 4111 1111 1111 1111 declined; order 1234567890123')).toBe(`card ${REDACTED} declined; order 1234567890123`);
    expect(r.redactText('you said 9876', ['9876'])).toBe(`you said ${REDACTED}`);
  });

  test('platform identifiers with a Luhn-valid digit run inside them are left whole', () => {
    // 4111111111111111 passes the Luhn check; inside a CallSid or a GUID it is part of an identifier.
    const callSid = 'CA62bff4111111111111111ceeedd77';
    expect(r.redactText(`call ${callSid} ended`)).toBe(`call ${callSid} ended`);
    expect(r.redactValue({ callId: callSid })).toEqual({ callId: callSid });
    expect(r.redactText('card:4111111111111111, again 4111-1111-1111-1111.')).toBe(`card:${REDACTED}, again ${REDACTED}.`);
  });

  test('log values: sensitive keys hidden, nested objects walked', () => {
    expect(r.redactValue({ pin: '1234', uri: 'http://a/x?pin=1234', nested: { cvv: 321, ok: 'fine' } })).toEqual({ pin: REDACTED, uri: `http://a/x?pin=${REDACTED}`, nested: { cvv: REDACTED, ok: 'fine' } });
  });
});
