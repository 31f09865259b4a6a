#!/usr/bin/env node
'use strict';
// Launcher of `npm run conformance`: the runner is TypeScript under test/ (not part of the build), so this
// compiles each .ts module on load with the project's own TypeScript (transpile only, like ts-jest's
// isolatedModules; `npm run typecheck` type-checks it) and runs cli.ts. Transpiling costs ~0.1 s per file,
// so outputs are cached by content hash under node_modules/.cache (safe to delete).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const CACHE = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'vxml-conformance');
let ts;
let compilerOptions;

function transpile(source, filename) {
  if (!ts) {
    ts = require('typescript');
    compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true };
  }
  return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    output = transpile(source, filename);
    fs.mkdirSync(CACHE, { recursive: true });
    fs.writeFileSync(cached, output);
  }
  module._compile(output, filename);
};

require(path.join(__dirname, 'cli.ts'));
