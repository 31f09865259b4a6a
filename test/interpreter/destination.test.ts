/**
 * Transfer destinations (VoiceXML 2.0 §2.3.7): one syntax rule for every channel — tel: per RFC 3966,
 * sip:/sips: per RFC 3261, other schemes as generic URIs — and error.connection.baddestination thrown at the
 * <transfer> itself, before any platform action, when the destination is malformed.
 */
import { checkTransferDestination } from '../../gateway/index';
import { Call, vxml } from './harness';

describe('checkTransferDestination', () => {
  test.each([
    ['tel:+18005550199', '+18005550199'],
    ['tel:+1-800-555-0199', '+18005550199'],
    ['tel:+1(800)555.0199', '+18005550199'],
    ['  tel:+18005550199  ', '+18005550199'],
    ['TEL:+44-20-7946-0958;ext=123', '+442079460958'],
    ['tel:+18005550100;postd=pp123', '+18005550100'],
    ['tel:+18005550100;postd=pp123#', '+18005550100'],
    ['tel:7042;phone-context=example.com', '7042'],
    ['tel:863-1234;phone-context=+1-914-555', '8631234'],
    ['tel:*86#;phone-context=+1', '*86#'],
  ])('%s is a telephone number (%s)', (dest, number) => {
    const v = checkTransferDestination(dest);
    expect(v).toMatchObject({ ok: true, scheme: 'tel', number });
  });

  test.each([
    'sip:agent@pbx.example.com',
    'sip:pbx.example.com',
    'sips:queue@10.0.0.5:5061;transport=tls',
    'sip:+18005550142@carrier.example;user=phone',
    'sip:alice:secret@[2001:db8::1]:5060',
    'sip:bob%20smith@example.org?subject=project%20x&priority=urgent',
  ])('%s is a SIP URI', (dest) => {
    expect(checkTransferDestination(dest)).toMatchObject({ ok: true, scheme: dest.startsWith('sips') ? 'sips' : 'sip' });
  });

  test.each(['client:desk_7', 'urn:service:sos', 'mailto:agent@example.com'])('%s is a well-formed URI of another scheme (reachability is the platform’s call)', (dest) => {
    expect(checkTransferDestination(dest)).toMatchObject({ ok: true });
  });

  test.each([
    ['', /empty/],
    ['18005550199', /not a URI.*tel:\+<country code>18005550199/],
    ['+1 800 555 0199', /not a URI.*tel:\+18005550199/],
    ['agent', /not a URI/],
    ['tel:', /not a telephone number/],
    ['tel:+1-800-555-RBOK', /not a telephone number/],
    ['tel:+1 800 555 0199', /not a telephone number/],
    ['tel:18005550199', /local number without ;phone-context/],
    ['tel:+18005550199;ext=12a', /ext parameter/],
    ['tel:7042;phone-context=-bad-', /phone-context parameter/],
    ['tel:+18005550199;ext=1;ext=2', /twice/],
    ['tel:+18005550199;postd=1x', /postd parameter/],
    ['sip:', /not a host/],
    ['sip:a b@c.example', /user part/],
    ['sip:agent@', /not a host/],
    ['sip:agent@pbx.example:99999', /port/],
    ['sip:agent@pbx_example.com', /not a host/],
    ['http://exa mple.com/', /not a well-formed URI/],
    ['mailto:', /not a well-formed URI/],
  ])('%j is refused', (dest, why) => {
    const v = checkTransferDestination(dest);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(why);
  });
});

describe('<transfer> with a malformed destination', () => {
  const APP = 'http://app.example/main.vxml';
  const doc = (dest: string) =>
    vxml(`
    <var name="number" expr="'${dest}'"/>
    <form>
      <block>Please hold.</block>
      <transfer name="xfer" destexpr="number" bridge="true">
        <prompt>Connecting.</prompt>
        <catch event="error.connection.baddestination">Bad number: <value expr="_message"/><assign name="xfer" expr="'refused'"/></catch>
        <filled>Result <value expr="xfer"/>.</filled>
      </transfer>
      <block>After.</block>
    </form>`);

  test('error.connection.baddestination is thrown at the transfer in the same turn; no transfer action', () => {
    const c = new Call({ docs: { [APP]: doc('18005550199') } });
    const t = c.start(APP);
    expect(t.actions.some((a) => a.kind === 'transfer')).toBe(false);
    expect(c.events()).toEqual(['error.connection.baddestination', 'exit']);
    expect(t.heard).toMatch(/^Please hold\. Connecting\. Bad number: "18005550199" is not a URI.* After\.$/);
    expect(t.last).toEqual({ kind: 'hangup', reason: 'end' });
  });

  test('without a handler the default handler ends the call with an error', () => {
    const c = new Call({ docs: { [APP]: vxml(`<form><transfer name="x" dest="tel:555-RBOK"/></form>`) } });
    expect(c.start(APP).last).toEqual({ kind: 'hangup', reason: 'error' });
    expect(c.events()).toEqual(['error.connection.baddestination']);
  });

  test('a well-formed destination is passed on trimmed, as written', () => {
    const c = new Call({ docs: { [APP]: doc(' tel:+1-800-555-0199 ') } });
    expect(c.start(APP).last).toMatchObject({ kind: 'transfer', dest: 'tel:+1-800-555-0199' });
  });
});
