/**
 * Platform input for what the last turn waited for (the runtime has already recognised it): recognition
 * results go to the element that owns the matched grammar — a link or a choice acts, a form grammar of
 * another dialog moves there carrying the input, a field or form grammar of the current form fills —
 * and noinput, nomatch, hang-up and platform errors become VoiceXML events at the waiting item.
 */
import type { RecognitionResult } from '../../contracts/grammar';
import type { InterpreterEvent } from '../../contracts/interpreter';
import type { WaitState } from '../../contracts/session';
import { fillRecording, fillTransfer, processFormResult } from './fill';
import type { Flow } from './flow';
import { indexOf, splitGrammarKey, type GrammarOwner } from './graph-index';
import { setLastResult, setNomatchResult } from './lastresult';
import { handleFlow, throwEvent } from './machine';
import { jumpFlow, linkFlow } from './menu';
import { hangup, SELECT, type At, type Next } from './next';
import { transition } from './transitions';
import { parseUniversalKey } from './universals';
import { baseOf, currentForm, currentMenu, findItem, type Turn } from './turn';

export function processInput(turn: Turn, ev: InterpreterEvent): Next {
  const wait = turn.state.wait;
  turn.state.wait = undefined;
  if (!wait) return ev.kind === 'hangup' ? hangup('end') : SELECT;
  const at: At = wait.item === '' ? {} : { item: wait.item };
  switch (ev.kind) {
    case 'start':
      return throwEvent(turn, 'error.semantic', 'the call was started twice', at);
    case 'hangup':
      turn.state.hungup = 'caller';
      if (wait.kind === 'transfer' && wait.transferType === 'blind') return throwEvent(turn, 'connection.disconnect.transfer', undefined, at);
      return throwEvent(turn, 'connection.disconnect.hangup', undefined, at);
    case 'noinput':
      return throwEvent(turn, 'noinput', undefined, at);
    case 'nomatch': {
      const f = setNomatchResult(turn, ev.utterance, ev.confidence, ev.inputmode);
      if (f.kind !== 'continue') return handleFlow(turn, f, at);
      return throwEvent(turn, 'nomatch', undefined, at);
    }
    case 'platform.error':
      return throwEvent(turn, ev.event, ev.message, at);
    case 'recognized':
      return recognized(turn, ev.result, wait, at);
    case 'recorded': {
      const item = findItem(currentForm(turn), wait.item);
      if (wait.kind !== 'record' || !item || item.kind !== 'record') return throwEvent(turn, 'error.semantic', 'a recording arrived while no <record> was waiting', at);
      return fillRecording(turn, item, ev);
    }
    case 'transferred': {
      const item = findItem(currentForm(turn), wait.item);
      if (wait.kind !== 'transfer' || !item || item.kind !== 'transfer') return throwEvent(turn, 'error.semantic', 'a transfer result arrived while no <transfer> was waiting', at);
      if (item.transferType === 'blind' && !BLIND_FAILURES.has(ev.result)) {
        // The call left the platform (§2.3.7.1): the application only learns connection.disconnect.transfer.
        turn.state.hungup = 'caller';
        return throwEvent(turn, 'connection.disconnect.transfer', undefined, at);
      }
      return fillTransfer(turn, item, ev.result, ev.durationMs);
    }
  }
}

/** Outcomes that mean a blind transfer never connected (VoiceXML 2.1 reports them in the item variable). */
const BLIND_FAILURES = new Set(['busy', 'noanswer', 'network_busy']);

function ownerOf(turn: Turn, key: string): { owner: GrammarOwner; inRoot: boolean } | undefined {
  const l = turn.live;
  if (!l) return undefined;
  const { doc, id } = splitGrammarKey(key);
  if (doc === l.docKey) {
    const o = indexOf(l.doc).owners.get(id);
    return o ? { owner: o, inRoot: false } : undefined;
  }
  if (l.root && doc === l.rootKey) {
    const o = indexOf(l.root).owners.get(id);
    return o ? { owner: o, inRoot: true } : undefined;
  }
  return undefined;
}

function recognized(turn: Turn, result: RecognitionResult, wait: WaitState, at: At): Next {
  turn.trace.push({ kind: 'recognition', result });
  const set = setLastResult(turn, result);
  if (set.kind !== 'continue') return handleFlow(turn, set, at);
  const l = turn.live;
  if (!l) return hangup('error');
  // A universal command (§6.3.6): its event goes through the normal catch selection at the waiting item.
  const universal = parseUniversalKey(result.grammar);
  if (universal) return throwEvent(turn, universal.name, undefined, at);
  const found = ownerOf(turn, result.grammar);
  const owner = found?.owner;
  const form = currentForm(turn);
  const waiting = findItem(form, wait.item);

  if (wait.kind === 'transfer' && waiting?.kind === 'transfer' && owner?.kind === 'item' && owner.item === waiting.name) {
    // A grammar of a bridged transfer matched: the caller ended the outgoing leg (§2.3.7.2.2).
    return fillTransfer(turn, waiting, 'near_end_disconnect', undefined, result);
  }
  if (!owner) {
    // The runtime matched a grammar this document does not declare: treat it as the waiting field's.
    if (waiting && waiting.kind === 'field') return processFormResult(turn, result, waiting);
    return throwEvent(turn, 'nomatch', undefined, at);
  }
  const rootBase = l.root ? baseOf(l.root) : undefined;
  switch (owner.kind) {
    case 'link': {
      const flow: Flow = linkFlow(turn, owner.link, found?.inRoot ? rootBase : undefined);
      return handleFlow(turn, flow, at);
    }
    case 'choice': {
      const graph = found?.inRoot && l.root ? l.root : l.doc;
      const menu = indexOf(graph).dialogs.get(owner.dialog);
      const choice = menu && menu.kind === 'menu' ? menu.choices[owner.index] : undefined;
      if (!choice) return throwEvent(turn, 'nomatch', undefined, at);
      return handleFlow(turn, jumpFlow(turn, choice, 'choice', found?.inRoot ? rootBase : undefined), at);
    }
    case 'form': {
      if (!found?.inRoot && form && owner.dialog === form.id) return processFormResult(turn, result, undefined);
      // A document-scoped grammar of another form: go there and process the input in its FIA.
      const target = found?.inRoot && l.rootKey ? { doc: l.rootKey } : {};
      return transition(turn, { kind: 'goto', via: 'goto', fragment: owner.dialog, loc: l.doc.loc, ...target }, at, result);
    }
    case 'item': {
      const item = !found?.inRoot && form && owner.dialog === form.id ? findItem(form, owner.item) : undefined;
      if (item && item.kind === 'field') return processFormResult(turn, result, item);
      if (waiting && waiting.kind === 'field') return processFormResult(turn, result, waiting);
      if (currentMenu(turn)) return throwEvent(turn, 'nomatch', undefined, at);
      return SELECT;
    }
  }
}

