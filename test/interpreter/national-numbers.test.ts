/**
 * National transfer numbers (`tel:8005551212`, no '+', no phone-context): refused by RFC 3966's strict rule
 * unless the operator configured a default country code (TRANSFER_DEFAULT_COUNTRY_CODE), then completed to
 * E.164 once, in the interpreter, by a small documented rule (trunk prefixes, NANP's 10 digits, extensions).
 */
import { checkTransferDestination, DEFAULT_COUNTRY_CODE_KEY, nationalToGlobal } from '../../gateway/interpreter/destination';
import { loadConfig, parseConfig, platformDefaults } from '../../gateway/index';
import { Call, vxml } from './harness';

describe('nationalToGlobal', () => {
  test.each([
    ['8005551212', '1', '+18005551212'],
    ['18005551212', '1', '+18005551212'],
    ['2125550123', '1', '+12125550123'],
    ['02079460000', '44', '+442079460000'],
    ['2079460000', '44', '+442079460000'],
    ['0145678901', '33', '+33145678901'],
    ['030123456', '49', '+4930123456'],
    ['0612345678', '39', '+390612345678'],
    ['84951234567', '7', '+74951234567'],
    ['0612345678', '36', '+3612345678'],
    ['0612345678', '+31', '+31612345678'],
  ])('%s in country %s is %s', (national, cc, e164) => {
    expect(nationalToGlobal(national, cc)).toEqual({ ok: true, e164 });
  });

  test.each([
    ['4321', '1', /4 digits: an internal extension or short code/],
    ['911', '1', /3 digits: an internal extension or short code/],
    ['123456', '44', /6 digits: an internal extension/],
    ['5551212', '1', /7-digit local number: a NANP number needs its area code/],
    ['1234567890', '1', /not a NANP number/],
    ['28005551212', '1', /not a NANP number/],
    ['011442079460000', '1', /international access prefix 011: write the global number, tel:\+442079460000/],
    ['00442079460000', '44', /international access prefix 00/],
    ['8123456', '7', /\+7123456 has 7 digits: an E\.164 number has 8 to 15 digits/],
    ['0123456789012345', '44', /has 17 digits/],
    ['12a4567', '44', /only digits/],
    ['8005551212', '0', /country code "0" is not 1 to 3 digits/],
  ] as [string, string, RegExp][])('%s in country %s is refused', (national, cc, why) => {
    const r = nationalToGlobal(national, cc);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(why);
  });
});

describe('checkTransferDestination with a dial plan', () => {
  const us = { defaultCountryCode: '1' };
  test.each([
    ['tel:8005551212', 'tel:+18005551212', '+18005551212'],
    ['tel:1-800-555-1212', 'tel:+18005551212', '+18005551212'],
    ['tel:(800)555.1212', 'tel:+18005551212', '+18005551212'],
    [' tel:800-555-1212;postd=pp123;ext=42 ', 'tel:+18005551212;postd=pp123;ext=42', '+18005551212'],
  ])('%s becomes the global %s', (dest, uri, number) => {
    expect(checkTransferDestination(dest, us)).toMatchObject({ ok: true, scheme: 'tel', uri, number, global: true, completedFrom: dest.trim() });
  });

  test('global numbers, phone-context numbers and SIP URIs are untouched', () => {
    expect(checkTransferDestination('tel:+44-20-7946-0000', us)).toEqual(checkTransferDestination('tel:+44-20-7946-0000'));
    expect(checkTransferDestination('tel:7042;phone-context=example.com', us)).toMatchObject({ ok: true, uri: 'tel:7042;phone-context=example.com', global: false });
    expect(checkTransferDestination('sip:4321@pbx.example.com', us)).toMatchObject({ ok: true, uri: 'sip:4321@pbx.example.com' });
  });

  test('an extension, a 7-digit number and a non-digit local number stay refused, saying why', () => {
    expect(checkTransferDestination('tel:4321', us)).toMatchObject({ ok: false, reason: expect.stringMatching(/^"tel:4321" cannot be completed .*internal extension.*sip:4321@<pbx host>/) });
    expect(checkTransferDestination('tel:555-1212', us)).toMatchObject({ ok: false, reason: expect.stringMatching(/needs its area code/) });
    expect(checkTransferDestination('tel:*86#', us)).toMatchObject({ ok: false, reason: expect.stringMatching(/only digits/) });
  });

  test('without a country code the strict rule stays and the message names the setting', () => {
    const v = checkTransferDestination('tel:8005551212');
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/local number without ;phone-context=.*tel:\+<country code>8005551212.*set TRANSFER_DEFAULT_COUNTRY_CODE/) });
    expect(checkTransferDestination('tel:8005551212', { defaultCountryCode: '' })).toEqual(v);
  });

  test('a scheme-less number stays refused (a relative URI reference); the hint shows the tel: form', () => {
    const v = checkTransferDestination('800-555-1212', us);
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/is not a URI.*tel:8005551212 \(completed with country code 1\)/) });
  });
});

describe('the interpreter completes national numbers from the configured defaults only', () => {
  const APP = 'http://app.example/main.vxml';
  const doc = (extra = '') =>
    vxml(`${extra}<catch event="error.connection.baddestination">bad <value expr="_message"/><exit/></catch>
      <form><var name="agentLine" expr="'1-800-555-1212'"/>
        <transfer name="x" destexpr="'tel:' + agentLine" bridge="true"><filled><exit/></filled></transfer>
      </form>`);

  test('configured: the transfer action carries the E.164 URI', () => {
    const c = new Call({ docs: { [APP]: doc() } }, { defaults: platformDefaults(parseConfig({ transfer: { defaultCountryCode: '1' } })) });
    expect(c.start(APP).last).toMatchObject({ kind: 'transfer', dest: 'tel:+18005551212', type: 'bridge' });
  });

  test('unset: error.connection.baddestination naming TRANSFER_DEFAULT_COUNTRY_CODE', () => {
    const c = new Call({ docs: { [APP]: doc() } }, { defaults: platformDefaults(parseConfig({})) });
    expect(c.start(APP).heard).toMatch(/^bad "tel:1-800-555-1212" is a local number .*TRANSFER_DEFAULT_COUNTRY_CODE/);
  });

  test('a document <property> cannot set the dial plan', () => {
    const c = new Call({ docs: { [APP]: doc(`<property name="${DEFAULT_COUNTRY_CODE_KEY}" value="1"/>`) } }, { defaults: platformDefaults(parseConfig({})) });
    expect(c.start(APP).heard).toMatch(/^bad .*TRANSFER_DEFAULT_COUNTRY_CODE/);
  });
});

describe('TRANSFER_DEFAULT_COUNTRY_CODE', () => {
  test('digits, with or without "+", reach the interpreter through the platform defaults', () => {
    expect(loadConfig({ TRANSFER_DEFAULT_COUNTRY_CODE: '44' }).transfer.defaultCountryCode).toBe('44');
    expect(platformDefaults(loadConfig({ TRANSFER_DEFAULT_COUNTRY_CODE: ' +1 ' }))[DEFAULT_COUNTRY_CODE_KEY]).toBe('1');
    expect(loadConfig({}).transfer.defaultCountryCode).toBeUndefined();
    expect(DEFAULT_COUNTRY_CODE_KEY in platformDefaults(loadConfig({}))).toBe(false);
  });

  test.each(['0', '1234', 'uk', '+'])('"%s" is refused at start-up, naming the variable', (value) => {
    expect(() => loadConfig({ TRANSFER_DEFAULT_COUNTRY_CODE: value })).toThrow(/TRANSFER_DEFAULT_COUNTRY_CODE=.*country calling code of 1 to 3 digits/);
  });
});

describe('local numbers with a global-number phone-context (RFC 3966 §5.1.5)', () => {
  test.each([
    ['tel:8005551212;phone-context=+1', 'tel:+18005551212'],
    ['tel:1-800-555-1212;phone-context=+1', 'tel:+18005551212'],
    ['tel:020-7946-0000;phone-context=+44', 'tel:+442079460000'],
    ['tel:555-0123;phone-context=+1-212', 'tel:+12125550123'],
    ['tel:8005551212;phone-context=+1;postd=pp12', 'tel:+18005551212;postd=pp12'],
  ])('%s is dialled as %s, whatever the dial plan', (dest, uri) => {
    for (const plan of [{}, { defaultCountryCode: '44' }]) {
      expect(checkTransferDestination(dest, plan)).toMatchObject({ ok: true, uri, global: true, completedFrom: dest });
    }
  });

  test.each([
    'tel:863-1234;phone-context=+1-914-555', // RFC 3966's example: the context overlaps the number
    'tel:7042;phone-context=example.com', // a private dial plan
    'tel:*86#;phone-context=+1', // a feature code
    'tel:4321;phone-context=+1', // an extension
  ])('%s stays a local number (the platforms refuse it)', (dest) => {
    expect(checkTransferDestination(dest)).toMatchObject({ ok: true, uri: dest, global: false });
  });
});
