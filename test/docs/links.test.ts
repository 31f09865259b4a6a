/**
 * Every relative link in README.md and docs/*.md points to a file that exists, and every #anchor to a
 * heading of that file (GitHub's heading slugs), so a newcomer following the docs never lands nowhere.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const pages = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

test('relative links and anchors of the documentation resolve', () => {
  const broken: string[] = [];
  for (const page of pages) {
    const text = fs.readFileSync(path.join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = m[1];
      if (/^[a-z]+:/i.test(link)) continue;
      const [target, anchor] = link.split('#');
      const file = target === '' ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), target);
      if (!fs.existsSync(file)) broken.push(`${page}: ${link} (no such file)`);
      else if (anchor && fs.statSync(file).isFile() && !anchors(file).has(anchor)) broken.push(`${page}: ${link} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
});
