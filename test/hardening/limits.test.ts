/**
 * Limits a document cannot break: document size, fetch time, script time, transitions per turn, fetches per
 * turn — each ends as a VoiceXML error event the application can catch, within bounded time, never a crash
 * or a hung turn. The session cap turns a call beyond it away politely; turns of calls in progress go on.
 */
import { Admission, CountingSessionStore, createRuntime, FakeClock, MemoryLogger, MemorySessionStore, parseConfig, withAdmission } from '../../gateway/index';
import { startLoopback, vxml, type Loopback } from '../runtime/loopback';
import { events, heard, last, runtimeWith } from './helpers';

let server: Loopback;
const slowTimers = new Set<NodeJS.Timeout>();

const CATCH_ALL = `<catch event="error"><prompt>caught <value expr="_event"/></prompt><exit/></catch>`;

beforeAll(async () => {
  server = await startLoopback({
    '/huge.vxml': (_req, res) => {
      res.setHeader('content-type', 'application/voicexml+xml');
      res.end(vxml(`<form><block><prompt>${'blah '.repeat(40_000)}</prompt></block></form>`));
    },
    '/goto-huge.vxml': (_req, res) => res.end(vxml(`${CATCH_ALL}<form><block><goto next="huge.vxml"/></block></form>`)),
    '/slow.vxml': (_req, res) => {
      const t = setTimeout(() => res.end(vxml('<form><block>too late</block></form>')), 3000);
      slowTimers.add(t);
    },
    '/goto-slow.vxml': (_req, res) => res.end(vxml(`${CATCH_ALL}<form><block><goto next="slow.vxml"/></block></form>`)),
    '/loop-script.vxml': (_req, res) => res.end(vxml(`${CATCH_ALL}<form><block><script>var i = 0; while (true) { i++; }</script><prompt>never</prompt></block></form>`)),
    '/ping-pong.vxml': (_req, res) => res.end(vxml(`${CATCH_ALL}<form id="a"><block><goto next="#b"/></block></form><form id="b"><block><goto next="#a"/></block></form>`)),
    '/fetch-loop.vxml': (_req, res) => res.end(vxml(`${CATCH_ALL}<form><var name="n" expr="0"/><block><data name="d" srcexpr="'data.xml?n=' + (n++)" maxage="0"/><goto next="#_self"/></block></form>`.replace('#_self', 'fetch-loop.vxml?again=1'))),
    '/data.xml': (_req, res) => {
      res.setHeader('content-type', 'text/xml');
      res.setHeader('cache-control', 'no-store');
      res.end('<ok/>');
    },
    '/data-then-prompt.vxml': (_req, res) => res.end(vxml(`${CATCH_ALL}<form><block><data name="d" src="data.xml" maxage="0"/><prompt>fetched</prompt></block></form>`)),
    '/menu.vxml': (_req, res) => res.end(vxml(`<form><field name="x" type="digits"><prompt>Enter digits.</prompt><filled><prompt>Thanks.</prompt></filled></field></form>`)),
  });
});

afterAll(async () => {
  for (const t of slowTimers) clearTimeout(t);
  await server.close();
});

test('a document larger than MAX_DOCUMENT_BYTES is error.badfetch', async () => {
  const { runtime, logger } = runtimeWith({ fetch: { maxDocumentBytes: 64 * 1024 } });
  const first = await runtime.start({ callId: 'huge', channel: 'sim', entry: `${server.url}/goto-huge.vxml` });
  expect(heard(first)).toEqual(['caught error.badfetch']);
  expect(logger.lines.some((l) => /MAX_DOCUMENT_BYTES/.test(String(l.reason ?? '')))).toBe(true);
  await runtime.close();
});

test('a fetch slower than FETCH_TIMEOUT_MS is error.badfetch, in bounded time', async () => {
  const { runtime } = runtimeWith({ fetch: { timeoutMs: 300 } });
  const started = Date.now();
  const first = await runtime.start({ callId: 'slow', channel: 'sim', entry: `${server.url}/goto-slow.vxml` });
  expect(heard(first)).toEqual(['caught error.badfetch']);
  expect(Date.now() - started).toBeLessThan(2000);
  await runtime.close();
});

test('a fetch late in a turn gets the time left (whole milliseconds), not a timer error', async () => {
  // The turn deadline is nearer than FETCH_TIMEOUT_MS, so the fetch gets what is left of the turn.
  const { runtime } = runtimeWith({ limits: { turnTimeoutMs: 1000 }, fetch: { timeoutMs: 5000 } });
  const first = await runtime.start({ callId: 'late', channel: 'sim', entry: `${server.url}/data-then-prompt.vxml` });
  expect(heard(first)).toEqual(['fetched']);
  await runtime.close();
});

test('a script that never ends is stopped at SCRIPT_TIMEOUT_MS (error.semantic), the turn goes on', async () => {
  const { runtime } = runtimeWith({ limits: { scriptTimeoutMs: 100 } });
  const started = Date.now();
  const first = await runtime.start({ callId: 'loop', channel: 'sim', entry: `${server.url}/loop-script.vxml` });
  expect(Date.now() - started).toBeLessThan(3000);
  expect(heard(first)).toEqual([expect.stringMatching(/^caught error\./)]);
  expect(events(first).some((e) => e.startsWith('error.'))).toBe(true);
  await runtime.close();
});

test('dialogs that transition forever are stopped at MAX_TRANSITIONS_PER_TURN', async () => {
  const { runtime } = runtimeWith({ limits: { maxTransitionsPerTurn: 50 } });
  const first = await runtime.start({ callId: 'pingpong', channel: 'sim', entry: `${server.url}/ping-pong.vxml` });
  expect(first.ended).toBe(true);
  expect(events(first).some((e) => e.startsWith('error.'))).toBe(true);
  await runtime.close();
});

test('a turn that keeps fetching is stopped at MAX_FETCHES_PER_TURN', async () => {
  const { runtime } = runtimeWith({ fetch: { maxFetchesPerTurn: 8 } });
  const before = server.count('/data.xml');
  const first = await runtime.start({ callId: 'fetchloop', channel: 'sim', entry: `${server.url}/fetch-loop.vxml` });
  expect(first.ended).toBe(true);
  expect(events(first)).toContain('error.badfetch');
  expect(server.count('/data.xml') - before).toBeLessThanOrEqual(8);
  await runtime.close();
});

test('beyond MAX_SESSIONS a new call is refused politely; calls in progress and retries are not', async () => {
  const clock = new FakeClock();
  const sessions = new CountingSessionStore(new MemorySessionStore(clock, 60), clock, 60);
  const logger = new MemoryLogger();
  const real = createRuntime(parseConfig({ log: { level: 'error' }, nlu: { enabled: false } }), { sessions, logger, clock });
  const admission = new Admission({ counter: sessions, maxSessions: 2, busyMessage: 'All lines are busy.', language: 'en-US', logger });
  const refusedReasons: string[] = [];
  const capped = withAdmission(real, admission, (v) => refusedReasons.push(v.reason));
  const entry = `${server.url}/menu.vxml`;
  expect(heard(await capped.start({ callId: 'c1', channel: 'sim', entry }))).toEqual(['Enter digits.']);
  expect(heard(await capped.start({ callId: 'c2', channel: 'sim', entry }))).toEqual(['Enter digits.']);
  const third = await capped.start({ callId: 'c3', channel: 'sim', entry });
  expect(heard(third)).toEqual(['All lines are busy.']);
  expect(last(third)).toBe('hangup');
  expect(third.ended).toBe(true);
  expect(await capped.has('c3')).toBe(false); // nothing stored for a refused call
  expect(refusedReasons).toEqual(['capacity']);
  // A retried start of a call in progress is its first turn again, not a refusal.
  expect(heard(await capped.start({ callId: 'c1', channel: 'sim', entry }))).toEqual(['Enter digits.']);
  // Calls in progress go on; once one ends there is room again.
  const done = await capped.handle('c1', { kind: 'dtmf', digits: '42' }, { turn: 1 });
  expect(heard(done)).toEqual(['Thanks.']);
  expect(done.ended).toBe(true);
  expect(heard(await capped.start({ callId: 'c4', channel: 'sim', entry }))).toEqual(['Enter digits.']);
  // Shutting down: new calls are refused, calls in progress are not.
  admission.drain();
  expect(heard(await capped.start({ callId: 'c5', channel: 'sim', entry }))).toEqual(['All lines are busy.']);
  expect(refusedReasons).toEqual(['capacity', 'shutdown']);
  expect((await capped.handle('c2', { kind: 'dtmf', digits: '7' }, { turn: 1 })).ended).toBe(true);
  expect(logger.lines.filter((l) => /new call refused/.test(l.message)).map((l) => l.refused)).toEqual(['capacity', 'shutdown']);
  await real.close();
});
