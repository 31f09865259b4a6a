/**
 * The rewrite (budget checks, registration, script declarations onto the scope object, static names) must
 * not change what code computes: each snippet runs in the sandbox and in a plain vm context, and both must
 * agree on `result`.
 */
import * as vm from 'node:vm';
import { instrument } from '../../gateway/ecmascript/instrument';
import { freshEnv } from './helpers';

const snippets: [string, string][] = [
  ['hoisting', 'var result = f(2); function f(n) { return n * 3; }'],
  ['var in blocks and loops', 'for (var i = 0; i < 3; i++) { var last = i; } if (true) { var inIf = 1; } var result = [i, last, inIf].join();'],
  ['destructuring declarations', 'var {a, b: [c, d = 4], ...rest} = {a: 1, b: [3], e: 5}; var [x, , y] = [7, 8, 9]; var result = [a, c, d, rest.e, x, y].join();'],
  ['destructuring assignment', 'var p = 1, q = 2; [p, q] = [q, p]; ({p, q} = {p: p * 10, q: q * 10}); var result = p + "," + q;'],
  ['shorthand properties', 'var a = 1, b = 2; var o = {a, b, c: a + b}; var result = JSON.stringify(o);'],
  ['labels and continue', 'var n = 0; outer: for (var i = 0; i < 3; i++) { for (var j = 0; j < 3; j++) { if (j === 1) continue outer; n++; } } var result = n;'],
  ['catch parameter shadows', 'var e = "outer"; try { throw "inner"; } catch (e) { var seen = e; } var result = e + "/" + seen;'],
  ['block-scoped let shadows', 'var v = 1; { let v = 2; var inner = v; } var result = v + "," + inner;'],
  ['parameters and locals shadow', 'var a = 1; function f(a) { var b = a + 1; return b; } var result = f(10) + a;'],
  ['closures over locals', 'function counter() { var c = 0; return function () { return ++c; }; } var k = counter(); k(); var result = k();'],
  ['with statement in document code', 'var o = {z: 5}; var z = 1; with (o) { var seenZ = z; } var result = seenZ + z;'],
  ['class declarations', 'class A { constructor(x) { this.x = x; } get double() { return this.x * 2; } static make() { return new A(4); } } var result = A.make().double;'],
  ['derived classes', 'class B { constructor() { this.k = "b"; } } class C extends B { constructor() { super(); this.k += "c"; } } var result = new C().k;'],
  ['arrow expression bodies', 'var mk = (x) => ({x}); var add = (a, b) => a + b; var result = mk(add(1, 2)).x;'],
  ['empty functions', 'function nothing() {} var result = typeof nothing() + (function () {})();'],
  ['"use strict" functions', 'function s(a) { "use strict"; a = 2; return typeof this + arguments[0]; } var result = s.call(undefined, 1);'],
  ['generators', 'function* g() { yield 1; yield 2; } var acc = 0; for (var v of g()) acc += v; var result = acc;'],
  ['getters and setters', 'var o = { _v: 1, get v() { return this._v; }, set v(x) { this._v = x * 2; } }; o.v = 5; var result = o.v;'],
  ['new function singleton', 'var single = new function () { this.kind = "singleton"; }; var result = single.kind;'],
  ['arguments and callee', 'function f() { return arguments.length + (arguments.callee === f ? 10 : 0); } var result = f(1, 2, 3);'],
  ['nested function declarations', 'function outer() { return inner(); function inner() { return "in"; } } var result = outer();'],
  ['functions declared in blocks', 'var result; { function blockFn() { return 7; } result = blockFn(); }'],
  ['recursion', 'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } var result = fib(15);'],
  ['do-while and comma', 'var i = 0, s = 0; do s += i, i++; while (i < 5); var result = s;'],
  ['for-in and for-of heads', 'var keys = ""; for (var k in {a: 1, b: 2}) keys += k; for (var ch of "xy") keys += ch; var result = keys;'],
  ['template literals', 'var who = "w"; var result = `hi ${who} ${1 + 1}`;'],
  ['typeof of an undeclared name', 'var result = typeof neverDeclared;'],
  ['delete of a property', 'var o = {a: 1}; delete o.a; var result = "a" in o;'],
  ['update expressions on members', 'var o = {n: 1}; o.n++; ++o.n; o["n"] += 2; var result = o.n;'],
  ['regular expressions', 'var m = /(\\d+)-(\\d+)/.exec("tel 555-1234"); var result = m[1] + m[2] + "abc".replace(/b/g, "B");'],
  ['sort with comparator', 'var a = [3, 1, 2]; a.sort(function (x, y) { return y - x; }); var result = a.join();'],
  ['JSON round trip', 'var result = JSON.stringify(JSON.parse(\'{"a":[1,{"b":null}]}\'));'],
  ['string methods', 'var result = " Acme ".trim().toLowerCase().split("").reverse().join("") + "x".padStart(3, "-");'],
];

describe('instrumented code computes what the original computes', () => {
  test.each(snippets)('%s', (_name, code) => {
    const expected = vm.runInNewContext(`${code}\n;JSON.stringify(result)`) as string;
    const env = freshEnv();
    env.run(code, 'document');
    expect(env.evaluate('JSON.stringify(result)')).toBe(expected);
  });

  test('the same snippets also work inside a block scope and after a round trip through the anonymous scope', () => {
    const env = freshEnv();
    env.openAnonymous();
    for (const [, code] of snippets) {
      env.run(code, 'anonymous');
      expect(typeof env.evaluate('JSON.stringify(result)')).toBe('string');
    }
  });
});

describe('marks of code that may extend a builtin (the realm lists only what such code named)', () => {
  const BUILTINS = new Set(['Object', 'Array', 'String', 'Number', 'Date', 'Math', 'JSON']);
  const marks = (src: string) => instrument(src, 'script', (n) => BUILTINS.has(n)).extendsBuiltins;

  test.each([
    ['Date.prototype.format = function () {};', 'Date.prototype'],
    ['String.prototype["pad" + "Left"] = 1; Math.clamp = 2;', 'String.prototype|Math'],
    ['delete Array.prototype.contains;', 'Array.prototype'],
    ['var sp = String.prototype; sp.twice = 1;', 'String.prototype'],
    ['var S = String;', 'String|String.prototype'],
    ['Object.defineProperty(Number.prototype, "half", { value: 1 });', 'Number.prototype'],
    ['x.__proto__.y = 1;', '*'],
    ['Object.getPrototypeOf("").z = 1;', '*'],
    ['this.constructor.prototype.k = 1;', '*'],
    ['function Point() {} Point.prototype.toString = function () {}; var Acme = { M: function () {} }; Acme.M.prototype.f = 1;', ''],
    ['var args = Array.prototype.slice.call([1]); var t = typeof String; var ok = [] instanceof Array; var n = String(1) + Math.max(1, 2);', ''],
    ['var o = {}; o.x = 1; Object.defineProperty(o, "y", { value: 2 });', ''],
  ])('%s → %j', (src, expected) => {
    expect(marks(src)).toBe(expected);
  });

  test('a function carries its own mark; the code defining it does not', () => {
    const out = instrument('function install() { Date.prototype.iso = 1; } function other() { return 1; }', 'script', (n) => BUILTINS.has(n));
    expect(out.extendsBuiltins).toBe('');
    expect(out.body).toContain('__vxE("Date.prototype")');
    expect(out.body).toContain('__vxE()');
    expect(instrument('function f() { x.__proto__.y = 1; }', 'script', () => false).body).toContain('__vxE(1)');
  });
});
