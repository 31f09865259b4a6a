/**
 * Building TwiML with the SDK's XML builder costs a few hundred microseconds, while IVR turns repeat: every
 * caller hears the same menus. So each distinct turn (its actions and audio verdicts) is rendered once with a
 * placeholder turn number, and later turns only substitute the number into the callback URLs.
 */
import type { PlatformAction } from '../../contracts/platform';
import { renderTurn, type RenderContext, type RenderedTurn } from './twiml';

/** Never produced by a document: only the adapter writes `turn=` into callback URLs. */
const TURN_PLACEHOLDER = 987654321;

export class RenderCache {
  private readonly entries = new Map<string, RenderedTurn>();

  constructor(
    private readonly base: Omit<RenderContext, 'turn' | 'playable'>,
    private readonly maxEntries = 500,
  ) {}

  render(actions: readonly PlatformAction[], turn: number, playable: ReadonlyMap<string, boolean>): RenderedTurn {
    const key = JSON.stringify(actions) + (playable.size > 0 ? JSON.stringify([...playable]) : '');
    let template = this.entries.get(key);
    if (template) {
      // Most recently used last, so the oldest entry is evicted first.
      this.entries.delete(key);
      this.entries.set(key, template);
    } else {
      template = renderTurn(actions, { ...this.base, turn: TURN_PLACEHOLDER, playable: (u) => playable.get(u) === true });
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, template);
    }
    return { ...template, twiml: template.twiml.split(`turn=${TURN_PLACEHOLDER}`).join(`turn=${turn}`) };
  }
}
