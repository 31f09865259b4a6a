/** What a simulated caller perceives of the gateway's actions: prompt texts, transfers, the end of the call. */
import type { CallObservation, PlatformAction, Prompt, PromptSegment, TurnResult } from '../../gateway/index';

/** Text of one segment as heard: speech text; audio → its fallback's text, else `[audio <url>]`. */
export function segmentText(segment: PromptSegment): string {
  switch (segment.kind) {
    case 'speak':
      return segment.text;
    case 'audio': {
      const fallback = segment.fallback.map(segmentText).filter((t) => t.length > 0).join(' ');
      return fallback.length > 0 ? fallback : `[audio ${segment.url}]`;
    }
    case 'pause':
      return '';
  }
}

export function promptText(prompt: Prompt): string {
  return prompt.segments
    .map(segmentText)
    .filter((t) => t.length > 0)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function awaitingOf(actions: PlatformAction[], ended: boolean): CallObservation['awaiting'] {
  if (ended) return 'none';
  const last = actions[actions.length - 1];
  switch (last?.kind) {
    case 'listen':
      return 'input';
    case 'record':
      return 'record';
    case 'transfer':
      return 'transfer';
    case 'play':
    case 'hangup':
    case undefined:
      return 'none';
  }
}

/** The observation of one turn's answer. */
export function observe(result: TurnResult): CallObservation {
  const heard: string[] = [];
  const transfers: CallObservation['transfers'] = [];
  let ended = result.ended;
  for (const action of result.actions) {
    switch (action.kind) {
      case 'play':
        for (const p of action.prompts) {
          const text = promptText(p);
          if (text) heard.push(text);
        }
        break;
      case 'transfer':
        transfers.push({ dest: action.dest, type: action.type });
        break;
      case 'hangup':
        ended = true;
        break;
      case 'listen':
      case 'record':
        break;
    }
  }
  return { heard, transfers, ended, awaiting: awaitingOf(result.actions, ended) };
}
