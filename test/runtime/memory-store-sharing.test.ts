/**
 * The memory store keeps the parts of stored answers that callers share (actions, trace) once, reference
 * counted; what it hands back is member for member what was committed.
 */
import { FakeClock } from '../../gateway/runtime/clock';
import { MemorySessionStore } from '../../gateway/runtime/memory-stores';
import type { StoredAnswer, StoredCall } from '../../gateway/runtime/ports';
import { detached, SharedTexts } from '../../gateway/runtime/shared-texts';
import type { SessionState } from '../../contracts/session';
import type { PlatformAction } from '../../contracts/platform';

const menu: PlatformAction[] = [
  { kind: 'play', prompts: [{ segments: [{ kind: 'speak', text: 'Main menu. For flight status, press 1.' }], bargein: true, bargeintype: 'speech', lang: 'en-US' }] },
  {
    kind: 'listen',
    modes: ['dtmf', 'voice'],
    grammars: [{ key: 'http://127.0.0.1/main.vxml#g1', mode: 'voice', scope: 'choice' }],
    timeoutMs: 5000,
    interdigitMs: 3000,
    termtimeoutMs: 0,
    completetimeoutMs: 1000,
    incompletetimeoutMs: 1500,
    maxspeechtimeoutMs: 60000,
    termchar: '#',
    confidenceLevel: 0.5,
    bargein: true,
    lang: 'en-US',
    hints: ['flight status'],
  },
];

function session(callId: string, seq: number, ended = false): SessionState {
  return {
    v: 1,
    callId,
    channel: 'twilio',
    seq,
    startedAt: 1,
    updatedAt: 2,
    entry: 'http://127.0.0.1/main.vxml',
    awaiting: ended ? 'none' : 'input',
    ended,
    interp: { v: 1, scopes: { v: 1, heap: [['o', [['callId', callId]]]] }, exec: { doc: 'http://127.0.0.1/main.vxml', dialog: 'main_menu', prompts: { '': 2 }, events: {} }, stack: [] },
  };
}

function parked(callId: string, seq = 1, actions: PlatformAction[] = menu): StoredCall {
  return {
    session: session(callId, seq),
    last: {
      turn: seq - 1,
      result: {
        callId,
        seq,
        actions,
        ended: false,
        replayed: false,
        recognition: { nomatch: { utterance: 'something else' } },
        trace: [{ kind: 'dialog', uri: 'http://127.0.0.1/main.vxml', dialog: 'main_menu', loc: { line: 22, col: 3 } }],
      },
    },
  };
}

describe('MemorySessionStore sharing', () => {
  test('calls given the same answer hold one copy of its actions and trace', async () => {
    const store = new MemorySessionStore(new FakeClock(), 60);
    for (let i = 0; i < 50; i++) expect(await store.commit(parked(`CA${i}`), null)).toBe('ok');
    expect(store.size()).toBe(50);
    expect(store.sharedTexts()).toBe(2);
    // A call told something else holds its own actions; the trace is still shared.
    await store.commit(parked('CAother', 1, [{ kind: 'hangup', reason: 'end' }]), null);
    expect(store.sharedTexts()).toBe(3);
  });

  test('what comes back is what was committed, members in the same order', async () => {
    const store = new MemorySessionStore(new FakeClock(), 60);
    const call = parked('CA1');
    await store.commit(call, null);
    const got = await store.get('CA1');
    expect(got).toEqual(call);
    expect(JSON.stringify(got)).toBe(JSON.stringify(call));
    expect(JSON.stringify(await store.answer('CA1', 0))).toBe(JSON.stringify(call.last));
    // Copies: changing what was handed out changes nothing stored.
    got?.last?.result.actions.pop();
    expect((await store.get('CA1'))?.last?.result.actions).toHaveLength(2);
  });

  test('an answer without a trace, and a call without an answer, read back as stored', async () => {
    const store = new MemorySessionStore(new FakeClock(), 60);
    const call = parked('CA2');
    if (!call.last) throw new Error('parked() stores an answer');
    const { trace: _dropped, ...noTrace } = call.last.result;
    const odd = { session: call.session, last: { turn: 0, result: noTrace as StoredAnswer['result'] } };
    await store.commit(odd, null);
    expect(JSON.stringify(await store.get('CA2'))).toBe(JSON.stringify(odd));
    await store.commit({ session: session('CA3', 1) }, null);
    expect(await store.get('CA3')).toEqual({ session: session('CA3', 1) });
    expect(await store.answer('CA3', 0)).toBeUndefined();
  });

  test('shared parts are let go when calls move on, are deleted or expire', async () => {
    const clock = new FakeClock();
    const store = new MemorySessionStore(clock, 60);
    await store.commit(parked('CA1'), null);
    await store.commit(parked('CA2'), null);
    await store.commit(parked('CA3'), null);
    expect(store.sharedTexts()).toBe(2);
    // CA1 moves on to another answer: the menu is still held by the others.
    await store.commit(parked('CA1', 2, [{ kind: 'hangup', reason: 'end' }]), 1);
    expect(store.sharedTexts()).toBe(3);
    await store.delete('CA2');
    expect(store.sharedTexts()).toBe(3);
    clock.advance(60_001);
    expect(await store.get('CA3')).toBeUndefined();
    expect(store.sharedTexts()).toBe(2);
    expect(store.size()).toBe(0);
    expect(store.sharedTexts()).toBe(0);
  });

  test('compare-and-set and idempotent answers are unchanged', async () => {
    const store = new MemorySessionStore(new FakeClock(), 60);
    await store.commit(parked('CA1'), null);
    expect(await store.commit(parked('CA1'), null)).toBe('conflict');
    expect(await store.commit(parked('CA1', 2), 1)).toBe('ok');
    expect(await store.commit(parked('CA1', 2), 1)).toBe('conflict');
    expect((await store.answer('CA1', 1))?.result.seq).toBe(2);
    expect(await store.answer('CA1', 0)).toBeUndefined();
    expect(store.sharedTexts()).toBe(2);
  });
});

describe('MemorySessionStore counts the calls in progress', () => {
  test('not ended, not expired; ended calls stay stored for retries but are not counted', async () => {
    const clock = new FakeClock();
    const store = new MemorySessionStore(clock, 60);
    await store.commit(parked('CA1'), null);
    await store.commit(parked('CA2'), null);
    await store.commit(parked('CA3'), null);
    expect(await store.liveCalls()).toBe(3);
    // CA1 hangs up: its last answer is still kept.
    await store.commit({ ...parked('CA1', 2, [{ kind: 'hangup', reason: 'end' }]), session: session('CA1', 2, true) }, 1);
    expect(await store.liveCalls()).toBe(2);
    expect(await store.storedSessions()).toBe(3);
    // A turn of a call in progress does not count it twice.
    await store.commit(parked('CA2', 2), 1);
    expect(await store.liveCalls()).toBe(2);
    await store.delete('CA2');
    expect(await store.liveCalls()).toBe(1);
    clock.advance(60_001);
    expect(await store.liveCalls()).toBe(0);
    expect(await store.storedSessions()).toBe(0);
  });
});

describe('SharedTexts', () => {
  test('one copy per distinct text, kept while held', () => {
    const pool = new SharedTexts();
    const a = pool.hold(['x'.repeat(40)].join(''));
    const b = pool.hold(['x'.repeat(40)].join(''));
    expect(b).toBe(a);
    expect(pool.size).toBe(1);
    pool.release(a);
    expect(pool.size).toBe(1);
    pool.release(b);
    expect(pool.size).toBe(0);
    // Releasing what is not held is harmless.
    pool.release('y');
    expect(pool.size).toBe(0);
  });

  test('detached copies read the same', () => {
    const body = `AccountSid=AC1&CallSid=CA${'0'.repeat(32)}&From=%2B1555`;
    const sid = body.slice(body.indexOf('CallSid=') + 8, body.indexOf('&From'));
    expect(detached(sid)).toBe(sid);
  });
});
