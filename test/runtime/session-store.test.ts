import { FakeClock } from '../../gateway/runtime/clock';
import { KeyedMutex } from '../../gateway/runtime/keyed-mutex';
import { MemoryResponseDocumentStore, MemorySessionStore } from '../../gateway/runtime/memory-stores';
import type { StoredCall } from '../../gateway/runtime/ports';
import type { SessionState } from '../../contracts/session';

function session(callId: string, seq: number): SessionState {
  return {
    v: 1,
    callId,
    channel: 'sim',
    seq,
    startedAt: 0,
    updatedAt: 0,
    entry: 'http://127.0.0.1/app.vxml',
    awaiting: 'input',
    ended: false,
    interp: { v: 1, scopes: { v: 1 }, exec: { doc: 'http://127.0.0.1/app.vxml', dialog: 'main', prompts: {}, events: {} }, stack: [] },
  };
}
function call(callId: string, seq: number): StoredCall {
  return { session: session(callId, seq), last: { turn: seq - 1, result: { callId, seq, actions: [{ kind: 'hangup', reason: 'end' }], ended: false, replayed: false, trace: [] } } };
}

describe('MemorySessionStore', () => {
  test('create only when absent, then compare-and-set on seq', async () => {
    const store = new MemorySessionStore(new FakeClock(), 60);
    expect(await store.commit(call('a', 1), null)).toBe('ok');
    expect(await store.commit(call('a', 1), null)).toBe('conflict');
    expect(await store.commit(call('a', 2), 1)).toBe('ok');
    // A second writer that read seq 1 loses cleanly.
    expect(await store.commit(call('a', 2), 1)).toBe('conflict');
    expect((await store.get('a'))?.session.seq).toBe(2);
  });

  test('two concurrent writers from the same seq: exactly one wins', async () => {
    const store = new MemorySessionStore(new FakeClock(), 60);
    await store.commit(call('b', 1), null);
    const outcomes = await Promise.all([store.commit(call('b', 2), 1), store.commit(call('b', 2), 1)]);
    expect(outcomes.sort()).toEqual(['conflict', 'ok']);
  });

  test('the last answer is kept by turn', async () => {
    const store = new MemorySessionStore(new FakeClock(), 60);
    await store.commit(call('c', 1), null);
    await store.commit(call('c', 2), 1);
    expect((await store.answer('c', 1))?.result.seq).toBe(2);
    expect(await store.answer('c', 0)).toBeUndefined();
  });

  test('returned objects are copies', async () => {
    const store = new MemorySessionStore(new FakeClock(), 60);
    await store.commit(call('d', 1), null);
    const got = await store.get('d');
    if (!got) throw new Error('missing');
    got.session.seq = 99;
    expect((await store.get('d'))?.session.seq).toBe(1);
  });

  test('abandoned calls expire after the TTL; activity extends it', async () => {
    const clock = new FakeClock();
    const store = new MemorySessionStore(clock, 60);
    await store.commit(call('e', 1), null);
    clock.advance(50_000);
    await store.commit(call('e', 2), 1);
    clock.advance(50_000);
    expect(await store.get('e')).toBeDefined();
    clock.advance(10_001);
    expect(await store.get('e')).toBeUndefined();
    expect(store.size()).toBe(0);
    // After expiry the call can be created anew.
    expect(await store.commit(call('e', 1), null)).toBe('ok');
  });
});

describe('MemoryResponseDocumentStore', () => {
  test('remembers per call and expires', async () => {
    const clock = new FakeClock();
    const docs = new MemoryResponseDocumentStore(clock, 10);
    await docs.remember('a', 'http://x/submit', { hash: 'h', text: '<vxml/>' });
    expect([...(await docs.recall('a')).keys()]).toEqual(['http://x/submit']);
    expect((await docs.recall('b')).size).toBe(0);
    clock.advance(10_001);
    expect((await docs.recall('a')).size).toBe(0);
    await docs.remember('a', 'http://x/submit', { hash: 'h', text: '<vxml/>' });
    await docs.forget('a');
    expect((await docs.recall('a')).size).toBe(0);
  });
});

describe('KeyedMutex', () => {
  test('work for one key never interleaves; other keys run in parallel', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = (key: string, name: string, ms: number) =>
      mutex.run(key, async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name}-`);
      });
    await Promise.all([job('k', 'a', 30), job('k', 'b', 1), job('j', 'c', 5)]);
    expect(log.indexOf('a-')).toBeLessThan(log.indexOf('b+'));
    expect(log.indexOf('c-')).toBeLessThan(log.indexOf('a-'));
    expect(mutex.busy).toBe(0);
  });

  test('a failing job releases the key', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('k', async () => 7)).resolves.toBe(7);
  });
});
