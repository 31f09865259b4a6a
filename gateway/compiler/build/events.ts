/**
 * Event handlers (VoiceXML 2.0 §5.2): <catch> and its shorthands <error>, <help>, <noinput>, <nomatch>.
 * Transitions in a handler's body are drawn as 'catch' edges labelled with the events it catches.
 */
import type { Catch } from '../../../contracts/graph';
import type { CompileContext } from '../context';
import { attr, type El } from '../xml/ast';
import { executables } from './executable';

export const HANDLER_TAGS = new Set(['catch', 'error', 'help', 'noinput', 'nomatch']);

export function catchElement(ctx: CompileContext, el: El): Catch {
  const tag = el.name as Catch['tag'];
  const events = tag === 'catch' ? (attr(el, 'event') ?? '').split(/\s+/).filter(Boolean) : [tag];
  const c: Catch = { loc: el.loc, tag, events, count: ctx.positiveInt(el, 'count', 1), body: [] };
  const cond = ctx.expr(el, 'cond');
  if (cond !== undefined) c.cond = cond;
  const outer = ctx.handler;
  ctx.handler = events.length > 0 ? events.join(' ') : 'catch (all)';
  try {
    c.body = executables(ctx, el.children);
  } finally {
    ctx.handler = outer;
  }
  return c;
}
