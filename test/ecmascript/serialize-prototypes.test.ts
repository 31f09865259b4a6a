/**
 * Snapshots leave out a function's untouched default prototype (recompiling the function makes an identical
 * one) — but never what a program could tell apart: shared, extended or replaced prototypes keep their identity.
 */
import { createRealm, type Env } from '../../gateway/ecmascript';
import { CLOCK, freshEnv, roundTrip } from './helpers';

function acrossInstances(env: Env): Env {
  const restored = createRealm({ name: 'other-instance' }).restoreEnv(JSON.parse(JSON.stringify(env.serialize())));
  restored.beginTurn(CLOCK);
  return restored;
}

describe('default function prototypes in snapshots', () => {
  test('an untouched default prototype is not written, and the restored function has a working one', () => {
    const env = freshEnv();
    env.run('function Point(x) { this.x = x; }\nvar make = function () { return 1; };', 'document');
    expect(JSON.stringify(env.serialize())).not.toContain('constructor');
    for (const r of [roundTrip(env), acrossInstances(env)]) {
      expect(r.evaluate('Point.prototype.constructor === Point && new Point(2) instanceof Point && new Point(3).x')).toBe(3);
      expect(r.evaluate('Object.getOwnPropertyNames(Point.prototype).join() + "|" + Object.getOwnPropertyNames(make.prototype).join()')).toBe('constructor|constructor');
      expect(r.evaluate('Object.getOwnPropertyDescriptor(Point.prototype, "constructor").enumerable')).toBe(false);
    }
  });

  test('a prototype referenced elsewhere keeps its identity, whichever is written first', () => {
    const env = freshEnv();
    // `deep` reaches Deep.prototype only after Deep itself has been written: the late path.
    env.run(
      'var early = Late.prototype;\nfunction Late() {}\nfunction Early() {}\nvar late = Early.prototype;\nvar e = new Early();\n' +
        'function Deep() {}\nvar deep = { inner: { p: Deep.prototype, made: new Deep() } };',
      'document',
    );
    for (const r of [roundTrip(env), acrossInstances(env)]) {
      expect(r.evaluate('early === Late.prototype && late === Early.prototype')).toBe(true);
      expect(r.evaluate('e instanceof Early && Object.getPrototypeOf(e) === Early.prototype && e.constructor === Early')).toBe(true);
      expect(r.evaluate('deep.inner.p === Deep.prototype && deep.inner.made instanceof Deep')).toBe(true);
    }
  });

  test('extended or replaced prototypes, and a changed constructor, are written as they are', () => {
    const env = freshEnv();
    env.run(
      'function A() {}\nA.prototype.hello = function () { return "hi"; };\n' +
        'function B() {}\nB.prototype = { kind: "b" };\n' +
        'function D() {}\nD.prototype.constructor = A;',
      'document',
    );
    for (const r of [roundTrip(env), acrossInstances(env)]) {
      expect(r.evaluate('new A().hello() + new B().kind')).toBe('hib');
      expect(r.evaluate('D.prototype.constructor === A')).toBe(true);
    }
  });
});
