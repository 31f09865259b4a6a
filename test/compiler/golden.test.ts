/**
 * Golden DialogGraphs: every VoiceXML document of every sample app (vxml-samples/<app>/, malformed excluded)
 * compiles to exactly test/golden/graphs/<app>/<path>.json. URIs are repository-relative, so goldens do not
 * depend on the checkout. Regenerate with `UPDATE_GOLDEN=1 npx jest test/compiler`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile } from '../../gateway/compiler';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLES = path.join(ROOT, 'vxml-samples');
const GOLDEN = path.join(ROOT, 'test/golden/graphs');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function walk(dir: string, pattern: RegExp, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') walk(p, pattern, out);
    } else if (pattern.test(e.name)) out.push(p);
  }
  return out;
}

const apps = fs.readdirSync(SAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'malformed').map((e) => e.name).sort();
const documents = apps.flatMap((app) => walk(path.join(SAMPLES, app), /\.vxml$/i)).map((p) => path.relative(ROOT, p).split(path.sep).join('/'));

function goldenPath(doc: string): string {
  return path.join(GOLDEN, doc.replace(/^vxml-samples\//, '').replace(/\.vxml$/i, '.json'));
}

test('there are sample documents to compare', () => {
  expect(documents.length).toBeGreaterThan(0);
});

describe.each(documents)('%s', (doc) => {
  test('compiles to its golden DialogGraph', () => {
    const graph = compile(fs.readFileSync(path.join(ROOT, doc), 'utf8'), doc);
    const actual = `${JSON.stringify(graph, null, 2)}\n`;
    const golden = goldenPath(doc);
    if (UPDATE) {
      fs.mkdirSync(path.dirname(golden), { recursive: true });
      fs.writeFileSync(golden, actual);
    }
    if (!fs.existsSync(golden)) throw new Error(`no golden for ${doc}: run UPDATE_GOLDEN=1 npx jest test/compiler and review ${path.relative(ROOT, golden)}`);
    expect(JSON.parse(actual)).toEqual(JSON.parse(fs.readFileSync(golden, 'utf8')));
  });
});

test('every golden belongs to a sample document', () => {
  const wanted = new Set(documents.map(goldenPath));
  const stale = walk(GOLDEN, /\.json$/).filter((g) => !wanted.has(g));
  if (UPDATE) for (const s of stale) fs.unlinkSync(s);
  expect(UPDATE ? [] : stale.map((s) => path.relative(ROOT, s))).toEqual([]);
});
