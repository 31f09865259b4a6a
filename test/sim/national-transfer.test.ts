/**
 * National transfer numbers on the sim channel: with TRANSFER_DEFAULT_COUNTRY_CODE the interpreter completes
 * `tel:1-800-555-1212` (and `'tel:' + agentLine`) to E.164 and the simulated network dials that; unset,
 * the strict rule stays (error.connection.baddestination).
 */
import { createSimDriver } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig, type GatewayConfigInput } from '../../gateway/index';
import { nationalTransferApps, placeTransfer } from '../fixtures/national-transfer';

const appFor = nationalTransferApps('sim-national-');

async function call(national: string, bridge: boolean, config: GatewayConfigInput) {
  const app = appFor(national, bridge, Object.keys(config).length);
  return placeTransfer(createSimDriver(parseConfig(config), { logger: new MemoryLogger() }), app, bridge);
}

test.each([
  ['1-800-555-1212', '1', true, 'tel:+18005551212', 'bridge'],
  ['8005551212', '1', false, 'tel:+18005551212', 'blind'],
  ['020-7946-0000', '44', true, 'tel:+442079460000', 'bridge'],
])('tel:%s with country code %s is dialled as E.164', async (national, cc, bridge, dest, type) => {
  const { observed, after } = await call(national, bridge, { transfer: { defaultCountryCode: cc } });
  expect(observed.heard).toEqual(['Connecting you.']);
  expect(observed.transfers).toEqual([{ dest, type }]);
  if (bridge) expect(after?.heard).toEqual(['Transfer busy.']);
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
