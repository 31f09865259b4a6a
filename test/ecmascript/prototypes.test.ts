/**
 * Legacy documents add helpers to builtin prototypes (`Date.prototype.format = …`). The named builtins stay
 * extensible while their existing properties stay locked; an addition is realm-wide (every call of the
 * application sees it), follows a call across serialize/restore — onto another instance too — and never lets
 * a document intercept the host's own writes into realm objects.
 */
import { createRealm, type Env } from '../../gateway/ecmascript';
import { CLOCK } from './helpers';

const HELPERS = `
  Date.prototype.format = function (sep) { return this.getUTCFullYear() + sep + (this.getUTCMonth() + 1); };
  String.prototype.padLeft = function (n, c) { var s = String(this); while (s.length < n) s = c + s; return s; };
  Array.prototype.contains = function (x) { return this.indexOf(x) >= 0; };
  Math.clamp = function (v, lo, hi) { return Math.min(hi, Math.max(lo, v)); };
`;

function env(realm = createRealm({ name: 'prototypes' })): Env {
  const e = realm.createEnv({});
  e.beginTurn(CLOCK);
  e.resetScope('application');
  e.resetScope('document');
  return e;
}

function restoreIn(realm: ReturnType<typeof createRealm>, snapshot: unknown): Env {
  const e = realm.restoreEnv(JSON.parse(JSON.stringify(snapshot)));
  e.beginTurn(CLOCK);
  return e;
}

const USE = 'new Date(0).format("/") + "|" + "7".padLeft(3, "0") + "|" + [1, 2].contains(2) + "|" + Math.clamp(9, 0, 5)';

test('helpers added to builtin prototypes work; existing builtins stay locked', () => {
  const e = env();
  e.run(HELPERS, 'document');
  expect(e.evaluate(USE)).toBe('1970/1|007|true|5');
  e.run('Array.prototype.push = function () { return 42; }; delete String.prototype.slice;', 'document');
  expect(e.evaluate('[].push(1) + "|" + typeof "".slice')).toBe('1|function');
  expect(() => e.run('Object.defineProperty(Array.prototype, "push", { value: 1 })', 'document')).toThrow();
  expect(() => e.run('Object.defineProperty(Function.prototype, "constructor", { value: 1 })', 'document')).toThrow();
});

test('a second call of the same realm sees the helpers; running the defining script again is idempotent', () => {
  const realm = createRealm({ name: 'two-calls' });
  const a = env(realm);
  a.run(HELPERS, 'document');
  const b = env(realm);
  expect(b.evaluate(USE)).toBe('1970/1|007|true|5');
  b.run(HELPERS, 'document');
  expect(a.evaluate(USE)).toBe('1970/1|007|true|5');
  expect(b.evaluate(USE)).toBe('1970/1|007|true|5');
});

test('across serialize/restore, in the same realm and in a fresh one (another instance)', () => {
  const realm = createRealm({ name: 'origin' });
  const e = env(realm);
  e.run(`var suffix = "!";\n${HELPERS}\nString.prototype.shout = function () { return this.toUpperCase() + suffix; };`, 'document');
  const snapshot = e.serialize();
  expect(restoreIn(realm, snapshot).evaluate(USE)).toBe('1970/1|007|true|5');
  const elsewhere = restoreIn(createRealm({ name: 'another-instance' }), snapshot);
  expect(elsewhere.evaluate(USE)).toBe('1970/1|007|true|5');
  // the restored helper closes over the restored call's document scope
  expect(elsewhere.evaluate('"hey".shout()')).toBe('HEY!');
  elsewhere.assign('suffix', '?');
  expect(elsewhere.evaluate('"hey".shout()')).toBe('HEY?');
  // and it keeps travelling with the call
  expect(restoreIn(createRealm({ name: 'third-instance' }), elsewhere.serialize()).evaluate('"x".padLeft(2, "-")')).toBe('-x');
});

test("a snapshot carries another call's helper as its text, bound to its own scopes, never the other call's data", () => {
  const realm = createRealm({ name: 'shared' });
  const b = env(realm);
  b.run('var secret = "4111-1111"; String.prototype.tag = function () { return this + "#" + typeof secret; };', 'document');
  const a = env(realm);
  expect(a.evaluate('"x".tag()')).toBe('x#string'); // (realm-wide: b's function, b's scopes — the documented residual)
  const snapshot = JSON.stringify(a.serialize());
  expect(snapshot).not.toContain('4111');
  expect(snapshot).toContain('String.prototype');
  const moved = restoreIn(createRealm({ name: 'elsewhere' }), JSON.parse(snapshot));
  expect(moved.evaluate('"x".tag()')).toBe('x#undefined');
});

test('an alias of a prototype and defineProperty are noticed too', () => {
  const e = env();
  e.run('var sp = String.prototype; sp.twice = function () { return this + this; };\nObject.defineProperty(Number.prototype, "half", { value: function () { return this / 2; }, enumerable: false, writable: true, configurable: true });', 'document');
  const moved = restoreIn(createRealm({ name: 'alias' }), e.serialize());
  expect(moved.evaluate('"ab".twice() + (5).half()')).toBe('abab2.5');
  expect(moved.evaluate('Object.keys(Number.prototype).length')).toBe(0);
});

test('a helper defined inside a function is noticed when the function runs in a later entry', () => {
  const e = env();
  e.run('function install() { Date.prototype.iso = function () { return "iso"; }; }', 'document');
  e.serialize();
  e.evaluate('install()');
  expect(restoreIn(createRealm({ name: 'later' }), e.serialize()).evaluate('new Date().iso()')).toBe('iso');
});

describe('additions never intercept the host', () => {
  const TRAPS = `
    Object.defineProperty(Object.prototype, 'city', { set: function (v) { Array.prototype.stolen = v; }, get: function () { return 'trap'; } });
    Object.defineProperty(Object.prototype, '0', { set: function (v) { Array.prototype.stolen = v; }, get: function () { return 'trap'; } });
    Object.defineProperty(Object.prototype, 'readonly', { value: 'fixed', writable: false });
  `;

  test('data copied in (caller input, <data>) becomes own data properties; no setter runs', () => {
    const e = env();
    e.run(TRAPS, 'document');
    e.declare('input', { city: 'Paris', readonly: 'mine', list: ['first'], __proto__: null }, 'document');
    e.declare('evil', JSON.parse('{"__proto__": {"polluted": 1}, "city": "Oslo"}'), 'document');
    expect(e.evaluate('input.city + "|" + input.readonly + "|" + input.list[0] + "|" + typeof [].stolen')).toBe('Paris|mine|first|undefined');
    expect(e.evaluate('evil.city + "|" + typeof evil.polluted + "|" + (Object.getPrototypeOf(evil) === Object.prototype)')).toBe('Oslo|undefined|true');
  });

  test('a restore writes own data properties; no setter runs', () => {
    const realm = createRealm({ name: 'traps' });
    const e = env(realm);
    e.run('var rec = { city: "Rome", readonly: "ok" }; var arr = ["zero"];', 'document');
    const snapshot = e.serialize();
    env(realm).run(TRAPS, 'document');
    const back = restoreIn(realm, snapshot);
    expect(back.evaluate('rec.city + "|" + rec.readonly + "|" + arr[0] + "|" + typeof [].stolen')).toBe('Rome|ok|zero|undefined');
  });

  test('Array.prototype takes no index properties (its length is locked)', () => {
    expect(() => env().run('Object.defineProperty(Array.prototype, "0", { get: function () { return 1; } })', 'document')).toThrow(/not extensible/);
  });

  test('<foreach>-style copies read elements under the budget', () => {
    const e = env();
    e.beginTurn({ ...CLOCK, budgetMs: 50 });
    e.run('Object.defineProperty(Object.prototype, "1", { get: function () { while (true) {} } });', 'document');
    const arr = e.evaluate('[0, , 2]');
    expect(() => e.items(arr)).toThrow(/budget/);
    expect(e.items(e.evaluate('"not an array"'))).toBeUndefined();
  });
});

test("a variable holding another call's function is written bound to this call's scopes", () => {
  const realm = createRealm({ name: 'foreign' });
  const b = env(realm);
  b.run('var pin = "9876"; Date.prototype.stamp = function () { return typeof pin; };', 'document');
  const a = env(realm);
  a.run('var f = Date.prototype.stamp;', 'document');
  const snapshot = JSON.stringify(a.serialize());
  expect(snapshot).not.toContain('9876');
  expect(restoreIn(createRealm({ name: 'foreign-2' }), JSON.parse(snapshot)).evaluate('f.call(new Date()) + new Date().stamp()')).toBe('undefinedundefined');
});

test('writing a snapshot reads dates, boxed values, regexps, maps and sets by their internal slots', () => {
  const e = env();
  e.beginTurn({ ...CLOCK, budgetMs: 50 });
  e.run(
    `var d = new Date(5); d.getTime = function () { while (true) {} };
     var n = new Number(7); n.valueOf = function () { while (true) {} };
     var r = /a+/gi; Object.defineProperty(r, 'flags', { get: function () { while (true) {} } });
     var m = new Map([[1, 'one']]); m[Symbol.iterator] = function () { while (true) {} };
     var s = new Set([2]); s[Symbol.iterator] = function () { while (true) {} };`,
    'document',
  );
  const back = restoreIn(createRealm({ name: 'slots' }), e.serialize());
  expect(back.evaluate('[Date.prototype.getTime.call(d), Number.prototype.valueOf.call(n), r.source, r.global && r.ignoreCase, Map.prototype.get.call(m, 1), Set.prototype.has.call(s, 2)].join()')).toBe('5,7,a+,true,one,true');
});
