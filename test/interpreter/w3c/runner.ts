/**
 * Runs one W3C IR test the way a human tester would: serve the suite's files (`X.vxml` → transformed
 * `X.txml`), answer what the prompts ask ("Say 'Chicago'", "Press '1'", "Say nothing", "Say something
 * unrecognizable", "Hang up now", "Recite…"), and read the verdict: the first prompt that is exactly
 * "pass" or "fail".
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { GrammarEngine, parseGrammarDocument, type ActiveGrammar } from '../../../gateway/grammar/index';
import type { SrgsGrammar } from '../../../contracts/grammar';
import type { FetchRequest, FetchResult, InterpreterEvent } from '../../../contracts/interpreter';
import type { ListenAction, TransferResult } from '../../../contracts/platform';
import { compile } from '../../../gateway/compiler';
import { Call, segmentsText, type Turn } from '../harness';
import { spokenWords, txmlToVxml } from './transform';

/** The suite: a copy inside the repository (test/conformance/w3c-vxml) if there is one, else the shared one. */
export const SUITE = [join(__dirname, '..', '..', 'conformance', 'w3c-vxml'), '/work/shared/conformance/w3c-vxml'].find((p) => existsSync(p)) ?? '/work/shared/conformance/w3c-vxml';
const HOST = 'http://w3c.test/';

export type Verdict = 'pass' | 'fail' | 'none';

/**
 * Tests whose pass criterion is stated for a human ("pass if the user hears…", "if it does not fail, it is a
 * success") and has no <conf:pass/>: the criterion, applied to the transcript and the way the call ended.
 */
const MANUAL: Record<string, (o: { transcript: string[]; ended: string }) => boolean> = {
  'cudl-w3c/216.txml': (o) => /alpha.*bravo.*charlie.*delta/i.test(o.transcript.join(' ')),
  'cudl-w3c/217.txml': (o) => /for alpha, press 1 for bravo, press 2 for charlie, press 3 for delta, press 4/i.test(o.transcript.join(' ')),
  'cudl-w3c/218.txml': (o) => /alpha.*bravo.*charlie.*delta/i.test(o.transcript.join(' ')),
  'cudl-w3c/219.txml': (o) => /alpha.*bravo.*charlie.*delta/i.test(o.transcript.slice(1).join(' ')),
  'cudl-w3c/assert113.txml': (o) => o.ended === 'exit',
  'cudl-w3c/assert165.txml': (o) => o.ended === 'end',
  'cudl-w3c/371.txml': (o) => o.transcript.some((t) => t.includes('[audio http://w3c.test/cudl-w3c/371.wav]')),
};

export interface Outcome {
  verdict: Verdict;
  transcript: string[];
  events: string[];
  logs: string[];
}

/** A request URI → a file of the suite (cudl's `w3c/` and `http://localhost/vxml/` rewrites undone). */
function fileOf(uri: string, folder: string): string | undefined {
  let rel: string;
  if (uri.startsWith('http://localhost/vxml/')) rel = `${folder}/${uri.slice('http://localhost/vxml/'.length)}`;
  else if (uri.startsWith(HOST)) rel = uri.slice(HOST.length);
  else return undefined;
  rel = rel.replace(/[?#].*$/, '');
  while (/(^|\/)w3c\//.test(rel)) rel = rel.replace(/(^|\/)w3c\//, '$1');
  const candidates = [rel];
  if (rel.endsWith('.vxml')) candidates.unshift(rel.replace(/\.vxml$/, '.txml'));
  for (const c of candidates) {
    const p = join(SUITE, c);
    if (existsSync(p)) return p;
  }
  return undefined;
}

const engine = new GrammarEngine();

export function runTest(startFile: string, maxTurns = 25): Outcome {
  const folder = startFile.slice(0, startFile.lastIndexOf('/'));
  const grammars = new Map<string, SrgsGrammar>();
  const resolve = (uri: string): SrgsGrammar | undefined => {
    const clean = uri.replace(/#.*$/, '');
    if (!grammars.has(clean)) {
      const file = fileOf(clean, folder);
      if (!file) return undefined;
      grammars.set(clean, parseGrammarDocument(readFileSync(file, 'utf8'), clean, undefined, () => undefined));
    }
    return grammars.get(clean);
  };
  const fallback = (req: FetchRequest): FetchResult | undefined => {
    const file = fileOf(req.uri, folder);
    if (!file) return { ok: false, event: 'error.badfetch.http.404', message: `not found: ${req.uri}` };
    const text = readFileSync(file, 'utf8');
    switch (req.kind) {
      case 'document': {
        if (!file.endsWith('.txml') && !file.endsWith('.vxml')) return { ok: false, event: 'error.badfetch', message: `not a VoiceXML document: ${req.uri}` };
        // cudl flattened the suite into one folder: documents resolve their references from there.
        const base = HOST + file.slice(SUITE.length + 1);
        return { ok: true, kind: 'document', uri: req.uri, graph: compile(file.endsWith('.txml') ? txmlToVxml(text) : text, base) };
      }
      case 'script':
        return { ok: true, kind: 'script', uri: req.uri, text };
      case 'data':
        return undefined;
    }
  };
  const call = new Call({ fallback }, { maxTransitions: 500 });
  call.entryFile = startFile;
  const transcript: string[] = [];
  let turn = call.start(`${HOST}${startFile}`);
  for (let i = 0; i < maxTurns; i++) {
    const said = turn.prompts.map((p) => segmentsText(p.segments).trim());
    transcript.push(...said);
    const unplayed = turn.trace.flatMap((e) => (e.kind === 'unplayed' ? [e.text.trim()] : []));
    const verdict = [...said, ...unplayed].map((s) => s.toLowerCase()).find((s) => s === 'pass' || s === 'fail');
    if (verdict) return { verdict: verdict as Verdict, transcript, events: call.eventDetails(), logs: call.logs() };
    const last = turn.last;
    if (last.kind === 'hangup') {
      const manual = MANUAL[startFile];
      const verdict: Verdict = manual ? (manual({ transcript, ended: last.reason }) ? 'pass' : 'fail') : 'none';
      return { verdict, transcript, events: call.eventDetails(), logs: call.logs() };
    }
    const instruction = said.join(' ');
    turn = call.send(answer(call, last, instruction, resolve));
  }
  return { verdict: 'none', transcript, events: call.eventDetails(), logs: call.logs() };
}

function answer(call: Call, last: Turn['last'], instruction: string, resolve: (uri: string) => SrgsGrammar | undefined): InterpreterEvent {
  if (/hang up now/i.test(instruction)) return { kind: 'hangup' };
  if (last.kind === 'record') return { kind: 'recorded', uri: 'http://w3c.test/recording-1.wav', durationMs: 4000, sizeBytes: 32000, type: 'audio/wav' };
  if (last.kind === 'transfer') {
    // Each transfer test states the destination's behaviour in its "Test environment requirements".
    const scripted = TRANSFER_OUTCOMES[call.entryFile];
    if (scripted === 'hangup') return { kind: 'hangup' };
    if (scripted === 'speak' && last.grammars?.length) return recognize(call, { ...listenLike, grammars: last.grammars }, { kind: 'speech', text: 'chicago', confidence: 0.9 }, resolve);
    return { kind: 'transferred', result: scripted === undefined || scripted === 'speak' ? 'far_end_disconnect' : scripted, durationMs: 5000 };
  }
  if (last.kind !== 'listen') return { kind: 'hangup' };
  const say = /say\s+'?([a-z ]+?)'?(?:\s+again|\s+one more time)?\.(?!.*say\s)/i.exec(instruction);
  const press = /press\s+'([^']*)'/i.exec(instruction);
  if (/say something unrecognizable/i.test(instruction)) return recognize(call, last, { kind: 'speech', text: 'bollywood spaghetti', confidence: 0.9 }, resolve);
  if (press) return recognize(call, last, { kind: 'dtmf', digits: press[1] }, resolve);
  if (say && !/say nothing/i.test(say[0])) {
    const token = Object.entries({ alpha: 'chicago', bravo: 'san francisco', charlie: 'new york', delta: 'london', echo: 'tokyo', foxtrot: 'truth or consequences', golf: 'hackensack', hotel: 'standardsville' }).find(
      ([, w]) => w === say[1].toLowerCase(),
    );
    const words = token ? spokenWords(token[0]) ?? say[1] : say[1].toLowerCase();
    return recognize(call, last, { kind: 'speech', text: words, confidence: 0.9 }, resolve);
  }
  return { kind: 'noinput' };
}

const TRANSFER_OUTCOMES: Record<string, TransferResult | 'hangup' | 'speak'> = {
  'cudl-w3c/290.txml': 'speak',
  'cudl-w3c/295.txml': 'noanswer',
  'cudl-w3c/296.txml': 'maxtime_disconnect',
  'cudl-w3c/300.txml': 'hangup',
  'cudl-w3c/301.txml': 'busy',
  'cudl-w3c/302.txml': 'network_busy',
};

const listenLike: ListenAction = {
  kind: 'listen', modes: ['voice', 'dtmf'], grammars: [], timeoutMs: 5000, interdigitMs: 3000, termtimeoutMs: 0, completetimeoutMs: 1000,
  incompletetimeoutMs: 1500, maxspeechtimeoutMs: 60000, termchar: '#', confidenceLevel: 0.5, bargein: true, lang: 'en-US',
};

function recognize(call: Call, listen: ListenAction, input: { kind: 'speech'; text: string; confidence: number } | { kind: 'dtmf'; digits: string }, resolve: (uri: string) => SrgsGrammar | undefined): InterpreterEvent {
  const active: ActiveGrammar[] = [];
  for (const ref of listen.grammars) {
    const hash = ref.key.lastIndexOf('#');
    const graph = call.graphOf(ref.key.slice(0, hash));
    const decl = graph?.grammars[ref.key.slice(hash + 1)];
    if (decl) active.push({ ref, decl });
  }
  const prep = engine.prepare(active, resolve);
  if (prep.status === 'error') return { kind: 'platform.error', event: prep.event, message: prep.message };
  const out = engine.recognize(input, active, { resolve, termchar: listen.termchar });
  switch (out.kind) {
    case 'match':
      return { kind: 'recognized', result: out.result };
    case 'nomatch':
      return { kind: 'nomatch', utterance: out.utterance, inputmode: out.inputmode, confidence: out.confidence };
    case 'error':
      return { kind: 'platform.error', event: out.event, message: out.message };
  }
}

export interface SuiteEntry {
  id: string;
  start: string;
  needs: string[];
}

/** The tests of the suite's manifest-summary.tsv that have a start document. */
export function suiteEntries(): SuiteEntry[] {
  const lines = readFileSync(join(SUITE, 'manifest-summary.tsv'), 'utf8').trim().split('\n');
  const head = lines[0].split('\t');
  const col = (row: string[], name: string) => row[head.indexOf(name)] ?? '';
  const out: SuiteEntry[] = [];
  for (const line of lines.slice(1)) {
    const row = line.split('\t');
    const start = col(row, 'start_file');
    if (!start.endsWith('.txml')) continue;
    const needs = ['needs_transfer', 'needs_recording', 'external_http_url', 'uses_audio_file'].filter((n) => col(row, n) === 'yes');
    out.push({ id: col(row, 'id'), start, needs });
  }
  return out;
}
