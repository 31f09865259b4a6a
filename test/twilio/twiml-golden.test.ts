/**
 * Golden TwiML: the exact document each representative turn renders to (test/twilio/golden/<case>.xml).
 * Regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PlatformAction, Prompt } from '../../contracts/platform';
import { renderApology, renderTurn } from '../../adapters/twilio/twiml';
import { VoiceBook } from '../../adapters/twilio/voices';
import { DEFAULT_VOICES } from '../../adapters/twilio/config';
import { listen, say } from './fake-runtime';

const voices = new VoiceBook('en-US', 'Polly.Joanna-Neural', { 'fr-FR': 'Polly.Remi-Neural' }, DEFAULT_VOICES);
const GOLDEN = path.join(__dirname, 'golden');

function prompt(segments: Prompt['segments'], over: Partial<Prompt> = {}): PlatformAction {
  return { kind: 'play', prompts: [{ segments, bargein: true, bargeintype: 'speech', lang: 'en-US', ...over }] };
}

const playable = new Set(['https://apps.example.com/audio/welcome.wav']);

const cases: Record<string, { actions: PlatformAction[]; turn?: number; speechModel?: string }> = {
  // A menu: a welcome that may not be interrupted, then the options inside the Gather (barge-in), DTMF + speech.
  'menu-dtmf-speech': {
    actions: [
      say('Welcome to Acme Air.', { bargein: false }),
      say('For flight status, press 1 or say flight status. For bookings, press 2.'),
      listen({ maxDigits: 1, termchar: '', hints: ['flight status', 'bookings', 'agent, please'] }),
    ],
    turn: 1,
  },
  // Digits only: numDigits from the grammar bound, finishOnKey, interdigit timeout longer than the noinput one.
  'digits-termchar': {
    actions: [say('Please enter your six digit confirmation code, then press pound.'), listen({ modes: ['dtmf'], maxDigits: 6, timeoutMs: 4000, interdigitMs: 6000 })],
    turn: 3,
  },
  // Speech only, French, prompt timeout overriding the field timeout, a speech model configured.
  'speech-french': {
    actions: [say('Quelle ville?', { lang: 'fr-FR', timeoutMs: 8000 }), listen({ modes: ['voice'], lang: 'fr-fr', completetimeoutMs: 2000, hints: ['Paris', 'Lyon'] })],
    turn: 2,
    speechModel: 'phone_call',
  },
  // SSML the voice supports is kept (Polly neural: no <emphasis>); unsupported markup is unwrapped; a break between runs; a language switch.
  ssml: {
    actions: [
      prompt([
        {
          kind: 'speak',
          text: 'Your flight AA 123 leaves at 9:30. Really.',
          ssml: 'Your flight <say-as interpret-as="characters">AA</say-as> <emphasis level="strong">123</emphasis> <voice name="x">leaves</voice> at <prosody rate="slow" bogus="1">9:30</prosody>.<mark name="m1"/> <sub alias="Really">Rly</sub>.',
        },
        { kind: 'pause', ms: 750 },
        { kind: 'speak', text: 'Bon voyage!', lang: 'fr-FR' },
      ]),
      { kind: 'hangup', reason: 'exit' },
    ],
  },
  // Audio: playable file → <Play>; unplayable with fallback → the fallback as <Say>; no fallback → <Play> anyway.
  audio: {
    actions: [
      prompt([
        { kind: 'audio', url: 'https://apps.example.com/audio/welcome.wav', fallback: [{ kind: 'speak', text: 'Welcome.' }] },
        { kind: 'audio', url: 'https://apps.example.com/audio/missing.wav', fallback: [{ kind: 'speak', text: 'Thanks for calling.' }] },
        { kind: 'audio', url: 'https://apps.example.com/audio/chime.wav', fallback: [] },
        { kind: 'pause', ms: 2000 },
      ]),
      listen({ modes: ['dtmf'], maxDigits: 1 }),
    ],
    turn: 1,
  },
  record: {
    actions: [say('Record your message after the beep. Press any key when done.', { bargein: false }), { kind: 'record', maxMs: 60000, finalSilenceMs: 3000, beep: true, dtmfterm: true, timeoutMs: 5000, type: 'audio/wav' }],
    turn: 5,
  },
  'record-no-dtmfterm': {
    actions: [{ kind: 'record', maxMs: 0, finalSilenceMs: 1500, beep: false, dtmfterm: false, timeoutMs: 5000 }],
    turn: 6,
  },
  'transfer-bridge': {
    actions: [say('Please hold while I transfer your call.', { bargein: false }), { kind: 'transfer', dest: 'tel:+1-800-555-0199', type: 'bridge', connectTimeoutMs: 20000, maxMs: 1800000 }],
    turn: 4,
  },
  'transfer-blind-sip': {
    actions: [{ kind: 'transfer', dest: 'sip:agents@pbx.example.com', type: 'blind', connectTimeoutMs: 30000, maxMs: 0 }],
    turn: 4,
  },
  'transfer-consultation-postd': {
    actions: [{ kind: 'transfer', dest: 'tel:+18005550100;postd=pp123#', type: 'consultation', connectTimeoutMs: 2000, maxMs: 0 }],
    turn: 4,
  },
  goodbye: {
    actions: [say('Thank you for calling. Goodbye.'), { kind: 'hangup', reason: 'exit' }],
  },
};

function check(name: string, actual: string): void {
  const file = path.join(GOLDEN, `${name}.xml`);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual + '\n');
  expect(actual + '\n').toBe(fs.readFileSync(file, 'utf8'));
}

describe('golden TwiML', () => {
  for (const [name, c] of Object.entries(cases)) {
    test(name, () => {
      const rendered = renderTurn(c.actions, { turn: c.turn ?? 1, voices, playable: (u) => playable.has(u), speechModel: c.speechModel });
      check(name, rendered.twiml);
    });
  }

  test('apology', () => {
    check('apology', renderApology('We are sorry, this call cannot be continued. Goodbye.', voices));
  });

  test('a destination Twilio cannot dial renders nothing and says why', () => {
    const rendered = renderTurn([say('Transferring.'), { kind: 'transfer', dest: 'tel:call-me-maybe', type: 'bridge', connectTimeoutMs: 20000, maxMs: 0 }], { turn: 1, voices, playable: () => true });
    expect(rendered.terminal).toEqual({ kind: 'baddestination', dest: 'tel:call-me-maybe', reason: expect.stringContaining('not a telephone number') });
  });
});
