/**
 * Golden assessment reports: every sample application (from its entry document) and vxml-samples/malformed
 * (every document of the directory). The text report is the contract a migration team reads; JSON pins the
 * structure for the airline sample. Regenerate after a deliberate change with UPDATE_GOLDEN=1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runAssess } from '../../gateway/cli/commands/assess';
import type { AssessFormat } from '../../gateway/assess/index';

const ROOT = path.resolve(__dirname, '../..');
const GOLDEN = path.join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

async function run(inputs: string[], format: AssessFormat = 'text'): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runAssess(inputs, { format, platforms: ['twilio', 'acs'] }, { cwd: ROOT, out: (l) => (out += l), err: (l) => (err += `${l}\n`) });
  return { code, out, err };
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE || !fs.existsSync(file)) {
    fs.writeFileSync(file, actual);
    if (!UPDATE) throw new Error(`${name} did not exist and was written; run again (or set UPDATE_GOLDEN=1 deliberately)`);
    return;
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const SAMPLES = ['airline', 'railway', 'mobile'].map((app) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'vxml-samples', app, 'app.json'), 'utf8')) as { entry: string };
  return { app, entry: `vxml-samples/${app}/${manifest.entry}` };
});

describe('golden assessment reports', () => {
  for (const { app, entry } of SAMPLES) {
    test(`${app} (${entry}): no blockers, exit 0`, async () => {
      const r = await run([entry]);
      expect(r.err).toBe('');
      golden(`${app}.txt`, r.out);
      expect(r.code).toBe(0);
    });
  }

  test('airline as JSON and Markdown', async () => {
    golden('airline.json', (await run([SAMPLES[0].entry], 'json')).out);
    golden('airline.md', (await run([SAMPLES[0].entry], 'md')).out);
  });

  test('vxml-samples/malformed: blockers, exit 1', async () => {
    const r = await run(['vxml-samples/malformed']);
    golden('malformed.txt', r.out);
    expect(r.code).toBe(1);
  });
});
