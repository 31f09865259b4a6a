/**
 * The capability table is complete (every VoiceXML 2.1 element and property has an entry), well formed (a
 * note wherever something is not plainly `works`, every case's example triggers its case), and agrees with
 * what the adapters actually do — the numbers and the SSML below are taken from the adapters' own functions.
 */
import { CAPABILITIES, capability, evaluate, PLATFORMS, type UseFacts } from '../../gateway/assess/capabilities';
import * as C from '../../gateway/assess/capabilities';
import { ELEMENTS, KNOWN_PROPERTIES } from '../../gateway/compiler/schema';
import { renderTurn } from '../../adapters/twilio/twiml';
import { adaptSsml, parseSsml, ssmlProfile } from '../../adapters/twilio/ssml';
import { VoiceBook } from '../../adapters/twilio/voices';
import { parseDestination as twilioDestination } from '../../adapters/twilio/destination';
import { recognizePlan } from '../../adapters/acs/recognize';
import { parseDestination as acsDestination } from '../../adapters/acs/plan';
import { recordWindowOptions } from '../../adapters/acs/operations';
import type { ListenAction, PlatformAction } from '../../contracts/platform';
import type { PendingStep } from '../../adapters/acs/state';

describe('the capability table', () => {
  test('every VoiceXML 2.1 element and property has an entry', () => {
    const elements = Object.keys(ELEMENTS).filter((e) => !e.includes('#'));
    expect(elements.filter((e) => !capability(`element:${e}`))).toEqual([]);
    expect([...KNOWN_PROPERTIES].filter((p) => !capability(`property:${p}`))).toEqual([]);
  });

  test('keys are unique; whatever is not plainly "works" says what happens instead', () => {
    expect(new Set(CAPABILITIES.map((c) => c.key)).size).toBe(CAPABILITIES.length);
    for (const c of CAPABILITIES) {
      for (const p of PLATFORMS) {
        const s = c[p];
        if (s.status !== 'works') expect({ key: c.key, platform: p, note: typeof s.note === 'string' && s.note.length > 10 }).toEqual({ key: c.key, platform: p, note: true });
        for (const k of s.cases ?? []) {
          expect({ key: c.key, when: k.when, applies: k.applies(k.example) }).toEqual({ key: c.key, when: k.when, applies: true });
          expect(evaluate(c, p, k.example).status).toBe(k.status);
        }
      }
    }
  });
});

// ------------------------------------------------------------------ against the adapters

const listen = (over: Partial<ListenAction>): ListenAction => ({
  kind: 'listen', modes: ['dtmf', 'voice'], grammars: [], timeoutMs: 5000, interdigitMs: 3000, termtimeoutMs: 0, completetimeoutMs: 1000,
  incompletetimeoutMs: 1500, maxspeechtimeoutMs: 60000, termchar: '#', confidenceLevel: 0.5, bargein: true, lang: 'en-US', ...over,
});

function twiml(actions: PlatformAction[]): string {
  return renderTurn(actions, { turn: 1, voices: new VoiceBook('en-US', 'Polly.Joanna-Neural', {}, {}), playable: () => true }).twiml;
}

const facts = (element: string, value: string, attrs: Record<string, string> = {}): UseFacts => ({ element, value, attrs });
const noteOf = (key: string, platform: 'twilio' | 'acs', f: UseFacts): string => evaluate(capability(key)!, platform, f).note ?? '';

describe('Twilio, as adapters/twilio renders it', () => {
  test('Gather timeouts are whole seconds, rounded up', () => {
    expect(twiml([listen({ timeoutMs: 2500, maxDigits: 1 })])).toMatch(/timeout="3"/);
    expect(noteOf('property:timeout', 'twilio', facts('property', '2.5s'))).toMatch(/2\.5s → 3 s/);
  });

  test('one timeout for the first key and between keys', () => {
    expect(twiml([listen({ timeoutMs: 2000, interdigitMs: 5000 })])).toMatch(/timeout="5"/);
    expect(capability('property:interdigittimeout')!.twilio.status).toBe('differs');
  });

  test('speechTimeout in whole seconds; maxSpeechTime at most 60 s', () => {
    const t = twiml([listen({ completetimeoutMs: 800, maxspeechtimeoutMs: 90000 })]);
    expect(t).toMatch(/speechTimeout="1"/);
    expect(t).toMatch(new RegExp(`maxSpeechTime="${C.TWILIO_MAX_SPEECH_S}"`));
    expect(noteOf('property:maxspeechtimeout', 'twilio', facts('property', '90s'))).toMatch(/90s → 60 s/);
  });

  test('Dial timeout between 5 and 600 s', () => {
    const dial = (ms: number): string => twiml([{ kind: 'transfer', dest: 'tel:+15551230000', type: 'bridge', connectTimeoutMs: ms, maxMs: 0 }]);
    expect(dial(3000)).toMatch(new RegExp(`timeout="${C.TWILIO_DIAL_TIMEOUT_MIN_S}"`));
    expect(dial(900000)).toMatch(new RegExp(`timeout="${C.TWILIO_DIAL_TIMEOUT_MAX_S}"`));
  });

  test('SSML: unsupported values dropped, <voice> and <paragraph> unwrapped, <mark> silent', () => {
    expect(JSON.stringify(parseSsml('<prosody rate="+10%">x</prosody>'))).not.toMatch(/rate/);
    expect(JSON.stringify(parseSsml('<prosody rate="slow">x</prosody>'))).toMatch(/rate/);
    expect(noteOf('attribute:prosody@rate', 'twilio', facts('prosody', '+10%'))).toMatch(/dropped/);
    expect(evaluate(capability('attribute:prosody@rate')!, 'twilio', facts('prosody', 'slow')).status).toBe('works');
    for (const tag of ['voice', 'paragraph', 'sentence']) {
      expect(JSON.stringify(parseSsml(`<${tag}>x</${tag}>`))).toBe(JSON.stringify([{ kind: 'text', text: 'x' }]));
      expect(capability(`element:${tag}`)!.twilio.status).toBe('differs');
    }
    expect(parseSsml('<mark name="a"/>')).toEqual([]);
  });

  test('Polly neural voices (the default): no <emphasis>, no pitch, rate 20–200 %', () => {
    const neural = ssmlProfile('Polly.Joanna-Neural');
    expect(neural).toBe('polly-neural');
    expect(JSON.stringify(adaptSsml(parseSsml('<emphasis level="strong">x</emphasis>')!, neural))).toBe(JSON.stringify([{ kind: 'text', text: 'x' }]));
    expect(JSON.stringify(adaptSsml(parseSsml('<prosody pitch="high" rate="300%">x</prosody>')!, neural))).toBe(JSON.stringify([{ kind: 'element', name: 'prosody', attrs: { rate: '200%' }, children: [{ kind: 'text', text: 'x' }] }]));
    expect(capability('element:emphasis')!.twilio.status).toBe('differs');
    expect(capability('attribute:prosody@pitch')!.twilio.status).toBe('differs');
    expect(noteOf('attribute:prosody@rate', 'twilio', facts('prosody', '300%'))).toMatch(/rate="300%" → 200%/);
  });

  test('Record and Dial limits at most 4 hours', () => {
    const rec = twiml([{ kind: 'record', maxMs: 18_000_000, finalSilenceMs: 2000, beep: true, dtmfterm: true, timeoutMs: 5000 }]);
    expect(rec).toMatch(new RegExp(`maxLength="${C.TWILIO_MAX_SECONDS}"`));
    expect(noteOf('attribute:record@maxtime', 'twilio', facts('record', '18000s'))).toMatch(/18000s → 14400 s/);
  });

  test('SIP destinations are dialled', () => {
    expect(twilioDestination('sip:agent@pbx.example.com').ok).toBe(true);
    expect(evaluate(capability('attribute:transfer@dest')!, 'twilio', facts('transfer', 'sip:agent@pbx.example.com')).status).toBe('works');
  });
});

describe('ACS, as adapters/acs plans it', () => {
  const plan = (l: ListenAction, noinputMs: number) => recognizePlan(l, [], noinputMs, 'ctx', { useChoices: false, defaultMaxTones: 20 }).options as { initialSilenceTimeoutInSeconds?: number; interToneTimeoutInSeconds?: number; interruptPrompt?: boolean };

  test('initial silence: at most 20 s with speech, 300 s for keys only, whole seconds', () => {
    expect(plan(listen({}), 25000).initialSilenceTimeoutInSeconds).toBe(C.ACS_SPEECH_SILENCE_MAX_S);
    expect(plan(listen({ modes: ['dtmf'] }), 400000).initialSilenceTimeoutInSeconds).toBe(C.ACS_DTMF_SILENCE_MAX_S);
    expect(plan(listen({ modes: ['dtmf'] }), 2500).initialSilenceTimeoutInSeconds).toBe(3);
    expect(noteOf('property:timeout', 'acs', facts('property', '25s'))).toMatch(/capped at 20 s: 25s → 20 s/);
    expect(noteOf('property:timeout', 'acs', facts('property', '400s'))).toMatch(/400s → 300 s/);
  });

  test('inter-tone timeout at most 60 s', () => {
    expect(plan(listen({ modes: ['dtmf'], interdigitMs: 90000 }), 5000).interToneTimeoutInSeconds).toBe(C.ACS_INTERTONE_MAX_S);
    expect(noteOf('property:interdigittimeout', 'acs', facts('property', '90s'))).toMatch(/90s → 60 s/);
  });

  test('one interruptPrompt per recognize: the listen barge-in (the last prompt) decides', () => {
    expect(plan(listen({ bargein: false }), 5000).interruptPrompt).toBe(false);
    expect(noteOf('attribute:prompt@bargein', 'acs', facts('prompt', 'false'))).toMatch(/one interruptPrompt/);
  });

  test('SIP URIs cannot be dialled; numbers without + are taken as international digits', () => {
    expect(acsDestination('sip:agent@pbx.example.com').ok).toBe(false);
    expect(evaluate(capability('attribute:transfer@dest')!, 'acs', facts('transfer', 'sip:agent@pbx.example.com')).status).toBe('unsupported');
    const bare = acsDestination('8005550142');
    expect(bare.ok && bare.rawId).toBe('4:+8005550142');
    expect(noteOf('attribute:transfer@dest', 'acs', facts('transfer', '8005550142'))).toMatch(/\+8005550142/);
  });

  test('a record window without speech recognition is a keypad wait of at most 300 s', () => {
    const step = { turn: 1, op: 'recwindow', context: 'c', attempt: 0, record: { maxMs: 600000, timeoutMs: 5000, finalSilenceMs: 1000, dtmfterm: true } } as unknown as PendingStep;
    expect((recordWindowOptions(step, false) as { initialSilenceTimeoutInSeconds: number }).initialSilenceTimeoutInSeconds).toBe(C.ACS_DTMF_SILENCE_MAX_S);
    expect(noteOf('attribute:record@maxtime', 'acs', facts('record', '600s'))).toMatch(/600s → 300 s/);
  });
});
