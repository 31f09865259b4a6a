/**
 * <menu> (VoiceXML 2.0 §2.2): prompts by the menu's prompt counter with <enumerate> over the choices
 * (`_prompt`, `_dtmf`; dtmf="true" numbers the first nine choices without their own dtmf 1..9), a listen
 * on the choices' grammars plus the document's and root's, and the chosen <choice>'s transition or event.
 */
import type { Choice, Link } from '../../contracts/graph';
import type { FetchAttrs } from '../../contracts/grammar';
import type { Loc } from '../../contracts/source';
import { listenAction } from './actions';
import { thrown, type Flow } from './flow';
import { activeGrammars } from './grammars';
import { hangup, type Next } from './next';
import { menuEntries } from './enumerate';
import { queueSelected, selectPrompts } from './prompts';
import { baseOf, currentMenu, js, live, type Turn } from './turn';
import { resolveTarget } from './uri';

export function menuCollect(turn: Turn): Next {
  const menu = currentMenu(turn);
  if (!menu) return hangup('error');
  const skipPrompts = turn.skipPrompts;
  turn.skipPrompts = false;
  if (turn.state.hungup) return hangup(turn.state.hungup === 'app' ? 'disconnect' : 'end');
  if (!skipPrompts) {
    const counters = turn.state.exec.prompts;
    const counter = counters[''] ?? 1;
    const open = js(() => turn.env.openAnonymous(), menu.loc);
    if (!open.ok) return { kind: 'flow', flow: open.flow, at: {} };
    let flow: Flow = { kind: 'continue' };
    const chosen = selectPrompts(turn, menu.prompts, counter);
    if (!chosen.ok) flow = chosen.flow;
    else {
      const enumerate = menuEntries(menu);
      for (const p of chosen.value) {
        flow = queueSelected(turn, p, { enumerate });
        if (flow.kind !== 'continue') break;
      }
    }
    turn.env.closeAnonymous();
    counters[''] = counter + 1;
    if (flow.kind !== 'continue') return { kind: 'flow', flow, at: {} };
  }
  const active = activeGrammars(turn, undefined, menu);
  if (!active.ok) return { kind: 'flow', flow: active.flow, at: {} };
  turn.state.wait = { kind: 'input', item: '' };
  return { kind: 'stop', action: listenAction(turn, undefined, active.value) };
}

type Jump = Pick<Choice, 'next' | 'expr' | 'event' | 'eventexpr' | 'message' | 'messageexpr'> & { loc: Loc; fetch?: FetchAttrs };

/** What a <choice> or <link> does when its grammar matches: transition (next/expr) or throw (event/eventexpr). */
export function jumpFlow(turn: Turn, j: Jump, via: 'choice' | 'link', base: string = baseOf(live(turn).doc)): Flow {
  const env = turn.env;
  if (j.next !== undefined || j.expr !== undefined) {
    let ref = j.next;
    if (j.expr !== undefined) {
      const v = js(() => env.toString(env.evaluate(j.expr as string)), j.loc);
      if (!v.ok) return v.flow;
      ref = v.value;
    }
    const t = resolveTarget(base, ref ?? '');
    const f: Flow = { kind: 'goto', via, loc: j.loc };
    if (t.doc !== undefined) f.doc = t.doc;
    if (t.fragment !== undefined) f.fragment = t.fragment;
    if (j.fetch) f.fetch = j.fetch;
    return f;
  }
  let event = j.event;
  if (j.eventexpr !== undefined) {
    const v = js(() => env.toString(env.evaluate(j.eventexpr as string)), j.loc);
    if (!v.ok) return v.flow;
    event = v.value;
  }
  let message: unknown = j.message;
  if (j.messageexpr !== undefined) {
    const v = js(() => env.toData(env.evaluate(j.messageexpr as string)), j.loc);
    if (!v.ok) return v.flow;
    message = v.value;
  }
  if (event === undefined || event === '') return thrown('error.semantic', `<${via}> without next, expr, event or eventexpr`, j.loc);
  return thrown(event, message, j.loc);
}

/** `base`: the base URI of the document that declares the link (the application root's, for its links). */
export function linkFlow(turn: Turn, link: Link, base?: string): Flow {
  return jumpFlow(turn, link, 'link', base);
}
