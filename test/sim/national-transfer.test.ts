/**
 * National transfer numbers on the sim channel: with TRANSFER_DEFAULT_COUNTRY_CODE the interpreter completes
 * `tel:1-800-555-1212` (and `'tel:' + agentLine`) to E.164 and the simulated network dials that; unset,
 * the strict rule stays (error.connection.baddestination).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSimDriver } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig, type GatewayConfigInput } from '../../gateway/index';

const doc = (dest: string, bridge: boolean) => `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <catch event="error.connection.baddestination">Malformed. <exit/></catch>
  <var name="agentLine" expr="'${dest}'"/>
  <form>
    <block>Connecting you.</block>
    <transfer name="xfer" destexpr="'tel:' + agentLine" bridge="${bridge}">
      <filled>Transfer <value expr="xfer"/>. <exit/></filled>
    </transfer>
  </form>
</vxml>`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-national-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function call(national: string, bridge: boolean, config: GatewayConfigInput) {
  const file = path.join(dir, `${national.replace(/\W/g, '')}-${bridge}-${Object.keys(config).length}.vxml`);
  fs.writeFileSync(file, doc(national, bridge));
  const driver = createSimDriver(parseConfig(config), { logger: new MemoryLogger() });
  return driver.start({ app: pathToFileURL(file).href });
}

test.each([
  ['1-800-555-1212', '1', true, 'tel:+18005551212', 'bridge'],
  ['8005551212', '1', false, 'tel:+18005551212', 'blind'],
  ['020-7946-0000', '44', true, 'tel:+442079460000', 'bridge'],
])('tel:%s with country code %s is dialled as E.164', async (national, cc, bridge, dest, type) => {
  const { call: c, observed } = await call(national, bridge, { transfer: { defaultCountryCode: cc } });
  expect(observed.heard).toEqual(['Connecting you.']);
  expect(observed.transfers).toEqual([{ dest, type }]);
  if (bridge) expect((await c.transferResult('busy')).heard).toEqual(['Transfer busy.']);
});

test('an internal extension stays refused even with a country code', async () => {
  const { observed } = await call('4321', true, { transfer: { defaultCountryCode: '1' } });
  expect(observed.transfers).toEqual([]);
  expect(observed.heard).toEqual(['Connecting you.', 'Malformed.']);
});

test('without TRANSFER_DEFAULT_COUNTRY_CODE a national number is refused, as before', async () => {
  const { observed } = await call('1-800-555-1212', true, {});
  expect(observed.transfers).toEqual([]);
  expect(observed.heard).toEqual(['Connecting you.', 'Malformed.']);
  expect(observed.ended).toBe(true);
});
