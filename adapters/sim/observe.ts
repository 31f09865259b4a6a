/** What a simulated caller perceives of the gateway's actions: prompt texts, transfers, the end of the call. */
import { awaitingAfter, type CallObservation, type PlatformAction, type Prompt, type PromptSegment, type TurnResult } from '../../gateway/index';

/**
 * Whether the platform could play an audio URL (decided beforehand by the gateway's AudioProber, see
 * driver.ts). Without a verdict a file counts as played.
 */
export type Playable = (url: string) => boolean;

const PLAYED: Playable = () => true;

/**
 * Text of one segment as heard: speech text; a played audio file as `[audio <url>]`; a file that cannot be
 * played as its fallback content (VoiceXML 2.0 §4.1.3) — or, without fallback, `[audio <url>]` still, as a
 * platform that skips the file (Twilio renders <Play> anyway).
 */
export function segmentText(segment: PromptSegment, playable: Playable = PLAYED): string {
  switch (segment.kind) {
    case 'speak':
      return segment.text;
    case 'audio': {
      if (playable(segment.url)) return `[audio ${segment.url}]`;
      const fallback = segment.fallback.map((s) => segmentText(s, playable)).filter((t) => t.length > 0).join(' ');
      return fallback.length > 0 ? fallback : `[audio ${segment.url}]`;
    }
    case 'pause':
      return '';
  }
}

export function promptText(prompt: Prompt, playable: Playable = PLAYED): string {
  return prompt.segments
    .map((s) => segmentText(s, playable))
    .filter((t) => t.length > 0)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Audio URLs of the actions whose playability changes what is heard (those with fallback content). */
export function audioToProbe(actions: PlatformAction[]): string[] {
  const urls = new Set<string>();
  const visit = (segments: PromptSegment[]): void => {
    for (const s of segments) {
      if (s.kind !== 'audio') continue;
      if (s.fallback.length > 0) urls.add(s.url);
      visit(s.fallback);
    }
  };
  for (const a of actions) if (a.kind === 'play') for (const p of a.prompts) visit(p.segments);
  return [...urls];
}

/** The observation of one turn's answer. */
export function observe(result: TurnResult, playable: Playable = PLAYED): CallObservation {
  const heard: string[] = [];
  const transfers: CallObservation['transfers'] = [];
  let ended = result.ended;
  for (const action of result.actions) {
    switch (action.kind) {
      case 'play':
        for (const p of action.prompts) {
          const text = promptText(p, playable);
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
  return { heard, transfers, ended, awaiting: awaitingAfter(result.actions, ended) };
}
