/**
 * The W3C VoiceXML IR tests end to end (see report.md). The suite is W3C's and lives outside the
 * repository (../shared/conformance/w3c-vxml); when it is absent this says so and runs nothing else.
 * When present: the pass count must not fall below baseline.json, and every failure must have a root
 * cause in diagnosis.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DIAGNOSIS } from './diagnosis';
import { readBaseline } from './report';
import { runSuite, tally, type TestResult } from './runner';

const SUITE = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance', 'w3c-vxml');
const present = fs.existsSync(path.join(SUITE, 'manifest-summary.tsv'));

if (!present) {
  test('W3C IR suite absent: the conformance run did NOT run', () => {
    // Said plainly on the console too, so a green run without the suite is not mistaken for conformance.
    console.warn(`conformance: the W3C IR suite is not at ${SUITE}; the conformance run did not run.`);
    expect(present).toBe(false);
  });
} else {
  describe('W3C IR suite, end to end on the sim channel', () => {
    let results: TestResult[] = [];
    beforeAll(async () => {
      results = await runSuite({ suite: SUITE, concurrency: 8 });
    }, 180_000);

    test('the pass count does not fall below the baseline', () => {
      const { passed, failed, skipped } = tally(results);
      const baseline = readBaseline(path.join(__dirname, 'baseline.json'));
      const failing = results.filter((r) => r.status === 'fail').map((r) => `${r.test.id}: ${r.reason}`);
      if (passed < baseline.passed) throw new Error(`${passed} passed (baseline ${baseline.passed}), ${failed} failed, ${skipped} skipped:\n${failing.join('\n')}`);
      expect(passed).toBeGreaterThanOrEqual(baseline.passed);
    });

    test('every failing test has a diagnosed root cause', () => {
      const undiagnosed = results.filter((r) => r.status === 'fail' && !DIAGNOSIS[r.test.id]).map((r) => `${r.test.id}: ${r.reason}`);
      expect(undiagnosed).toEqual([]);
    });

    test('skips are only what no offline run can provide', () => {
      const reasons = results.filter((r) => r.status === 'skip').map((r) => r.reason ?? '');
      for (const reason of reasons) expect(reason).toMatch(/not in the copy|copy lacks|copy defect|not well-formed|needs a listener/);
    });
  });
}
