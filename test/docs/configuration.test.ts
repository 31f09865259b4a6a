/**
 * docs/configuration.md names every environment variable the gateway reads: every binding of the
 * configuration schemas (gateway, Twilio, ACS, web console) and every variable read directly by the CLI,
 * the adapters' simulators or the sample app server. Adding a variable without documenting it fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ENV_BINDINGS } from '../../gateway/config';
import { TWILIO_ENV_BINDINGS } from '../../adapters/twilio/config';
import { ACS_ENV_BINDINGS } from '../../adapters/acs/config';

const ROOT = path.resolve(__dirname, '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
const documented = new Set([...doc.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'public' ? [] : tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** `env.NAME`, `env['NAME']`, `process.env.NAME` and zod env schemas' `NAME: z.` keys in the sources. */
function readDirectly(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...tsFiles(path.join(ROOT, 'gateway')), ...tsFiles(path.join(ROOT, 'adapters')), ...tsFiles(path.join(ROOT, 'vxml-samples'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\])/g)) found.set(m[1] ?? m[2], path.relative(ROOT, file));
    if (/envSchema\s*=\s*z\.object/.test(text)) for (const m of text.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):\s*z/gm)) found.set(m[1], path.relative(ROOT, file));
  }
  return found;
}

test('every variable of the configuration schemas is documented', () => {
  const names = [...ENV_BINDINGS, ...TWILIO_ENV_BINDINGS, ...ACS_ENV_BINDINGS].map((b) => b.name);
  expect(names.length).toBeGreaterThan(60);
  expect(names.filter((n) => !documented.has(n))).toEqual([]);
});

test('every variable read directly from the environment is documented', () => {
  const direct = readDirectly();
  expect(direct.has('CONSOLE_TOKEN')).toBe(true);
  expect([...direct].filter(([name]) => !documented.has(name)).map(([name, file]) => `${name} (${file})`)).toEqual([]);
});
