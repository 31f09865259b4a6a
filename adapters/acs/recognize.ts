/**
 * A VoiceXML listen (field/menu input) → `startRecognizing` options. The ACS limits are applied here and
 * every adjustment is reported so the adapter can log it:
 *   initialSilenceTimeoutInSeconds 1..20 for speech, speechOrDtmf and choices, 1..300 for DTMF;
 *   interToneTimeoutInSeconds 1..60; whole seconds (the SDK turns 0 into its 5 s default).
 */
import type {
  CallMediaRecognizeChoiceOptions,
  CallMediaRecognizeDtmfOptions,
  CallMediaRecognizeSpeechOptions,
  CallMediaRecognizeSpeechOrDtmfOptions,
  DtmfTone,
} from '@azure/communication-call-automation';
import type { ListenAction } from '../../contracts/platform';
import type { AcsPlaySource } from './play-sources';
import { digitToTone } from './tones';

export type AcsRecognizeOptions =
  | CallMediaRecognizeDtmfOptions
  | CallMediaRecognizeSpeechOptions
  | CallMediaRecognizeSpeechOrDtmfOptions
  | CallMediaRecognizeChoiceOptions;

export type RecognizeMode = 'dtmf' | 'speech' | 'speechOrDtmf' | 'choices';

export interface RecognizeSettings {
  useChoices: boolean;
  defaultMaxTones: number;
  speechModelEndpointId?: string;
  /**
   * Speech recognition is available: a Cognitive Services endpoint was given at answer time (ACS refuses speech,
   * speechOrDtmf and choices otherwise). Default true.
   */
  speech?: boolean;
}

export interface RecognizePlan {
  mode: RecognizeMode;
  options: AcsRecognizeOptions;
  /** Limits applied (for the log): what the document asked and what ACS got. */
  adjustments: string[];
}

const SPEECH_MAX_SILENCE_S = 20;
const DTMF_MAX_SILENCE_S = 300;

function seconds(ms: number): number {
  return Math.ceil(Math.max(0, ms) / 1000);
}

function clamp(name: string, value: number, min: number, max: number, adjustments: string[]): number {
  const v = Math.min(max, Math.max(min, value));
  if (v !== value) adjustments.push(`${name} ${value}s outside ACS range ${min}..${max}s: using ${v}s`);
  return v;
}

export function chooseMode(listen: ListenAction, settings: RecognizeSettings): RecognizeMode {
  const dtmf = listen.modes.includes('dtmf');
  const voice = listen.modes.includes('voice') && settings.speech !== false;
  const choices = listen.choices ?? [];
  if (settings.useChoices && voice && choices.length > 0) {
    // choices can carry one tone per choice; usable with DTMF only when every choice has its single key.
    const tonesCover = choices.every((c) => c.tone !== undefined && digitToTone(c.tone) !== undefined) && listen.maxDigits === 1;
    if (!dtmf || tonesCover) return 'choices';
  }
  if (dtmf && voice) return 'speechOrDtmf';
  if (voice) return 'speech';
  return 'dtmf';
}

/**
 * @param noinputMs the noinput timeout in force (the last queued prompt's `timeout` attribute, else the listen's)
 */
export function recognizePlan(
  listen: ListenAction,
  prompts: AcsPlaySource[],
  noinputMs: number,
  operationContext: string,
  settings: RecognizeSettings,
): RecognizePlan {
  const adjustments: string[] = [];
  const mode = chooseMode(listen, settings);
  if (settings.speech === false && listen.modes.includes('voice')) adjustments.push('no Cognitive Services endpoint (ACS_COGNITIVE_SERVICES_ENDPOINT): speech is not recognized, keys only');
  const silenceMax = mode === 'dtmf' ? DTMF_MAX_SILENCE_S : SPEECH_MAX_SILENCE_S;
  const common = {
    operationContext,
    interruptPrompt: listen.bargein,
    initialSilenceTimeoutInSeconds: clamp('initialSilenceTimeout', seconds(noinputMs), 1, silenceMax, adjustments),
    ...(prompts.length > 0 ? { playPrompts: prompts } : {}),
  };
  const dtmfPart = (): Pick<CallMediaRecognizeDtmfOptions, 'interToneTimeoutInSeconds' | 'maxTonesToCollect' | 'stopDtmfTones'> => {
    const stop = listen.termchar ? digitToTone(listen.termchar) : undefined;
    if (listen.termchar && !stop) adjustments.push(`termchar ${JSON.stringify(listen.termchar)} is not a DTMF key: ignored`);
    const maxTones = listen.maxDigits ?? settings.defaultMaxTones;
    if (listen.maxDigits === undefined) adjustments.push(`grammars do not bound the digits: maxTonesToCollect ${maxTones}`);
    return {
      interToneTimeoutInSeconds: clamp('interToneTimeout', seconds(listen.interdigitMs), 1, 60, adjustments),
      maxTonesToCollect: maxTones,
      ...(stop ? { stopDtmfTones: [stop as DtmfTone] } : {}),
    };
  };
  const speechPart = (): Pick<CallMediaRecognizeSpeechOptions, 'speechLanguage' | 'endSilenceTimeoutInSeconds' | 'speechRecognitionModelEndpointId'> => ({
    speechLanguage: listen.lang,
    // VoiceXML completetimeout is the silence after speech that ends the utterance; 0 keeps ACS's default.
    ...(listen.completetimeoutMs > 0 ? { endSilenceTimeoutInSeconds: listen.completetimeoutMs / 1000 } : {}),
    ...(settings.speechModelEndpointId ? { speechRecognitionModelEndpointId: settings.speechModelEndpointId } : {}),
  });
  switch (mode) {
    case 'dtmf':
      return { mode, adjustments, options: { kind: 'callMediaRecognizeDtmfOptions', ...common, ...dtmfPart() } };
    case 'speech':
      return { mode, adjustments, options: { kind: 'callMediaRecognizeSpeechOptions', ...common, ...speechPart() } };
    case 'speechOrDtmf':
      return { mode, adjustments, options: { kind: 'callMediaRecognizeSpeechOrDtmfOptions', ...common, ...dtmfPart(), ...speechPart() } };
    case 'choices': {
      const choices = (listen.choices ?? []).map((c) => {
        const tone = c.tone !== undefined ? digitToTone(c.tone) : undefined;
        return { label: c.label, phrases: c.phrases, ...(tone && listen.modes.includes('dtmf') ? { tone: tone as DtmfTone } : {}) };
      });
      return {
        mode,
        adjustments,
        options: {
          kind: 'callMediaRecognizeChoiceOptions',
          ...common,
          choices,
          speechLanguage: listen.lang,
          ...(settings.speechModelEndpointId ? { speechRecognitionModelEndpointId: settings.speechModelEndpointId } : {}),
        },
      };
    }
  }
}

/** The noinput timeout of a listen: VoiceXML lets the last queued prompt's `timeout` override it. */
export function noinputTimeoutMs(listen: ListenAction, promptTimeouts: readonly (number | null | undefined)[]): number {
  for (let i = promptTimeouts.length - 1; i >= 0; i--) {
    const t = promptTimeouts[i];
    if (t !== undefined && t !== null) return t;
  }
  return listen.timeoutMs;
}
