/**
 * Start-up cost (issue 9): a Twilio-only gateway on the memory store does not load what it does not use —
 * the ACS SDK without ACS configuration, ioredis without REDIS_URL, openai without an LLM, the
 * Recognizers-Text suite before a spoken value needs it, and the CLI's other subcommands.
 * The module check runs the compiled dist/ that `npm test` builds first, in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createProgram } from '../../gateway/cli/main';

const ROOT = path.join(__dirname, '..', '..');

test('createProgram registers only the subcommand argv names, all of them otherwise', () => {
  expect(createProgram(['node', 'vxml-gateway', 'lint', 'x.vxml']).commands.map((c) => c.name())).toEqual(['lint']);
  const all = ['lint', 'graph', 'replay', 'call', 'serve', 'assess'];
  expect(createProgram().commands.map((c) => c.name())).toEqual(all);
  expect(createProgram(['node', 'vxml-gateway', '--help']).commands.map((c) => c.name())).toEqual(all);
  // A misspelt command: every command is registered, so commander can suggest the right one.
  expect(createProgram(['node', 'vxml-gateway', 'serv']).commands.map((c) => c.name())).toEqual(all);
});

test('serve, as `vxml-gateway serve` loads it, leaves the optional SDKs unloaded', () => {
  const main = path.join(ROOT, 'dist', 'gateway', 'cli', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm test does) before this test`);
  const script = `
    const { createProgram } = require(${JSON.stringify(main)});
    createProgram(['node', 'vxml-gateway', 'serve']);
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 })) as string[];
  const has = (pkg: string): boolean => loaded.some((file) => file.includes(`${path.sep}node_modules${path.sep}${pkg}${path.sep}`));
  expect(loaded.some((file) => file.endsWith(path.join('commands', 'serve.js')))).toBe(true);
  for (const pkg of ['@azure/communication-call-automation', '@azure/core-rest-pipeline', 'jsonwebtoken', 'ioredis', 'openai', '@microsoft/recognizers-text-suite']) {
    expect({ pkg, loaded: has(pkg) }).toEqual({ pkg, loaded: false });
  }
  for (const command of ['lint', 'graph', 'replay', 'call', 'assess']) {
    expect({ command, loaded: loaded.some((file) => file.endsWith(path.join('commands', `${command}.js`))) }).toEqual({ command, loaded: false });
  }
});
