/** The sim channel end to end: real compiler, interpreter, ECMAScript and grammar engine on file: documents. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSimDriver } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig } from '../../gateway/index';

const MAIN = `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <var name="tries" expr="0"/>
  <form id="ask">
    <field name="pin" type="digits?length=4">
      <prompt>Please enter your four digit pin.</prompt>
      <noinput>I did not hear you. <reprompt/></noinput>
      <nomatch>That is not four digits. <reprompt/></nomatch>
      <filled><prompt>You entered <value expr="pin"/>.</prompt><goto next="next.vxml#menu"/></filled>
    </field>
  </form>
</vxml>`;

const NEXT = `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <menu id="menu" dtmf="true">
    <prompt>Say balance or transfer. <enumerate/></prompt>
    <choice next="#balance">balance</choice>
    <choice next="#agent">transfer</choice>
  </menu>
  <form id="balance"><block><prompt>Your balance is 42 dollars. Goodbye.</prompt><disconnect/></block></form>
  <form id="agent">
    <transfer name="xfer" dest="tel:+18005550199" bridge="true" connecttimeout="20s">
      <filled><prompt>The transfer ended with <value expr="xfer"/>.</prompt></filled>
    </transfer>
    <block><prompt>Goodbye.</prompt><exit/></block>
  </form>
</vxml>`;

let dir: string;
let entry: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-e2e-'));
  fs.writeFileSync(path.join(dir, 'main.vxml'), MAIN);
  fs.writeFileSync(path.join(dir, 'next.vxml'), NEXT);
  entry = pathToFileURL(path.join(dir, 'main.vxml')).href;
});

function driver() {
  const logger = new MemoryLogger();
  return { logger, driver: createSimDriver(parseConfig({}), { logger }) };
}

test('digits, nomatch, menu by voice, then hangup by the application', async () => {
  const { driver: d, logger } = driver();
  const { call, observed } = await d.start({ app: entry });
  try {
    expect(observed.heard.join(' ')).toContain('Please enter your four digit pin');
    expect(observed.awaiting).toBe('input');
    const bad = await call.dtmf('12');
    expect(bad.heard.join(' ')).toContain('That is not four digits');
    const ok = await call.dtmf('1234#');
    expect(ok.heard.join(' ')).toMatch(/You entered 1234/);
    expect(ok.heard.join(' ')).toMatch(/Say balance or transfer/);
    const end = await call.say('balance', 0.9);
    expect(end.heard.join(' ')).toContain('Your balance is 42 dollars');
    expect(end.ended).toBe(true);
  } catch (e) {
    throw new Error(`${(e as Error).message}\nlogs:\n${logger.lines.map((l) => JSON.stringify(l)).join('\n')}`);
  } finally {
    await call.close();
  }
});

test('bridged transfer result', async () => {
  const { driver: d } = driver();
  const { call } = await d.start({ app: entry });
  await call.dtmf('1234');
  const xfer = await call.dtmf('2');
  expect(xfer.transfers).toEqual([{ dest: 'tel:+18005550199', type: 'bridge' }]);
  expect(xfer.awaiting).toBe('transfer');
  const after = await call.transferResult('busy');
  expect(after.heard.join(' ')).toContain('The transfer ended with busy');
  expect(after.ended).toBe(true);
});
