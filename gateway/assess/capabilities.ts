/**
 * What each VoiceXML element, attribute, property and feature becomes on each target platform — the ONE
 * place this knowledge lives. `assess` evaluates every use in a document against it, and
 * docs/compatibility.md is generated from it (`npm run docs:compat`).
 *
 * Derived from what the adapters actually do (adapters/twilio/twiml.ts, ssml.ts, events.ts, destination.ts;
 * adapters/acs/plan.ts, recognize.ts, operations.ts, play-sources.ts) and from what the interpreter honours;
 * test/assess/capabilities-vs-adapters.test.ts checks the numbers against the adapters. When an adapter
 * changes what it does, change the entry here in the same commit.
 *
 * Status: `works` (same behaviour; a note may say how), `differs` (runs, but the caller or the application
 * notices a difference — the note says which, concretely), `unsupported` (a blocker: the behaviour is lost or
 * the document fails at run time). Value-dependent differences are `cases`, tried in order.
 */
import { GSL_GRAMMAR_TYPES, JSGF_GRAMMAR_TYPES, SRGS_GRAMMAR_TYPES } from '../../contracts/grammar';
import { parseTimeMs } from '../interpreter/time';

export const PLATFORMS = ['twilio', 'acs'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = { twilio: 'Twilio', acs: 'ACS' };

export type SupportStatus = 'works' | 'differs' | 'unsupported';
export type CapabilityKind = 'element' | 'attribute' | 'property' | 'feature';
export type Family = 'structure' | 'prompts' | 'input' | 'record' | 'transfer' | 'fetching' | 'vendor';

export const FAMILY_TITLES: Readonly<Record<Family, string>> = {
  structure: 'Documents, dialogs and executable content',
  prompts: 'Prompts, audio and SSML',
  input: 'Input: grammars, DTMF, speech and their timing',
  record: 'Recording',
  transfer: 'Transfer',
  fetching: 'Fetching and caching',
  vendor: 'Vendor extensions and non-standard features',
};

/** What is known about one use: the value as written and the element's other attributes. */
export interface UseFacts {
  element: string;
  value?: string;
  attrs: Readonly<Record<string, string>>;
}

export interface SupportCase {
  /** When the case applies, in words (docs). */
  when: string;
  applies: (f: UseFacts) => boolean;
  status: SupportStatus;
  note: (f: UseFacts) => string;
  /** A use the docs show the note for. */
  example: UseFacts;
}

export interface Support {
  status: SupportStatus;
  /** Required unless `works`: what happens instead, concretely. */
  note?: string;
  cases?: SupportCase[];
}

export interface Capability {
  /** `element:record`, `attribute:prompt@bargeintype`, `property:timeout`, `feature:speech-recognition`. */
  key: string;
  kind: CapabilityKind;
  /** As shown: `<record>`, `<prompt bargeintype>`, `property timeout`, `speech recognition`. */
  name: string;
  family: Family;
  what: string;
  twilio: Support;
  acs: Support;
}

// ------------------------------------------------------------------ numbers the adapters apply

/** ACS initialSilenceTimeoutInSeconds ranges (adapters/acs/recognize.ts). */
export const ACS_SPEECH_SILENCE_MAX_S = 20;
export const ACS_DTMF_SILENCE_MAX_S = 300;
export const ACS_INTERTONE_MAX_S = 60;
/** ACS addParticipant invitationTimeoutInSeconds range (adapters/acs/operations.ts). */
export const ACS_INVITATION_MAX_S = 180;
/** Twilio <Dial timeout> bounds the adapter applies, and <Gather maxSpeechTime> ceiling. */
export const TWILIO_DIAL_TIMEOUT_MIN_S = 5;
export const TWILIO_DIAL_TIMEOUT_MAX_S = 600;
export const TWILIO_MAX_SPEECH_S = 60;
/** Twilio's ceiling for <Record maxLength> and <Dial timeLimit>. */
export const TWILIO_MAX_SECONDS = 14_400;
/** Twilio waits this long for a webhook answer before using the fallback URL. */
export const TWILIO_WEBHOOK_TIMEOUT_S = 15;
/** Hints the runtime gives a listen at most, and the phrases under which a voice set may become ACS choices. */
export const MAX_HINTS = 100;
export const MAX_CHOICE_PHRASES = 30;

// ------------------------------------------------------------------ helpers for the entries

const ms = (f: UseFacts): number | undefined => parseTimeMs(f.value);
const wholeS = (f: UseFacts): number => Math.max(1, Math.ceil((ms(f) ?? 0) / 1000));
const fractional = (f: UseFacts): boolean => {
  const v = ms(f);
  return v !== undefined && v % 1000 !== 0;
};
const over = (limitS: number) => (f: UseFacts): boolean => (ms(f) ?? 0) > limitS * 1000;
const under = (limitS: number) => (f: UseFacts): boolean => {
  const v = ms(f);
  return v !== undefined && v < limitS * 1000;
};
const ex = (element: string, value: string, attrs: Record<string, string> = {}): UseFacts => ({ element, value, attrs });

const works = (note?: string, cases?: SupportCase[]): Support => ({ status: 'works', ...(note ? { note } : {}), ...(cases ? { cases } : {}) });
const differs = (note: string, cases?: SupportCase[]): Support => ({ status: 'differs', note, ...(cases ? { cases } : {}) });
const unsupported = (note: string): Support => ({ status: 'unsupported', note });
const same = (s: Support): { twilio: Support; acs: Support } => ({ twilio: s, acs: s });

function wholeSeconds(what: string, element: string, sample = '2.5s'): SupportCase {
  return {
    when: 'the value is not a whole number of seconds',
    applies: fractional,
    status: 'differs',
    note: (f) => `${what} is whole seconds: ${f.value} → ${wholeS(f)} s`,
    example: ex(element, sample),
  };
}

function cap(what: string, element: string, limitS: number, sample: string, note: (f: UseFacts) => string): SupportCase {
  return { when: `the value is over ${limitS} s`, applies: over(limitS), status: 'differs', note, example: ex(element, sample) };
}

const entries: Capability[] = [];
function add(key: string, name: string, family: Family, what: string, support: { twilio: Support; acs: Support }): void {
  const kind = key.slice(0, key.indexOf(':')) as CapabilityKind;
  entries.push({ key, kind, name, family, what, ...support });
}
/** The cases of an entry already declared (to add one). */
function capabilityCases(key: string, platform: Platform): SupportCase[] {
  const c = entries.find((e) => e.key === key);
  if (!c) throw new Error(`capabilities: no entry ${key}`);
  c[platform].cases ??= [];
  return c[platform].cases as SupportCase[];
}
const el = (name: string, family: Family, what: string, support: { twilio: Support; acs: Support } = same(works())): void =>
  add(`element:${name}`, `<${name}>`, family, what, support);
const at = (element: string, attr: string, family: Family, what: string, support: { twilio: Support; acs: Support }): void =>
  add(`attribute:${element}@${attr}`, element === '*' ? `<… ${attr}>` : `<${element} ${attr}>`, family, what, support);
const prop = (name: string, family: Family, what: string, support: { twilio: Support; acs: Support }): void =>
  add(`property:${name}`, `property ${name}`, family, what, support);
const feature = (id: string, name: string, family: Family, what: string, support: { twilio: Support; acs: Support }): void =>
  add(`feature:${id}`, name, family, what, support);

// ================================================================== structure and executable content

const STRUCTURE: [string, string][] = [
  ['vxml', 'a VoiceXML document'], ['meta', 'document metadata (name/content, http-equiv)'], ['metadata', 'RDF metadata'],
  ['var', 'declares a variable'], ['form', 'a dialog of form items'], ['menu', 'a dialog of choices'],
  ['choice', 'one menu choice'], ['field', 'collects one input'], ['option', 'one value of a field'],
  ['block', 'executable content run once'], ['initial', 'mixed-initiative opening of a form'],
  ['subdialog', 'calls another dialog like a function'], ['filled', 'runs when form items are filled'],
  ['catch', 'handles events'], ['error', 'handles error.*'], ['help', 'handles help'], ['noinput', 'handles noinput'],
  ['nomatch', 'handles nomatch'], ['link', 'a grammar active in its scope that jumps or throws'],
  ['grammar', 'a grammar (inline SRGS or src)'], ['property', 'sets a platform property'], ['param', 'a subdialog or object parameter'],
  ['value', 'inserts an expression value'], ['enumerate', 'reads the choices or options'], ['assign', 'assigns a variable'],
  ['clear', 'resets form items'], ['if', 'conditional'], ['elseif', 'conditional branch'], ['else', 'conditional branch'],
  ['goto', 'goes to a dialog, item or document'], ['submit', 'sends variables to a server and runs the answer'],
  ['return', 'returns from a subdialog'], ['throw', 'throws an event'], ['reprompt', 'plays the prompts again'],
  ['foreach', 'iterates over an array (VoiceXML 2.1)'],
];
for (const [name, what] of STRUCTURE) el(name, 'structure', what);
el('script', 'structure', 'ECMAScript code (inline or src)',
  same(works('runs in the gateway sandbox (node:vm, modern ECMAScript, a superset of the ES3/ES5 the legacy browsers ran); a script that runs too long raises error.semantic')));
el('data', 'structure', 'fetches XML for scripts (VoiceXML 2.1)', same(works('fetched by the gateway; scripts see a read-only DOM Level 1 subset')));
el('log', 'structure', 'writes a log line', same(works("written to the gateway's JSON log with the document position")));
el('exit', 'structure', 'ends the session', { twilio: works('<Hangup>'), acs: works('hangUp for everyone') });
el('disconnect', 'structure', 'hangs up, then connection.disconnect.hangup runs', { twilio: works('<Hangup>'), acs: works('hangUp for everyone') });
el('object', 'vendor', 'runs platform-specific code',
  same(unsupported('platform-specific code cannot run on the gateway: it throws error.unsupported.objecttype — replace it with a <subdialog> or a <data>/<submit> call to a service')));

// ================================================================== prompts, audio and SSML

el('prompt', 'prompts', 'queues speech and audio', {
  twilio: works("<Say> with the voice of its xml:lang (TWILIO_VOICES, else Amazon Polly neural defaults)"),
  acs: works('TextSource/SsmlSource with the voice of its xml:lang (ACS_VOICES, else Azure neural defaults); text over 4,000 characters is split across sources'),
});
el('audio', 'prompts', 'plays a recorded file (fallback content if it cannot)', {
  twilio: works('<Play>; when the file cannot be fetched the fallback content is spoken'),
  acs: works('FileSource; when ACS fails to play the file (PlayFailed) the fallback content is played'),
});
el('break', 'prompts', 'a pause', {
  twilio: works('SSML <break> inside <Say>; a prompt that is only a pause becomes <Pause> in whole seconds'),
  acs: works('SSML <break>'),
});
const TWILIO_SSML = "kept in <Say> (Twilio's SSML subset, as the voice's engine takes it; values Twilio does not accept are dropped; the basic voices man, woman and alice speak plain text)";
for (const name of ['prosody', 'say-as', 'sub', 'phoneme', 'p', 's']) {
  el(name, 'prompts', 'SSML', { twilio: works(TWILIO_SSML), acs: works('passed to Azure TTS') });
}
el('emphasis', 'prompts', 'SSML emphasis', {
  twilio: differs('unwrapped with Amazon Polly neural voices (the default TWILIO_VOICE), which have no <emphasis>: the words are spoken without it; Polly standard and Google voices keep it'),
  acs: works('passed to Azure TTS'),
});
for (const name of ['paragraph', 'sentence']) {
  el(name, 'prompts', 'SSML structure (long form)', {
    twilio: differs('unwrapped: Twilio SSML has only <p>/<s>; the text is still spoken'),
    acs: differs(`passed as written, but Azure SSML has only <p>/<s> and may refuse the prompt — write <${name[0]}>`),
  });
}
el('voice', 'prompts', 'changes the speaking voice', {
  twilio: differs('unwrapped: <Say> speaks with one voice (the one for the prompt language), so the voice change is lost'),
  acs: differs("nested inside the gateway's own <voice>, which Azure SSML does not allow: Azure may refuse the prompt — use xml:lang and ACS_VOICES instead"),
});
el('mark', 'prompts', 'a named point in the prompt', {
  twilio: differs('dropped: <Say> has no marks; markname/marktime are not reported'),
  acs: differs('passed into the SSML (Azure calls it <bookmark>); markname/marktime are not reported'),
});
el('lexicon', 'prompts', 'a pronunciation lexicon', same(differs('not loaded: the gateway drops <lexicon> — write pronunciations with <sub> or <phoneme>')));
for (const name of ['desc']) el(name, 'prompts', 'a description (not spoken)');

const TWILIO_SSML_VALUES: [string, string, RegExp, string, string][] = [
  ['prosody', 'rate', /^(x-slow|slow|medium|fast|x-fast|\d+(\.\d+)?%)$/, 'x-slow…x-fast or N%', '+10%'],
  ['prosody', 'volume', /^(default|silent|x-soft|soft|medium|loud|x-loud|[+-]\d+(\.\d+)?dB)$/, 'silent…x-loud or ±NdB', '80'],
  ['emphasis', 'level', /^(strong|moderate|reduced)$/, 'strong, moderate or reduced', 'none'],
  ['phoneme', 'alphabet', /^(ipa|x-sampa)$/, 'ipa or x-sampa', 'x-arpabet'],
];
for (const [element, attr, accepted, words, sample] of TWILIO_SSML_VALUES) {
  at(element, attr, 'prompts', 'SSML value', {
    twilio: works(undefined, [{
      when: `the value is not ${words}`,
      applies: (f) => f.value !== undefined && !accepted.test(f.value.trim()),
      status: 'differs',
      note: (f) => `Twilio accepts ${attr}=${words}: ${attr}="${f.value}" is dropped`,
      example: ex(element, sample),
    }]),
    acs: works(),
  });
}
at('prosody', 'pitch', 'prompts', 'SSML pitch', {
  twilio: differs('dropped with Amazon Polly neural voices (the default TWILIO_VOICE), which have no pitch; kept for Polly standard and Google voices when it is x-low…x-high or ±N%'),
  acs: works(),
});
for (const attr of ['contour', 'range', 'duration']) {
  at('prosody', attr, 'prompts', 'SSML prosody', { twilio: differs(`dropped: Twilio (Amazon Polly) prosody has no ${attr}`), acs: works('passed to Azure TTS') });
}
const ratePercent = (f: UseFacts): number | undefined => {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(f.value?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
};
// Polly's <prosody rate> range: percentages outside 20–200 % are clamped (adapters/twilio/ssml.ts).
capabilityCases('attribute:prosody@rate', 'twilio').unshift({
  when: 'the rate is a percentage outside 20–200 %',
  applies: (f) => {
    const r = ratePercent(f);
    return r !== undefined && (r < 20 || r > 200);
  },
  status: 'differs',
  note: (f) => `Amazon Polly speaks at 20–200 %: rate="${f.value}" → ${Math.min(200, Math.max(20, Math.round(ratePercent(f) ?? 100)))}%`,
  example: ex('prosody', '300%'),
});
at('break', 'size', 'prompts', 'VoiceXML 1.0 break length', same(differs('ignored (VoiceXML 1.0 attribute): the pause lasts 500 ms unless time or strength say otherwise')));

// ================================================================== input

feature('speech-recognition', 'speech recognition (voice grammars)', 'input', 'the caller speaks to a field, menu, link or initial', {
  twilio: differs(`Twilio <Gather input="speech"> transcribes freely (the grammar's phrases, up to ${MAX_HINTS}, are sent as hints); the gateway then matches the transcript against the grammar, so spelled or out-of-vocabulary answers recognise differently than on a grammar-constrained recognizer — replay real utterances`),
  acs: differs('Azure Speech transcribes freely (ACS_COGNITIVE_SERVICES_ENDPOINT required); the gateway then matches the transcript against the grammar, so spelled or out-of-vocabulary answers recognise differently than on a grammar-constrained recognizer — replay real utterances'),
});
feature('builtin', 'builtin grammar', 'input', 'boolean, date, digits, currency, number, phone, time', {
  twilio: works("decided by the gateway's builtin grammar on Twilio's Digits or transcript"),
  acs: works("decided by the gateway's builtin grammar on the ACS tones or transcript"),
});
feature('dtmf-abcd', 'DTMF keys A–D', 'input', 'the fourth-column keys A, B, C, D', {
  twilio: unsupported('Twilio <Gather> collects 0-9, * and # only: A–D can never be entered'),
  acs: works('tones a–d'),
});

const timeoutSupport = (element: string): { twilio: Support; acs: Support } => ({
  twilio: works('<Gather timeout>', [wholeSeconds('Twilio <Gather timeout>', element)]),
  acs: works('initialSilenceTimeoutInSeconds', [
    cap('ACS initial silence', element, ACS_DTMF_SILENCE_MAX_S, '400s', (f) => `ACS initial silence is at most ${ACS_DTMF_SILENCE_MAX_S} s: ${f.value} → ${ACS_DTMF_SILENCE_MAX_S} s`),
    cap('ACS initial silence', element, ACS_SPEECH_SILENCE_MAX_S, '30s', (f) => `ACS speech initial silence is capped at ${ACS_SPEECH_SILENCE_MAX_S} s: ${f.value} → ${ACS_SPEECH_SILENCE_MAX_S} s whenever speech is recognised (keys only: up to ${ACS_DTMF_SILENCE_MAX_S} s)`),
    wholeSeconds('ACS initialSilenceTimeoutInSeconds', element),
  ]),
});
prop('timeout', 'input', 'noinput timeout', timeoutSupport('property'));
at('prompt', 'timeout', 'input', 'noinput timeout after this prompt', timeoutSupport('prompt'));
prop('interdigittimeout', 'input', 'time allowed between keys', {
  twilio: differs('Twilio has one timeout for the first key and between keys: multi-digit input waits max(timeout, interdigittimeout) between keys, in whole seconds'),
  acs: works('interToneTimeoutInSeconds', [
    cap('ACS inter-tone timeout', 'property', ACS_INTERTONE_MAX_S, '90s', (f) => `ACS inter-tone timeout is at most ${ACS_INTERTONE_MAX_S} s: ${f.value} → ${ACS_INTERTONE_MAX_S} s`),
    wholeSeconds('ACS interToneTimeoutInSeconds', 'property', '1.5s'),
  ]),
});
prop('termtimeout', 'input', 'wait for a termchar after the last key', same(differs('not honoured: collection ends on the termchar, the grammar’s maximum length or the inter-digit timeout')));
prop('termchar', 'input', 'the key that ends DTMF input', { twilio: works('<Gather finishOnKey>'), acs: works('stopDtmfTones') });
prop('completetimeout', 'input', 'silence that ends a complete utterance', {
  twilio: works('<Gather speechTimeout>', [wholeSeconds('Twilio <Gather speechTimeout>', 'property', '0.8s')]),
  acs: works('endSilenceTimeoutInSeconds'),
});
prop('incompletetimeout', 'input', 'silence that ends an incomplete utterance', same(differs("not honoured: the platform's end-of-speech detection uses completetimeout only")));
prop('maxspeechtimeout', 'input', 'longest utterance', {
  twilio: works('<Gather maxSpeechTime>', [
    cap('Twilio maxSpeechTime', 'property', TWILIO_MAX_SPEECH_S, '90s', (f) => `Twilio <Gather maxSpeechTime> is at most ${TWILIO_MAX_SPEECH_S} s: ${f.value} → ${TWILIO_MAX_SPEECH_S} s`),
    wholeSeconds('Twilio <Gather maxSpeechTime>', 'property', '12.5s'),
  ]),
  acs: differs('not honoured: ACS recognize has no maximum utterance length'),
});
prop('confidencelevel', 'input', 'minimum confidence of a voice result', {
  twilio: differs("compared with Twilio's Confidence, which is calibrated differently from the legacy recognizer's scores (and absent for some speech models: taken as 1) — re-tune the threshold on real calls"),
  acs: differs("compared with Azure Speech's confidence, which is calibrated differently from the legacy recognizer's scores (taken as 1 when ACS reports none) — re-tune the threshold on real calls"),
});
for (const name of ['sensitivity', 'speedvsaccuracy']) {
  prop(name, 'input', 'recognizer tuning', same(differs('no equivalent on Twilio or Azure Speech: ignored')));
}
const bargeinHotword = (element: string): SupportCase => ({
  when: 'the value is hotword',
  applies: (f) => f.value?.trim() === 'hotword',
  status: 'differs',
  note: () => 'bargeintype hotword is not available: treated as speech (any speech or key interrupts the prompt, not only a grammar match)',
  example: ex(element, 'hotword'),
});
prop('bargeintype', 'input', 'what interrupts a prompt', same(works(undefined, [bargeinHotword('property')])));
at('prompt', 'bargeintype', 'input', 'what interrupts this prompt', same(works(undefined, [bargeinHotword('prompt')])));
prop('bargein', 'input', 'whether input interrupts prompts', {
  twilio: works('prompts that may not be interrupted play before the <Gather>, the rest inside it (bargeIn)'),
  acs: works('interruptPrompt'),
});
at('prompt', 'bargein', 'input', 'whether input interrupts this prompt', {
  twilio: works('prompts that may not be interrupted play before the <Gather>, the rest inside it: an interruptible prompt queued before a non-interruptible one cannot be interrupted either'),
  acs: works('interruptPrompt', [{
    when: 'the value is false',
    applies: (f) => f.value?.trim() === 'false',
    status: 'differs',
    note: () => "ACS has one interruptPrompt per recognize: the last queued prompt's barge-in setting applies to every prompt played with it",
    example: ex('prompt', 'false'),
  }]),
});
prop('inputmodes', 'input', 'dtmf and/or voice', {
  twilio: works('<Gather input="dtmf|speech|dtmf speech">'),
  acs: works('recognize dtmf, speech or speechOrDtmf'),
});
prop('universals', 'input', 'activates the help/exit/cancel universal grammars', same(works('the gateway adds its universal grammars to every non-modal listen: help; exit, goodbye; cancel, stop — in Spanish (ayuda, salir, cancelar) for es-* documents, in English for every other language')));
prop('maxnbest', 'input', 'number of recognition results', same(differs('one result only: application.lastresult$ holds the best interpretation')));
for (const name of ['recordutterance', 'recordutterancetype']) {
  prop(name, 'input', "records the caller's utterance", same(differs('the utterance is not recorded: lastresult$.recording stays undefined')));
}
at('grammar', 'weight', 'input', 'preference among grammars', same(works('used by the gateway grammar engine to order matches')));

// ================================================================== record

el('record', 'record', 'records a message from the caller', {
  twilio: works("<Record> (silence trimmed); the recording stays at Twilio and is fetched with the account credentials when a <submit> sends it"),
  acs: differs('ACS has no single-utterance record: <record> becomes call recording around the window (mixed audio, delivered when ACS finishes the file; ACS_RECORD_MODE=unsupported turns it into error.unsupported.record)'),
});
at('record', 'maxtime', 'record', 'longest recording', {
  twilio: works('<Record maxLength>', [
    cap('Twilio Record maxLength', 'record', TWILIO_MAX_SECONDS, '18000s', (f) => `Twilio records at most ${TWILIO_MAX_SECONDS} s (4 hours): ${f.value} → ${TWILIO_MAX_SECONDS} s`),
    wholeSeconds('Twilio <Record maxLength>', 'record', '90.5s'),
  ]),
  acs: works('the end of the record window', [
    cap('ACS record window', 'record', ACS_DTMF_SILENCE_MAX_S, '600s', (f) => `without speech recognition the record window is a keypad wait of at most ${ACS_DTMF_SILENCE_MAX_S} s: ${f.value} → ${ACS_DTMF_SILENCE_MAX_S} s`),
  ]),
});
at('record', 'finalsilence', 'record', 'silence that ends the recording', {
  twilio: works('<Record timeout>', [wholeSeconds('Twilio <Record timeout>', 'record', '1.5s')]),
  acs: differs('ends the recording only when ACS_COGNITIVE_SERVICES_ENDPOINT is set (speech recognition detects the silence); otherwise a key, the maxtime or a hang-up ends it'),
});
at('record', 'beep', 'record', 'beep before recording', {
  twilio: works('<Record playBeep>'),
  acs: works(undefined, [{
    when: 'the value is true',
    applies: (f) => f.value?.trim() === 'true',
    status: 'differs',
    note: () => 'ACS TTS cannot beep: the beep is the WAV file of ACS_BEEP_URL, and there is none unless it is configured',
    example: ex('record', 'true'),
  }]),
});
at('record', 'dtmfterm', 'record', 'a key ends the recording', { twilio: works('<Record finishOnKey> with every key'), acs: works('a one-tone recognize during the window') });
const wavOnly = (platform: string): SupportCase => ({
  when: 'the type is not WAV',
  applies: (f) => f.value !== undefined && !/^audio\/(x-)?wav(e)?$/i.test(f.value.trim()),
  status: 'differs',
  note: (f) => `${platform} records WAV: type="${f.value}" is not honoured (the recording is audio/wav)`,
  example: ex('record', 'audio/x-alaw-basic'),
});
at('record', 'type', 'record', 'media type of the recording', { twilio: works(undefined, [wavOnly('Twilio')]), acs: works(undefined, [wavOnly('ACS')]) });

// ================================================================== transfer

el('transfer', 'transfer', 'connects the caller to another party', {
  twilio: works('<Dial action> (blind and bridged alike come back with the outcome)'),
  acs: works('addParticipant (bridge), transferCallToParticipant (blind, consultation)'),
});
const consultation: SupportCase = {
  when: 'the transfer is a consultation transfer',
  applies: (f) => f.value?.trim() === 'consultation',
  status: 'differs',
  note: () => 'Twilio has no consult-then-release: the consultation transfer is a <Dial> like a blind one (busy and noanswer still come back to the application)',
  example: ex('transfer', 'consultation'),
};
at('transfer', 'type', 'transfer', 'blind, bridge or consultation (VoiceXML 2.1)', { twilio: works(undefined, [consultation]), acs: works('consultation is an ACS transfer, which consults the target before releasing the gateway') });
at('transfer', 'bridge', 'transfer', 'bridged (true) or blind (false), VoiceXML 2.0', same(works()));
const isSip = (f: UseFacts): boolean => /^sips?:/i.test(f.value?.trim() ?? '') && !/^sips?:\+?[\d\-. ()]+@/i.test(f.value?.trim() ?? '');
at('transfer', 'dest', 'transfer', 'where to transfer', {
  twilio: works('<Dial><Number>, <Sip> or <Client>; an undialable destination gives error.connection.baddestination'),
  acs: works('a phone number or an ACS identity', [
    { when: 'the destination is a SIP URI', applies: isSip, status: 'unsupported', note: (f) => `Call Automation cannot dial the SIP URI ${f.value}: error.connection.baddestination`, example: ex('transfer', 'sip:agent@pbx.example.com') },
    {
      when: 'the number has no leading +',
      applies: (f) => /^(tel:)?[\d\-. ()]{5,}$/i.test(f.value?.trim() ?? '') && !/^(tel:)?\+/i.test(f.value?.trim() ?? ''),
      status: 'differs',
      note: (f) => `a number without + is dialled as international digits: ${f.value} → +${(f.value ?? '').replace(/^tel:/i, '').replace(/[^\d]/g, '')} — write E.164 (tel:+…)`,
      example: ex('transfer', '8005550142'),
    },
  ]),
});
at('transfer', 'connecttimeout', 'transfer', 'how long the destination may ring', {
  twilio: works('<Dial timeout>', [
    { when: `the value is under ${TWILIO_DIAL_TIMEOUT_MIN_S} s`, applies: under(TWILIO_DIAL_TIMEOUT_MIN_S), status: 'differs', note: (f) => `Twilio <Dial timeout> is at least ${TWILIO_DIAL_TIMEOUT_MIN_S} s: ${f.value} → ${TWILIO_DIAL_TIMEOUT_MIN_S} s`, example: ex('transfer', '3s') },
    cap('Twilio Dial timeout', 'transfer', TWILIO_DIAL_TIMEOUT_MAX_S, '900s', (f) => `Twilio <Dial timeout> is at most ${TWILIO_DIAL_TIMEOUT_MAX_S} s: ${f.value} → ${TWILIO_DIAL_TIMEOUT_MAX_S} s`),
    wholeSeconds('Twilio <Dial timeout>', 'transfer', '12.5s'),
  ]),
  acs: works('invitationTimeoutInSeconds of a bridged transfer', [
    cap('ACS invitation timeout', 'transfer', ACS_INVITATION_MAX_S, '240s', (f) => `ACS invitationTimeoutInSeconds is at most ${ACS_INVITATION_MAX_S} s: ${f.value} → ${ACS_INVITATION_MAX_S} s`),
    { when: 'the transfer is blind or consultation', applies: (f) => transferType(f) !== 'bridge', status: 'differs', note: () => 'not applied: ACS transferCallToParticipant has no ring timeout (ACS decides when the transfer fails)', example: ex('transfer', '20s', { bridge: 'false' }) },
    wholeSeconds('ACS invitationTimeoutInSeconds', 'transfer', '12.5s'),
  ]),
});
at('transfer', 'maxtime', 'transfer', 'longest bridged call', {
  twilio: works('<Dial timeLimit>', [
    cap('Twilio Dial timeLimit', 'transfer', TWILIO_MAX_SECONDS, '18000s', (f) => `Twilio <Dial timeLimit> is at most ${TWILIO_MAX_SECONDS} s (4 hours): ${f.value} → ${TWILIO_MAX_SECONDS} s`),
    wholeSeconds('Twilio <Dial timeLimit>', 'transfer', '1800.5s'),
  ]),
  acs: works('the gateway removes the participant at maxtime'),
});
at('transfer', 'transferaudio', 'transfer', 'audio played while the destination rings', {
  twilio: differs("not played: the caller hears the destination's ringing"),
  acs: differs('not played: the caller hears what ACS plays while the target is invited'),
});
for (const attr of ['aai', 'aaiexpr']) {
  at('transfer', attr, 'transfer', 'application-to-application information for the destination', {
    twilio: differs('not sent: the <Dial> carries no user-to-user information'),
    acs: differs('not sent: the ACS transfer carries no custom calling context'),
  });
}
feature('transfer-grammar', 'grammars of a <transfer>', 'transfer', 'a key or phrase with which the caller ends a bridged transfer (near_end_disconnect)', {
  twilio: differs('not listened to during the bridge: the caller cannot end the transfer by key or phrase (the <Dial> has no hangupOnStar)'),
  acs: differs("not used: during the bridge the gateway listens to keys only, and * (not the transfer's own grammar) ends the bridge"),
});

function transferType(f: UseFacts): 'blind' | 'bridge' | 'consultation' {
  const type = f.attrs.type?.trim();
  if (type === 'blind' || type === 'bridge' || type === 'consultation') return type;
  return f.attrs.bridge?.trim() === 'true' ? 'bridge' : 'blind';
}

// ================================================================== fetching and caching

const slowFetch = (element: string): SupportCase => ({
  when: `the value is over ${TWILIO_WEBHOOK_TIMEOUT_S - 1} s`,
  applies: over(TWILIO_WEBHOOK_TIMEOUT_S - 1),
  status: 'differs',
  note: (f) => `Twilio waits ${TWILIO_WEBHOOK_TIMEOUT_S} s for a webhook answer: a fetch allowed ${f.value} can outlast it, and Twilio then calls the fallback URL`,
  example: ex(element, '30s'),
});
prop('fetchtimeout', 'fetching', 'how long a fetch may take', { twilio: works('applied by the gateway', [slowFetch('property')]), acs: works('applied by the gateway') });
at('*', 'fetchtimeout', 'fetching', 'how long this fetch may take', { twilio: works('applied by the gateway', [slowFetch('goto')]), acs: works('applied by the gateway') });
const fetchAudio = same(differs('no audio plays while the gateway fetches: the caller hears silence'));
prop('fetchaudio', 'fetching', 'audio played during fetches', fetchAudio);
at('*', 'fetchaudio', 'fetching', 'audio played during this fetch', fetchAudio);
for (const name of ['fetchaudiodelay', 'fetchaudiominimum']) prop(name, 'fetching', 'fetch audio timing', fetchAudio);
for (const attr of ['fetchhint', 'maxage', 'maxstale']) {
  at('*', attr, 'fetching', 'caching of this fetch', same(works(attr === 'fetchhint' ? 'a hint: documents are fetched when needed' : "applied to the gateway's HTTP cache")));
}
for (const kind of ['document', 'grammar', 'script', 'data', 'object']) {
  prop(`${kind}fetchhint`, 'fetching', `prefetching of ${kind}s`, same(works('a hint: resources are fetched when needed')));
  for (const what of ['maxage', 'maxstale']) prop(`${kind}${what}`, 'fetching', `caching of ${kind}s`, same(works("applied to the gateway's HTTP cache")));
}
for (const name of ['audiofetchhint', 'audiomaxage', 'audiomaxstale']) {
  prop(name, 'fetching', 'caching of audio files', same(works('the platform fetches audio files itself, with its own HTTP caching')));
}

// ================================================================== vendor extensions and non-standard features

feature('vendor-element', 'vendor element', 'vendor', 'an element in a vendor namespace', same(unsupported('ignored by the gateway: the behaviour this vendor element added on the legacy platform is lost — replace it with standard VoiceXML')));
feature('vendor-attribute', 'vendor attribute', 'vendor', 'an attribute in a vendor namespace', same(differs('ignored: the vendor tuning it carried is lost')));
feature('vendor-property', 'vendor property', 'vendor', 'a platform-specific property of the legacy vendor', same(differs('ignored: the legacy platform setting is lost (find the Twilio/ACS equivalent, if any, in configuration)')));
feature('unknown-property', 'non-standard property', 'vendor', 'a property VoiceXML 2.0/2.1 does not define', same(differs('not a VoiceXML property: ignored')));
feature('vendor-builtin', 'non-standard builtin grammar', 'vendor', 'a builtin type outside boolean, date, digits, currency, number, phone, time', same(unsupported('no such builtin on the gateway: it raises error.unsupported.builtin — write it as an SRGS grammar')));
feature('legacy-grammar', 'Nuance GSL or JSGF grammar', 'vendor', 'a pre-SRGS grammar format of 1.0-era and vendor platforms', same(differs("converted to SRGS + SISR by the gateway (gateway/grammar/legacy), not by the vendor's compiler: replay the utterances and keys this grammar must accept, or convert it to SRGS")));
feature('document-warning', 'read as the legacy platform read it', 'vendor', 'a construct the gateway accepts with a warning: VoiceXML 1.0 markup, HTML entities, a missing version, attributes or parameters it ignores …', same(differs('accepted with a warning, which says how the gateway reads it: check that this is what the legacy platform did')));
feature('grammar-format', 'non-SRGS grammar format', 'vendor', 'a grammar type that is neither SRGS XML/ABNF nor GSL/JSGF (compiled vendor grammars, other formats)', same(unsupported('the gateway reads SRGS (XML, ABNF), Nuance GSL and JSGF only: this grammar raises error.unsupported.format — convert it to SRGS')));
feature('host-object', 'platform host object in ECMAScript', 'vendor', 'Java (Rhino LiveConnect: Packages, java.*) or COM (ActiveXObject) objects the legacy browser exposed to scripts', same(unsupported('does not exist in the gateway sandbox: the script throws, and the application gets error.semantic — move the logic to the back end (<data>, <submit>)')));
feature('session-variable', 'non-standard session variable', 'vendor', 'a session.* variable VoiceXML does not define', same(differs('not set by the gateway: session.x reads as undefined, and a name below it (session.avaya.ucid) throws error.semantic; guard it or pass the value another way')));
const acsPlayable = (f: UseFacts): boolean =>
  f.attrs.format === 'mp3' || (f.attrs.format === 'pcm' && f.attrs.bits === '16' && f.attrs.channels === '1' && f.attrs.rate === '16000');
const TWILIO_FORMATS = new Set(['pcm', 'mulaw', 'alaw', 'mp3', 'gsm', 'aiff']);
feature('audio-format', 'audio file format', 'prompts', 'the encoding of a recorded prompt (read from the file header)', {
  twilio: works('Twilio plays WAV (PCM, μ-law, A-law), MP3, AIFF and GSM', [{
    when: 'the file is in another format',
    applies: (f) => f.attrs.format !== undefined && f.attrs.format !== '' && !TWILIO_FORMATS.has(f.attrs.format),
    status: 'differs',
    note: (f) => `Twilio cannot play ${f.value} (${f.attrs.description}): ${f.attrs.fallback === 'true' ? 'the fallback content is spoken instead' : 'the caller hears nothing in its place'} — convert it`,
    example: { element: 'audio', value: 'audio/welcome.vox', attrs: { format: 'unknown', description: 'not a WAV, MP3 or AIFF file', fallback: 'true' } },
  }]),
  acs: works('ACS plays 16-bit PCM mono 16 kHz WAV and MP3 files', [{
    when: 'the file is not 16-bit PCM mono 16 kHz WAV or MP3',
    applies: (f) => f.attrs.format !== undefined && f.attrs.format !== '' && !acsPlayable(f),
    status: 'differs',
    note: (f) => `ACS plays only 16-bit PCM mono 16 kHz WAV or MP3: ${f.value} is ${f.attrs.description}, so ACS fails to play it and ${f.attrs.fallback === 'true' ? 'the fallback content is played instead' : 'the caller hears nothing in its place'} — convert it`,
    example: { element: 'audio', value: 'audio/chime.wav', attrs: { format: 'pcm', bits: '16', channels: '1', rate: '8000', description: '16-bit PCM mono 8 kHz WAV', fallback: 'false' } },
  }]),
});

// ================================================================== lookup

/** Every capability, in family order as declared. */
export const CAPABILITIES: readonly Capability[] = entries;

const BY_KEY = new Map(CAPABILITIES.map((c) => [c.key, c]));

export function capability(key: string): Capability | undefined {
  return BY_KEY.get(key);
}

/** `<element attr>`: the element's own entry, else the entry for the attribute on any element. */
export function attributeCapability(element: string, attr: string): Capability | undefined {
  return BY_KEY.get(`attribute:${element}@${attr}`) ?? BY_KEY.get(`attribute:*@${attr}`);
}

export interface Verdict {
  status: SupportStatus;
  note?: string;
}

/** The status of one use on one platform: the first case that applies, else the entry's own status. */
export function evaluate(c: Capability, platform: Platform, facts: UseFacts): Verdict {
  const support = c[platform];
  for (const k of support.cases ?? []) {
    if (k.applies(facts)) return { status: k.status, note: k.note(facts) };
  }
  return support.note ? { status: support.status, note: support.note } : { status: support.status };
}

// ------------------------------------------------------------------ vendor knowledge

/** Vendors of legacy VoiceXML platforms, recognised by property prefixes and namespace URIs. */
export const VENDORS: readonly { vendor: string; prefixes: readonly string[]; namespace: RegExp }[] = [
  { vendor: 'Nuance', prefixes: ['com.nuance.', 'nuance.', 'swirec', 'swiep', 'swits', 'com.scansoft.'], namespace: /nuance|scansoft|speechworks/i },
  { vendor: 'Voxeo', prefixes: ['com.voxeo.', 'voxeo.'], namespace: /voxeo/i },
  { vendor: 'Genesys', prefixes: ['com.genesyslab.', 'genesys.', 'com.voicegenie.', 'voicegenie.'], namespace: /genesys|voicegenie/i },
  { vendor: 'Avaya', prefixes: ['com.avaya.', 'avaya.'], namespace: /avaya/i },
  { vendor: 'Cisco', prefixes: ['com.cisco.', 'cisco.'], namespace: /cisco/i },
  { vendor: 'IBM WebSphere Voice', prefixes: ['com.ibm.', 'ibm.'], namespace: /ibm\.com/i },
  { vendor: 'Tellme/Microsoft', prefixes: ['com.tellme.', 'tellme.', 'com.microsoft.'], namespace: /tellme|microsoft/i },
  { vendor: 'Intervoice/Convergys', prefixes: ['com.intervoice.', 'intervoice.', 'com.convergys.'], namespace: /intervoice|convergys/i },
  { vendor: 'Aspect', prefixes: ['com.aspect.', 'aspect.'], namespace: /aspect/i },
  { vendor: 'Loquendo', prefixes: ['com.loquendo.', 'loquendo.'], namespace: /loquendo/i },
];

/** The vendor a property name belongs to, by prefix; `undefined` for names no vendor claims. */
export function vendorOfProperty(name: string): string | undefined {
  const n = name.toLowerCase();
  return VENDORS.find((v) => v.prefixes.some((p) => n.startsWith(p)))?.vendor;
}

/** The vendor of a namespace URI; unknown namespaces are still vendor extensions, of an unnamed vendor. */
export function vendorOfNamespace(ns: string): string | undefined {
  return VENDORS.find((v) => v.namespace.test(ns))?.vendor;
}

/** Grammar MIME types read as SRGS XML or ABNF (with the aliases 2.0-era platforms used): contracts/grammar.ts. */
export const SRGS_TYPES: ReadonlySet<string> = new Set(SRGS_GRAMMAR_TYPES);
const GSL_TYPES: ReadonlySet<string> = new Set(GSL_GRAMMAR_TYPES);
const JSGF_TYPES: ReadonlySet<string> = new Set(JSGF_GRAMMAR_TYPES);

/** What the gateway does with a grammar `type` attribute: SRGS, a converted legacy format, or nothing. */
export function grammarFormat(type: string): 'srgs' | 'gsl' | 'jsgf' | 'unsupported' {
  const t = type.split(';')[0].trim().toLowerCase();
  if (t === '' || SRGS_TYPES.has(t)) return 'srgs';
  if (GSL_TYPES.has(t)) return 'gsl';
  if (JSGF_TYPES.has(t)) return 'jsgf';
  return 'unsupported';
}

/** Well-known vendor grammar formats the gateway cannot read, to name them in the report. */
export const VENDOR_GRAMMAR_TYPES: readonly { type: RegExp; format: string }[] = [
  { type: /swi|nuance/i, format: 'Nuance compiled/vendor grammar' },
  { type: /voxeo/i, format: 'Voxeo grammar' },
  { type: /x-wfst|x-fst/i, format: 'compiled finite-state grammar' },
  { type: /microsoft|x-sapi|cfg/i, format: 'Microsoft SAPI/CFG grammar' },
];

/**
 * session.* variables the gateway sets: VoiceXML 2.0 §5.1.4 session.connection.*, the VoiceXML 1.0 names
 * session.telephone.ani/dnis, and the per-channel facts (session.twilio.*, session.acs.*, session.sim.*).
 */
export const STANDARD_SESSION_VARIABLE = /^session\.(connection(\.(local(\.uri)?|remote(\.uri)?|protocol(\.[\w$]+)*|redirect|aai|originator))?|telephone(\.(ani|dnis))?|callId|twilio(\.[\w$]+)*|acs(\.[\w$]+)*|sim(\.[\w$]+)*)$/;
