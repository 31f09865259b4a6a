/**
 * The simulated tester. Each conf: input element became a prompt telling the tester what to do at that
 * point of the dialog ("Say 'Chicago'.", "Press '1'.", "No input expected. Say nothing.", "Say something
 * unrecognizable.", "Hang up now.", "Recite a sentence containing the word …"), so the tester does what the
 * last instruction heard since its previous input asks — the conf: inputs in the order the test reaches
 * them. Without an instruction the tester stays silent, as a human tester would.
 */
import { SPOKEN_NAME, UTTERANCE } from './txml';
import type { FarEnd } from './suite';

export type CallerAction =
  | { kind: 'say'; text: string }
  | { kind: 'dtmf'; keys: string }
  | { kind: 'silence' }
  | { kind: 'hangup' }
  | { kind: 'record'; seconds: number }
  | { kind: 'transfer'; far: FarEnd };

/** Words no grammar of the suite accepts ("something unrecognizable"). */
export const UNRECOGNIZABLE = 'purple elephant umbrella';

const WORDS_BY_NAME = new Map(Object.entries(SPOKEN_NAME).map(([token, name]) => [name.toLowerCase(), UTTERANCE[token]]));

const CITIES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'].map((t) => SPOKEN_NAME[t].toLowerCase());
const UNQUOTED_NAME = new RegExp(`say (${CITIES.join('|')})\\b`);

interface Instruction {
  at: number;
  action: CallerAction;
}

/** Finds the instructions in one heard text (several may be heard in one turn; the last one counts). */
function instructionsIn(text: string, offset: number): Instruction[] {
  const found: Instruction[] = [];
  const add = (re: RegExp, make: (m: RegExpExecArray) => CallerAction | undefined): void => {
    for (const m of text.matchAll(new RegExp(re.source, 'gi'))) {
      const action = make(m as RegExpExecArray);
      if (action) found.push({ at: offset + (m.index ?? 0), action });
    }
  };
  add(/hang up now/, () => ({ kind: 'hangup' }));
  add(/say nothing/, () => ({ kind: 'silence' }));
  add(/say something unrecognizable/, () => ({ kind: 'say', text: UNRECOGNIZABLE }));
  add(/say '([^']+)'/, (m) => {
    const words = WORDS_BY_NAME.get(m[1].toLowerCase());
    return { kind: 'say', text: words ?? m[1].toLowerCase() };
  });
  // Some cudl-authored tests write the instruction without quotes ("Say London."): known city names only.
  add(UNQUOTED_NAME, (m) => ({ kind: 'say', text: WORDS_BY_NAME.get(m[1].toLowerCase()) ?? m[1].toLowerCase() }));
  add(/press '([^']*)'/, (m) => ({ kind: 'dtmf', keys: m[1] }));
  add(/recite (a sentence containing the word '[^']*'|your favorite nursery rhyme)/, () => ({ kind: 'record', seconds: 5 }));
  return found;
}

/** The last instruction in the texts heard since the tester's previous input. */
export function lastInstruction(heard: string[]): CallerAction | undefined {
  let best: Instruction | undefined;
  let offset = 0;
  for (const text of heard) {
    for (const i of instructionsIn(text, offset)) if (!best || i.at >= best.at) best = i;
    offset += text.length + 1;
  }
  return best?.action;
}

/**
 * What the tester does now, given what the platform waits for. A recording asked at a <record> is
 * recorded; a transfer gets the far end's behaviour the test states; a hang-up instruction is obeyed
 * whatever the platform waits for.
 */
export function decide(awaiting: 'input' | 'record' | 'transfer', heard: string[], far: FarEnd | undefined): CallerAction | { kind: 'stuck'; why: string } {
  const said = lastInstruction(heard);
  if (said?.kind === 'hangup') return said;
  switch (awaiting) {
    case 'transfer':
      if (!far) return { kind: 'stuck', why: 'the test asked for a transfer but states no behaviour of the far end' };
      return { kind: 'transfer', far };
    case 'record':
      return said?.kind === 'silence' ? said : { kind: 'record', seconds: 5 };
    case 'input':
      if (!said || said.kind === 'record') return { kind: 'silence' };
      return said;
  }
}
