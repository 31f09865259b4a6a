/**
 * The sandbox's instruction budget does not stop legitimate work: a million loop iterations inside a document
 * function complete with the right answer within a turn's budget. (How fast it runs is a benchmark figure —
 * bench/micro/sandbox.ts, `npm run bench` — not a timed unit test.)
 */
import { createRealm } from '../../gateway/ecmascript';

test('a million loop iterations in a document function finish inside the turn budget', () => {
  const env = createRealm({ name: 'perf' }).createEnv({});
  env.beginTurn({ now: Date.UTC(2024, 0, 1), seed: 1, budgetMs: 10_000 });
  env.resetScope('application', { sameAsApplication: true });
  env.run('function loop(n) { var s = 0; for (var i = 0; i < n; i++) s += i; return s; }', 'document');
  env.openAnonymous();
  expect(env.evaluate('loop(1e6)')).toBe(499999500000);
});
