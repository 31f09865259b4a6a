/**
 * National transfer numbers on Twilio: with TRANSFER_DEFAULT_COUNTRY_CODE the interpreter completes
 * `'tel:' + agentLine` ("1-800-555-1212") to E.164, so the real routes answer <Dial><Number>+18005551212</Number>
 * (the simulated Twilio reads the TwiML and reports the <Number> as tel:<number>); unset, the strict rule stays.
 */
import { createTwilioReplayDriver } from '../../adapters/twilio/index';
import { parseConfig, type GatewayConfigInput } from '../../gateway/index';
import { nationalTransferApps, placeTransfer } from '../fixtures/national-transfer';

const appFor = nationalTransferApps('twilio-national-');

async function call(national: string, bridge: boolean, config: GatewayConfigInput) {
  const app = appFor(national, bridge, Object.keys(config).length);
  const driver = await createTwilioReplayDriver({ config: parseConfig({ ...config, log: { level: 'error' } }) });
  try {
    return await placeTransfer(driver, app, bridge);
  } finally {
    await driver.close();
  }
}

test.each([
  ['1-800-555-1212', true, 'bridge'],
  ['8005551212', false, 'blind'],
] as const)("tel:%s with country code 1 (bridge=%s) is <Dial><Number>+18005551212</Number>", async (national, bridge, type) => {
  const { observed, after } = await call(national, bridge, { transfer: { defaultCountryCode: '1' } });
  expect(observed.heard).toEqual(['Connecting you.']);
  expect(observed.transfers).toEqual([{ dest: 'tel:+18005551212', type }]);
  if (bridge) expect(after?.heard).toEqual(['Transfer busy.']);
});

test('without TRANSFER_DEFAULT_COUNTRY_CODE the national number is refused and nothing is dialled', async () => {
  const { observed } = await call('1-800-555-1212', true, {});
  expect(observed.transfers).toEqual([]);
  expect(observed.heard).toEqual(['Connecting you.', 'Malformed.']);
  expect(observed.ended).toBe(true);
});
