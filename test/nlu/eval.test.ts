/**
 * The issue-7 evaluation as a test, on the TEST split of the shipped utterance sets (the split nothing was
 * tuned on): off-topic rejection ≥ 90 % and in-scope accuracy ≥ 95 %, the targets. The latency target
 * (p99 < 2 ms) is a benchmark figure — `npm run eval:nlu` and `npm run bench` measure it — not a timed unit
 * test: under a loaded CI machine wall-clock tails say nothing about the classifier. The test split
 * measures 96.8 % (245/253) in-scope and 96.1 % (98/102) rejection (docs/nlu.md).
 */
import path from 'node:path';
import { sampleDatasets } from '../../bench/nlu/dataset';
import { evaluate, score } from '../../bench/nlu/evaluate';
import { gatewayApproach } from '../../bench/nlu/gateway-approach';
import { TARGETS, formatScores } from '../../bench/nlu/main';

it('meets the rejection and accuracy targets on the test split', async () => {
  const datasets = sampleDatasets(path.resolve(__dirname, '../../vxml-samples'));
  expect(datasets.map((d) => d.app).sort()).toEqual(['airline', 'mobile', 'railway']);
  const all = datasets.flatMap((d) => d.utterances);
  // The shipped sets: at least 300 utterances, at least 20 % off-topic, Spanish ones included.
  expect(all.length).toBeGreaterThanOrEqual(300);
  expect(all.filter((u) => u.expect.kind === 'reject').length / all.length).toBeGreaterThanOrEqual(0.2);
  expect(all.some((u) => u.where.startsWith('es/') && u.expect.kind === 'reject')).toBe(true);

  const rows = await evaluate(datasets, gatewayApproach({ recognizersText: false }), { splits: ['test'], overlays: true });
  const s = score(rows);
  process.stdout.write(`${formatScores('test split', s)}\n`);
  expect(s.rejection).toBeGreaterThanOrEqual(TARGETS.rejection);
  expect(s.accuracy).toBeGreaterThanOrEqual(TARGETS.accuracy);
}, 120000);
