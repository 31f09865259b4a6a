/**
 * Cost of the sandbox per turn. The bounds are loose (a shared CI machine), but an order-of-magnitude
 * regression — e.g. a vm context or a compilation per call — fails them. Prints the measured figures.
 */
import { createRealm } from '../../gateway/ecmascript';

const realm = createRealm({ name: 'perf' });

/** Best-of-rounds mean in µs (the minimum filters out GC pauses and a busy machine). */
function measure(n: number, f: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(n, 500); i++) f(i);
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(i);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e3 / n);
  }
  return best;
}

function typicalEnv() {
  const env = realm.createEnv({ connection: { local: { uri: 'tel:+18005550100' }, remote: { uri: 'tel:+15551230000' }, protocol: { name: 'sip', version: '2.0' } } });
  env.beginTurn({ now: Date.UTC(2024, 0, 1), seed: 1, budgetMs: 10_000 });
  env.resetScope('application', { sameAsApplication: true });
  env.run('var rate = 2;\nfunction price(n) { return n * rate; }\nvar account = { id: "A1", balance: 12.5, history: [1, 2, 3] };', 'document');
  for (let i = 0; i < 12; i++) env.declare(`v${i}`, i, 'document');
  env.resetScope('dialog');
  for (let i = 0; i < 8; i++) env.declare(`field${i}`, { utterance: `x${i}`, confidence: 0.5 }, 'dialog');
  env.openAnonymous();
  return env;
}

test('per-call costs stay in microseconds', () => {
  const env = typicalEnv();
  const figures: Record<string, number> = {
    'evaluate (cached expression)': measure(2000, () => env.evaluate("field2.utterance == 'x2' && v1 < 10")),
    'evalCond (typeof of an undeclared name)': measure(2000, () => env.evalCond("typeof nothing == 'undefined'")),
    'evaluate (call of a document function)': measure(2000, () => env.evaluate('price(v4)')),
    'assign': measure(2000, (i) => env.assign('v5', i)),
    'run (script with a 10-iteration loop)': measure(2000, () => env.run('var s = 0; for (var i = 0; i < 10; i++) s += i;', 'anonymous')),
    'toString (object)': measure(2000, () => env.toString(env.get('account'))),
    'serialize (typical session)': measure(200, () => env.serialize()),
  };
  const snap = JSON.parse(JSON.stringify(env.serialize())) as ReturnType<typeof env.serialize>;
  figures['restoreEnv (typical session)'] = measure(200, () => realm.restoreEnv(snap));
  figures['runIsolated (SISR tag)'] = measure(500, () => realm.runIsolated('out.drink = rules.drink;', { out: {}, rules: { drink: 'tea' } }, 100));
  console.info(Object.entries(figures).map(([k, v]) => `${k.padEnd(42)} ${v.toFixed(2)} µs`).join('\n'));
  for (const [name, us] of Object.entries(figures)) {
    const bound = name.startsWith('serialize') || name.startsWith('restore') ? 1000 : 100;
    expect({ name, us: us < bound }).toEqual({ name, us: true });
  }
});

test('document functions run at compiled speed (budget checks are cheap)', () => {
  const env = typicalEnv();
  env.run('function loop(n) { var s = 0; for (var i = 0; i < n; i++) s += i; return s; }', 'document');
  const t = process.hrtime.bigint();
  expect(env.evaluate('loop(1e6)')).toBe(499999500000);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  console.info(`1e6 loop iterations inside a document function: ${ms.toFixed(1)} ms`);
  expect(ms).toBeLessThan(1000);
});
