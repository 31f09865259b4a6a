/** Data in and out of the realm, determinism of the turn clock, SISR's runIsolated, the lint syntax check. */
import * as vm from 'node:vm';
import { createRealm, syntaxCheck } from '../../gateway/ecmascript';
import { CLOCK, errorKind, freshEnv, realm } from './helpers';

describe('fromData / toData / toString', () => {
  test('caller input is copied in as realm data, never as source text', () => {
    const env = freshEnv();
    const input = { utterance: '"); while(true){} ("', digits: '1234', nested: { list: [1, 'two', null] }, when: new Date(0) };
    env.declare('input', input, 'dialog');
    expect(env.evaluate('input.utterance')).toBe(input.utterance);
    expect(env.evaluate('input.nested.list[1] + input.nested.list.length')).toBe('two3');
    expect(env.evaluate('input instanceof Object && input.nested.list instanceof Array && input.when instanceof Date')).toBe(true);
    input.digits = 'changed';
    expect(env.evaluate('input.digits')).toBe('1234');
    // values passed through declare/assign/setShadow are copied too (host objects never enter the realm)
    env.assign('input', { host: true });
    expect(env.evaluate('input.constructor === Object && input.host')).toBe(true);
  });

  test('shared references and cycles in input data are kept', () => {
    const env = freshEnv();
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    env.declare('c', cyclic, 'dialog');
    expect(env.evaluate('c.self === c && c.shared === c.again')).toBe(true);
  });

  test('objects of any other context are copied, whatever their Object.prototype', () => {
    const env = freshEnv();
    env.declare('foreign', vm.runInNewContext('({ n: 1, nested: { list: [2] } })'), 'dialog');
    expect(env.evaluate('foreign.constructor === Object && foreign.nested.list instanceof Array')).toBe(true);
    expect(errorKind(() => env.declare('f', vm.runInNewContext('(function () { return 1; })'), 'dialog'))).toBe('type');
  });

  test('host functions are refused', () => {
    const env = freshEnv();
    expect(errorKind(() => env.declare('f', { f: () => 1 }, 'dialog'))).toBe('type');
  });

  test('toData follows JSON rules without running document code', () => {
    const env = freshEnv();
    const v = env.evaluate(
      '({ s: "x", n: 1, nan: NaN, u: undefined, f: function () {}, d: new Date(0), a: [1, undefined, function () {}], nested: { ok: true },' +
        ' get trap() { while (true) {} } })',
    );
    expect(env.toData(v)).toEqual({ s: 'x', n: 1, nan: null, d: '1970-01-01T00:00:00.000Z', a: [1, null, null], nested: { ok: true } });
    expect(env.toData(env.evaluate('undefined'))).toBeUndefined();
    expect(errorKind(() => env.toData(env.evaluate('(function () { var o = {}; o.o = o; return o; })()')))).toBe('type');
  });

  test('toString is ECMAScript ToString', () => {
    const env = freshEnv();
    expect(env.toString(env.evaluate('[1, [2, 3], null, undefined]'))).toBe('1,2,3,,');
    expect(env.toString(env.evaluate('({})'))).toBe('[object Object]');
    expect(env.toString(env.evaluate('({ toString: function () { return "custom"; } })'))).toBe('custom');
    expect(env.toString(undefined)).toBe('undefined');
    expect(env.toString(1e21)).toBe('1e+21');
    expect(env.toString(env.evaluate('new Date(0)'))).toMatch(/1970/);
    expect(errorKind(() => env.toString(env.evaluate('({ toString: function () { throw new TypeError("no"); } })'))))
      .toBe('type');
  });
});

describe('determinism', () => {
  test('Date and Math.random come from the turn clock, and a replayed turn gives the same values', () => {
    const env = freshEnv();
    const expr = '[Date.now(), new Date().getTime(), Math.random(), Math.random(), Date()]';
    env.beginTurn({ now: 1_700_000_000_000, seed: 7, budgetMs: 1000 });
    const first = env.toData(env.evaluate(expr)) as unknown[];
    expect(first[0]).toBe(1_700_000_000_000);
    expect(first[1]).toBe(1_700_000_000_000);
    expect(first[2]).not.toBe(first[3]);
    expect(first[4]).toBe(new Date(1_700_000_000_000).toString());
    env.beginTurn({ now: 1_700_000_000_000, seed: 7, budgetMs: 1000 });
    expect(env.toData(env.evaluate(expr))).toEqual(first);
    const other = realm.createEnv({});
    other.beginTurn({ now: 1_700_000_000_000, seed: 7, budgetMs: 1000 });
    expect(other.toData(other.evaluate(expr))).toEqual(first);
    env.beginTurn({ now: 1_700_000_000_000, seed: 8, budgetMs: 1000 });
    expect((env.toData(env.evaluate(expr)) as unknown[])[2]).not.toBe(first[2]);
  });

  test('interleaved calls each see their own clock', () => {
    const a = freshEnv();
    const b = freshEnv();
    a.beginTurn({ now: 1000, seed: 1, budgetMs: 1000 });
    b.beginTurn({ now: 2000, seed: 2, budgetMs: 1000 });
    expect(a.evaluate('Date.now()')).toBe(1000);
    expect(b.evaluate('Date.now()')).toBe(2000);
    expect(a.evaluate('new Date().getTime()')).toBe(1000);
  });

  test('explicit dates and Date.UTC / Date.parse still work', () => {
    const env = freshEnv();
    expect(env.evaluate('new Date(2020, 0, 1) instanceof Date && Date.UTC(2020, 0, 1) === Date.parse("2020-01-01T00:00:00Z")')).toBe(true);
  });
});

describe('runIsolated (SISR tags)', () => {
  test('bindings in, reassigned bindings and new variables out', () => {
    const out = realm.runIsolated('out.drink = rules.drink; out.size = meta.current().text; total = 2; var tmp = 1;', {
      out: {},
      rules: { drink: 'coffee' },
      meta: realm.runIsolated('meta = { current: function () { return { text: "large" }; } };', { meta: undefined }, 100).meta,
    }, 100);
    expect(realm.toData(out.out)).toEqual({ drink: 'coffee', size: 'large' });
    expect(out.total).toBe(2);
    expect(out.tmp).toBe(1);
    expect(realm.toData(realm.fromData({ a: [1] }))).toEqual({ a: [1] });
  });

  test('no scope of any call is visible, nothing leaks between runs', () => {
    const env = freshEnv();
    env.declare('secret', 's', 'application');
    expect(realm.runIsolated('var t = typeof secret + typeof application + typeof session;', {}, 100).t).toBe('undefinedundefinedundefined');
    realm.runIsolated('leaked = 1;', {}, 100);
    expect(realm.runIsolated('var t = typeof leaked;', {}, 100).t).toBe('undefined');
  });

  test('errors are ScriptErrors', () => {
    const r = createRealm();
    expect(errorKind(() => r.runIsolated('out = ;', {}, 100))).toBe('syntax');
    expect(errorKind(() => r.runIsolated('out = nope;', {}, 100))).toBe('reference');
  });
});

describe('syntaxCheck', () => {
  test.each([
    ['a + 1', 'expression', null],
    ["x == 'y';", 'expression', null],
    ['var a = 1; function f() { return a; }', 'script', null],
    ['<!--\nvar legacy = 1;\n-->', 'script', null],
  ] as const)('%s parses', (src, as, expected) => {
    expect(syntaxCheck(src, as)).toBe(expected);
  });

  test.each([
    ['a +', 'expression', 1, 4],
    ['a b', 'expression', 1, 3],
    ['var ok = 1;\nvar bad = (;', 'script', 2, 12],
    ['import("x")', 'expression', 1, 1],
    ['f(async () => 1)', 'expression', 1, 3],
    ['var __vxC = 1;', 'script', 1, 5],
  ] as const)('%s is reported at its position', (src, as, line, col) => {
    const res = syntaxCheck(src, as);
    expect(res).not.toBeNull();
    expect(res).toMatchObject({ line, col });
    expect(res?.message).not.toMatch(/\(\d+:\d+\)$/);
  });
});

test('CLOCK fixture is a plain turn clock', () => {
  expect(Object.keys(CLOCK).sort()).toEqual(['budgetMs', 'now', 'seed']);
});
