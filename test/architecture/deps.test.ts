/**
 * The dependency rule of docs/ARCHITECTURE ("imports point inward"), checked on the import lines of every
 * TypeScript file. The tables below ARE the rule; change them only together with the architecture.
 *
 *   contracts ← ecmascript ← grammar ← compiler / interpreter / nlu ← runtime ← adapters ← cli
 *
 * - contracts import nothing from the project;
 * - ecmascript imports only contracts; grammar adds ecmascript (SISR tags run in the document sandbox);
 *   the compiler adds grammar and ecmascript;
 *   the interpreter adds ecmascript and grammar *types*; nlu adds grammar;
 * - the runtime (and replay, which drives it) may use all of those;
 * - an adapter imports only contracts, the public API gateway/index.ts and gateway/runtime/api.ts,
 *   never another adapter; platform SDKs stay in their adapter;
 * - the pure core does no I/O (no fs/network modules);
 * - only gateway/cli (the composition root) reads process.env.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['contracts', 'gateway', 'adapters', 'vxml-samples', 'bench'];

/** Area of a repository-relative module path (no extension). */
function areaOf(mod: string): string {
  const parts = mod.split('/');
  if (parts[0] === 'contracts') return 'contracts';
  if (parts[0] === 'gateway') return `gateway/${parts[1]}`; // a folder, or a top-level file (index, config)
  if (parts[0] === 'adapters') return `adapters/${parts[1]}`;
  return parts[0];
}

const CORE = ['contracts', 'gateway/grammar', 'gateway/ecmascript'];
const MIDDLE = [...CORE, 'gateway/compiler', 'gateway/interpreter', 'gateway/nlu'];
const RUNTIME = [...MIDDLE, 'gateway/runtime', 'gateway/config', 'gateway/app-selection', 'gateway/replay'];

/** Which areas each area may import (its own area is always allowed). `'*'` = anything (composition roots). */
const ALLOWED: Record<string, readonly string[] | '*'> = {
  contracts: [],
  'gateway/grammar': ['contracts', 'gateway/ecmascript'],
  'gateway/ecmascript': ['contracts'],
  'gateway/compiler': ['contracts', 'gateway/grammar', 'gateway/ecmascript'],
  'gateway/interpreter': ['contracts', 'gateway/ecmascript', 'gateway/grammar (types only)'],
  'gateway/nlu': ['contracts', 'gateway/grammar'],
  'gateway/config': ['contracts'],
  // Which application a call runs (number map, `app` parameter, allowed origins): one rule for every platform.
  'gateway/app-selection': ['contracts'],
  'gateway/runtime': RUNTIME,
  'gateway/replay': RUNTIME,
  // Migration assessment and flow coverage: pure functions of compiled graphs, grammars and traces.
  'gateway/assess': MIDDLE,
  'gateway/coverage': ['contracts', 'gateway/compiler'],
  'gateway/index': RUNTIME,
  'gateway/cli': '*',
  bench: '*',
  'vxml-samples': ['contracts'],
};

/** Adapters: contracts, and from the gateway exactly these files (the public API). */
const ADAPTER_GATEWAY_FILES = new Set(['gateway/index', 'gateway/runtime/api']);

/** npm packages that belong to one place only. */
const PACKAGE_HOMES: { pkg: RegExp; allowed: RegExp; why: string }[] = [
  { pkg: /^twilio(\/|$)/, allowed: /^(adapters\/twilio|gateway\/cli|bench)$/, why: 'Twilio SDK stays in adapters/twilio' },
  { pkg: /^@azure\//, allowed: /^(adapters\/acs|gateway\/cli|bench)$/, why: 'ACS SDK stays in adapters/acs' },
  { pkg: /^express(\/|$)/, allowed: /^(adapters\/.*|gateway\/cli|gateway\/runtime|vxml-samples|bench)$/, why: 'HTTP serving is the shell, not the core' },
  { pkg: /^openai(\/|$)/, allowed: /^(gateway\/runtime|gateway\/cli|bench)$/, why: 'the LLM client does network I/O: it is a runtime port, gateway/nlu only decides and validates' },
];

/** The pure core does no I/O (RULES.md: no I/O, no clock, no logging). */
const PURE = /^(contracts|gateway\/(grammar|compiler|interpreter|nlu|assess|coverage))$/;
const IO_MODULES = /^(node:)?(fs|fs\/promises|http|https|http2|net|tls|dgram|dns|child_process|cluster)$|^(axios|ioredis|winston|undici|express)$/;

interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
  line: number;
}

function tsFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist') tsFiles(p, out);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
  for (let m = IMPORT.exec(code); m; m = IMPORT.exec(code)) {
    const spec = m[3] ?? m[4] ?? m[5];
    const line = code.slice(0, m.index).split('\n').length;
    out.push({ file, spec, typeOnly: m[2] !== undefined, line });
  }
  return out;
}

const files = SCANNED.flatMap((d) => tsFiles(path.join(ROOT, d)));
const rel = (p: string): string => path.relative(ROOT, p).split(path.sep).join('/');

/** Repository-relative module path without extension; a folder import means its index. */
function moduleOf(resolved: string): string {
  const noExt = resolved.replace(/\.(ts|js)$/, '');
  if (!fs.existsSync(`${noExt}.ts`) && fs.existsSync(path.join(noExt, 'index.ts'))) return rel(path.join(noExt, 'index'));
  return rel(noExt);
}

function violations(): string[] {
  const out: string[] = [];
  for (const abs of files) {
    const file = rel(abs);
    const from = areaOf(file.replace(/\.ts$/, ''));
    const text = fs.readFileSync(abs, 'utf8');
    for (const imp of importsOf(file, text)) {
      const where = `${file}:${imp.line} imports '${imp.spec}'`;
      if (!imp.spec.startsWith('.')) {
        const pkg = imp.spec;
        for (const home of PACKAGE_HOMES) if (home.pkg.test(pkg) && !home.allowed.test(from)) out.push(`${where}: ${home.why}`);
        if (PURE.test(from) && IO_MODULES.test(pkg)) out.push(`${where}: ${from} is pure core and does no I/O`);
        continue;
      }
      const target = moduleOf(path.resolve(path.dirname(abs), imp.spec));
      const to = areaOf(target);
      if (to === from) continue;
      if (from.startsWith('adapters/')) {
        if (to === 'contracts' || ADAPTER_GATEWAY_FILES.has(target)) continue;
        out.push(`${where}: adapters import only contracts, gateway/index.ts and gateway/runtime/api.ts${to.startsWith('adapters/') ? ' (never another adapter)' : ''}`);
        continue;
      }
      const allowed = ALLOWED[from];
      if (allowed === '*') continue;
      if (allowed === undefined) {
        out.push(`${where}: ${from} has no entry in the dependency table; add one (deliberately)`);
        continue;
      }
      if (allowed.includes(to)) continue;
      if (allowed.includes(`${to} (types only)`) && imp.typeOnly) continue;
      out.push(`${where}: ${from} may import only ${allowed.join(', ') || 'nothing from the project'}`);
    }
  }
  return out;
}

function envReaders(): string[] {
  const out: string[] = [];
  for (const abs of files) {
    const file = rel(abs);
    if (!/^(contracts|gateway|adapters)\//.test(file) || file.startsWith('gateway/cli/')) continue;
    const code = fs.readFileSync(abs, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
    if (/\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"]env['"]\s*\]/.test(code)) out.push(`${file} reads process.env; only gateway/cli may (pass config objects instead)`);
  }
  return out;
}

test('the scan sees the project', () => {
  expect(files.some((f) => rel(f).startsWith('contracts/'))).toBe(true);
  expect(files.some((f) => rel(f).startsWith('gateway/compiler/'))).toBe(true);
});

test('the import scanner recognises every import form', () => {
  const found = importsOf('x.ts', [
    "import type { A } from '../a';",
    "import {\n  B,\n  C,\n} from './b';",
    "export * from '../../c';",
    "import './side-effect';",
    "const d = require('./d');",
    "// import { no } from './commented';",
    "const e = await import('./e');",
  ].join('\n'));
  expect(found.map((i) => [i.spec, i.typeOnly])).toEqual([
    ['../a', true], ['./b', false], ['../../c', false], ['./side-effect', false], ['./d', false], ['./e', false],
  ]);
});

test('imports point inward (dependency table above)', () => {
  expect(violations()).toEqual([]);
});

test('only gateway/cli reads process.env', () => {
  expect(envReaders()).toEqual([]);
});
