/**
 * Pure mappings of the ACS adapter: DTMF tone names, RecognizeFailed subcodes, transfer failures,
 * play sources (text/SSML/file, 4,000-character split) and recognize options (ACS limits).
 */
import type { ListenAction, Prompt } from '../../contracts/platform';
import { inputOf, windowEnd } from '../../adapters/acs/interpret';
import { classifyPlayFailure, classifyRecognizeFailure, resultInfoForTransfer, transferFailureResult } from '../../adapters/acs/outcomes';
import { parseDestination } from '../../adapters/acs/plan';
import { MAX_TTS_CHARS, promptsToSources, sourcesAfterFailure, sourceText, splitText } from '../../adapters/acs/play-sources';
import { chooseMode, noinputTimeoutMs, recognizePlan } from '../../adapters/acs/recognize';
import { digitsToTones, toneToDigit, tonesToDigits } from '../../adapters/acs/tones';
import { restFailure } from '../../adapters/acs/operations';

const listen = (over: Partial<ListenAction> = {}): ListenAction => ({
  kind: 'listen',
  modes: ['dtmf'],
  grammars: [],
  timeoutMs: 5000,
  interdigitMs: 3000,
  termtimeoutMs: 0,
  completetimeoutMs: 0,
  incompletetimeoutMs: 0,
  maxspeechtimeoutMs: 0,
  termchar: '#',
  confidenceLevel: 0.5,
  bargein: true,
  lang: 'en-US',
  ...over,
});
const prompt = (segments: Prompt['segments'], lang = 'en-US'): Prompt => ({ segments, bargein: true, bargeintype: 'speech', lang });
const voices = (lang: string): string | undefined => ({ 'en-US': 'en-US-JennyNeural', 'fr-FR': 'fr-FR-DeniseNeural' })[lang];

describe('DTMF tone names', () => {
  test('every ACS tone name maps to its key and back', () => {
    const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'a', 'b', 'c', 'd', 'pound', 'asterisk'];
    expect(names.map(toneToDigit).join('')).toBe('0123456789ABCD#*');
    expect(digitsToTones('0123456789ABCD#*')).toEqual(names);
    expect(digitsToTones('abcd')).toEqual(['a', 'b', 'c', 'd']);
  });
  test('names are case-insensitive; unknown names are reported, not guessed', () => {
    expect(tonesToDigits(['One', 'POUND', 'flash', 'nine'])).toEqual({ digits: '1#9', unknown: ['flash'] });
    expect(() => digitsToTones('1x')).toThrow(/"x" is not a DTMF key/);
  });
});

describe('RecognizeFailed subcodes', () => {
  const classify = (subCode: number, modes: ListenAction['modes'] = ['dtmf', 'voice']) => classifyRecognizeFailure({ code: 400, subCode, message: 'm' }, modes);
  test('8510 initial silence → noinput', () => expect(classify(8510)).toEqual({ kind: 'event', event: { kind: 'noinput' } }));
  test('8532 inter-digit timeout and 8534 incorrect tone → nomatch (dtmf)', () => {
    expect(classify(8532)).toEqual({ kind: 'event', event: { kind: 'nomatch', inputmode: 'dtmf' } });
    expect(classify(8534)).toEqual({ kind: 'event', event: { kind: 'nomatch', inputmode: 'dtmf' } });
  });
  test('8547 phrase outside the choices and 8563 speech not recognized → nomatch (voice)', () => {
    expect(classify(8547)).toEqual({ kind: 'event', event: { kind: 'nomatch', inputmode: 'voice' } });
    expect(classify(8563)).toEqual({ kind: 'event', event: { kind: 'nomatch', inputmode: 'voice' } });
  });
  test('prompt failures retry with fallback content; 8508 is a cancellation; a gone call waits for CallDisconnected', () => {
    expect(classify(8511).kind).toBe('prompt-failed');
    expect(classify(8535).kind).toBe('prompt-failed');
    expect(classify(8536).kind).toBe('prompt-failed');
    expect(classify(8508).kind).toBe('canceled');
    expect(classify(8528).kind).toBe('call-gone');
  });
  test('Cognitive Services failures → error.noresource; bad request content → error.semantic', () => {
    for (const sub of [8565, 8564, 8567, 8570, 8512, 9999]) {
      const r = classify(sub);
      expect(r).toMatchObject({ kind: 'event', event: { kind: 'platform.error', event: 'error.noresource' } });
    }
    expect(classify(8523)).toMatchObject({ event: { kind: 'platform.error', event: 'error.semantic', message: 'ACS recognize failed (400/8523): m' } });
    expect(classifyPlayFailure({ code: 400, subCode: 8582 })).toMatchObject({ event: { event: 'error.semantic' } });
  });
  test('a record window: 8510 is noinput when speech watched it, maxtime when only DTMF timed it', () => {
    expect(windowEnd(8510, true)).toBe('noinput');
    expect(windowEnd(8510, false)).toBe('maxtime');
    expect(windowEnd(8508, true)).toBe('maxtime');
    expect(windowEnd(8563, true)).toBe('silence');
  });
});

describe('transfer outcomes', () => {
  test('SIP status first, then ACS subcode, then code', () => {
    expect(transferFailureResult({ sipCode: 486 })).toBe('busy');
    expect(transferFailureResult({ sipCode: 480, subCode: 8539 })).toBe('noanswer');
    expect(transferFailureResult({ subCode: 8540 })).toBe('busy');
    expect(transferFailureResult({ subCode: 8538 })).toBe('busy');
    expect(transferFailureResult({ subCode: 8541 })).toBe('noanswer');
    expect(transferFailureResult({ subCode: 8544 })).toBe('network_busy');
    expect(transferFailureResult({ code: 408 })).toBe('noanswer');
    expect(transferFailureResult({ code: 500, subCode: 9999 })).toBe('unknown');
  });
  test('the simulator reports each failure so that it maps back to itself', () => {
    for (const r of ['busy', 'noanswer', 'network_busy', 'unknown'] as const) expect(transferFailureResult(resultInfoForTransfer(r))).toBe(r);
  });
  test('destinations: tel:, bare numbers, raw ids; SIP URIs other than phone numbers are refused', () => {
    expect(parseDestination('tel:+1(800)555-0142')).toMatchObject({ ok: true, rawId: '4:+18005550142', display: 'tel:+18005550142', identifier: { phoneNumber: '+18005550142' } });
    expect(parseDestination('18005550142')).toMatchObject({ ok: true, rawId: '4:+18005550142' });
    expect(parseDestination('sip:+18005550142@carrier.example')).toMatchObject({ ok: true, rawId: '4:+18005550142' });
    expect(parseDestination('8:acs:resource_user')).toMatchObject({ ok: true, rawId: '8:acs:resource_user' });
    expect(parseDestination('sip:agent@pbx.example')).toEqual({ ok: false, reason: 'Call Automation cannot dial the SIP URI sip:agent@pbx.example' });
    expect(parseDestination('tel:12')).toMatchObject({ ok: false });
    // a local number the interpreter could not complete is refused, never dialled with its context dropped
    expect(parseDestination('tel:7042;phone-context=example.com')).toMatchObject({ ok: false, reason: expect.stringMatching(/local number \(phone-context example\.com\) with no global form/) });
    expect(parseDestination('tel:8005551212;phone-context=+1')).toMatchObject({ ok: true, rawId: '4:+18005551212' });
  });
});

describe('play sources', () => {
  test('plain text → TextSource with the voice of the prompt language', () => {
    const s = promptsToSources([prompt([{ kind: 'speak', text: 'Bonjour' }], 'fr-FR')], voices);
    expect(s).toEqual([{ source: { kind: 'textSource', text: 'Bonjour', sourceLocale: 'fr-FR', voiceName: 'fr-FR-DeniseNeural' } }]);
    expect(promptsToSources([prompt([{ kind: 'speak', text: 'Hallo' }], 'nl-NL')], voices)[0].source).toEqual({ kind: 'textSource', text: 'Hallo', sourceLocale: 'nl-NL' });
  });
  test('SSML markup and pauses → one SsmlSource wrapped in speak/voice', () => {
    const s = promptsToSources([prompt([{ kind: 'speak', text: 'Your code is 1 2 3', ssml: 'Your code is <say-as interpret-as="characters">123</say-as>' }, { kind: 'pause', ms: 500 }, { kind: 'speak', text: 'R&D' }])], voices);
    expect(s).toHaveLength(1);
    expect(s[0].source).toEqual({
      kind: 'ssmlSource',
      ssmlText:
        '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US"><voice name="en-US-JennyNeural">Your code is <say-as interpret-as="characters">123</say-as> <break time="500ms"/> R&amp;D</voice></speak>',
    });
    expect(sourceText(s[0].source)).toBe('Your code is 123 R&D');
  });
  test('audio → FileSource keeping its fallback; after a failure the fallback replaces the file', () => {
    const s = promptsToSources([prompt([{ kind: 'speak', text: 'Welcome' }, { kind: 'audio', url: 'https://apps.example/chime.wav', fallback: [{ kind: 'speak', text: 'ding' }] }, { kind: 'speak', text: 'to Acme' }])], voices);
    expect(s.map((x) => x.source.kind)).toEqual(['textSource', 'fileSource', 'textSource']);
    expect(s[1].fallback?.[0].source).toMatchObject({ kind: 'textSource', text: 'ding' });
    expect(sourcesAfterFailure(s, 1).map((x) => sourceText(x.source))).toEqual(['ding', 'to Acme']);
    expect(sourcesAfterFailure(s, undefined).map((x) => sourceText(x.source))).toEqual(['ding', 'to Acme']);
  });
  test('text longer than 4,000 characters is split at sentence ends into several sources', () => {
    const sentence = 'This is a fairly long sentence that keeps going for a while. ';
    const text = sentence.repeat(150).trim();
    const pieces = splitText(text);
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(MAX_TTS_CHARS);
    expect(pieces.every((p) => p.endsWith('.'))).toBe(true);
    expect(pieces.join(' ')).toBe(text);
    const sources = promptsToSources([prompt([{ kind: 'speak', text }])], voices);
    expect(sources).toHaveLength(pieces.length);
    const ssml = promptsToSources([prompt([{ kind: 'speak', text, ssml: text }, { kind: 'pause', ms: 100 }])], voices);
    for (const x of ssml) expect(x.source.kind === 'ssmlSource' && x.source.ssmlText.length).toBeLessThanOrEqual(MAX_TTS_CHARS);
  });
});

describe('recognize options', () => {
  const settings = { useChoices: false, defaultMaxTones: 20 };
  test('modes: dtmf, speech, speechOrDtmf; choices only when enabled and closed', () => {
    expect(chooseMode(listen(), settings)).toBe('dtmf');
    expect(chooseMode(listen({ modes: ['voice'] }), settings)).toBe('speech');
    expect(chooseMode(listen({ modes: ['dtmf', 'voice'] }), settings)).toBe('speechOrDtmf');
    const choices = [{ label: 'sales', phrases: ['sales'], tone: '1' }, { label: 'support', phrases: ['support'], tone: '2' }];
    expect(chooseMode(listen({ modes: ['voice'], choices }), settings)).toBe('speech');
    expect(chooseMode(listen({ modes: ['voice'], choices }), { ...settings, useChoices: true })).toBe('choices');
    expect(chooseMode(listen({ modes: ['dtmf', 'voice'], choices, maxDigits: 1 }), { ...settings, useChoices: true })).toBe('choices');
    expect(chooseMode(listen({ modes: ['dtmf', 'voice'], choices, maxDigits: 4 }), { ...settings, useChoices: true })).toBe('speechOrDtmf');
  });
  test('timeouts are clamped to ACS limits (20 s speech, 300 s DTMF, inter-tone 1..60 s) and reported', () => {
    const speech = recognizePlan(listen({ modes: ['voice'], timeoutMs: 45000 }), [], 45000, '3:recognize', settings);
    expect(speech.options).toMatchObject({ kind: 'callMediaRecognizeSpeechOptions', initialSilenceTimeoutInSeconds: 20, speechLanguage: 'en-US', operationContext: '3:recognize' });
    expect(speech.adjustments).toEqual(['initialSilenceTimeout 45s outside ACS range 1..20s: using 20s']);
    const dtmf = recognizePlan(listen({ timeoutMs: 400000, interdigitMs: 90000, maxDigits: 4 }), [], 400000, '1:recognize', settings);
    expect(dtmf.options).toMatchObject({ initialSilenceTimeoutInSeconds: 300, interToneTimeoutInSeconds: 60, maxTonesToCollect: 4, stopDtmfTones: ['pound'] });
    const zero = recognizePlan(listen({ timeoutMs: 0, termchar: '' }), [], 0, '1:recognize', settings);
    expect(zero.options).toMatchObject({ initialSilenceTimeoutInSeconds: 1, maxTonesToCollect: 20 });
    expect(zero.options).not.toHaveProperty('stopDtmfTones');
  });
  test('barge-in, end silence and the last prompt timeout', () => {
    const plan = recognizePlan(listen({ modes: ['dtmf', 'voice'], bargein: false, completetimeoutMs: 1500, maxDigits: 1 }), [{ kind: 'textSource', text: 'hi' }], 7000, '2:recognize', settings);
    expect(plan.options).toMatchObject({ kind: 'callMediaRecognizeSpeechOrDtmfOptions', interruptPrompt: false, endSilenceTimeoutInSeconds: 1.5, initialSilenceTimeoutInSeconds: 7, playPrompts: [{ kind: 'textSource', text: 'hi' }] });
    expect(noinputTimeoutMs(listen({ timeoutMs: 5000 }), [null, 9000, null])).toBe(9000);
    expect(noinputTimeoutMs(listen({ timeoutMs: 5000 }), [null])).toBe(5000);
  });
});

describe('RecognizeCompleted → caller input', () => {
  const base = { id: 'e1', type: 'RecognizeCompleted' as const };
  test('tones → digits without the trailing termchar (kept when it is all the caller pressed)', () => {
    expect(inputOf({ ...base, tones: ['one', 'two', 'pound'] }, listen()).event).toEqual({ kind: 'dtmf', digits: '12' });
    expect(inputOf({ ...base, tones: ['pound'] }, listen()).event).toEqual({ kind: 'dtmf', digits: '#' });
  });
  test('speech with confidence; empty speech is noinput', () => {
    expect(inputOf({ ...base, speech: { text: 'balance please', confidence: 0.82 } }, listen()).event).toEqual({ kind: 'speech', text: 'balance please', confidence: 0.82 });
    expect(inputOf({ ...base, speech: { text: ' ' } }, listen()).event).toEqual({ kind: 'noinput' });
  });
  test('choices: the phrase heard, or the key of a choice picked by DTMF', () => {
    const l = listen({ modes: ['dtmf', 'voice'], choices: [{ label: 'sales', phrases: ['sales', 'buy'], tone: '1' }] });
    expect(inputOf({ ...base, choice: { label: 'sales', phrase: 'buy', confidence: 0.7 } }, l).event).toEqual({ kind: 'speech', text: 'buy', confidence: 0.7 });
    expect(inputOf({ ...base, choice: { label: 'sales' } }, l).event).toEqual({ kind: 'dtmf', digits: '1' });
  });
});

describe('SDK failures', () => {
  test('status and ACS subcode from the error body (code, or DiagCode in the message)', () => {
    expect(restFailure({ statusCode: 400, message: 'Action is not supported.', details: { error: { code: '8528', message: 'Action is not supported.' } } })).toEqual({ status: 400, subCode: 8528, message: 'Action is not supported.' });
    expect(restFailure({ statusCode: 404, message: 'Call not found. DiagCode: 404#8522.@' })).toMatchObject({ status: 404, subCode: 8522 });
    expect(restFailure({ statusCode: 500, message: 'boom', details: { error: { code: 'InternalServerError' } } })).toEqual({ status: 500, subCode: undefined, message: 'boom' });
    expect(restFailure('plain')).toEqual({ message: 'plain' });
  });
});
