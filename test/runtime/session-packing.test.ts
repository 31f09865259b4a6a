/**
 * Sessions packed as differences from a reference session of their application read back exactly, whatever
 * the differences (same-length ids, longer or shorter variables, other characters), and keep little of their own.
 */
import { SessionPacker, type PackedSession } from '../../gateway/runtime/session-packing';
import { FakeClock } from '../../gateway/runtime/clock';
import { MemorySessionStore } from '../../gateway/runtime/memory-stores';
import type { SessionState } from '../../contracts/session';

const FUNCTIONS = [
  "function normaliseFlight(value) {\n  var s = String(value).toUpperCase().replace(/\\s+/g, '');\n  return s;\n}",
  "function sayFlight(flight) {\n  var code = flight.substring(0, 2);\n  return code + ' flight ' + flight.substring(2);\n}",
  "function spell(code) {\n  return String(code).split('').join(' ');\n}",
];

/** A session shaped like the airline's at its main menu (scopes with document functions and call facts). */
function session(callId: string, opts: { caller?: string; path?: string; dialog?: string; seq?: number } = {}): SessionState {
  return {
    v: 1,
    callId,
    channel: 'twilio',
    seq: opts.seq ?? 1,
    startedAt: 1795650982473,
    updatedAt: 1795650982473 + (opts.seq ?? 1) * 1000,
    entry: 'http://127.0.0.1:37225/airline/main.vxml',
    awaiting: 'input',
    ended: false,
    interp: {
      v: 1,
      scopes: {
        v: 1,
        heap: [
          ['n', [['callerid', opts.caller ?? '+15551230000'], ['callId', callId]]],
          ['n', [['callPath', opts.path ?? ''], ['agentQueue', 'general']]],
          ...FUNCTIONS.map((f) => ['f', f, [0, 0, 1], []]),
          ['a', ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']],
          ['o', [['AccountSid', 'AC' + callId.slice(2)], ['CallSid', callId]]],
        ],
      },
      exec: { doc: 'http://127.0.0.1:37225/airline/main.vxml', dialog: opts.dialog ?? 'main_menu', prompts: { '': 2 }, events: {} },
      stack: [],
      wait: { kind: 'input', item: '' },
    },
  };
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rnd: () => number, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');

function roundTrip(packer: SessionPacker, json: string, app = 'app'): PackedSession {
  const packed = packer.pack(json, app);
  expect(packer.unpack(packed)).toBe(json);
  return packed;
}

describe('SessionPacker', () => {
  test('calls of one application keep a small part of their session', () => {
    const packer = new SessionPacker();
    const rnd = random(1);
    roundTrip(packer, JSON.stringify(session(`CA${hex(rnd, 32)}`)));
    for (let i = 0; i < 20; i++) {
      const json = JSON.stringify(session(`CA${hex(rnd, 32)}`, { caller: `+1555${hex(rnd, 7)}` }));
      const packed = roundTrip(packer, json);
      expect(typeof packed).toBe('object');
      expect(SessionPacker.ownChars(packed)).toBeLessThan(json.length * 0.3);
    }
  });

  test('differences of other lengths, other characters, another dialog: read back exactly', () => {
    const packer = new SessionPacker();
    const rnd = random(2);
    roundTrip(packer, JSON.stringify(session(`CA${hex(rnd, 32)}`)));
    const paths = ['', '1;', '1;2;3;4;5;6;', 'x'.repeat(300), 'ünïcødé ☎ 電話 😀', '"quoted" \\ back\nslash'];
    for (const path of paths) {
      for (const dialog of ['main_menu', 'flight_status', 'm']) {
        roundTrip(packer, JSON.stringify(session(`CA${hex(rnd, 32)}`, { path, dialog, seq: Math.floor(rnd() * 100000) })));
      }
    }
  });

  test('random edits of a session read back exactly', () => {
    const rnd = random(3);
    const base = JSON.stringify(session('CA' + hex(rnd, 32), { path: 'a;b;c;' }));
    for (let round = 0; round < 200; round++) {
      const packer = new SessionPacker();
      roundTrip(packer, base);
      let edited = base;
      const edits = 1 + Math.floor(rnd() * 12);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * edited.length);
        const cut = Math.floor(rnd() * 40);
        const insert = rnd() < 0.3 ? '' : hex(rnd, Math.floor(rnd() * 50)) + (rnd() < 0.2 ? '€' : '');
        edited = edited.slice(0, at) + insert + edited.slice(at + cut);
      }
      roundTrip(packer, edited);
      // And the other way round: the edited session as the reference of the original.
      const other = new SessionPacker();
      roundTrip(other, edited);
      roundTrip(other, base);
    }
  });

  test('a session unlike its reference becomes the reference for the next ones', () => {
    const packer = new SessionPacker();
    const rnd = random(4);
    roundTrip(packer, JSON.stringify(session(`CA${hex(rnd, 32)}`)));
    const unlike = (id: string): string => JSON.stringify({ ...session(id), interp: { v: 1, scopes: { v: 1, other: 'z'.repeat(2000) + id }, exec: { doc: 'x', dialog: 'y', prompts: {}, events: {} }, stack: [] } });
    const first = roundTrip(packer, unlike(`CA${hex(rnd, 32)}`));
    const second = roundTrip(packer, unlike(`CA${hex(rnd, 32)}`));
    expect(SessionPacker.ownChars(second)).toBeLessThan(SessionPacker.ownChars(first));
    expect(SessionPacker.ownChars(second)).toBeLessThan(400);
  });

  test('small sessions and other applications', () => {
    const packer = new SessionPacker();
    expect(roundTrip(packer, '{"v":1}')).toBe('{"v":1}');
    const rnd = random(5);
    roundTrip(packer, JSON.stringify(session(`CA${hex(rnd, 32)}`)), 'app-a');
    roundTrip(packer, JSON.stringify(session(`CA${hex(rnd, 32)}`)), 'app-b');
    roundTrip(packer, JSON.stringify(session(`CA${hex(rnd, 32)}`)), 'app-a');
  });
});

describe('MemorySessionStore with packed sessions', () => {
  test('sessions read back as committed, and parked calls keep little of their own', async () => {
    const rnd = random(6);
    for (const packSessions of [true, false]) {
      const store = new MemorySessionStore(new FakeClock(), 60, { packSessions });
      const committed = new Map<string, SessionState>();
      for (let i = 0; i < 30; i++) {
        const id = `CA${hex(rnd, 32)}`;
        committed.set(id, session(id, { caller: `+1555${hex(rnd, 7)}` }));
        expect(await store.commit({ session: committed.get(id) as SessionState }, null)).toBe('ok');
      }
      for (const [id, stored] of committed) expect(JSON.stringify((await store.get(id))?.session)).toBe(JSON.stringify(stored));
      const ids = [...committed.keys()];
      const own = store.sessionChars(ids[10]) ?? Infinity;
      const whole = JSON.stringify(session(ids[10])).length;
      if (packSessions) expect(own).toBeLessThan(whole * 0.3);
      else expect(own).toBe(whole);
    }
  });
});
