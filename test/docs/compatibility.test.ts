/**
 * docs/compatibility.md is generated from the capability table (and the conformance report's summary): the
 * committed page must be exactly what the generator renders now. When this fails, run `npm run docs:compat`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compatibilityPage } from '../../gateway/cli/docs-compat';
import { parseConformanceReport } from '../../gateway/assess/compat-doc';
import { CAPABILITIES } from '../../gateway/assess/capabilities';

const ROOT = path.resolve(__dirname, '../..');

test('docs/compatibility.md is up to date with gateway/assess/capabilities.ts (run `npm run docs:compat`)', () => {
  const committed = fs.readFileSync(path.join(ROOT, 'docs', 'compatibility.md'), 'utf8');
  const fresh = compatibilityPage(ROOT);
  if (committed !== fresh) throw new Error('docs/compatibility.md is stale: run `npm run docs:compat` and commit it');
  expect(committed).toBe(fresh);
});

test('every capability is on the page', () => {
  const page = compatibilityPage(ROOT);
  for (const c of CAPABILITIES) expect(page).toContain(c.what.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
});

test('the conformance summary is read from the report the conformance run writes', () => {
  const md = ['| id | spec section | start document | result | reason / notes |', '|---|---|---|---|---|', '| vxml20:2 | 1.2.5 (required) | a.txml | pass |  |', '| vxml20:9 | 5.3 | b.txml | **FAIL** | timed out |', '| vxml21:1 | — | c.txml | skip | needs audio |', '', '1 passed, 1 failed, 1 skipped', ''].join('\n');
  expect(parseConformanceReport(md)).toEqual({
    passed: 1,
    failed: 1,
    skipped: 1,
    rows: [
      { id: 'vxml20:2', section: '1.2.5 (required)', result: 'pass', reason: '' },
      { id: 'vxml20:9', section: '5.3', result: 'fail', reason: 'timed out' },
      { id: 'vxml21:1', section: '—', result: 'skip', reason: 'needs audio' },
    ],
  });
  expect(parseConformanceReport('no summary line')).toBeUndefined();
});
