/**
 * One turn of a call as the console shows it: the prompts as text (and language, for speech synthesis),
 * what the call waits for, how the caller's input was understood (grammar / classifier / LLM, score, the
 * grammar or choice that matched) and where the call now stands in the dialog graph (TraceEntry
 * dialog/item entries). Shared by the browser call and the operators' live view.
 */
import { awaitingAfter, type Awaiting, type InterpreterEvent, type ListenAction, type Prompt, type PromptSegment, type TraceEntry, type TurnResult } from '../../gateway/index';
import type { GrammarLabel } from './grammar-labels';

export interface Position {
  uri: string;
  dialog: string;
  item?: string;
}

export interface PromptView {
  text: string;
  lang: string;
}

export type { Awaiting };

export interface ListenView {
  modes: ListenAction['modes'];
  termchar: string;
  interdigitMs: number;
  timeoutMs: number;
  minDigits?: number;
  maxDigits?: number;
  lang: string;
  /** Phrases the caller may say (closed sets), for clickable suggestions. */
  suggestions: string[];
}

export type InterpretationView =
  | {
      outcome: 'match';
      path: 'grammar' | 'classifier' | 'llm';
      inputmode: 'dtmf' | 'voice';
      utterance: string;
      confidence: number;
      score?: number;
      /** The SISR result as JSON text (shown, never evaluated). */
      value: string;
      grammar: string;
      grammarLabel?: string;
      grammarLine?: number;
      alternatives?: { label: string; score: number }[];
    }
  | { outcome: 'nomatch'; utterance?: string };

export interface TurnView {
  seq: number;
  ended: boolean;
  awaiting: Awaiting;
  prompts: PromptView[];
  listen?: ListenView;
  transfer?: { dest: string; type: string };
  hangup?: string;
  interpretation?: InterpretationView;
  /** VoiceXML events thrown in the turn (nomatch, noinput, error.*), with their messages. */
  events: { event: string; message?: string }[];
  /** Dialogs and items entered during the turn, in order; the last is where the call stands. */
  visited: Position[];
  position?: Position;
}

export function segmentText(segment: PromptSegment): string {
  switch (segment.kind) {
    case 'speak':
      return segment.text;
    case 'audio': {
      const fallback = segment.fallback.map(segmentText).filter((t) => t).join(' ');
      return fallback || `[audio ${segment.url.replace(/[?#].*$/, '').split('/').pop() ?? segment.url}]`;
    }
    case 'pause':
      return '';
  }
}

export function promptView(prompt: Prompt): PromptView {
  return { text: prompt.segments.map(segmentText).filter((t) => t).join(' ').replace(/\s+/g, ' ').trim(), lang: prompt.lang };
}

/** Positions entered during the turn (dialog entries, then items within them). */
export function visitedOf(trace: readonly TraceEntry[]): Position[] {
  const out: Position[] = [];
  for (const t of trace) {
    if (t.kind === 'dialog') out.push({ uri: t.uri, dialog: t.dialog });
    else if (t.kind === 'item') out.push({ uri: t.uri, dialog: t.dialog, item: t.item });
  }
  return out;
}

/** What the console knows of the application, when its documents could be loaded. */
export interface AppKnowledge {
  labels: ReadonlyMap<string, GrammarLabel>;
  suggest(position: Position | undefined): string[];
}

export function turnView(result: TurnResult, app?: AppKnowledge): TurnView {
  const prompts: PromptView[] = [];
  let listen: ListenView | undefined;
  let transfer: TurnView['transfer'];
  let hangup: string | undefined;
  for (const action of result.actions) {
    switch (action.kind) {
      case 'play':
        for (const p of action.prompts) {
          const view = promptView(p);
          if (view.text) prompts.push(view);
        }
        break;
      case 'listen':
        listen = listenView(action);
        break;
      case 'transfer':
        transfer = { dest: action.dest, type: action.type };
        break;
      case 'hangup':
        hangup = action.reason;
        break;
      case 'record':
        break;
    }
  }
  const ended = result.ended || hangup !== undefined;
  const visited = visitedOf(result.trace);
  const position = visited[visited.length - 1];
  if (listen && listen.suggestions.length === 0 && listen.modes.includes('voice')) listen.suggestions = (app?.suggest(position) ?? []).slice(0, 12);
  return {
    seq: result.seq,
    ended,
    awaiting: awaitingAfter(result.actions, ended),
    prompts,
    listen,
    transfer,
    hangup,
    interpretation: interpretationView(result.recognition, app?.labels),
    events: result.trace.flatMap((t) => (t.kind === 'event' ? [{ event: t.event, message: t.message }] : [])),
    visited,
    position,
  };
}

function listenView(action: ListenAction): ListenView {
  const suggestions = (action.choices?.map((c) => c.phrases[0] ?? c.label) ?? []).filter((s) => s.length > 0).slice(0, 12);
  return {
    modes: action.modes,
    termchar: action.termchar,
    interdigitMs: action.interdigitMs,
    timeoutMs: action.timeoutMs,
    minDigits: action.minDigits,
    maxDigits: action.maxDigits,
    lang: action.lang,
    suggestions,
  };
}

export function interpretationView(recognition: TurnResult['recognition'], labels?: ReadonlyMap<string, GrammarLabel>): InterpretationView | undefined {
  if (!recognition) return undefined;
  const r = recognition.result;
  if (!r) return { outcome: 'nomatch', utterance: recognition.nomatch?.utterance };
  const label = labels?.get(r.grammar);
  return {
    outcome: 'match',
    path: r.path,
    inputmode: r.inputmode,
    utterance: r.utterance,
    confidence: r.confidence,
    score: r.score,
    value: valueText(r.interpretation),
    grammar: r.grammar,
    grammarLabel: label ? `${label.label}${label.src ? ` — ${label.src.split('/').pop()}` : ''}` : undefined,
    grammarLine: label?.line,
    alternatives: r.alternatives?.slice(0, 5),
  };
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 299)}…` : text;
  } catch {
    // A cyclic or exotic value cannot be JSON: its string form is still informative.
    return String(value);
  }
}

/** What the caller did in a turn, as one transcript line (for the live view). */
export function callerLine(input: InterpreterEvent): string | undefined {
  switch (input.kind) {
    case 'recognized':
      return input.result.inputmode === 'dtmf' ? `keys ${input.result.utterance}${input.result.termchar ?? ''}` : `"${input.result.utterance}"`;
    case 'nomatch':
      return input.utterance === undefined ? '(not understood)' : input.inputmode === 'dtmf' ? `keys ${input.utterance}` : `"${input.utterance}"`;
    case 'noinput':
      return '(silence)';
    case 'hangup':
      return '(hangs up)';
    case 'recorded':
      return `(records ${Math.round(input.durationMs / 100) / 10} s)`;
    case 'transferred':
      return `(transfer result: ${input.result})`;
    case 'platform.error':
      return `(platform: ${input.event})`;
    case 'start':
      return undefined;
  }
}
