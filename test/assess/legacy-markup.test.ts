/**
 * A VoiceXML 1.0 document is assessed as the compiler reads it: <dtmf src> is a DTMF grammar (crawled and
 * counted), <emp> is <emphasis>, and each rewrite is a difference to check, at its line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAssess } from '../../gateway/cli/commands/assess';
import type { AssessmentReport } from '../../gateway/assess/index';

test('VoiceXML 1.0 markup: rewritten, crawled and reported', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-v1-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'v1.vxml'),
      ['<?xml version="1.0"?>', '<vxml lang="en-US">', '  <form id="f">', '    <field name="code">', '      <dtmf src="code.grxml"/>', '      <prompt><emp>Enter</emp> your code.</prompt>', '    </field>', '  </form>', '</vxml>'].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'code.grxml'), '<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" mode="dtmf" root="c"><rule id="c"><item repeat="4">1</item></rule></grammar>');
    let out = '';
    const code = await runAssess(['v1.vxml'], { format: 'json', platforms: ['twilio', 'acs'] }, { cwd: dir, out: (l) => (out += l), err: () => undefined });
    const r = JSON.parse(out) as AssessmentReport;
    expect(code).toBe(0);
    expect(r.resources.grammar).toBe(1);
    expect(r.grammars).toEqual([expect.objectContaining({ uri: 'v1.vxml', loc: { line: 5, col: 7 }, src: 'code.grxml', mode: 'dtmf', twilio: '<Gather numDigits=4>' })]);
    const used = r.platforms.flatMap((p) => p.groups.map((g) => g.name));
    expect(used).toEqual(expect.arrayContaining(['<emphasis>', '<grammar>']));
    expect(used).not.toContain('<emp>');
    // Each rewrite is a difference to check, at its line, with what was read and how.
    const rewrites = r.differences.filter((d) => d.name === 'warning legacy-markup').flatMap((d) => d.uses);
    expect(rewrites.map((p) => p.line).sort()).toEqual([2, 5, 6]);
    expect(rewrites.find((p) => p.line === 6)?.value).toMatch(/<emp> \(VoiceXML 1\.0\) is read as <emphasis>/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
