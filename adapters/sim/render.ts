/** Console rendering of the simulated channel (`vxml-gateway call`): what the caller hears and what is expected. */
import type { CallObservation, PlatformAction } from '../../gateway/index';
import { promptText, type Playable } from './observe';

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/** One line per prompt and per input request, e.g. `  SYSTEM: Welcome` / `  [listening: dtmf, voice; timeout 5s]`. */
export function renderActions(actions: PlatformAction[], playable?: Playable): string[] {
  const lines: string[] = [];
  for (const action of actions) {
    switch (action.kind) {
      case 'play':
        for (const prompt of action.prompts) {
          const text = promptText(prompt, playable);
          if (text) lines.push(`  SYSTEM: ${text}`);
        }
        break;
      case 'listen': {
        const bounds = action.maxDigits !== undefined ? `; ${action.minDigits ?? 1}-${action.maxDigits} digits` : '';
        const choices = action.choices?.length ? `; say ${action.choices.map((c) => c.phrases[0] ?? c.label).join(' / ')}` : '';
        lines.push(`  [listening: ${action.modes.join(', ')}; timeout ${seconds(action.timeoutMs)}${action.termchar ? `; ends with ${action.termchar}` : ''}${bounds}${choices}]`);
        break;
      }
      case 'record':
        lines.push(`  [recording: up to ${seconds(action.maxMs)}${action.beep ? ', after the beep' : ''}]`);
        break;
      case 'transfer':
        lines.push(`  [${action.type} transfer to ${action.dest}]`);
        break;
      case 'hangup':
        lines.push(`  [the application hung up: ${action.reason}]`);
        break;
    }
  }
  return lines;
}

/** The prompt shown before reading the caller's next line. */
export function renderObservation(observed: CallObservation): string {
  switch (observed.awaiting) {
    case 'input':
      return 'keys or words (empty = silence, /hangup)> ';
    case 'record':
      return 'seconds to record (empty = silence, /hangup)> ';
    case 'transfer':
      return 'transfer result: busy|noanswer|network_busy|near_end_disconnect|far_end_disconnect|unknown (/hangup)> ';
    case 'none':
      return observed.ended ? '' : '(/hangup)> ';
  }
}
