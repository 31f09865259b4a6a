import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCall } from '../../gateway/cli/commands/call';
import { REPLAY_DRIVERS, runReplayCommand as runWith } from '../../gateway/cli/commands/replay';
import { parseConfig } from '../../gateway/index';

const APP = `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <form id="main">
    <field name="answer" type="boolean">
      <prompt>Do you like trains?</prompt>
      <noinput>Please say yes or no. <reprompt/></noinput>
      <filled>
        <if cond="answer"><prompt>Great, choo choo!</prompt><else/><prompt>Oh well.</prompt></if>
      </filled>
    </field>
    <record name="msg" maxtime="10s"><prompt>Leave a message after the tone.</prompt>
      <filled><prompt>Thanks for your <value expr="msg$.duration / 1000"/> second message.</prompt><exit/></filled>
    </record>
  </form>
</vxml>`;

let dir: string;
const config = parseConfig({ log: { level: 'error' } });
// Only the sim channel: these tests are about the command, not about the other channels' simulators.
const SIM_ONLY = { sim: REPLAY_DRIVERS.sim };
const runReplayCommand = (inputs: string[], opts: Parameters<typeof runWith>[1], cfg: typeof config, io: Parameters<typeof runWith>[3]) => runWith(inputs, opts, cfg, io, SIM_ONLY);
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-cmd-'));
  fs.writeFileSync(path.join(dir, 'app.vxml'), APP);
  const script = (name: string, steps: string, app = 'app.vxml') => `name: ${name}\napp: ${app}\nsteps:\n${steps}`;
  fs.mkdirSync(path.join(dir, 'good'));
  fs.writeFileSync(path.join(dir, 'good', 'yes.yaml'), script('yes please', '  - expect: do you like trains\n  - say: yes\n  - expect: great choo choo\n  - expect: leave a message after the tone\n  - record: { seconds: 3 }\n  - expect: thanks for your 3 second message\n  - expect: { hangup: true }\n', '../app.vxml'));
  fs.writeFileSync(path.join(dir, 'good', 'quiet.json'), JSON.stringify({ name: 'silence then no', app: '../app.vxml', steps: [{ silence: true }, { expect: 'please say yes or no' }, { dtmf: '2' }, { expect: 'oh well' }] }));
  fs.writeFileSync(path.join(dir, 'bad.yaml'), script('wrong expectation', '  - say: no\n  - expect: great\n'));
  fs.writeFileSync(path.join(dir, 'invalid.yaml'), 'name: broken\napp: app.vxml\nsteps:\n  - shout: hi\n');
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

test('a directory of passing scripts: one line each, the summary last, exit 0, JSON report', async () => {
  const { out, io: sink } = io();
  const report = path.join(dir, 'report.json');
  const code = await runReplayCommand([path.join(dir, 'good')], { channel: 'sim', json: report }, config, sink);
  expect(out).toEqual([expect.stringMatching(/^PASS silence then no \(/), expect.stringMatching(/^PASS yes please \(/), '2 passed, 0 failed']);
  expect(code).toBe(0);
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  expect(json).toMatchObject({ channels: ['sim'], passed: 2, failed: 0 });
  expect(json.scripts).toHaveLength(2);
});

test('failures name the step, what was expected and what was heard; invalid scripts say what to fix', async () => {
  const { out, io: sink } = io();
  const code = await runReplayCommand([path.join(dir, 'bad.yaml'), path.join(dir, 'invalid.yaml'), path.join(dir, 'good', 'yes.yaml')], { channel: 'all' }, config, sink);
  expect(code).toBe(1);
  expect(out[0]).toMatch(/^FAIL wrong expectation \(.*bad\.yaml\) step 2 \(line 5\): expected heard "great"; heard: Oh well\. \| Leave a message after the tone\.$/);
  expect(out[1]).toMatch(/^FAIL invalid\.yaml .*invalid script:\n.*invalid\.yaml:4:5: steps\[0\]: unknown step "shout"/s);
  expect(out[2]).toMatch(/^PASS yes please/);
  expect(out[out.length - 1]).toBe('1 passed, 2 failed');
});

test('--channel all reports per channel before the total', async () => {
  const { out, io: sink } = io();
  const twoChannels = { sim: REPLAY_DRIVERS.sim, twilio: REPLAY_DRIVERS.sim };
  const code = await runWith([path.join(dir, 'good', 'yes.yaml')], { channel: 'all' }, config, sink, twoChannels);
  expect(code).toBe(0);
  expect(out).toEqual([expect.stringMatching(/^PASS yes please .* \[sim\]$/), expect.stringMatching(/^PASS yes please .* \[twilio\]$/), 'sim: 1 passed, 0 failed', 'twilio: 1 passed, 0 failed', '2 passed, 0 failed']);
});

test('usage errors exit 2', async () => {
  const { err, io: sink } = io();
  expect(await runReplayCommand([dir], { channel: 'pstn' }, config, sink)).toBe(2);
  expect(err[0]).toMatch(/--channel must be one of sim, all/);
  expect(await runReplayCommand([path.join(dir, 'nope')], { channel: 'sim' }, config, sink)).toBe(2);
  expect(await runReplayCommand([dir], { channel: 'sim', gateway: 'ftp://x' }, config, sink)).toBe(2);
});

test('a progress bar on a terminal stream when many scripts run', async () => {
  for (let i = 0; i < 5; i++) fs.copyFileSync(path.join(dir, 'good', 'yes.yaml'), path.join(dir, 'good', `copy${i}.yaml`));
  const stream = new PassThrough();
  let drawn = '';
  stream.on('data', (c: Buffer) => (drawn += c.toString()));
  const { out, io: sink } = io();
  const code = await runReplayCommand([path.join(dir, 'good')], { channel: 'sim' }, config, { ...sink, progressStream: stream });
  for (let i = 0; i < 5; i++) fs.unlinkSync(path.join(dir, 'good', `copy${i}.yaml`));
  expect(code).toBe(0);
  expect(drawn).toMatch(/replay \[.*\] \d+\/7 scripts/);
  expect(out[out.length - 1]).toBe('7 passed, 0 failed');
});

test('call: an interactive console call from typed lines', async () => {
  async function* lines() {
    yield '';
    yield 'yes';
    yield '2';
    yield '/hangup';
  }
  let text = '';
  const code = await runCall(path.join(dir, 'app.vxml'), {}, config, { lines: lines(), out: (t) => (text += t), cwd: dir });
  expect(code).toBe(0);
  expect(text).toMatch(/SYSTEM: Do you like trains\?/);
  expect(text).toMatch(/\[listening: dtmf, voice/);
  expect(text).toMatch(/SYSTEM: Please say yes or no\./);
  expect(text).toMatch(/SYSTEM: Great, choo choo!/);
  expect(text).toMatch(/\[recording: up to 10s/);
  expect(text).toMatch(/seconds to record/);
  expect(text).toMatch(/SYSTEM: Thanks for your 2 second message\./);
  expect(text).toMatch(/\[call ended\]/);
});
