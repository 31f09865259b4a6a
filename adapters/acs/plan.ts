/**
 * A turn's actions → the first ACS step to take (pure). One turn = zero or more `play` then one terminal
 * action; on ACS:
 *   prompts + listen   → one startRecognizing with the prompts as playPrompts (barge-in = interruptPrompt);
 *   prompts + hangup   → playToAll, then hangUp(true) once PlayCompleted arrives;
 *   prompts + transfer → playToAll, then transferCallToParticipant (blind) / addParticipant (bridge);
 *   prompts + record   → playToAll (+ beep file), then call recording around a DTMF-timed window.
 */
import { createIdentifierFromRawId, type CommunicationIdentifier } from '@azure/communication-common';
import type { PlatformAction, Prompt, TransferAction } from '../../contracts/platform';
import { checkTransferDestination, localNumberRefusal } from './deps';
import { promptsToSources, type PlannedSource, type VoicePicker } from './play-sources';
import { noinputTimeoutMs } from './recognize';
import { operationContext, type AfterPlay, type PendingStep } from './state';

export interface PlanSettings {
  pickVoice: VoicePicker;
  /** WAV played before a recording when the document asks for a beep. */
  beepUrl?: string;
}

export interface TurnPlan {
  sources: PlannedSource[];
  promptTimeouts: (number | null)[];
  terminal: AfterPlay;
}

/** Splits a turn's actions into the prompts to play and the terminal action. */
export function splitTurn(actions: readonly PlatformAction[], ended: boolean, settings: PlanSettings): TurnPlan {
  const prompts: Prompt[] = [];
  let terminal: AfterPlay = { kind: 'none' };
  for (const a of actions) {
    switch (a.kind) {
      case 'play':
        prompts.push(...a.prompts);
        break;
      case 'listen':
        terminal = { kind: 'listen', listen: a };
        break;
      case 'record':
      case 'transfer':
        terminal = a;
        break;
      case 'hangup':
        terminal = { kind: 'hangup' };
        break;
    }
  }
  // A session that ended without saying so still hangs up after its last prompts.
  if (terminal.kind === 'none' && ended) terminal = { kind: 'hangup' };
  const sources = promptsToSources(prompts, settings.pickVoice);
  if (terminal.kind === 'record' && terminal.beep && settings.beepUrl) sources.push({ source: { kind: 'fileSource', url: settings.beepUrl } });
  return { sources, promptTimeouts: prompts.map((p) => p.timeoutMs ?? null), terminal };
}

/** The step that executes `terminal` (prompts already played, or none left). */
export function terminalStep(turn: number, terminal: AfterPlay, sources: PlannedSource[], promptTimeouts: (number | null)[]): PendingStep | undefined {
  const base = (op: PendingStep['op']): PendingStep => ({ turn, op, context: operationContext(turn, op, 0), attempt: 0 });
  switch (terminal.kind) {
    case 'listen':
      return { ...base('recognize'), sources, listen: { action: terminal.listen, noinputMs: noinputTimeoutMs(terminal.listen, promptTimeouts) } };
    case 'hangup':
      return base('hangup');
    case 'transfer':
      return transferStep(base, terminal);
    case 'record':
      return {
        ...base('record'),
        record: { maxMs: terminal.maxMs, timeoutMs: terminal.timeoutMs, finalSilenceMs: terminal.finalSilenceMs, dtmfterm: terminal.dtmfterm, ...(terminal.type ? { type: terminal.type } : {}) },
      };
    case 'none':
      return undefined;
  }
}

function transferStep(base: (op: PendingStep['op']) => PendingStep, t: TransferAction): PendingStep {
  // VoiceXML 2.1 consultation transfer = ACS transfer (ACS consults the target before releasing our leg).
  const op = t.type === 'bridge' ? 'add' : 'transfer';
  return { ...base(op), transfer: { dest: t.dest, type: t.type, maxMs: t.maxMs, connectTimeoutMs: t.connectTimeoutMs } };
}

export function hangupStep(turn: number): PendingStep {
  return { turn, op: 'hangup', context: operationContext(turn, 'hangup', 0), attempt: 0 };
}

/** The first step of a turn: a play when prompts precede anything but a listen, else the terminal step. */
export function planTurn(turn: number, actions: readonly PlatformAction[], ended: boolean, settings: PlanSettings): PendingStep | undefined {
  const plan = splitTurn(actions, ended, settings);
  if (plan.sources.length > 0 && plan.terminal.kind !== 'listen') {
    return { turn, op: 'play', context: operationContext(turn, 'play', 0), attempt: 0, sources: plan.sources, then: plan.terminal, promptTimeouts: plan.promptTimeouts };
  }
  return terminalStep(turn, plan.terminal, plan.sources, plan.promptTimeouts);
}

export type Destination = { ok: true; identifier: CommunicationIdentifier; rawId: string; display: string } | { ok: false; reason: string };

/**
 * A VoiceXML transfer destination → an ACS participant. tel: URIs and bare numbers become phone numbers
 * (E.164; a number without `+` is taken as international digits), ACS raw ids (`8:acs:…`, `4:+…`) are
 * used as they are; other SIP URIs cannot be dialled by Call Automation.
 */
export function parseDestination(dest: string): Destination {
  const d = dest.trim();
  if (/^(4|8):/.test(d)) {
    const identifier = createIdentifierFromRawId(d);
    return { ok: true, identifier, rawId: d, display: d.startsWith('4:') ? `tel:${d.slice(2)}` : d };
  }
  // URI syntax is the interpreter's one rule for every channel; what follows is what ACS can dial.
  const syntax = /^[a-z][a-z0-9+.-]*:/i.test(d) ? checkTransferDestination(d) : undefined;
  if (syntax && !syntax.ok) return { ok: false, reason: syntax.reason };
  const local = syntax && localNumberRefusal(syntax, dest, 'Call Automation');
  if (local) return { ok: false, reason: local };
  // (the interpreter's form: a local number with a global-number context is already completed there)
  const uri = syntax?.ok ? syntax.uri : d;
  let number = uri.replace(/^tel:/i, '').split(';')[0];
  const sip = /^sips?:(\+?[\d\-. ()]+)@/i.exec(uri);
  if (sip) number = sip[1];
  else if (/^sips?:/i.test(uri)) return { ok: false, reason: `Call Automation cannot dial the SIP URI ${uri}` };
  number = number.replace(/[\s\-.()]/g, '');
  if (!number.startsWith('+')) number = `+${number}`;
  if (!/^\+[1-9]\d{4,14}$/.test(number)) return { ok: false, reason: `${JSON.stringify(dest)} is not a dialable phone number (E.164 expected)` };
  return { ok: true, identifier: { phoneNumber: number }, rawId: `4:${number}`, display: `tel:${number}` };
}
