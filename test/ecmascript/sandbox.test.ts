/** No access to the host, no shared mutable state between calls, runaway code bounded by the turn budget. */
import { createRealm, syntaxCheck } from '../../gateway/ecmascript';
import { CLOCK, errorKind, errorOf, freshEnv } from './helpers';

describe('escape attempts', () => {
  const env = freshEnv();
  const attempts: [string, string][] = [
    ['constructor of this', 'this.constructor.constructor("return process")()'],
    ['constructor of a function', '(function(){}).constructor("return process")()'],
    ['constructor of an arrow', '(() => 1).constructor("return process")()'],
    ['eval', 'eval("1 + 1")'],
    ['indirect eval', '(0, eval)("1")'],
    ['Function', 'Function("return process")()'],
    ['generator constructor', '(function*(){}).constructor("yield 1")().next()'],
    ['constructor of a scope', 'document.constructor.constructor("return process")()'],
    ['constructor of a session value', 'session.connection.constructor.constructor("return process")()'],
    ['constructor of a thrown error', 'this.x = 1'],
  ];
  test.each(attempts)('%s cannot reach the host', (_name, code) => {
    const e2 = freshEnv({ connection: { protocol: 'sip' } });
    let result: unknown;
    try {
      result = e2.evaluate(`(function () { try { return ${code}; } catch (e) { return e.constructor.constructor("return typeof process")(); } })()`);
    } catch {
      result = 'refused';
    }
    expect(result).not.toBe('object');
    expect(typeof result === 'object' && result !== null).toBe(false);
  });

  // At the edge of the stack, an error raised by host code would be a host object (vm2-style escape):
  // every operation must fail with realm errors only, whatever the depth.
  test.each([
    'this.zz = 1',
    'Object.defineProperty(this, "q", { value: 1 })',
    'delete this.Math',
    'undeclaredName',
    'new Date()',
    'Math.random()',
    'document.dom.documentElement.getAttribute("a")',
    'document.dom.documentElement.appendChild(null)',
  ])('errors at stack exhaustion stay in the realm: %s', (op) => {
    const e2 = freshEnv();
    e2.declare('dom', e2.makeDom({ type: 'element', name: 'r', attrs: { a: '1' }, children: [] }), 'document');
    e2.run(
      `var found = {};
       function f(n) {
         try { f(n + 1); } catch (e) {}
         try { ${op}; } catch (e2) {
           var k;
           try { k = 'host:' + typeof e2.constructor.constructor('return process')(); } catch (e3) { k = 'realm'; }
           found[k] = (found[k] || 0) + 1;
         }
       }
       f(0);`,
      'document',
    );
    expect(Object.keys(e2.toData(e2.evaluate('found')) as object).filter((k) => k !== 'realm')).toEqual([]);
  });

  test('host globals are absent', () => {
    expect(env.evaluate('[typeof process, typeof require, typeof module, typeof globalThis.process, typeof setTimeout, typeof setInterval, typeof setImmediate, typeof queueMicrotask, typeof console, typeof Buffer].join()')).toBe(
      'undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined',
    );
  });

  test('eval and Function run through the same sandbox (instrumented, no host, in the current scope chain)', () => {
    const e2 = freshEnv();
    e2.declare('price', 5, 'document');
    expect(e2.evaluate('eval("1 + 1")')).toBe(2);
    expect(e2.evaluate('eval("(" + \'{"a": [1, 2]}\' + ")").a[1]')).toBe(2);
    expect(e2.evaluate('eval("price * 2")')).toBe(10);
    expect(e2.evaluate('new Function("a", "b", "return a + b + price")(1, 2)')).toBe(8);
    expect(e2.evaluate('typeof new Function()')).toBe('function');
    expect(e2.evaluate('eval("typeof process") + Function("return typeof require")()')).toBe('undefinedundefined');
    e2.openAnonymous();
    e2.evaluate('eval("var fromEval = 3;")');
    expect(e2.evaluate('fromEval')).toBe(3);
    expect(e2.evaluate('(function () { try { eval("a +"); } catch (e) { return e instanceof SyntaxError; } })()')).toBe(true);
    e2.beginTurn({ ...CLOCK, budgetMs: 30 });
    expect(errorKind(() => e2.evaluate('eval("while (true) {}")'))).toBe('timeout');
    // constructors that are not shimmed still refuse code generation
    expect(errorOf(() => e2.evaluate('(function* () {}).constructor("yield 1")')).message).toMatch(/Code generation from strings disallowed/);
  });

  test('deep recursion is cut before V8 gets near its own stack limit', () => {
    // near that limit V8 aborts the process when it compiles a regular expression (seen on Node 20)
    const e2 = freshEnv();
    e2.run(
      'var res = {}; function f(n) { try { f(n + 1); } catch (e) {}' +
        ' try { new RegExp("(a" + n + "|b)*c(d|e)+[a-z]{2,5}" + n).test("a" + n + "cdxx" + n); Function("return 1")(); res.ok = (res.ok || 0) + 1; }' +
        ' catch (e2) { res[e2.name] = (res[e2.name] || 0) + 1; } } f(0);',
      'document',
    );
    const res = e2.toData(e2.evaluate('res')) as Record<string, number>;
    expect(Object.keys(res).filter((k) => k !== 'ok' && k !== 'RangeError')).toEqual([]);
    expect(res.ok).toBeGreaterThan(700);
  });

  test('what could run after the turn does not exist', () => {
    expect(env.evaluate('[typeof Promise, typeof WeakRef, typeof FinalizationRegistry, typeof Atomics, typeof SharedArrayBuffer, typeof WebAssembly].join()')).toBe(
      'undefined,undefined,undefined,undefined,undefined,undefined',
    );
    expect(syntaxCheck('async function f() {}', 'script')?.message).toMatch(/async/);
    expect(errorKind(() => env.run('var f = async () => 1;', 'document'))).toBe('syntax');
    expect(errorKind(() => env.evaluate('import("fs")'))).toBe('syntax');
  });

  test('the instrumentation names are reserved', () => {
    expect(errorKind(() => env.run('__vxT = function () {};', 'document'))).toBe('syntax');
    // shadowing them through a scope property is ignored by the with-lookup (Symbol.unscopables)
    env.run("document['__vx' + 'T'] = function () {}; var spins = 0;", 'document');
    const e2 = freshEnv();
    e2.beginTurn({ ...CLOCK, budgetMs: 30 });
    e2.run("document['__vx' + 'T'] = function () {};", 'document');
    expect(errorKind(() => e2.run('while (true) {}', 'document'))).toBe('timeout');
  });

  test('a function cannot see its host caller', () => {
    // f's callers are the realm wrappers of the expression; their caller is (strict) host code, which V8 hides
    const walk =
      '(function f() { var out = [], c = f.caller, i = 0;' +
      ' for (; c && i < 10; c = c.caller, i++) { try { c.constructor("return process")(); out.push("host"); } catch (e) { out.push("realm"); } }' +
      ' return out.join() + "|" + c; })()';
    expect(env.evaluate(walk)).toBe('realm,realm|null');
  });
});

describe('isolation between calls of one realm', () => {
  test('existing builtin properties and globals cannot be replaced; overriding toString on own objects still works', () => {
    const env = freshEnv();
    env.run('try { Math.random = null; } catch (e) {} try { JSON = null; } catch (e) {} try { Array.prototype.push = null; } catch (e) {}', 'document');
    const other = freshEnv();
    expect(other.evaluate('[typeof Math.random, typeof JSON, typeof [].push].join()')).toBe('function,object,function');
    env.run('function C() {} C.prototype.toString = function () { return "c!"; }; var o = {}; o.toString = function () { return "o!"; };', 'document');
    expect(env.evaluate('String(new C()) + String(o)')).toBe('c!o!');
    // existing properties of builtin prototypes cannot be patched: the assignment is ignored, redefining throws
    env.run('Object.prototype.toString = null; Array.prototype.indexOf = function () { return 42; };', 'document');
    expect(env.evaluate('[typeof Object.prototype.toString, [1, 2].indexOf(2)].join()')).toBe('function,1');
    expect(() => env.run('Object.defineProperty(Function.prototype, "constructor", { value: 1 })', 'document')).toThrow(/redefine|Cannot/);
    // (adding new properties to the named builtins is allowed: see prototypes.test.ts)
  });

  test('deleting builtins has no effect', () => {
    const env = freshEnv();
    env.run('delete Math; delete JSON.parse;', 'document');
    expect(freshEnv().evaluate('typeof Math + typeof JSON.parse')).toBe('objectfunction');
  });

  test('two realms do not share anything', () => {
    const a = createRealm({ name: 'a' }).createEnv({});
    const b = createRealm({ name: 'b' }).createEnv({});
    a.declare('x', 1, 'document');
    expect(b.has('x')).toBe(false);
  });
});

describe('runaway code', () => {
  const cases: [string, string][] = [
    ['while(true)', 'while (true) {}'],
    ['for(;;) with a body statement', 'for (;;) x++;'],
    ['do-while', 'do ; while (1)'],
    ['growing object', 'var o = {a: 1}; while (Object.keys(o).length > 0) { o[Math.random()] = 1; }'],
    ['loop that swallows the timeout', 'for (;;) { try { for (;;) {} } catch (e) {} }'],
    ['finally that continues', 'for (;;) { try { for (;;) {} } finally { continue; } }'],
    ['recursion retried in catch', 'function f() { try { f(); } catch (e) { f(); } } f();'],
    ['callback loop', 'var a = [3, 2, 1]; while (true) a.sort(function (p, q) { return p - q; });'],
    ['getter loop', 'var o = {}; Object.defineProperty(o, "x", { get: function () { while (1); } }); o.x;'],
    ['arrow recursion', 'var r = () => { while (true); }; r();'],
    ['generator loop', 'function* g() { while (true) yield 1; } for (var v of g()) {}'],
    ['labelled continue', 'outer: for (;;) { for (;;) { continue outer; } }'],
  ];
  test.each(cases)('%s stops within the budget', (_name, code) => {
    const env = freshEnv();
    env.declare('x', 0, 'document');
    env.beginTurn({ ...CLOCK, budgetMs: 40 });
    const started = Date.now();
    expect(errorKind(() => env.run(code, 'document'))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('catastrophic regular-expression backtracking falls back to a linear-time engine', () => {
    const env = freshEnv();
    const started = Date.now();
    // 2^40 backtracking steps with a backtracking engine
    expect(env.evaluate("/^(a+)+$/.test(new Array(41).join('a') + '!')")).toBe(false);
    expect(env.evaluate("/^(\\w+\\s?)*$/.test('an example sentence that does not match at its very end!')")).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('unbounded recursion is a range error', () => {
    const env = freshEnv();
    expect(errorKind(() => env.evaluate('(function f(n) { return f(n + 1); })(0)'))).toBe('range');
  });

  test('after a timeout the turn budget is spent, the next turn has a fresh one', () => {
    const env = freshEnv();
    env.beginTurn({ ...CLOCK, budgetMs: 20 });
    expect(errorKind(() => env.run('while (true) {}', 'document'))).toBe('timeout');
    expect(env.evaluate('1 + 1')).toBe(2); // straight-line code still runs (the interpreter raises error.semantic)
    expect(errorKind(() => env.run('for (var i = 0; i < 1e6; i++) {}', 'document'))).toBe('timeout');
    env.beginTurn({ ...CLOCK, budgetMs: 2000 });
    env.run('for (var i = 0; i < 1e5; i++) {}', 'document');
    expect(env.evaluate('i')).toBe(1e5);
  });

  test('runIsolated has the same bound', () => {
    const realm = createRealm();
    const started = Date.now();
    expect(errorKind(() => realm.runIsolated('while (true) {}', {}, 30))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('errors become ScriptError kinds', () => {
  const env = freshEnv();
  test.each([
    ['syntax', 'a +', 'syntax'],
    ['reference', 'nothing.here', 'reference'],
    ['type', 'null.x', 'type'],
    ['range', 'new Array(-1)', 'range'],
    ['thrown string', '(function () { throw "custom"; })()', 'other'],
    ['thrown object', '(function () { throw { message: "m" }; })()', 'other'],
    ['URI error', 'decodeURIComponent("%")', 'other'],
  ] as const)('%s', (_n, code, kind) => {
    expect(errorKind(() => env.evaluate(code))).toBe(kind);
  });

  test('a thrown value is described without running its code', () => {
    const err = errorOf(() => env.evaluate('(function () { throw { get message() { while (true) {} } }; })()'));
    expect(err.kind).toBe('other');
    expect(errorOf(() => env.evaluate('(function () { throw "custom"; })()')).message).toBe('custom');
  });

  test('syntax errors carry the position', () => {
    expect(errorOf(() => env.run('var a = 1;\nvar b = (;', 'document')).message).toMatch(/line 2, column 10/);
  });
});
