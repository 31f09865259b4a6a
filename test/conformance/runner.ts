/**
 * Runs W3C IR tests end to end on the simulated channel: the suite is served on loopback (server.ts), each
 * start document is called through the real runtime (createSimDriver: HTTP loader, compiler, interpreter,
 * ECMAScript sandbox, grammar recognizer), the simulated tester answers what the prompts ask (caller.ts),
 * and the verdict is the first output that is "pass" or "fail" — a prompt played, or queued after the call
 * was disconnected (the trace keeps those), since the hang-up tests report their result after the hang-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSimDriver, SimCall } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig, type CallObservation, type TraceEntry } from '../../gateway/index';
import { decide, type CallerAction } from './caller';
import { startSuiteServer, type ServedRequest, type SuiteServer } from './server';
import { convertTxml, type PrescribedInput } from './txml';
import { MalformedXmlError } from './xml-tree';
import { compareIds, COPY_DEFECTS, MANUAL_CRITERIA, NOT_OFFLINE, readManifest, START_OVERRIDES, TRANSFER_SCENARIOS, type ManualOutcome, type SuiteTest } from './suite';

export type Status = 'pass' | 'fail' | 'skip';

export interface TestResult {
  test: SuiteTest;
  status: Status;
  /** For a failure or skip: the reason. For a pass: how it was decided when not by a "pass" prompt. */
  reason?: string;
  /** What the tester did, turn by turn (`say chicago`, `silence`, `transfer busy` …). */
  inputs: string[];
  /** The caller inputs the test's conf: elements prescribe, in document order (start document, then the others). */
  prescribed: string[];
  heard: string[];
  events: string[];
  requests: ServedRequest[];
  ms: number;
}

export interface RunOptions {
  suite: string;
  /** Tests run at the same time (each has its own loopback server and runtime). */
  concurrency?: number;
  /** Only these ids (default: all). */
  only?: string[];
  onResult?: (r: TestResult) => void;
}

/** A test dialog that has not decided after this many caller turns is looping. */
const MAX_TURNS = 40;
/** Wall-clock bound of one test (a hung fetch or script must not stall the run). */
const TEST_TIMEOUT_MS = 20_000;

const CONFIG = parseConfig({
  fetch: { timeoutMs: 3000 },
  limits: { turnTimeoutMs: 8000, maxTransitionsPerTurn: 500 },
  log: { level: 'warn' },
});

function verdictOf(text: string): 'pass' | 'fail' | undefined {
  const t = text.trim().toLowerCase().replace(/[.!]$/, '');
  return t === 'pass' || t === 'fail' ? t : undefined;
}

function describeAction(a: CallerAction): string {
  switch (a.kind) {
    case 'say':
      return `say "${a.text}"`;
    case 'dtmf':
      return `press ${a.keys}`;
    case 'silence':
      return 'silence';
    case 'hangup':
      return 'hang up';
    case 'record':
      return `record ${a.seconds}s`;
    case 'transfer':
      return a.far.kind === 'result' ? `transfer → ${a.far.result}` : 'hang up during the transfer';
  }
}

function eventsOf(trace: TraceEntry[]): string[] {
  const out: string[] = [];
  for (const e of trace) {
    if (e.kind === 'event') out.push(`${e.event}${e.message ? `: ${e.message}` : ''}`);
    else if (e.kind === 'log') out.push(`log: ${e.message}`);
  }
  return out;
}

class Session {
  readonly heard: { turn: number; text: string }[] = [];
  readonly events: string[] = [];
  readonly inputs: string[] = [];
  verdict?: { v: 'pass' | 'fail'; index: number };
  turn = 0;

  /** Takes one turn's outputs; returns the texts heard in it. */
  absorb(observed: CallObservation, call: SimCall): string[] {
    this.turn++;
    const trace = call.lastResult.trace;
    const unplayed = trace.flatMap((e) => (e.kind === 'unplayed' ? [e.text] : []));
    const texts = [...observed.heard, ...unplayed];
    for (const text of texts) {
      this.heard.push({ turn: this.turn, text });
      const v = verdictOf(text);
      if (v && !this.verdict) this.verdict = { v, index: this.heard.length - 1 };
    }
    this.events.push(...eventsOf(trace));
    return observed.heard;
  }
}

async function perform(call: SimCall, a: CallerAction): Promise<CallObservation> {
  switch (a.kind) {
    case 'say':
      return call.say(a.text, 0.9);
    case 'dtmf':
      return call.dtmf(a.keys);
    case 'silence':
      return call.silence();
    case 'hangup':
      return call.hangup();
    case 'record':
      return call.record(a.seconds);
    case 'transfer':
      return a.far.kind === 'result' ? call.transferResult(a.far.result) : call.hangup();
  }
}

/** Reason text for a failure: the fail prompt's explanation plus the events that led there. */
function failReason(s: Session): string {
  const after = s.verdict ? s.heard.slice(s.verdict.index + 1).map((h) => h.text).filter((t) => t.trim() !== '') : [];
  const said = after.length > 0 ? `the test said: ${after.join(' / ')}` : 'the test said "fail" without a reason';
  return said;
}

async function drive(test: SuiteTest, server: SuiteServer, s: Session): Promise<{ status: Status; reason?: string }> {
  const logger = new MemoryLogger();
  const driver = createSimDriver(CONFIG, { logger });
  const start = START_OVERRIDES[test.id]?.start ?? test.start;
  const placed = await driver.start({ app: server.urlOf(start), from: '+15550100', to: '+15550199' });
  const call = placed.call;
  if (!(call instanceof SimCall)) throw new Error('the sim driver returned a call that is not a SimCall');
  const far = TRANSFER_SCENARIOS[test.id];
  const manual = MANUAL_CRITERIA[test.id];
  let observed = placed.observed;
  let heardNow = s.absorb(observed, call);
  let ended: ManualOutcome['ended'];
  try {
    for (;;) {
      if (s.verdict && !manual) break;
      if (observed.ended) {
        const last = call.lastResult.actions[call.lastResult.actions.length - 1];
        ended = ended ?? (last?.kind === 'hangup' ? last.reason : 'end');
        break;
      }
      if (s.turn > MAX_TURNS) return { status: 'fail', reason: `no verdict after ${MAX_TURNS} caller turns: the dialog loops (last heard: ${heardNow.join(' / ') || 'nothing'})` };
      if (observed.awaiting === 'none') return { status: 'fail', reason: 'the call neither ended nor waits for the caller' };
      const action = decide(observed.awaiting, heardNow, far);
      if (action.kind === 'stuck') return { status: 'fail', reason: action.why };
      s.inputs.push(describeAction(action));
      if (action.kind === 'hangup' || (action.kind === 'transfer' && action.far.kind === 'caller-hangs-up')) ended = 'caller';
      observed = await perform(call, action);
      heardNow = s.absorb(observed, call);
    }
  } finally {
    await call.close().catch(() => undefined);
    await driver.close();
  }
  const errors = logger.lines.filter((l) => l.level === 'error').map((l) => `runtime error: ${l.message}`);
  s.events.push(...errors);
  if (manual) {
    if (s.verdict?.v === 'fail') return { status: 'fail', reason: failReason(s) };
    const ok = manual.judge({ heard: s.heard, ended });
    return ok
      ? { status: 'pass', reason: `judged by the test's own criterion: ${manual.statement}` }
      : { status: 'fail', reason: `the test's own criterion does not hold: ${manual.statement}; heard: ${s.heard.map((h) => h.text).join(' / ') || 'nothing'}; the call ended by ${ended ?? 'nothing'}` };
  }
  if (s.verdict?.v === 'pass') return { status: 'pass', reason: far ? `simulated far end: ${far.why}` : undefined };
  if (s.verdict?.v === 'fail') return { status: 'fail', reason: failReason(s) };
  const errorsSeen = s.events.filter((e) => e.startsWith('error') || e.startsWith('runtime error'));
  const why = errorsSeen.length > 0 ? ` after ${errorsSeen.slice(0, 2).join('; ')}` : '';
  return { status: 'fail', reason: `the call ended (${ended ?? 'unknown'}) without "pass" or "fail"${why}` };
}

/** The fetches that failed because the copy lacks or breaks a document (not the gateway's doing). */
function brokenCopy(suite: string, requests: ServedRequest[]): string | undefined {
  for (const r of requests) {
    if (r.status === 500 && r.file) return `the copy's ${r.file} is not well-formed XML (${r.note ?? ''}): no XSLT processor can convert it`;
    if (r.status === 404) {
      const name = path.posix.basename(r.path.replace(/[?#].*$/, '')).replace(/\.vxml$/, '');
      if (name !== 'notExist' && !existsAnywhere(suite, name)) return `the copy lacks ${r.path.replace(/^\//, '')} (requested by the test; no such file anywhere in the copy)`;
    }
  }
  return undefined;
}

const listing = new Map<string, Set<string>>();
function existsAnywhere(suite: string, stem: string): boolean {
  let names = listing.get(suite);
  if (!names) {
    names = new Set();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else names!.add(e.name.replace(/\.txml$/, ''));
      }
    };
    walk(suite);
    listing.set(suite, names);
  }
  return names.has(stem);
}

function describePrescribed(i: PrescribedInput): string {
  switch (i.kind) {
    case 'speech':
      return `speech ${i.token}`;
    case 'dtmf':
      return `dtmf ${i.keys}`;
    case 'recording':
      return `recording ${i.token}`;
    case 'noinput':
    case 'nomatch':
    case 'hangup':
      return i.kind;
  }
}

function prescribedInputs(suite: string, test: SuiteTest): string[] {
  const out: string[] = [];
  for (const file of [test.start, ...test.others]) {
    if (!file.endsWith('.txml')) continue;
    try {
      out.push(...convertTxml(fs.readFileSync(path.join(suite, file), 'utf8')).inputs.map(describePrescribed));
    } catch (e) {
      if (!(e instanceof MalformedXmlError) && (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return out;
}

export async function runOne(suite: string, test: SuiteTest): Promise<TestResult> {
  const started = performance.now();
  const base = { test, inputs: [] as string[], prescribed: prescribedInputs(suite, test), heard: [] as string[], events: [] as string[], requests: [] as ServedRequest[] };
  const done = (status: Status, reason?: string, more: Partial<TestResult> = {}): TestResult => ({ ...base, ...more, status, reason, ms: Math.round(performance.now() - started) });
  if (!test.start) return done('skip', `the copy holds only a support file of this test (${test.others.join(', ')}); its start document is not in the copy`);
  const offline = NOT_OFFLINE[test.id];
  if (offline) return done('skip', offline);
  const server = await startSuiteServer(suite);
  const s = new Session();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<{ status: Status; reason: string }>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'fail', reason: `no verdict within ${TEST_TIMEOUT_MS / 1000} s` }), TEST_TIMEOUT_MS);
    });
    const outcome = await Promise.race([
      drive(test, server, s).catch((e: unknown) => ({ status: 'fail' as const, reason: `the run failed: ${e instanceof Error ? e.message : String(e)}` })),
      timeout,
    ]);
    // The server's port changes every run: reports name it PORT so they stay comparable.
    const stable = (t: string): string => t.split(server.base).join('http://127.0.0.1:PORT');
    outcome.reason = outcome.reason === undefined ? undefined : stable(outcome.reason);
    const more = { inputs: s.inputs, heard: s.heard.map((h) => stable(h.text)), events: s.events.map(stable), requests: server.requests };
    const copyDefect = COPY_DEFECTS[test.id];
    if (copyDefect) {
      return outcome.status === 'pass'
        ? done('fail', `passed a copy no conforming interpreter passes: ${copyDefect}`, more)
        : done('skip', `copy defect: ${copyDefect}; the run took the fail branch as a conforming interpreter must (${outcome.reason})`, more);
    }
    const override = START_OVERRIDES[test.id];
    if (override && outcome.status === 'pass') return done('pass', override.why, more);
    if (outcome.status === 'fail') {
      const defect = brokenCopy(suite, server.requests);
      if (defect) return done('skip', `${defect}; run outcome: ${outcome.reason}`, more);
    }
    return done(outcome.status, outcome.reason, more);
  } finally {
    clearTimeout(timer);
    await server.close();
  }
}

/** Runs the suite's tests (manifest order by id) with bounded concurrency. */
export async function runSuite(opts: RunOptions): Promise<TestResult[]> {
  const tests = readManifest(opts.suite)
    .filter((t) => !opts.only || opts.only.includes(t.id))
    .sort((a, b) => compareIds(a.id, b.id));
  const results: TestResult[] = new Array(tests.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tests.length) {
      const i = next++;
      results[i] = await runOne(opts.suite, tests[i]);
      opts.onResult?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, worker));
  return results;
}

export function tally(results: TestResult[]): { passed: number; failed: number; skipped: number } {
  return {
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
  };
}
