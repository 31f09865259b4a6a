/**
 * One turn's platform actions as a TwiML document, built with twilio's VoiceResponse (see ARCHITECTURE.md,
 * "Mapping to the platforms"). Pure: audio playability is decided beforehand and passed in.
 *
 * Callbacks carry the turn number (`gather?turn=7`) so a retried webhook is recognised. Action URLs are
 * relative: Twilio resolves them against the webhook URL, which keeps any path prefix a proxy adds.
 */
// The TwiML builder alone: the package root loads the whole REST client (~0.2 s CPU and ~20 MB at start-up).
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { ListenAction, PlatformAction, Prompt, PromptSegment, RecordAction, TransferAction } from '../../contracts/platform';
import { adaptSsml, appendSsml, parseSsml, ssmlHasText, ssmlProfile, type TwimlNodeBuilder } from './ssml';
import type { VoiceBook } from './voices';
import { parseDestination, type DialTarget } from './destination';

type GatherAttributes = Parameters<VoiceResponse['gather']>[0];
type SayAttributes = Parameters<VoiceResponse['say']>[0];

/** What <Say>, <Play> and <Pause> can be added to: the response itself, or a <Gather>. */
interface VerbSink {
  say(attributes: SayAttributes, message: string): TwimlNodeBuilder;
  play(url: string): unknown;
  pause(attributes: { length: number }): unknown;
}

export interface RenderContext {
  /** The turn number the platform must send back (TurnResult.seq). */
  turn: number;
  voices: VoiceBook;
  /** Whether Twilio can play this audio URL (decided by the AudioProbe before rendering). */
  playable: (url: string) => boolean;
  /** <Gather speechModel>. */
  speechModel?: string;
}

/** The action that ends the turn, as rendered. */
export type Terminal =
  | { kind: 'listen' }
  | { kind: 'record' }
  | { kind: 'transfer'; type: TransferAction['type']; target: DialTarget }
  | { kind: 'hangup' }
  /** The destination cannot be dialled: nothing was rendered, the application must hear about it. */
  | { kind: 'baddestination'; dest: string; reason: string };

export interface RenderedTurn {
  twiml: string;
  terminal: Terminal;
}

/** Audio URLs whose playability decides what is rendered (those with fallback content), to probe beforehand. */
export function audioUrls(actions: readonly PlatformAction[]): string[] {
  const urls = new Set<string>();
  const visit = (segments: readonly PromptSegment[]): void => {
    for (const s of segments) {
      if (s.kind === 'audio' && s.fallback.length > 0) {
        urls.add(s.url);
        visit(s.fallback);
      }
    }
  };
  for (const a of actions) if (a.kind === 'play') for (const p of a.prompts) visit(p.segments);
  return [...urls];
}

export function renderTurn(actions: readonly PlatformAction[], ctx: RenderContext): RenderedTurn {
  const response = new VoiceResponse();
  const prompts: Prompt[] = [];
  for (const action of actions) {
    switch (action.kind) {
      case 'play':
        prompts.push(...action.prompts);
        continue;
      case 'listen':
        renderListen(response, prompts, action, ctx);
        return { twiml: response.toString(), terminal: { kind: 'listen' } };
      case 'record':
        renderPrompts(response, prompts, ctx);
        renderRecord(response, action, ctx);
        return { twiml: response.toString(), terminal: { kind: 'record' } };
      case 'transfer': {
        const verdict = parseDestination(action.dest);
        if (!verdict.ok) return { twiml: '', terminal: { kind: 'baddestination', dest: action.dest, reason: verdict.reason } };
        renderPrompts(response, prompts, ctx);
        renderTransfer(response, action, verdict.target, ctx);
        return { twiml: response.toString(), terminal: { kind: 'transfer', type: action.type, target: verdict.target } };
      }
      case 'hangup':
        renderPrompts(response, prompts, ctx);
        response.hangup();
        return { twiml: response.toString(), terminal: { kind: 'hangup' } };
      default:
        return assertNever(action);
    }
  }
  // No terminal action (the runtime always ends a turn with one): end the call rather than leave Twilio
  // with a document that silently runs out of verbs.
  renderPrompts(response, prompts, ctx);
  response.hangup();
  return { twiml: response.toString(), terminal: { kind: 'hangup' } };
}

/** The polite end of a call the gateway cannot continue. */
export function renderApology(text: string, voices: VoiceBook): string {
  const response = new VoiceResponse();
  response.say(sayAttributes(voices, undefined), text);
  response.hangup();
  return response.toString();
}

/** Come back to `url` (relative to the webhook) in a second. */
export function renderRetry(url: string): string {
  const response = new VoiceResponse();
  response.pause({ length: 1 });
  response.redirect({ method: 'POST' }, url);
  return response.toString();
}

/** An answer that asks nothing of Twilio (status callbacks). */
export function renderEmpty(): string {
  return new VoiceResponse().toString();
}

// ---------------------------------------------------------------- prompts

function renderPrompts(sink: VerbSink, prompts: readonly Prompt[], ctx: RenderContext): void {
  for (const prompt of prompts) renderSegments(sink, prompt.segments, prompt.lang, ctx);
}

/** Consecutive text and pauses in one language become one <Say>; audio files become <Play>. */
function renderSegments(sink: VerbSink, segments: readonly PromptSegment[], lang: string, ctx: RenderContext): void {
  let run: PromptSegment[] = [];
  let runLang = lang;
  const flush = (): void => {
    if (run.length > 0) renderSayRun(sink, run, runLang, ctx);
    run = [];
  };
  for (const segment of segments) {
    switch (segment.kind) {
      case 'speak': {
        const segLang = segment.lang || lang;
        if (run.length > 0 && segLang !== runLang) flush();
        runLang = segLang;
        run.push(segment);
        break;
      }
      case 'pause':
        run.push(segment);
        break;
      case 'audio':
        flush();
        // Without fallback content there is nothing better to offer than letting Twilio try the file.
        if (segment.fallback.length === 0 || ctx.playable(segment.url)) sink.play(segment.url);
        else renderSegments(sink, segment.fallback, lang, ctx);
        break;
      default:
        assertNever(segment);
    }
  }
  flush();
}

function renderSayRun(sink: VerbSink, run: readonly PromptSegment[], lang: string, ctx: RenderContext): void {
  const speaks = run.some((s) => s.kind === 'speak' && (s.text.trim() !== '' || (s.ssml !== undefined && hasMarkupText(s.ssml))));
  if (!speaks) {
    // Silence alone: <Pause> (whole seconds) rather than an empty <Say>.
    const ms = run.reduce((sum, s) => sum + (s.kind === 'pause' ? s.ms : 0), 0);
    if (ms >= 500) sink.pause({ length: Math.max(1, Math.round(ms / 1000)) });
    return;
  }
  const attributes = sayAttributes(ctx.voices, lang);
  // The markup the voice's engine accepts (Polly neural voices fail on <emphasis>, basic voices take none).
  const profile = ssmlProfile((attributes as { voice?: string }).voice);
  const say = sink.say(attributes, '');
  let previousWasText = false;
  for (const segment of run) {
    if (segment.kind === 'pause') {
      if (profile !== 'plain') appendSsml(say, adaptSsml([{ kind: 'element', name: 'break', attrs: { time: `${Math.max(0, Math.round(segment.ms))}ms` }, children: [] }], profile));
      previousWasText = false;
    } else if (segment.kind === 'speak') {
      if (previousWasText) say.addText(' ');
      const nodes = segment.ssml !== undefined ? parseSsml(segment.ssml) : null;
      if (nodes) appendSsml(say, adaptSsml(nodes, profile));
      else say.addText(segment.text);
      previousWasText = true;
    }
  }
}

function hasMarkupText(markup: string): boolean {
  const nodes = parseSsml(markup);
  return nodes !== null && ssmlHasText(nodes);
}

function sayAttributes(voices: VoiceBook, lang: string | undefined): SayAttributes {
  const v = voices.forLanguage(lang);
  // The SDK types voice/language as closed unions of today's names; configured names are passed through.
  return (v.voice ? { voice: v.voice, language: v.language } : { language: v.language }) as SayAttributes;
}

// ---------------------------------------------------------------- input

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** Twilio's documented bounds for hints: ≤ 500 entries of ≤ 100 characters, words separated by spaces. */
export function formatHints(hints: readonly string[] | undefined): string | undefined {
  if (!hints || hints.length === 0) return undefined;
  const seen = new Set<string>();
  for (const hint of hints) {
    const clean = hint.replace(/[,\s]+/g, ' ').trim();
    if (clean && clean.length <= 100) seen.add(clean);
    if (seen.size >= 500) break;
  }
  return seen.size > 0 ? [...seen].join(', ') : undefined;
}

function renderListen(response: VoiceResponse, prompts: readonly Prompt[], listen: ListenAction, ctx: RenderContext): void {
  // Prompts the caller may interrupt play inside the <Gather>; the rest (up to the last one that may not be
  // interrupted) play before it, where key presses and speech are not collected.
  let split = prompts.length;
  while (split > 0 && prompts[split - 1].bargein) split--;
  renderPrompts(response, prompts.slice(0, split), ctx);
  const nested = prompts.slice(split);

  const dtmf = listen.modes.includes('dtmf') || listen.modes.length === 0;
  const speech = listen.modes.includes('voice');
  const lastTimeout = [...prompts].reverse().find((p) => p.timeoutMs !== undefined)?.timeoutMs;
  const noinputMs = lastTimeout ?? listen.timeoutMs;
  // Twilio has one timeout for the first input and between digits: never shorter than the interdigit timeout
  // when several digits may be entered, so a caller typing a number is not cut off.
  const multiDigit = dtmf && listen.maxDigits !== 1;
  const timeoutMs = multiDigit ? Math.max(noinputMs, listen.interdigitMs) : noinputMs;

  const attrs: Record<string, string | number | boolean> = {
    input: dtmf && speech ? 'dtmf speech' : speech ? 'speech' : 'dtmf',
    action: `gather?turn=${ctx.turn}`,
    method: 'POST',
    actionOnEmptyResult: true,
    timeout: seconds(timeoutMs),
  };
  if (dtmf) {
    if (listen.maxDigits !== undefined && listen.maxDigits > 0) attrs.numDigits = listen.maxDigits;
    // Twilio drops a finish key pressed alone (Digits is empty: noinput), so "press pound to end" or a
    // <choice dtmf="#"> could never be chosen. When one key decides (numDigits 1) the termchar can end nothing
    // anyway: collect it as a key and let the gateway's grammars (which know the termchar) judge it.
    attrs.finishOnKey = listen.maxDigits === 1 ? '' : listen.termchar;
  }
  if (speech) {
    attrs.speechTimeout = String(seconds(listen.completetimeoutMs));
    if (listen.maxspeechtimeoutMs > 0) attrs.maxSpeechTime = Math.min(60, seconds(listen.maxspeechtimeoutMs));
    const hints = formatHints(listen.hints);
    if (hints) attrs.hints = hints;
    attrs.language = ctx.voices.forLanguage(listen.lang).language;
    if (ctx.speechModel) attrs.speechModel = ctx.speechModel;
    attrs.profanityFilter = false;
  }
  attrs.bargeIn = nested.length > 0;
  const gather = response.gather(attrs as GatherAttributes);
  renderPrompts(gather, nested, ctx);
}

// ---------------------------------------------------------------- record, transfer

/** Twilio's ceiling for <Record maxLength> and <Dial timeLimit> (4 hours). */
const MAX_TWILIO_SECONDS = 14_400;

/** Every key ends a recording when VoiceXML dtmfterm is true. */
export const ANY_KEY = '1234567890*#';

function renderRecord(response: VoiceResponse, record: RecordAction, ctx: RenderContext): void {
  // Twilio records at most 4 hours; VoiceXML maxtime 0 means the platform's limit.
  const maxLength = record.maxMs > 0 ? Math.min(MAX_TWILIO_SECONDS, seconds(record.maxMs)) : 3600;
  response.record({
    action: `record?turn=${ctx.turn}&max=${maxLength}`,
    method: 'POST',
    maxLength,
    timeout: seconds(record.finalSilenceMs),
    finishOnKey: record.dtmfterm ? ANY_KEY : '',
    playBeep: record.beep,
    trim: 'trim-silence',
  });
  // Twilio does not call the action URL for an empty recording: it goes on with the next verb, which brings
  // the call back to us as a noinput.
  response.redirect({ method: 'POST' }, `record?turn=${ctx.turn}&empty=1`);
}

function renderTransfer(response: VoiceResponse, transfer: TransferAction, target: DialTarget, ctx: RenderContext): void {
  // Every type gets an action: a blind or consultation transfer that fails (busy, no answer) comes back to
  // the application like a bridged one; one that connected has handed the caller over ('accepted').
  const limit = transfer.type === 'bridge' && transfer.maxMs > 0 ? Math.min(MAX_TWILIO_SECONDS, seconds(transfer.maxMs)) : 0;
  const attrs: Record<string, string | number | boolean> = {
    action: `dial?turn=${ctx.turn}&type=${transfer.type}` + (limit ? `&limit=${limit}` : ''),
    method: 'POST',
    timeout: Math.min(600, Math.max(5, seconds(transfer.connectTimeoutMs))),
  };
  if (limit) attrs.timeLimit = limit;
  attrs.answerOnBridge = true;
  const dial = response.dial(attrs as Parameters<VoiceResponse['dial']>[0]);
  switch (target.kind) {
    case 'number':
      if (target.sendDigits) dial.number({ sendDigits: target.sendDigits }, target.number);
      else dial.number(target.number);
      break;
    case 'sip':
      dial.sip(target.uri);
      break;
    case 'client':
      dial.client(target.identity);
      break;
    default:
      assertNever(target);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}
