/**
 * Every broken document in vxml-samples/malformed yields exactly the diagnostics listed beside it in
 * <name>.expected.txt (`file:line:col severity code`), through the same path `vxml-gateway lint` takes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLint } from '../../gateway/cli/commands/lint';

const ROOT = path.resolve(__dirname, '../..');
const DIR = 'vxml-samples/malformed';
const documents = fs.readdirSync(path.join(ROOT, DIR)).filter((f) => f.endsWith('.vxml')).sort();

function expected(file: string): string[] {
  const p = path.join(ROOT, DIR, file.replace(/\.vxml$/, '.expected.txt'));
  return fs.readFileSync(p, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

async function lint(inputs: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const r = await runLint(inputs, {}, { cwd: ROOT, out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code: r.exitCode, lines };
}

test('the malformed samples cover every check of the compiler', () => {
  expect(documents.length).toBeGreaterThanOrEqual(12);
  const codes = new Set(documents.flatMap((f) => expected(f).map((l) => l.split(' ')[2])));
  for (const code of [
    'malformed-xml', 'element-not-allowed', 'text-not-allowed', 'missing-attribute', 'conflicting-attributes', 'unknown-dialog',
    'unknown-item', 'duplicate-dialog-id', 'duplicate-item-name', 'script-syntax', 'invalid-name', 'unknown-builtin',
    'doctype-entity', 'external-entity', 'unknown-element', 'unknown-attribute', 'vendor-extension', 'unsupported-object',
    'undefined-entity', 'unknown-document', 'unknown-remote-dialog', 'not-vxml', 'invalid-attribute-value', 'bad-dtmf',
  ]) {
    expect(codes).toContain(code);
  }
});

describe.each(documents)('%s', (file) => {
  test('yields exactly its expected diagnostics (file:line:col severity code)', async () => {
    const want = expected(file);
    expect(want.length).toBeGreaterThan(0);
    const { lines } = await lint([`${DIR}/${file}`]);
    const got = lines.filter((l) => !/ checked: /.test(l)).map((l) => l.split(' ').slice(0, 3).join(' '));
    expect(got).toEqual(want);
  });
});

test('lint of the whole folder exits 1 and every finding names file:line:col', async () => {
  const { code, lines } = await lint([DIR]);
  expect(code).toBe(1);
  const findings = lines.filter((l) => !/ checked: /.test(l));
  expect(findings.length).toBe(documents.reduce((n, f) => n + expected(f).length, 0));
  for (const l of findings) expect(l).toMatch(/^vxml-samples\/malformed\/[\w-]+\.vxml:\d+:\d+ (error|warning|info) [a-z-]+ \S/);
  expect(lines[lines.length - 1]).toMatch(new RegExp(`^${documents.length} documents checked: \\d+ errors`));
});
