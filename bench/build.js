#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` first brings dist/ up to date the quick way: every TypeScript file newer than its output is
 * transpiled on its own (tsconfig has isolatedModules, so this is what tsc emits) — no type check, which is
 * `npm run typecheck`'s job and takes a minute on a busy machine. Plain JS because it runs before anything
 * is compiled.
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const configFile = path.join(root, 'tsconfig.json');
const read = ts.readConfigFile(configFile, ts.sys.readFile);
if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
const options = { ...parsed.options, noEmit: false, declaration: false };
const outDir = options.outDir;
const rootDir = options.rootDir ?? root;

let built = 0;
const started = Date.now();
for (const file of parsed.fileNames) {
  if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
  const rel = path.relative(rootDir, file);
  const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
  const srcTime = fs.statSync(file).mtimeMs;
  const outTime = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
  if (outTime >= srcTime) continue;
  const result = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    process.stderr.write(`bench build: ${rel}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}\n`);
    process.exitCode = 1;
    continue;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, result.outputText);
  if (result.sourceMapText) fs.writeFileSync(`${out}.map`, result.sourceMapText);
  built++;
}
process.stderr.write(`bench build: ${built} file(s) transpiled into ${path.relative(root, outDir)}/ in ${Date.now() - started} ms\n`);
