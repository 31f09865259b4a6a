/**
 * What the gateway asks of a voice platform (actions) and what a platform reports back (events).
 * Adapters translate these one-to-one into TwiML, ACS Call Automation calls, or console text.
 */

/** One audible piece of a prompt, in the order it is played. */
export type PromptSegment =
  /** Text to speak. `ssml` is the same content as SSML markup (no <speak> wrapper) when it holds markup. */
  | { kind: 'speak'; text: string; ssml?: string; lang?: string }
  /** A recorded file; `fallback` is played instead when the file cannot be fetched (VoiceXML <audio> content). */
  | { kind: 'audio'; url: string; fallback: PromptSegment[] }
  /** Silence (SSML <break>). */
  | { kind: 'pause'; ms: number };

/** One queued VoiceXML <prompt>. */
export interface Prompt {
  segments: PromptSegment[];
  bargein: boolean;
  bargeintype: 'speech' | 'hotword';
  /** xml:lang in force for this prompt (document, or the prompt's own). */
  lang: string;
  /** <prompt timeout> overriding the noinput timeout of the next listen, in ms. */
  timeoutMs?: number;
}

export type InputMode = 'dtmf' | 'voice';

/** An active grammar, by reference. The runtime's recognizer resolves it; the platform only needs the summary. */
export interface ActiveGrammarRef {
  /**
   * `<documentUri>#<grammarId>`: unique across documents. Platform grammars that belong to no document use
   * `builtin:universal/<help|exit|cancel>?lang=<xml:lang>` (the universals property).
   */
  key: string;
  mode: InputMode;
  /** What activated it, for precedence and transparency ('platform': a universal command, §6.3.6). */
  scope: 'field' | 'dialog' | 'document' | 'application' | 'link' | 'choice' | 'option' | 'platform';
  /** Absolute URI of an external grammar (src resolved, or srcexpr evaluated by the interpreter). */
  src?: string;
}

/** Caller input is expected. Timings are resolved from properties into milliseconds. */
export interface ListenAction {
  kind: 'listen';
  modes: InputMode[];
  grammars: ActiveGrammarRef[];
  timeoutMs: number;
  interdigitMs: number;
  termtimeoutMs: number;
  completetimeoutMs: number;
  incompletetimeoutMs: number;
  maxspeechtimeoutMs: number;
  /** DTMF terminating key ('' = none). */
  termchar: string;
  confidenceLevel: number;
  /** Filled by the runtime from the active DTMF grammars when they bound the length. */
  minDigits?: number;
  maxDigits?: number;
  /** Filled by the runtime: phrases of the active voice grammars (bounded), for recognizer hints. */
  hints?: string[];
  /** Filled by the runtime when every voice grammar is a small closed set (ACS `choices`). */
  choices?: { label: string; phrases: string[]; tone?: string }[];
  /** Barge-in allowed while the queued prompts play. */
  bargein: boolean;
  /** Language of recognition (xml:lang of the active grammars/document). */
  lang: string;
}

export interface RecordAction {
  kind: 'record';
  maxMs: number;
  finalSilenceMs: number;
  beep: boolean;
  /** Any DTMF key ends the recording (VoiceXML dtmfterm). */
  dtmfterm: boolean;
  /** Requested media type, e.g. audio/wav. */
  type?: string;
  timeoutMs: number;
}

export interface TransferAction {
  kind: 'transfer';
  /**
   * The destination URI as the document wrote it (trimmed), well-formed by the interpreter's rule
   * (checkTransferDestination): tel: per RFC 3966, sip:/sips: per RFC 3261, or another scheme a platform
   * may not support (then error.unsupported.uri). Malformed ones never reach a platform. A national tel:
   * number (no '+', no phone-context) arrives completed to its global form (tel:+18005551212) when the
   * operator configured a default country code (TRANSFER_DEFAULT_COUNTRY_CODE).
   */
  dest: string;
  type: 'blind' | 'bridge' | 'consultation';
  connectTimeoutMs: number;
  /** 0 = no limit. */
  maxMs: number;
  aai?: string;
  transferaudio?: string;
  /** Grammars of the <transfer> itself: while bridged, a match ends the outgoing leg (near_end_disconnect). */
  grammars?: ActiveGrammarRef[];
}

export type PlatformAction =
  | { kind: 'play'; prompts: Prompt[] }
  | ListenAction
  | RecordAction
  | TransferAction
  | { kind: 'hangup'; reason: 'exit' | 'disconnect' | 'end' | 'error' };

/** Outcome of a transfer as VoiceXML names it (<transfer> form item variable). */
export type TransferResult =
  | 'busy'
  | 'noanswer'
  | 'network_busy'
  | 'near_end_disconnect'
  | 'far_end_disconnect'
  | 'network_disconnect'
  | 'maxtime_disconnect'
  | 'unknown';

/** What a platform reports about the call, channel-neutral. */
export type PlatformEvent =
  | { kind: 'call.start'; callId: string; channel: Channel; from?: string; to?: string; app?: string; extra?: Record<string, string> }
  | { kind: 'dtmf'; digits: string }
  | { kind: 'speech'; text: string; confidence: number; alternatives?: { text: string; confidence: number }[] }
  | { kind: 'noinput' }
  /**
   * The platform itself decided the input matched nothing (ACS: speech not recognized, a phrase outside the
   * `choices`, an invalid tone, an inter-digit timeout reported without tones). Becomes VoiceXML nomatch.
   */
  | { kind: 'nomatch'; inputmode: InputMode; utterance?: string }
  | { kind: 'recorded'; uri: string; durationMs: number; sizeBytes?: number; type?: string; termchar?: string; maxtime?: boolean }
  | { kind: 'transfer.done'; result: TransferResult | 'accepted'; durationMs?: number }
  | { kind: 'hangup' }
  /** A platform failure to report to the application as a VoiceXML event (e.g. error.noresource). */
  | { kind: 'platform.error'; event: string; message: string };

export type Channel = 'sim' | 'twilio' | 'acs';

/** What the call waits for once a turn's actions have been carried out. */
export type Awaiting = 'input' | 'record' | 'transfer' | 'none';

/** The one rule every channel and view shares: the last action of a turn that goes on says what it waits for. */
export function awaitingAfter(actions: readonly PlatformAction[], ended: boolean): Awaiting {
  if (ended) return 'none';
  const last = actions[actions.length - 1];
  switch (last?.kind) {
    case 'listen':
      return 'input';
    case 'record':
      return 'record';
    case 'transfer':
      return 'transfer';
    case 'play':
    case 'hangup':
    case undefined:
      return 'none';
  }
}
