/** Small pieces of the Twilio mapping: audio playability, SSML reduction, transfer destinations, hints, events. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAudioProbe } from '../../adapters/twilio/audio-probe';
import { parseSsml } from '../../adapters/twilio/ssml';
import { parseDestination } from '../../adapters/twilio/destination';
import { formatHints, renderTurn } from '../../adapters/twilio/twiml';
import { RenderCache } from '../../adapters/twilio/render-cache';
import { VoiceBook } from '../../adapters/twilio/voices';
import { DEFAULT_VOICES } from '../../adapters/twilio/config';
import type { PlatformAction } from '../../contracts/platform';
import { listen, say } from './fake-runtime';
import { gatherEvent } from '../../adapters/twilio/events';
import { retryUrl } from '../../adapters/twilio/routes';

describe('audio probe', () => {
  let server: http.Server;
  let origin: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/ok.wav') res.writeHead(200, { 'Content-Type': 'audio/wav' }).end();
      else if (req.url === '/page.wav') res.writeHead(200, { 'Content-Type': 'text/html' }).end();
      else if (req.url === '/nohead.wav') res.writeHead(req.method === 'HEAD' ? 405 : 206, { 'Content-Type': 'audio/wav' }).end('x');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('checks configured origins, caches verdicts, leaves other hosts to Twilio', async () => {
    const probe = createAudioProbe({ probeOrigins: (o) => o === origin });
    expect(await probe.playable(`${origin}/ok.wav`)).toBe(true);
    expect(await probe.playable(`${origin}/missing.wav`)).toBe(false);
    expect(await probe.playable(`${origin}/page.wav`)).toBe(false);
    expect(await probe.playable(`${origin}/nohead.wav`)).toBe(true);
    expect(await probe.playable(`${origin}/ok.wav`)).toBe(true);
    expect(requests.filter((r) => r.endsWith('/ok.wav'))).toEqual(['HEAD /ok.wav']);
    expect(requests).toContain('GET /nohead.wav');
    expect(await probe.playable('https://cdn.example.com/prompt.wav')).toBe(true);
    expect(await probe.playable('file:///srv/ivr/audio/hello.wav')).toBe(false);
    expect(await probe.playable('not a url')).toBe(false);
  });
});

describe('SSML for <Say>', () => {
  test('keeps the supported subset with valid attributes, unwraps the rest', () => {
    expect(parseSsml('a <emphasis level="loud">b</emphasis> <voice gender="female"><s>c</s></voice><break time="2s" strength="huge"/>')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'element', name: 'emphasis', attrs: {}, children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' ' },
      { kind: 'element', name: 's', attrs: {}, children: [{ kind: 'text', text: 'c' }] },
      { kind: 'element', name: 'break', attrs: { time: '2s' }, children: [] },
    ]);
    expect(parseSsml('<lang xml:lang="fr-FR">bonjour</lang> <amazon:effect name="whispered">psst</amazon:effect><desc>silent</desc>')).toEqual([
      { kind: 'element', name: 'lang', attrs: { 'xml:lang': 'fr-FR' }, children: [{ kind: 'text', text: 'bonjour' }] },
      { kind: 'text', text: ' ' },
      { kind: 'text', text: 'psst' },
    ]);
  });

  test('markup that does not parse is spoken as plain text', () => {
    expect(parseSsml('<emphasis>unclosed')).toBeNull();
  });
});

describe('transfer destinations', () => {
  test.each([
    ['tel:+1-800-555-0199', { kind: 'number', number: '+18005550199' }],
    ['(800) 555 0199', { kind: 'number', number: '8005550199' }],
    ['tel:+18005550100;postd=pp123#', { kind: 'number', number: '+18005550100', sendDigits: 'ww123#' }],
    ['sip:agent@pbx.example.com;transport=tls', { kind: 'sip', uri: 'sip:agent@pbx.example.com;transport=tls' }],
    ['client:desk_7', { kind: 'client', identity: 'desk_7' }],
  ])('%s', (dest, target) => {
    expect(parseDestination(dest)).toEqual({ ok: true, target });
  });

  test.each(['tel:operator', '', 'mailto:a@b.c', 'sip:a b@c', 'tel:7042;phone-context=example.com', 'tel:863-1234;phone-context=+1-914-555'])('%s is refused', (dest) => {
    expect(parseDestination(dest).ok).toBe(false);
  });

  test('a local number with no global form says why Twilio cannot dial it', () => {
    expect(parseDestination('tel:7042;phone-context=example.com')).toEqual({ ok: false, reason: '"tel:7042;phone-context=example.com" is a local number (phone-context example.com) with no global form: Twilio dials global numbers (tel:+…) and SIP URIs' });
  });
});

test('hints are bounded as Twilio documents: ≤ 500 entries of ≤ 100 characters, no commas inside', () => {
  expect(formatHints(['a,b', '  c  ', 'c', 'x'.repeat(101)])).toBe('a b, c');
  expect(formatHints(Array.from({ length: 600 }, (_, i) => `h${i}`))?.split(', ')).toHaveLength(500);
  expect(formatHints([])).toBeUndefined();
});

test('Gather parameters as events', () => {
  const base = { CallSid: 'CA' + '0'.repeat(32), AccountSid: 'AC' + '0'.repeat(32) };
  expect(gatherEvent({ ...base, Digits: '12w3' })).toEqual({ kind: 'dtmf', digits: '123' });
  expect(gatherEvent({ ...base, SpeechResult: ' two tickets ' })).toEqual({ kind: 'speech', text: 'two tickets', confidence: 1 });
  expect(gatherEvent({ ...base, Digits: '', SpeechResult: '' })).toEqual({ kind: 'noinput' });
});

test('retry URLs count up and stop', () => {
  expect(retryUrl('/gather?turn=3')).toBe('gather?turn=3&retry=1');
  expect(retryUrl('/voice?app=https%3A%2F%2Fa.example.com%2Fm.vxml&retry=2')).toBe('voice?app=https%3A%2F%2Fa.example.com%2Fm.vxml&retry=3');
  expect(retryUrl('/dial?turn=1&type=bridge&retry=3')).toBeUndefined();
});

test('a cached turn gets its own turn number in every callback URL', () => {
  const voices = new VoiceBook('en-US', 'Polly.Joanna-Neural', {}, DEFAULT_VOICES);
  const cache = new RenderCache({ voices }, 2);
  const record: PlatformAction[] = [say('Speak now.'), { kind: 'record', maxMs: 10000, finalSilenceMs: 2000, beep: true, dtmfterm: true, timeoutMs: 5000 }];
  const first = cache.render(record, 4, new Map());
  const again = cache.render(record, 12, new Map());
  expect(first.twiml).toBe(renderTurn(record, { turn: 4, voices, playable: () => true }).twiml);
  expect(again.twiml).toBe(renderTurn(record, { turn: 12, voices, playable: () => true }).twiml);
  expect(again.twiml).toContain('record?turn=12&amp;max=10');
  expect(again.twiml).toContain('record?turn=12&amp;empty=1');
  // Audio verdicts are part of what was rendered.
  const audio: PlatformAction[] = [{ kind: 'play', prompts: [{ segments: [{ kind: 'audio', url: 'https://a.example.com/x.wav', fallback: [{ kind: 'speak', text: 'Hello.' }] }], bargein: true, bargeintype: 'speech', lang: 'en-US' }] }, listen()];
  expect(cache.render(audio, 1, new Map([['https://a.example.com/x.wav', true]])).twiml).toContain('<Play>');
  expect(cache.render(audio, 1, new Map([['https://a.example.com/x.wav', false]])).twiml).toContain('Hello.</Say>');
});
