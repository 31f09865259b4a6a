#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is TypeScript compiled to dist/ by `npm run build` (run by `npm install` via `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const main = path.join(__dirname, '..', 'dist', 'gateway', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('vxml-gateway: the CLI is not built yet. Run `npm run build` (or `npm install`) in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
require(main);
