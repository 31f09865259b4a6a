/** Env snapshots between turns, restored on the same or another realm (another instance). */
import { createRealm, type Env } from '../../gateway/ecmascript';
import { CLOCK, freshEnv, realm, roundTrip } from './helpers';

function acrossInstances(env: Env): Env {
  const other = createRealm({ name: 'other-instance' });
  const restored = other.restoreEnv(JSON.parse(JSON.stringify(env.serialize())));
  restored.beginTurn(CLOCK);
  return restored;
}

describe('serialize / restore', () => {
  test('special values survive JSON', () => {
    const env = freshEnv();
    env.run(
      'var u = undefined, n = null, nan = NaN, inf = Infinity, minf = -Infinity, mz = -0, s = "s", b = true, big = 10n;' +
        'var d = new Date(Date.UTC(2020, 1, 3)), re = /a+b/gi; re.lastIndex = 2;' +
        'var boxed = new String("x"), m = new Map([[1, "one"]]), st = new Set(["a"]), err = new TypeError("bad");',
      'document',
    );
    const r = roundTrip(env);
    expect(r.evaluate('[typeof u, n === null, isNaN(nan), inf, minf, 1 / mz, s, b, typeof big, big === 10n].join()')).toBe(
      'undefined,true,true,Infinity,-Infinity,-Infinity,s,true,bigint,true',
    );
    expect(r.evaluate('d instanceof Date && d.getTime() === Date.UTC(2020, 1, 3)')).toBe(true);
    expect(r.evaluate('re instanceof RegExp && re.source === "a+b" && re.flags === "gi" && re.lastIndex === 2')).toBe(true);
    expect(r.evaluate('typeof boxed + boxed + m.get(1) + st.has("a") + (err instanceof TypeError) + err.message')).toBe('objectxonetruetruebad');
  });

  test('shared references and cycles across scopes are kept', () => {
    const env = freshEnv();
    env.run('var shared = { n: 1 }; var cyc = { name: "c" }; cyc.self = cyc; var arr = [shared, cyc]; arr.push(arr);', 'document');
    env.run('var alias = document.shared;', 'dialog');
    env.openAnonymous();
    env.run('var inner = [dialog.alias];', 'anonymous');
    const r = roundTrip(env);
    expect(r.evaluate('alias === document.shared && inner[0] === shared && arr[0] === shared')).toBe(true);
    expect(r.evaluate('cyc.self === cyc && arr[2] === arr && arr[1] === cyc')).toBe(true);
    r.assign('alias.n', 5);
    expect(r.evaluate('shared.n')).toBe(5);
  });

  test('the scope layout (root aliasing, open dialog and anonymous scopes) is restored', () => {
    const env = realm.createEnv({ caller: '+1555' });
    env.resetScope('application', { sameAsApplication: true });
    env.declare('rootVar', 1, 'application');
    env.resetScope('dialog');
    env.declare('d', 2, 'dialog');
    env.openAnonymous();
    env.declare('a', 3, 'anonymous');
    const r = roundTrip(env);
    expect(r.evaluate('document === application && rootVar + d + a')).toBe(6);
    expect(r.evaluate('session.caller')).toBe('+1555');
    r.closeAnonymous();
    expect(r.evaluate('typeof a')).toBe('undefined');
  });

  test('functions declared at top level of a root-document script keep working, on another instance too', () => {
    const env = realm.createEnv({});
    env.resetScope('application', { sameAsApplication: true });
    env.run(
      'var rate = 2;\nfunction price(n) { return n * rate + helper(); }\nfunction helper() { return application.bonus; }\nvar bonus = 1;\n' +
        'function Counter() { this.n = 0; }\nCounter.prototype.inc = function () { return ++this.n; };\nvar counter = new Counter();',
      'document',
    );
    env.resetScope('document');
    env.resetScope('dialog');
    for (const r of [roundTrip(env), acrossInstances(env)]) {
      expect(r.evaluate('price(10)')).toBe(21);
      r.run('rate = 3;', 'dialog');
      expect(r.evaluate('price(10)')).toBe(31);
      expect(r.evaluate('counter.inc() + counter.inc()')).toBe(3);
      expect(r.evaluate('counter instanceof Counter && counter.constructor === Counter')).toBe(true);
    }
  });

  test('functions keep the scope they were declared in, even a closed anonymous scope (W3C IR 404)', () => {
    const env = freshEnv();
    env.openAnonymous();
    env.run('function sum2(n) { return n == 0 ? 0 : n + sum2(n - 1); }\napplication.funct2 = sum2;\napplication.arrow = (x) => x * 2;', 'anonymous');
    env.closeAnonymous();
    const r = acrossInstances(env);
    expect(r.evaluate('application.funct2(4) + application.arrow(5)')).toBe(20);
  });

  test('function properties and builtin functions are kept', () => {
    const env = freshEnv();
    env.run('function f() { return f.calls = (f.calls || 0) + 1; }\nf();\nvar max = Math.max, pi = Math.PI;', 'document');
    const r = roundTrip(env);
    expect(r.evaluate('f.calls')).toBe(1);
    expect(r.evaluate('f() + max(1, 7) + pi')).toBeCloseTo(9 + Math.PI);
  });

  test('closures over local variables are a documented limitation: restored as functions of the scope chain', () => {
    const env = freshEnv();
    env.run('function make() { var local = 5; return function () { return typeof local; }; }\nvar closure = make();', 'document');
    expect(env.evaluate('closure()')).toBe('number');
    expect(roundTrip(env).evaluate('closure()')).toBe('undefined');
  });

  test('values that cannot be stored are restored as undefined, not as errors', () => {
    const env = freshEnv();
    env.run('var o = { m() { return 1; } }; var bound = Math.max.bind(null, 1); var p = new Proxy({}, {});', 'document');
    const r = roundTrip(env);
    expect(r.evaluate('[typeof o, typeof o.m, typeof bound, typeof p].join()')).toBe('object,undefined,undefined,undefined');
  });

  test('restored envs are independent of the original', () => {
    const env = freshEnv();
    env.declare('v', 1, 'document');
    const r = roundTrip(env);
    r.assign('v', 2);
    expect(env.evaluate('v')).toBe(1);
  });

  test('a malformed snapshot is a clear error', () => {
    expect(() => realm.restoreEnv({ v: 1 })).toThrow(/malformed ECMAScript snapshot/);
    expect(() => realm.restoreEnv({ v: 1, heap: [['?']], scopes: {} })).toThrow(/malformed/);
  });
});
