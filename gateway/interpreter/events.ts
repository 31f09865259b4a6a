/**
 * Event handling (VoiceXML 2.0 §5.2): event counters, catch selection and the default handlers.
 *
 * Counters (§5.2.2): each form item and each dialog keeps a counter per event name; a thrown event
 * increments the counters of its full name and of every dot-separated prefix ("error.badfetch.http.404"
 * also counts for "error.badfetch" and "error"). They reset when the dialog is (re)entered, and <clear>
 * resets an item's.
 *
 * Selection (§5.2.4): candidate catches are those of the item, then the dialog, the document and the
 * application root, each in document order; a catch matches when one of its event names is a prefix of the
 * thrown name (by whole tokens) and its cond holds; among them the highest count not above the counter
 * wins, the first such in scope order.
 */
import type { Catch } from '../../contracts/graph';
import type { Result } from './flow';
import { ok } from './flow';
import { findItem, currentForm, currentMenu, js, type Turn } from './turn';

/** Whether catch event name `pattern` catches thrown event `event` (whole-token prefix match). */
export function eventMatches(pattern: string, event: string): boolean {
  const p = pattern.replace(/\.+$/, '');
  if (p === '' || p === '.') return true;
  return event === p || event.startsWith(`${p}.`);
}

/** The event's name and all its dot-separated prefixes, longest first. */
export function prefixesOf(event: string): string[] {
  const parts = event.split('.');
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join('.'));
  return out;
}

function counterKey(item: string | undefined): string {
  return item ?? '';
}

export function countEvent(turn: Turn, item: string | undefined, event: string): void {
  const all = turn.state.exec.events;
  const key = counterKey(item);
  const counters = (all[key] ??= {});
  for (const name of prefixesOf(event)) counters[name] = (counters[name] ?? 0) + 1;
}

function counterFor(turn: Turn, item: string | undefined, name: string): number {
  return turn.state.exec.events[counterKey(item)]?.[name] ?? 0;
}

export function resetItemCounters(turn: Turn, item: string): void {
  delete turn.state.exec.events[item];
  delete turn.state.exec.prompts[item];
}

export interface Selected {
  handler: Catch;
  /** Where it was declared, for the trace. */
  scope: 'item' | 'dialog' | 'document' | 'application';
}

/** Finds the handler for `event` thrown at `item` (undefined = dialog or document level). */
export function selectHandler(turn: Turn, event: string, item: string | undefined, message?: unknown): Result<Selected | undefined> {
  const l = turn.live;
  if (!l) return ok(undefined);
  const scopes: { scope: Selected['scope']; catches: Catch[] }[] = [];
  const formItem = findItem(currentForm(turn), item);
  if (formItem && 'catches' in formItem) scopes.push({ scope: 'item', catches: formItem.catches });
  const dialog = currentForm(turn) ?? currentMenu(turn);
  if (dialog) scopes.push({ scope: 'dialog', catches: dialog.catches });
  scopes.push({ scope: 'document', catches: l.doc.catches });
  if (l.root && !l.isRoot) scopes.push({ scope: 'application', catches: l.root.catches });

  const candidates: { c: Selected; count: number }[] = [];
  for (const s of scopes) {
    for (const handler of s.catches) {
      const matched = matchName(handler, event);
      if (matched === undefined) continue;
      if (handler.cond !== undefined) {
        const cond = js(() => evalCatchCond(turn, handler.cond as string, event, message), handler.loc);
        if (!cond.ok) return cond;
        if (!cond.value) continue;
      }
      candidates.push({ c: { handler, scope: s.scope }, count: counterFor(turn, item, matched) });
    }
  }
  let best = 0;
  for (const k of candidates) if (k.c.handler.count <= k.count && k.c.handler.count > best) best = k.c.handler.count;
  const winner = candidates.find((k) => k.c.handler.count === best && k.c.handler.count <= k.count);
  return ok(winner?.c);
}

/**
 * A catch's cond. Legacy handlers test the event itself — `<catch event="error" cond="_event ==
 * 'error.badfetch.http.404'">`, `cond="_message.indexOf('timeout') >= 0"` — and the platforms (Voxeo, Nuance,
 * Genesys) evaluated cond with the handler's `_event` and `_message` visible, as its body sees them (§5.2.2).
 * Without them such a cond raised error.semantic and ended the call; only conds naming them pay for the scope.
 */
function evalCatchCond(turn: Turn, cond: string, event: string, message: unknown): boolean {
  const env = turn.env;
  if (!/\b_(?:event|message)\b/.test(cond)) return env.evalCond(cond);
  env.openAnonymous();
  try {
    env.declare('_event', env.fromData(event), 'anonymous');
    env.declare('_message', message === undefined ? undefined : env.fromData(message), 'anonymous');
    return env.evalCond(cond);
  } finally {
    env.closeAnonymous();
  }
}

/** The catch's event name that matches (longest), or the full event name for a catch-all. */
function matchName(handler: Catch, event: string): string | undefined {
  if (handler.events.length === 0) return event;
  let found: string | undefined;
  for (const e of handler.events) {
    if (!eventMatches(e, event)) continue;
    const name = e.replace(/\.+$/, '');
    const key = name === '' || name === '.' ? event : name;
    if (found === undefined || key.length > found.length) found = key;
  }
  return found;
}

/**
 * §5.2.6 default handlers: help, noinput, nomatch and maxspeechtimeout reprompt; cancel does not reprompt;
 * everything else (error.*, connection.disconnect.*, telephone.disconnect.*, exit, application events)
 * exits the interpreter.
 */
export type DefaultAction = { kind: 'reprompt' } | { kind: 'resume' } | { kind: 'exit'; reason: 'error' | 'end' | 'exit' };

export function defaultHandler(event: string): DefaultAction {
  const top = event.split('.')[0];
  if (event === 'help' || event === 'noinput' || event === 'nomatch' || event === 'maxspeechtimeout') return { kind: 'reprompt' };
  if (top === 'help' || top === 'noinput' || top === 'nomatch' || top === 'maxspeechtimeout') return { kind: 'reprompt' };
  if (top === 'cancel') return { kind: 'resume' };
  if (top === 'connection' || top === 'telephone') return { kind: 'exit', reason: 'end' };
  if (top === 'exit') return { kind: 'exit', reason: 'exit' };
  return { kind: 'exit', reason: 'error' };
}
