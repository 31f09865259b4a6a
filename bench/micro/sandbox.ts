/**
 * Cost of the ECMAScript sandbox per operation a turn performs (moved here from a timed unit test: speed is a
 * benchmark figure). Best-of-rounds mean in µs — the minimum filters out GC pauses and a busy machine.
 */
import { createRealm } from '../../gateway/ecmascript';

export interface SandboxCosts {
  /** Operation → best-of-7 mean microseconds. */
  operationsUs: Record<string, number>;
  /** 1e6 loop iterations inside a document function (budget checks included), milliseconds. */
  loopMillionMs: number;
}

function measure(n: number, f: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(n, 500); i++) f(i);
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(i);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e3 / n);
  }
  return Math.round(best * 100) / 100;
}

export function measureSandbox(): SandboxCosts {
  const realm = createRealm({ name: 'bench' });
  const env = realm.createEnv({ connection: { local: { uri: 'tel:+18005550100' }, remote: { uri: 'tel:+15551230000' }, protocol: { name: 'sip', version: '2.0' } } });
  env.beginTurn({ now: Date.UTC(2024, 0, 1), seed: 1, budgetMs: 10_000 });
  env.resetScope('application', { sameAsApplication: true });
  env.run('var rate = 2;\nfunction price(n) { return n * rate; }\nvar account = { id: "A1", balance: 12.5, history: [1, 2, 3] };\nfunction loop(n) { var s = 0; for (var i = 0; i < n; i++) s += i; return s; }', 'document');
  for (let i = 0; i < 12; i++) env.declare(`v${i}`, i, 'document');
  env.resetScope('dialog');
  for (let i = 0; i < 8; i++) env.declare(`field${i}`, { utterance: `x${i}`, confidence: 0.5 }, 'dialog');
  env.openAnonymous();
  const ops: Record<string, number> = {
    'evaluate (cached expression)': measure(2000, () => env.evaluate("field2.utterance == 'x2' && v1 < 10")),
    'evalCond (typeof of an undeclared name)': measure(2000, () => env.evalCond("typeof nothing == 'undefined'")),
    'evaluate (call of a document function)': measure(2000, () => env.evaluate('price(v4)')),
    assign: measure(2000, (i) => env.assign('v5', i)),
    'run (script with a 10-iteration loop)': measure(2000, () => env.run('var s = 0; for (var i = 0; i < 10; i++) s += i;', 'anonymous')),
    'toString (object)': measure(2000, () => env.toString(env.get('account'))),
    'serialize (typical session)': measure(200, () => env.serialize()),
  };
  const snap = JSON.parse(JSON.stringify(env.serialize())) as ReturnType<typeof env.serialize>;
  ops['restoreEnv (typical session)'] = measure(200, () => realm.restoreEnv(snap));
  ops['runIsolated (SISR tag)'] = measure(500, () => realm.runIsolated('out.drink = rules.drink;', { out: {}, rules: { drink: 'tea' } }, 100));
  const t = process.hrtime.bigint();
  env.evaluate('loop(1e6)');
  return { operationsUs: ops, loopMillionMs: Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100 };
}
