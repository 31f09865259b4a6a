/**
 * compile() never throws, whatever the input: random edits of real sample documents (cut, duplicate,
 * swap slices) must still yield a DialogGraph whose diagnostics all carry a valid position.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile } from '../../gateway/compiler';

const ROOT = path.resolve(__dirname, '../..');
const sources = ['airline', 'railway', 'mobile']
  .map((app) => path.join(ROOT, 'vxml-samples', app))
  .filter((dir) => fs.existsSync(dir))
  .flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.vxml')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')))
  .concat(fs.readdirSync(path.join(ROOT, 'vxml-samples/malformed')).filter((f) => f.endsWith('.vxml')).map((f) => fs.readFileSync(path.join(ROOT, 'vxml-samples/malformed', f), 'utf8')));

const edit = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('cut', 'dup', 'insert'), fc.constantFrom('<', '>', '"', '&', '<![CDATA[', ']]>', '<!--', '</', '/>', '<x:y>', '&#0;', '\r\n', '<goto next="#"/>', '<field/>'));

test('compile never throws and always locates its findings', () => {
  expect(sources.length).toBeGreaterThan(5);
  fc.assert(
    fc.property(fc.nat(sources.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 }), (which, edits) => {
      let text = sources[which];
      for (const [a, b, op, s] of edits) {
        const i = a % (text.length + 1);
        const j = Math.min(text.length, i + (b % 200));
        text = op === 'cut' ? text.slice(0, i) + text.slice(j) : op === 'dup' ? text.slice(0, j) + text.slice(i, j) + text.slice(j) : text.slice(0, i) + s + text.slice(i);
      }
      const g = compile(text, 'fuzz.vxml');
      const lines = text.split('\n').length;
      for (const d of g.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lines + 1);
        expect(d.col).toBeGreaterThanOrEqual(1);
        expect(d.uri).toBe('fuzz.vxml');
      }
      JSON.stringify(g);
    }),
    { numRuns: 300, seed: 20240611 },
  );
});
