/**
 * The suite's manifest (manifest-summary.tsv) and what individual tests state in their own text that a
 * runner cannot read from the conf: elements: the behaviour of the far end of a transfer ("Test
 * environment requirements"), and the pass criterion of the manual tests ("Pass if the user hears…").
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TransferResult } from '../../contracts/platform';

export interface SuiteTest {
  /** `vxml20:216`, `vxml21:5`. */
  id: string;
  /** Start document relative to the suite (empty when the copy holds only a support file). */
  start: string;
  others: string[];
  specSection: string;
  conformance: string;
  abstract: string;
  flags: Record<string, string>;
}

export function readManifest(suite: string): SuiteTest[] {
  const text = fs.readFileSync(path.join(suite, 'manifest-summary.tsv'), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    head.forEach((h, i) => (row[h] = (cells[i] ?? '').trim()));
    return {
      id: row.id,
      start: row.start_file,
      others: row.other_files ? row.other_files.split(',').map((s) => s.trim()).filter(Boolean) : [],
      specSection: row.spec_section,
      conformance: row.conformance,
      abstract: row.abstract_or_notes,
      flags: row,
    };
  });
}

/** Numeric order of ids: vxml20 before vxml21, then by number. */
export function compareIds(a: string, b: string): number {
  const [sa, na] = a.split(':');
  const [sb, nb] = b.split(':');
  return sa === sb ? Number(na) - Number(nb) : sa.localeCompare(sb);
}

/** What the far end of a transfer does, as the test's "Test environment requirements" state it. */
export type FarEnd =
  | { kind: 'result'; result: TransferResult; why: string }
  /** The caller hangs up while bridged. */
  | { kind: 'caller-hangs-up'; why: string };

export const TRANSFER_SCENARIOS: Readonly<Record<string, FarEnd>> = {
  'vxml20:288': { kind: 'result', result: 'far_end_disconnect', why: 'destination answers and hangs up before the originator' },
  'vxml20:289': { kind: 'result', result: 'unknown', why: 'blind transfer: the platform accepts it and the caller leaves the session' },
  'vxml20:290': {
    kind: 'result',
    result: 'near_end_disconnect',
    why: "the originator says 'Chicago' while bridged, matching the transfer's grammar; the simulated platform ends the outgoing leg and reports near_end_disconnect (the sim channel carries no speech during a bridge)",
  },
  'vxml20:294': { kind: 'result', result: 'unknown', why: 'blind transfer (bridge defaults to false): the platform accepts it' },
  'vxml20:295': { kind: 'result', result: 'noanswer', why: 'destination does not answer within connecttimeout (100ms)' },
  'vxml20:296': { kind: 'result', result: 'maxtime_disconnect', why: 'destination answers and stays on past maxtime (5s)' },
  'vxml20:298': { kind: 'result', result: 'unknown', why: 'blind transfer: the platform accepts it' },
  'vxml20:300': { kind: 'caller-hangs-up', why: 'destination answers, then the originator hangs up' },
  'vxml20:301': { kind: 'result', result: 'busy', why: 'destination is busy' },
  'vxml20:302': { kind: 'result', result: 'network_busy', why: 'a network point refuses the call' },
};

export interface ManualOutcome {
  /** Every prompt text heard, in order, each with the 1-based number of the turn that played it. */
  heard: { turn: number; text: string }[];
  /** How the call ended: hangup reason of the application, or `caller` when the caller hung up. */
  ended?: 'exit' | 'disconnect' | 'end' | 'error' | 'caller';
}

/** A manual test's own pass criterion, applied to what the caller heard and how the call ended. */
export interface ManualCriterion {
  statement: string;
  judge(o: ManualOutcome): boolean;
}

function inOrder(texts: string[], words: string[]): boolean {
  const joined = texts.join(' ').toLowerCase();
  let from = 0;
  for (const w of words) {
    const at = joined.indexOf(w, from);
    if (at < 0) return false;
    from = at + w.length;
  }
  return true;
}

const ABCD = ['alpha', 'bravo', 'charlie', 'delta'];

export const MANUAL_CRITERIA: Readonly<Record<string, ManualCriterion>> = {
  'vxml20:113': {
    statement: 'manual test: "If it does not fail, it is a success … Make sure that it exits, not disconnects"',
    judge: (o) => o.ended === 'exit',
  },
  'vxml20:165': {
    statement: 'manual test: "If it does not fail, it is a success … Make sure the test just exits and does not drop your call" (implicit exit)',
    judge: (o) => o.ended === 'end',
  },
  'vxml20:216': {
    statement: '"Pass if user hears the utterances that alpha, bravo, charlie and delta expand to in order"',
    judge: (o) => inOrder(o.heard.map((h) => h.text), ABCD),
  },
  'vxml20:217': {
    statement: '"Pass if user hears utterances that alpha, bravo, charlie and delta expand to in order, with the carrier phrase" (For _prompt, press _dtmf)',
    judge: (o) => inOrder(o.heard.map((h) => h.text), ['for alpha, press 1', 'for bravo, press 2', 'for charlie, press 3', 'for delta, press 4']),
  },
  'vxml20:218': {
    statement: '"Pass if user hears utterances that alpha, bravo, charlie and delta expand to in order"',
    judge: (o) => inOrder(o.heard.map((h) => h.text), ABCD),
  },
  'vxml20:219': {
    statement: '"Pass if, during the 2nd prompt, the user hears utterances that alpha, bravo, charlie and delta expand to in order"',
    judge: (o) => inOrder(o.heard.filter((h) => h.turn === 2).map((h) => h.text), ABCD),
  },
};

/** Tests whose verdict no offline run can give, with the reason. */
export const NOT_OFFLINE: Readonly<Record<string, string>> = {
  'vxml20:369':
    'the verdict is the tester hearing "this is a test" played from 369.wav, which the copy does not include (ABOUT.md: skipped, 17 KB of audio); judging audio playback needs a listener',
  'vxml20:371':
    'the verdict is the tester hearing "this is a test" played from 371.wav (not in the copy; the test has no conf:pass); judging audio playback needs a listener',
};

/**
 * Tests whose manifest start document is a broken cudl edit while the copy also holds the W3C form of the
 * same test: the W3C form runs instead.
 */
export const START_OVERRIDES: Readonly<Record<string, { start: string; why: string }>> = {
  'vxml20:59': {
    start: 'cudl-w3c/a59-leaf.txml',
    why: 'manifest start a59leaf.txml is cudl\'s edit declaring xmlns="http://www.w3.org/2001/txml" (not a VoiceXML document) with inverted conditions; its W3C form a59-leaf.txml (also in the copy) runs instead',
  },
};

/**
 * Tests whose copy asserts the opposite of what the specification requires, so a conforming interpreter
 * takes their fail branch. They still run: passing one would reveal a defect.
 */
export const COPY_DEFECTS: Readonly<Record<string, string>> = {
  'vxml20:394':
    "the copy tests `x === 'undefined'` (the string) for `<var name=\"x\"/>`; VoiceXML 2.0 §5.3.1 initialises a var without expr to ECMAScript undefined, so `x === 'undefined'` is false on a conforming interpreter",
};
