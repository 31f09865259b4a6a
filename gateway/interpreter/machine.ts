/**
 * The turn driver: runs `Next` steps until the call waits or ends, handles flows (events, transitions,
 * returns, exits) and bounds the work of a turn (ctx.limits.maxTransitionsPerTurn): a document that loops
 * without waiting gets error.semantic once, then the call is ended with reason 'error'.
 */
import type { PlatformAction } from '../../contracts/platform';
import type { Loc } from '../../contracts/source';
import { countEvent, defaultHandler, selectHandler } from './events';
import { execBody } from './exec';
import { enterDialog, fiaIterate } from './fia';
import { thrown, type Flow } from './flow';
import { processInput } from './input';
import { menuCollect } from './menu';
import { hangup, SELECT, type At, type Next } from './next';
import { callReturn } from './subdialog';
import { transition } from './transitions';
import { currentMenu, docUri, findItem, currentForm, js, type Turn } from './turn';

/** FIA iterations allowed per counted transition: loops made only of <clear> and blocks are bounded too. */
const ITERATIONS_PER_TRANSITION = 20;

function counts(next: Next): 'transition' | 'iteration' {
  if (next.kind === 'enter' || next.kind === 'input') return 'transition';
  if (next.kind === 'flow' && next.flow.kind !== 'continue') return 'transition';
  return 'iteration';
}

export function run(turn: Turn, first: Next): PlatformAction {
  const limit = turn.ctx.limits.maxTransitionsPerTurn;
  let iterations = 0;
  let next = first;
  for (;;) {
    if (next.kind === 'stop') return next.action;
    if (counts(next) === 'transition') turn.steps++;
    else iterations++;
    if (turn.steps > limit || iterations > limit * ITERATIONS_PER_TRANSITION) {
      turn.cutOffs++;
      turn.trace.push({ kind: 'event', uri: docUri(turn), event: 'error.semantic', message: 'transition limit of the turn exceeded (the document loops without waiting for the caller)' });
      if (turn.cutOffs > 1) return { kind: 'hangup', reason: 'error' };
      turn.steps = 0;
      iterations = 0;
      next = { kind: 'flow', flow: thrown('error.semantic', 'the document loops without waiting for the caller'), at: {} };
      continue;
    }
    next = advance(turn, next);
  }
}

function advance(turn: Turn, next: Exclude<Next, { kind: 'stop' }>): Next {
  switch (next.kind) {
    case 'select': {
      if (turn.pendingEnter !== undefined) {
        const dialog = turn.pendingEnter;
        turn.pendingEnter = undefined;
        return { kind: 'enter', dialog };
      }
      if (currentMenu(turn)) return menuCollect(turn);
      if (currentForm(turn)) return fiaIterate(turn);
      return hangup('error');
    }
    case 'enter':
      return enterDialog(turn, next.dialog, next.carry, next.params);
    case 'input':
      return processInput(turn, next.event);
    case 'flow':
      return handleFlow(turn, next.flow, next.at);
  }
}

export function handleFlow(turn: Turn, flow: Flow, at: At): Next {
  switch (flow.kind) {
    case 'continue':
      return SELECT;
    case 'throw':
      return throwEvent(turn, flow.event, flow.message, at, flow.loc);
    case 'goto':
    case 'submit':
      return transition(turn, flow, at);
    case 'nextitem':
      if (!findItem(currentForm(turn), flow.item)) return throwEvent(turn, 'error.badfetch', `no form item named ${flow.item}`, at, flow.loc);
      turn.nextItem = flow.item;
      return SELECT;
    case 'return':
      return callReturn(turn, flow, at);
    case 'exit':
      turn.trace.push({ kind: 'event', uri: docUri(turn), event: 'exit', message: flow.value === undefined ? undefined : JSON.stringify(flow.value), loc: flow.loc });
      return hangup('exit');
    case 'disconnect':
      turn.state.hungup = 'app';
      return throwEvent(turn, 'connection.disconnect.hangup', undefined, at, flow.loc);
  }
}

/** Throws `event` at `at`: counts it, selects a handler (§5.2.4) and runs it, or applies the default (§5.2.6). */
export function throwEvent(turn: Turn, event: string, message: unknown, at: At, loc?: Loc): Next {
  const entry: { kind: 'event'; uri: string; event: string; message?: string; loc?: Loc } = { kind: 'event', uri: docUri(turn), event };
  if (message !== undefined) entry.message = typeof message === 'string' ? message : JSON.stringify(message);
  if (loc) entry.loc = loc;
  turn.trace.push(entry);
  // Nothing loaded yet (the entry document could not be fetched): no handler can run.
  if (!turn.live) return hangup('error');
  countEvent(turn, at.item, event);
  const sel = selectHandler(turn, event, at.item, message);
  if (!sel.ok) return { kind: 'flow', flow: sel.flow, at };
  const found = sel.value;
  if (!found) {
    const d = defaultHandler(event);
    switch (d.kind) {
      case 'reprompt':
        turn.skipPrompts = false;
        return SELECT;
      case 'resume':
        turn.skipPrompts = true;
        return SELECT;
      case 'exit':
        return hangup(turn.state.hungup === 'app' && d.reason === 'end' ? 'disconnect' : d.reason);
    }
  }
  const h = found.handler;
  turn.trace.push({ kind: 'handler', uri: docUri(turn), event, loc: h.loc });
  const env = turn.env;
  const item = findItem(currentForm(turn), at.item);
  const open = js(() => {
    env.openAnonymous();
    env.declare('_event', env.fromData(event), 'anonymous');
    env.declare('_message', message === undefined ? undefined : env.fromData(message), 'anonymous');
  }, h.loc);
  if (!open.ok) return { kind: 'flow', flow: open.flow, at };
  turn.reprompt = false;
  const flow = execBody(turn, h.body, { level: 'anonymous', ...(item ? { item } : {}) });
  env.closeAnonymous();
  if (flow.kind !== 'continue') return { kind: 'flow', flow, at };
  turn.skipPrompts = !turn.reprompt;
  turn.reprompt = false;
  return SELECT;
}
