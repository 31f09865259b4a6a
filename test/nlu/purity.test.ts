/**
 * gateway/nlu is pure core (ARCHITECTURE, RULES): no I/O, no clock, no logging. The LLM call and its deadline
 * are an injected port (gateway/runtime/llm-client.ts), the call-log line is the runtime hook's
 * (gateway/runtime/nlu-hook.ts). Checked on the source text, comments removed.
 */
import fs from 'node:fs';
import path from 'node:path';

const DIR = path.resolve(__dirname, '../../gateway/nlu');
const FORBIDDEN: [RegExp, string][] = [
  [/\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b/, 'a timer (the port keeps the deadline)'],
  [/\bDate\.now\b|\bperformance\.now\b|\bprocess\.hrtime\b|new Date\(\s*\)/, 'the clock (the turn’s `now` is passed in)'],
  [/\bconsole\.|\blogger\b/, 'logging (the runtime hook logs)'],
  [/\bprocess\./, 'the process (configuration comes in as objects)'],
  [/['"](openai|node:https?|https?|node:net|net|undici|node:fs|fs)['"]/, 'network or file I/O'],
  [/\bfetch\(/, 'network I/O'],
];

const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts'));

it('the scan sees the NLU', () => {
  expect(files).toEqual(expect.arrayContaining(['engine.ts', 'llm.ts', 'understanding.ts']));
});

it.each(files)('%s uses no timer, clock, logging or I/O', (file) => {
  const code = fs.readFileSync(path.join(DIR, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
  const found = FORBIDDEN.filter(([re]) => re.test(code)).map(([, what]) => what);
  expect(found).toEqual([]);
});
