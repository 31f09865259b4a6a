/**
 * Transfer destinations on the sim channel: the interpreter decides syntax (error.connection.baddestination);
 * the simulated network dials tel:, sip: and sips: only, so another well-formed scheme is
 * error.unsupported.uri (VoiceXML 2.0 §2.3.7), reported in the same caller step after the queued prompts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSimDriver } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig } from '../../gateway/index';

const doc = (dest: string) => `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <catch event="error.connection.baddestination">Malformed. <exit/></catch>
  <catch event="error.unsupported.uri">Unsupported. <exit/></catch>
  <form>
    <block>Connecting you.</block>
    <transfer name="xfer" dest="${dest}" bridge="true">
      <filled>Transfer <value expr="xfer"/>. <exit/></filled>
    </transfer>
  </form>
</vxml>`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-dest-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function call(dest: string, name: string) {
  const file = path.join(dir, `${name}.vxml`);
  fs.writeFileSync(file, doc(dest));
  const driver = createSimDriver(parseConfig({}), { logger: new MemoryLogger() });
  return driver.start({ app: pathToFileURL(file).href });
}

test.each([
  ['tel:+1-800-555-0199', 'tel'],
  ['sip:agent@pbx.example.com', 'sip'],
  ['sips:queue@10.0.0.5:5061;transport=tls', 'sips'],
])('%s is dialled', async (dest, name) => {
  const { call: c, observed } = await call(dest, name);
  expect(observed.transfers).toEqual([{ dest, type: 'bridge' }]);
  expect(observed.awaiting).toBe('transfer');
  expect((await c.transferResult('busy')).heard).toEqual(['Transfer busy.']);
});

test.each([
  ['18005550199', 'bare', 'Malformed.'],
  ['tel:+1-800-555-RBOK', 'vanity', 'Malformed.'],
  ['sip:a b@pbx.example', 'sipspace', 'Malformed.'],
  ['mailto:agent@example.com', 'mailto', 'Unsupported.'],
])('%s is refused in the same step: %s', async (dest, name, said) => {
  const { observed } = await call(dest, name);
  expect(observed.transfers).toEqual([]);
  expect(observed.heard).toEqual(['Connecting you.', said]);
  expect(observed.ended).toBe(true);
});
