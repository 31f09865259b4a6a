/**
 * The Redis SessionStore and ResponseDocumentStore against a real redis-server: compare-and-set on the turn
 * sequence (also between two connections racing), stored answers, TTLs, the live-call index, and a full
 * runtime whose calls survive moving between two instances that share only Redis.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  connectRedis,
  createRuntime,
  FakeClock,
  MemoryLogger,
  parseConfig,
  RedisResponseDocumentStore,
  RedisSessionStore,
  silentLogger,
  type RedisConnection,
  type SessionState,
  type StoredCall,
  type TurnResult,
} from '../../gateway/index';
import { RedisAcsCallStore } from '../../adapters/acs/redis-call-store';
import { startRedis, type TestRedis } from './redis-server';

let redis: TestRedis;
const connections: RedisConnection[] = [];

function connect(prefix = 't:'): RedisConnection {
  const c = connectRedis({ url: redis.url, keyPrefix: prefix, connectTimeoutMs: 2000, commandTimeoutMs: 2000, logger: silentLogger });
  connections.push(c);
  return c;
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const c of connections) await c.close();
  await redis?.stop();
});

function session(callId: string, seq: number, ended = false): SessionState {
  return {
    v: 1,
    callId,
    channel: 'sim',
    seq,
    startedAt: 1,
    updatedAt: 2,
    entry: 'http://apps.example.com/main.vxml',
    awaiting: ended ? 'none' : 'input',
    ended,
    interp: { v: 1, scopes: { v: 1 }, exec: { doc: 'http://apps.example.com/main.vxml', dialog: 'main', prompts: {}, events: {} }, stack: [] },
  };
}

function answer(callId: string, seq: number): TurnResult {
  return { callId, seq, actions: [{ kind: 'hangup', reason: 'end' }], ended: false, replayed: false, trace: [] };
}

function call(callId: string, seq: number, ended = false): StoredCall {
  return { session: session(callId, seq, ended), last: { turn: seq - 1, result: answer(callId, seq) } };
}

test('commit is a compare-and-set on the turn sequence', async () => {
  const clock = new FakeClock();
  const store = new RedisSessionStore({ connection: connect('cas:'), clock, ttlS: 60 });
  expect(await store.get('c1')).toBeUndefined();
  expect(await store.commit(call('c1', 1), null)).toBe('ok');
  expect(await store.commit(call('c1', 1), null)).toBe('conflict'); // the call exists already
  expect(await store.commit(call('c1', 2), 0)).toBe('conflict'); // stale expectation
  expect(await store.commit(call('c1', 2), 1)).toBe('ok');
  expect(await store.commit(call('c1', 3), 1)).toBe('conflict'); // another instance already advanced it
  const stored = await store.get('c1');
  expect(stored?.session.seq).toBe(2);
  expect(stored?.last?.turn).toBe(1);
  expect(stored?.session).toEqual(session('c1', 2));
});

test('only the answer of the last processed turn is kept, by turn number', async () => {
  const store = new RedisSessionStore({ connection: connect('ans:'), clock: new FakeClock(), ttlS: 60 });
  await store.commit(call('c2', 1), null);
  await store.commit(call('c2', 2), 1);
  expect((await store.answer('c2', 1))?.result.seq).toBe(2);
  expect(await store.answer('c2', 0)).toBeUndefined();
  expect(await store.answer('nope', 0)).toBeUndefined();
  await store.delete('c2');
  expect(await store.get('c2')).toBeUndefined();
});

test('two instances racing to advance the same call: exactly one wins', async () => {
  const clock = new FakeClock();
  const a = new RedisSessionStore({ connection: connect('race:'), clock, ttlS: 60 });
  const b = new RedisSessionStore({ connection: connect('race:'), clock, ttlS: 60 });
  await a.commit(call('c3', 1), null);
  for (let seq = 1; seq < 40; seq++) {
    const outcomes = await Promise.all([a.commit(call('c3', seq + 1), seq), b.commit(call('c3', seq + 1), seq)]);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
  }
  expect((await b.get('c3'))?.session.seq).toBe(40);
});

test('sessions expire after the TTL; the live index counts calls in progress only', async () => {
  const clock = new FakeClock();
  const connection = connect('ttl:');
  const store = new RedisSessionStore({ connection, clock, ttlS: 30 });
  await store.commit(call('a', 1), null);
  await store.commit(call('b', 1), null);
  await store.commit(call('c', 1), null);
  expect(await store.liveCalls()).toBe(3);
  await store.commit(call('c', 2, true), 1); // ended: stays stored for retries, no longer live
  expect(await store.liveCalls()).toBe(2);
  expect(await store.storedSessions()).toBe(3);
  const ttl = await connection.client.ttl('ttl:call:a');
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(30);
  clock.advance(31_000); // abandoned calls leave the index when their session would have expired
  expect(await store.liveCalls()).toBe(0);
  // Redis itself drops the keys: shown with a 1 s TTL.
  const short = new RedisSessionStore({ connection, clock, ttlS: 1 });
  await short.commit(call('short', 1), null);
  expect(await short.get('short')).toBeDefined();
  await new Promise((r) => setTimeout(r, 1200));
  expect(await short.get('short')).toBeUndefined();
});

test('POST-answer documents are kept per call, refreshed on use, and forgotten', async () => {
  const connection = connect('docs:');
  const docs = new RedisResponseDocumentStore(connection, 60);
  expect((await docs.recall('x')).size).toBe(0);
  await docs.remember('x', 'http://a/b.jsp', { hash: 'h1', text: '<vxml/>' });
  await docs.remember('x', 'http://a/c.jsp', { hash: 'h2', text: '<vxml version="2.1"/>' });
  const recalled = await docs.recall('x');
  expect([...recalled.entries()]).toEqual([
    ['http://a/b.jsp', { hash: 'h1', text: '<vxml/>' }],
    ['http://a/c.jsp', { hash: 'h2', text: '<vxml version="2.1"/>' }],
  ]);
  expect(await connection.client.ttl('docs:docs:x')).toBeGreaterThan(0);
  await docs.forget('x');
  expect((await docs.recall('x')).size).toBe(0);
});

test('a call moves between two runtimes that share only Redis; a retried turn is answered again without advancing', async () => {
  const config = parseConfig({ log: { level: 'error' }, app: { allowedOrigins: [] } });
  const clock = new FakeClock(Date.now());
  const make = (): ReturnType<typeof createRuntime> => {
    const connection = connect('rt:');
    return createRuntime(config, {
      sessions: new RedisSessionStore({ connection, clock, ttlS: 60 }),
      responses: new RedisResponseDocumentStore(connection, 60),
      logger: new MemoryLogger(),
      clock,
    });
  };
  const [a, b] = [make(), make()];
  const app = pathToFileURL(path.join(__dirname, 'fixtures', 'menu.vxml')).href;
  const first = await a.start({ callId: 'rt-1', channel: 'sim', entry: app });
  expect(first.actions.map((x) => x.kind)).toEqual(['play', 'listen']);
  const second = await b.handle('rt-1', { kind: 'dtmf', digits: '9' }, { turn: first.seq });
  expect(second.replayed).toBe(false);
  // The platform retries the same turn on the other instance: same answer, nothing advances.
  const retried = await a.handle('rt-1', { kind: 'dtmf', digits: '9' }, { turn: first.seq });
  expect(retried.replayed).toBe(true);
  expect(retried.actions).toEqual(second.actions);
  expect(retried.seq).toBe(second.seq);
  const third = await a.handle('rt-1', { kind: 'dtmf', digits: '1' }, { turn: second.seq });
  expect(third.ended).toBe(true);
  expect(third.seq).toBe(second.seq + 1);
  await Promise.all([a.close(), b.close()]);
});

test('the ACS call store: create once, compare-and-set updates, first link wins, TTLs', async () => {
  const connection = connect('acs:');
  const a = new RedisAcsCallStore(connection);
  const b = new RedisAcsCallStore(connect('acs:'));
  const rec = { id: 'r1', secret: 's', entry: 'http://a/main.vxml', status: 'answering' as const, started: false, sessionEnded: false, turn: 0, seen: [], createdAt: 1, updatedAt: 1 };
  expect(await a.create(rec, 60)).toBe(true);
  expect(await b.create(rec, 60)).toBe(false);
  expect(await b.get('r1')).toEqual({ value: rec, version: 1 });
  const [first, second] = await Promise.all([a.update({ ...rec, turn: 1 }, 1, 60), b.update({ ...rec, turn: 2 }, 1, 60)]);
  expect([first, second].filter(Boolean)).toHaveLength(1);
  expect((await a.get('r1'))?.version).toBe(2);
  expect(await a.update({ ...rec, turn: 3 }, 1, 60)).toBe(false);
  expect(await a.link('connection', 'cc-1', 'r1', 60)).toBe('r1');
  expect(await b.link('connection', 'cc-1', 'r2', 60)).toBe('r1');
  expect(await b.resolve('connection', 'cc-1')).toBe('r1');
  expect(await b.resolve('connection', 'nope')).toBeUndefined();
  expect(await connection.client.ttl('acs:acs:call:r1')).toBeGreaterThan(0);
  expect(await connection.client.ttl('acs:acs:alias:connection:cc-1')).toBeGreaterThan(0);
});
