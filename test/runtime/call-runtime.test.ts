/**
 * The turn loop in isolation: the interpreter and recognizer ports are replaced by small scripted doubles
 * (the real ones are exercised by the replay tests), the stores and loader are the real defaults.
 */
import type { InterpreterEvent, StepContext, StepOutcome } from '../../contracts/interpreter';
import type { SessionState } from '../../contracts/session';
import { compile } from '../../gateway/compiler/index';
import type { Realm } from '../../gateway/ecmascript/api';
import { UnknownCallError } from '../../gateway/runtime/api';
import { DefaultCallRuntime, type StepFunction } from '../../gateway/runtime/call-runtime';
import { FakeClock } from '../../gateway/runtime/clock';
import { HttpDocumentLoader } from '../../gateway/runtime/document-loader';
import { MemoryLogger } from '../../gateway/runtime/logger';
import { MemoryResponseDocumentStore, MemorySessionStore } from '../../gateway/runtime/memory-stores';
import { RealmCache } from '../../gateway/runtime/realm-cache';
import type { Recognizer } from '../../gateway/runtime/recognizer';
import { defaultRecordingFetcher } from '../../gateway/runtime/recordings';
import { ResourceFetcher } from '../../gateway/runtime/resource-fetcher';
import { startLoopback, vxml, type Loopback } from './loopback';

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback({
    '/app/main.vxml': (_req, res) => res.end(vxml('<form id="main"><block>hi</block></form>')),
    '/app/data.xml': (_req, res) => res.end('<n>5</n>'),
  });
});
afterAll(() => server.close());

const realm = {} as Realm;

function state(prev: SessionState | null, callId: string, count: number, entry: string): SessionState {
  return {
    v: 1, callId, channel: 'sim', seq: prev?.seq ?? 0, startedAt: 0, updatedAt: 0, entry, awaiting: 'input', ended: false,
    interp: { v: 1, scopes: { v: 1, count }, exec: { doc: entry, dialog: 'main', prompts: {}, events: {} }, stack: [] },
  };
}

/** A scripted interpreter: says the turn number and what it got; fetches the data document when told to. */
function scripted(log: InterpreterEvent[], opts: { fetchEveryTurn?: boolean; throwOn?: string } = {}): StepFunction {
  return (session, event, ctx: StepContext): StepOutcome => {
    log.push(event);
    if (opts.throwOn && event.kind === 'recognized' && event.result.utterance === opts.throwOn) throw new Error('interpreter defect');
    const count = ((session?.interp.scopes.count as number | undefined) ?? 0) + 1;
    const entry = session?.entry ?? (event.kind === 'start' ? event.entry : '');
    if (opts.fetchEveryTurn && ctx.fetched.length === 0) {
      return { status: 'need', request: { kind: 'data', uri: new URL('data.xml', entry).href, method: 'get', enctype: 'application/x-www-form-urlencoded', origin: { uri: entry, loc: { line: 1, col: 1 } } } };
    }
    const said = event.kind === 'recognized' ? String(event.result.interpretation) : event.kind;
    const fetchedNote = ctx.fetched.map((f) => (f.ok ? 'fetched' : f.event)).join(',');
    const ended = event.kind === 'hangup';
    return {
      status: 'done',
      session: { ...state(session, event.kind === 'start' ? event.callId : session?.callId ?? '', count, entry), ended },
      actions: ended
        ? [{ kind: 'hangup', reason: 'end' }]
        : [
            { kind: 'play', prompts: [{ segments: [{ kind: 'speak', text: `turn ${count}: ${said} ${fetchedNote}`.trim() }], bargein: true, bargeintype: 'speech', lang: 'en-US' }] },
            { kind: 'listen', modes: ['dtmf'], grammars: [], timeoutMs: 5000, interdigitMs: 3000, termtimeoutMs: 0, completetimeoutMs: 1000, incompletetimeoutMs: 1500, maxspeechtimeoutMs: 60000, termchar: '#', confidenceLevel: 0.5, bargein: true, lang: 'en-US' },
          ],
      trace: [{ kind: 'log', uri: entry, loc: { line: 7, col: 3 }, message: `step ${count}` }],
    };
  };
}

/** Echoes DTMF digits as the interpretation, after a delay (to make concurrency observable). */
const echo = (delayMs = 0): Recognizer => ({
  prepare: async (listen) => ({ ...listen, maxDigits: 4 }),
  recognize: async (input) => {
    await new Promise((r) => setTimeout(r, delayMs));
    if (input.kind !== 'dtmf') return { kind: 'nomatch', inputmode: 'voice', utterance: input.text };
    return { kind: 'recognized', result: { grammar: 'g', utterance: input.digits, confidence: 1, inputmode: 'dtmf', interpretation: input.digits, path: 'grammar' } };
  },
});

function runtime(step: StepFunction, opts: { sessions?: MemorySessionStore; clock?: FakeClock; recognizer?: Recognizer; maxFetches?: number } = {}) {
  const clock = opts.clock ?? new FakeClock();
  const logger = new MemoryLogger();
  const responses = new MemoryResponseDocumentStore(clock, 60);
  const loader = new HttpDocumentLoader({
    fetcher: new ResourceFetcher({ clock, logger, maxBytes: 100_000, maxRedirects: 2, cacheEntries: 10 }),
    compile, responses, recordings: defaultRecordingFetcher, defaultTimeoutMs: 1000, maxBytes: 100_000, cacheEntries: 10,
  });
  const sessions = opts.sessions ?? new MemorySessionStore(clock, 60);
  const rt = new DefaultCallRuntime({
    step, sessions, responses, loader, recognizer: opts.recognizer ?? echo(), realms: new RealmCache(() => realm, 2), clock, logger,
    limits: { turnTimeoutMs: 5000, maxTransitionsPerTurn: 50, scriptTimeoutMs: 500, maxFetchesPerTurn: opts.maxFetches ?? 4 },
    allowedOrigins: [], defaults: {},
  });
  return { rt, logger, sessions, clock };
}

const heard = (r: { actions: { kind: string }[] }) => JSON.stringify(r.actions[0]).match(/"text":"([^"]*)"/)?.[1];

describe('CallRuntime turn loop', () => {
  test('start then input; the listen action is prepared by the recognizer', async () => {
    const events: InterpreterEvent[] = [];
    const { rt, logger } = runtime(scripted(events));
    const entry = `${server.url}/app/main.vxml`;
    const first = await rt.start({ callId: 'c1', channel: 'sim', entry });
    expect(first).toMatchObject({ callId: 'c1', seq: 1, ended: false, replayed: false });
    expect(first.actions[1]).toMatchObject({ kind: 'listen', maxDigits: 4 });
    const second = await rt.handle('c1', { kind: 'dtmf', digits: '42' }, { turn: first.seq });
    expect(heard(second)).toBe('turn 2: 42');
    expect(second.seq).toBe(2);
    expect(second.recognition?.result?.interpretation).toBe('42');
    // Every turn line carries the call id and turn; <log> lines carry uri:line.
    const vxmlLog = logger.lines.find((l) => l.vxmlLog);
    expect(vxmlLog).toMatchObject({ callId: 'c1', turn: 0, at: `${entry}:7`, message: 'step 1' });
    expect(logger.lines.filter((l) => l.message === 'turn').map((l) => [l.callId, l.turn])).toEqual([['c1', 0], ['c1', 1]]);
  });

  test('a retried request for an old turn returns the same answer without stepping', async () => {
    const events: InterpreterEvent[] = [];
    const { rt } = runtime(scripted(events));
    const first = await rt.start({ callId: 'c2', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    const second = await rt.handle('c2', { kind: 'dtmf', digits: '1' }, { turn: first.seq });
    const stepped = events.length;
    const retry = await rt.handle('c2', { kind: 'dtmf', digits: '1' }, { turn: first.seq });
    expect(events.length).toBe(stepped);
    expect(retry).toEqual({ ...second, replayed: true });
    const restart = await rt.start({ callId: 'c2', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    expect(restart.replayed).toBe(true);
    expect(events.length).toBe(stepped);
  });

  test('two concurrent events for one call never interleave', async () => {
    const events: InterpreterEvent[] = [];
    const { rt } = runtime(scripted(events), { recognizer: echo(30) });
    await rt.start({ callId: 'c3', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    const [a, b] = await Promise.all([rt.handle('c3', { kind: 'dtmf', digits: '1' }), rt.handle('c3', { kind: 'dtmf', digits: '2' })]);
    expect([a.seq, b.seq]).toEqual([2, 3]);
    expect(heard(b)).toBe('turn 3: 2');
  });

  test('another instance that advanced the call first wins; the loser returns its answer', async () => {
    const sessions = new MemorySessionStore(new FakeClock(), 60);
    const one = runtime(scripted([]), { sessions, recognizer: echo(40) });
    const two = runtime(scripted([]), { sessions, recognizer: echo(0) });
    const first = await one.rt.start({ callId: 'c4', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    const [slow, fast] = await Promise.all([
      one.rt.handle('c4', { kind: 'dtmf', digits: '7' }, { turn: first.seq }),
      two.rt.handle('c4', { kind: 'dtmf', digits: '7' }, { turn: first.seq }),
    ]);
    expect(fast.replayed).toBe(false);
    expect(slow).toEqual({ ...fast, replayed: true });
    expect((await sessions.get('c4'))?.session.seq).toBe(2);
  });

  test('fetch requests are serviced through the loader, and bounded', async () => {
    const { rt } = runtime(scripted([], { fetchEveryTurn: true }));
    const first = await rt.start({ callId: 'c5', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    expect(heard(first)).toBe('turn 1: start fetched');
    // An interpreter that keeps asking gets refusals after the per-turn budget, as VoiceXML events.
    let requests = 0;
    const greedy: StepFunction = (session, event, ctx) => {
      const refused = ctx.fetched.find((f) => !f.ok);
      if (!refused) {
        requests = ctx.fetched.length + 1;
        return { status: 'need', request: { kind: 'data', uri: `${server.url}/app/data.xml?n=${ctx.fetched.length}`, method: 'get', enctype: 'x', origin: { uri: 'x', loc: { line: 1, col: 1 } } } };
      }
      const out = scripted([])(session, event, { ...ctx, fetched: [] }, realm);
      if (out.status === 'done') out.actions[0] = { kind: 'play', prompts: [{ segments: [{ kind: 'speak', text: refused.ok ? '' : refused.message }], bargein: true, bargeintype: 'speech', lang: 'en-US' }] };
      return out;
    };
    const { rt: bounded } = runtime(greedy, { maxFetches: 3 });
    const r = await bounded.start({ callId: 'c5b', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    expect(heard(r)).toMatch(/more than 3 fetches in one turn/);
    expect(requests).toBe(4);
  });

  test('an interpreter defect ends the call politely instead of crashing', async () => {
    const { rt, logger } = runtime(scripted([], { throwOn: '9' }));
    const first = await rt.start({ callId: 'c6', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    const r = await rt.handle('c6', { kind: 'dtmf', digits: '9' }, { turn: first.seq });
    expect(r).toMatchObject({ ended: true, actions: [{ kind: 'hangup', reason: 'error' }] });
    expect(logger.lines.some((l) => l.level === 'error' && l.callId === 'c6')).toBe(true);
    // Afterwards the call only answers with its end.
    const again = await rt.handle('c6', { kind: 'dtmf', digits: '1' });
    expect(again).toMatchObject({ ended: true, replayed: true });
  });

  test('a failing recognizer degrades to nomatch and an unprepared listen', async () => {
    const events: InterpreterEvent[] = [];
    const broken: Recognizer = {
      prepare: async () => Promise.reject(new Error('prepare bug')),
      recognize: async () => Promise.reject(new Error('recognize bug')),
    };
    const { rt, logger } = runtime(scripted(events), { recognizer: broken });
    const first = await rt.start({ callId: 'c8', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    expect(first.actions[1]).toMatchObject({ kind: 'listen' });
    expect(first.actions[1]).not.toHaveProperty('maxDigits');
    const r = await rt.handle('c8', { kind: 'dtmf', digits: '5' }, { turn: first.seq });
    expect(events[events.length - 1]).toEqual({ kind: 'nomatch', inputmode: 'dtmf', utterance: '5' });
    expect(r.recognition).toEqual({ nomatch: { utterance: '5' } });
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['preparing the listen action failed', 'recognizer failed; treating the input as nomatch', 'preparing the listen action failed']);
  });

  test('unknown and expired calls', async () => {
    const clock = new FakeClock();
    const { rt } = runtime(scripted([]), { clock });
    await expect(rt.handle('nobody', { kind: 'noinput' })).rejects.toBeInstanceOf(UnknownCallError);
    await rt.start({ callId: 'c7', channel: 'sim', entry: `${server.url}/app/main.vxml` });
    expect(await rt.has('c7')).toBe(true);
    clock.advance(61_000);
    expect(await rt.has('c7')).toBe(false);
    await expect(rt.handle('c7', { kind: 'noinput' })).rejects.toBeInstanceOf(UnknownCallError);
  });
});
