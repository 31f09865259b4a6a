/**
 * Each sample application lints clean: `vxml-gateway lint vxml-samples/<app>` exits 0 (no error; warnings
 * and infos allowed), including the references between its documents.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLint } from '../../gateway/cli/commands/lint';

const ROOT = path.resolve(__dirname, '../..');
const apps = fs
  .readdirSync(path.join(ROOT, 'vxml-samples'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'malformed' && fs.readdirSync(path.join(ROOT, 'vxml-samples', e.name)).some((f) => f.endsWith('.vxml')))
  .map((e) => e.name)
  .sort();

test('there are sample apps', () => {
  expect(apps.length).toBeGreaterThan(0);
});

test.each(apps)('lint vxml-samples/%s exits 0', async (app) => {
  const lines: string[] = [];
  const r = await runLint([`vxml-samples/${app}`], {}, { cwd: ROOT, out: (l) => lines.push(l), err: (l) => lines.push(l) });
  expect(lines.filter((l) => / error /.test(l))).toEqual([]);
  expect(r.exitCode).toBe(0);
  expect(r.documents).toBeGreaterThan(0);
});
