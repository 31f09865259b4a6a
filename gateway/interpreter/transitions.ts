/**
 * <goto>, <submit>, <link> and <choice> transitions (VoiceXML 2.0 §5.3.7, §5.3.8): within the document
 * (`#dialog`: the document scope stays) or to another document (always a fresh load, even of the same URI).
 * A fetch that fails, or a dialog that does not exist, throws error.badfetch where the transition was made.
 */
import type { RecognitionResult } from '../../contracts/grammar';
import { commitDocument, loadDocument } from './documents';
import { thrown, type Flow } from './flow';
import { indexOf } from './graph-index';
import { type At, type Next } from './next';
import { fetchTiming } from './properties';
import { docUri, type Turn } from './turn';

type Transition = Flow & ({ kind: 'goto' } | { kind: 'submit' });

export function transition(turn: Turn, f: Transition, at: At, carry?: RecognitionResult): Next {
  const l = turn.live;
  const from = l?.dialog?.id ?? '';
  if (f.kind === 'goto' && f.doc === undefined) {
    if (!l) return { kind: 'flow', flow: thrown('error.badfetch', 'no current document'), at };
    const id = f.fragment ?? '';
    if (!indexOf(l.doc).dialogs.has(id)) return { kind: 'flow', flow: thrown('error.badfetch', `no dialog named ${id} in ${l.docKey}`, f.loc), at };
    turn.trace.push({ kind: 'transition', uri: l.docKey, from, to: `#${id}`, via: f.via, loc: f.loc });
    return enter(id, carry);
  }
  const uri = f.doc ?? l?.docKey ?? '';
  const req =
    f.kind === 'submit'
      ? { uri, method: f.method, enctype: f.enctype, body: f.body, purpose: 'submit' as const, loc: f.loc, ...fetchTiming(turn, 'document', f.fetch) }
      : { uri, method: 'get' as const, enctype: 'application/x-www-form-urlencoded', purpose: f.via, loc: f.loc, ...fetchTiming(turn, 'document', f.fetch) };
  const loaded = loadDocument(turn, req, l);
  if (!loaded.ok) return { kind: 'flow', flow: loaded.flow, at };
  const graph = loaded.loaded.graph;
  const dialogId = f.fragment ?? graph.dialogs[0]?.id;
  if (dialogId === undefined || !indexOf(graph).dialogs.has(dialogId)) {
    const what = f.fragment !== undefined ? `no dialog named ${f.fragment}` : 'no dialog';
    return { kind: 'flow', flow: thrown('error.badfetch', `${what} in ${loaded.loaded.key}`, f.loc), at };
  }
  turn.trace.push({ kind: 'transition', uri: docUri(turn), from, to: f.fragment !== undefined ? `${loaded.loaded.key}#${f.fragment}` : loaded.loaded.key, via: f.kind === 'submit' ? 'submit' : f.via, loc: f.loc });
  turn.pendingEnter = undefined;
  const init = commitDocument(turn, loaded.loaded, false);
  if (init.kind !== 'continue') {
    // An event during document initialisation is handled by the new document; the dialog is entered after.
    turn.pendingEnter = dialogId;
    return { kind: 'flow', flow: init, at: {} };
  }
  return enter(dialogId, carry);
}

function enter(dialog: string, carry: RecognitionResult | undefined): Next {
  return carry ? { kind: 'enter', dialog, carry } : { kind: 'enter', dialog };
}
