/**
 * National transfer numbers on ACS: with TRANSFER_DEFAULT_COUNTRY_CODE the interpreter completes
 * `'tel:' + agentLine` ("1-800-555-1212") to E.164, so the real Call Automation client asks the fake ACS to
 * addParticipant (bridge, participants:add) / transferCallToParticipant (blind) for the phone number 4:+18005551212 (the fake
 * reports a 4: raw id as tel:<number>); unset, the strict rule stays.
 */
import { createAcsReplayDriver } from '../../adapters/acs/index';
import { parseConfig, type GatewayConfigInput } from '../../gateway/index';
import { nationalTransferApps, placeTransfer } from '../fixtures/national-transfer';

const appFor = nationalTransferApps('acs-national-');

async function call(national: string, bridge: boolean, config: GatewayConfigInput) {
  const app = appFor(national, bridge, Object.keys(config).length);
  const driver = await createAcsReplayDriver({ config: parseConfig({ ...config, log: { level: 'error' } }) });
  try {
    const { observed, after } = await placeTransfer(driver, app, bridge);
    // What the Call Automation client put on the wire (REST paths …/participants:add and …:transferToParticipant).
    const wire = driver.acs.requests.filter((r) => /(participants:add|:transferToParticipant)$/.test(r.path)).map((r) => ({ op: r.path.split(':').pop(), body: JSON.stringify(r.body) }));
    return { observed, after, wire };
  } finally {
    await driver.close();
  }
}

test.each([
  ['1-800-555-1212', true, 'bridge'],
  ['8005551212', false, 'blind'],
] as const)("tel:%s with country code 1 (bridge=%s) targets 4:+18005551212", async (national, bridge, type) => {
  const { observed, after, wire } = await call(national, bridge, { transfer: { defaultCountryCode: '1' } });
  expect(wire).toHaveLength(1);
  expect(wire[0].op).toBe(bridge ? 'add' : 'transferToParticipant');
  expect(wire[0].body).toContain('"rawId":"4:+18005551212"');
  expect(wire[0].body).toContain('"value":"+18005551212"');
  expect(observed.heard).toEqual(['Connecting you.']);
  expect(observed.transfers).toEqual([{ dest: 'tel:+18005551212', type }]);
  if (bridge) expect(after?.heard).toEqual(['Transfer busy.']);
});

test('without TRANSFER_DEFAULT_COUNTRY_CODE the national number is refused and nothing is dialled', async () => {
  const { observed, wire } = await call('1-800-555-1212', true, {});
  expect(wire).toEqual([]);
  expect(observed.transfers).toEqual([]);
  expect(observed.heard).toEqual(['Connecting you.', 'Malformed.']);
  expect(observed.ended).toBe(true);
});
