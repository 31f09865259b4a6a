/**
 * A stranger's multi-document application (issue 3 "done when"): application root with catches and links,
 * <data> + DOM scripts, <foreach>, a subdialog with params and return, a POST <submit> to a back end that
 * answers dynamic VoiceXML, builtin digits/boolean, noinput escalation with counts, and transfer results —
 * served over loopback HTTP and driven on the sim channel.
 */
import { createSimDriver } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig, type CallObservation, type ReplayCallHandle } from '../../gateway/index';
import { startLoopback, type Loopback } from '../runtime/loopback';

const NS = 'version="2.1" xmlns="http://www.w3.org/2001/vxml"';

const ROOT = `<?xml version="1.0"?>
<vxml ${NS}>
  <var name="attempts" expr="0"/>
  <link next="main.vxml#operator">
    <grammar mode="voice" version="1.0" root="op" xmlns="http://www.w3.org/2001/06/grammar"><rule id="op"><item>operator</item></rule></grammar>
    <grammar mode="dtmf" version="1.0" root="z" xmlns="http://www.w3.org/2001/06/grammar"><rule id="z"><item>0</item></rule></grammar>
  </link>
  <noinput count="1">Sorry, I did not hear you. <reprompt/></noinput>
  <noinput count="2">Please use your keypad. <reprompt/></noinput>
  <noinput count="3">Too many tries. Goodbye. <exit/></noinput>
  <catch event="error.badfetch">Our systems are down. <value expr="_event"/>. Goodbye. <exit/></catch>
</vxml>`;

const MAIN = `<?xml version="1.0"?>
<vxml ${NS} application="root.vxml">
  <form id="start">
    <data name="accts" src="accounts.xml"/>
    <script><![CDATA[
      var names = [];
      var list = accts.documentElement.getElementsByTagName('account');
      for (var i = 0; i < list.length; i++) names.push(list.item(i).getAttribute('type'));
    ]]></script>
    <block>
      <prompt>You have <value expr="names.length"/> accounts.</prompt>
      <foreach item="n" array="names"><prompt>Account <value expr="n"/>.</prompt></foreach>
    </block>
    <field name="acct" type="digits?length=4">
      <prompt>Enter your four digit account number.</prompt>
      <nomatch>Four digits please. <reprompt/></nomatch>
    </field>
    <subdialog name="auth" src="pin.vxml">
      <param name="acct" expr="acct"/>
      <filled>
        <if cond="auth.ok">
          <submit next="balance.cgi" method="post" namelist="acct"/>
        <else/>
          <prompt>Wrong pin for <value expr="auth.who"/>.</prompt><disconnect/>
        </if>
      </filled>
    </subdialog>
  </form>
  <form id="operator">
    <transfer name="xfer" dest="tel:+18005550000" bridge="true" connecttimeout="20s">
      <prompt>Transferring you to an operator.</prompt>
      <filled>
        <if cond="xfer == 'busy'"><prompt>The operator line is busy.</prompt>
        <else/><prompt>Transfer ended: <value expr="xfer"/>.</prompt></if>
      </filled>
    </transfer>
    <block><prompt>Goodbye.</prompt><exit/></block>
  </form>
</vxml>`;

const PIN = `<?xml version="1.0"?>
<vxml ${NS}>
  <form id="pin">
    <var name="acct"/>
    <field name="pin" type="digits?length=4">
      <prompt>Enter the pin for account <value expr="acct"/>.</prompt>
      <filled>
        <var name="ok" expr="pin == '1234'"/>
        <var name="who" expr="acct"/>
        <return namelist="ok who"/>
      </filled>
    </field>
  </form>
</vxml>`;

const ACCOUNTS = `<?xml version="1.0"?><accounts><account type="checking" id="1"/><account type="savings" id="2"/></accounts>`;

function balanceDoc(acct: string): string {
  return `<?xml version="1.0"?>
<vxml ${NS} application="root.vxml">
  <form id="bal">
    <field name="again" type="boolean">
      <prompt>The balance of account ${acct} is 125 dollars. Another account?</prompt>
      <filled>
        <if cond="again"><goto next="main.vxml#start"/><else/><prompt>Thank you. Goodbye.</prompt><disconnect/></if>
      </filled>
    </field>
  </form>
</vxml>`;
}

let server: Loopback;
const posted: string[] = [];
let balanceUp = true;
beforeAll(async () => {
  const serve = (type: string, body: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.setHeader('content-type', type);
    res.end(body);
  };
  server = await startLoopback({
    '/app/root.vxml': serve('application/voicexml+xml', ROOT),
    '/app/main.vxml': serve('application/voicexml+xml', MAIN),
    '/app/pin.vxml': serve('application/voicexml+xml', PIN),
    '/app/accounts.xml': serve('application/xml', ACCOUNTS),
    '/app/balance.cgi': (req, res) => {
      posted.push(req.body.toString());
      if (!balanceUp) {
        res.statusCode = 503;
        res.end('down');
        return;
      }
      const acct = new URLSearchParams(req.body.toString()).get('acct') ?? '?';
      res.setHeader('content-type', 'application/voicexml+xml');
      res.end(balanceDoc(acct));
    },
  });
});
afterAll(() => server.close());

const said = (o: CallObservation) => o.heard.join(' ');

async function call(fn: (c: ReplayCallHandle, first: CallObservation) => Promise<void>) {
  const logger = new MemoryLogger();
  const driver = createSimDriver(parseConfig({}), { logger });
  const { call: c, observed } = await driver.start({ app: `${server.url}/app/main.vxml`, from: '+15551230000' });
  try {
    await fn(c, observed);
  } catch (e) {
    const logs = logger.lines.filter((l) => l.level !== 'debug').map((l) => JSON.stringify(l));
    throw new Error(`${(e as Error).message}\n--- logs ---\n${logs.slice(-25).join('\n')}`);
  } finally {
    await c.close();
  }
}

test('data + DOM + foreach, subdialog, POST submit to a dynamic document, boolean, goto back, disconnect', async () => {
  await call(async (c, first) => {
    expect(said(first)).toBe('You have 2 accounts. Account checking. Account savings. Enter your four digit account number.');
    expect(said(await c.dtmf('12'))).toBe('Four digits please. Enter your four digit account number.');
    expect(said(await c.dtmf('5678'))).toBe('Enter the pin for account 5678.');
    expect(said(await c.dtmf('1234'))).toBe('The balance of account 5678 is 125 dollars. Another account?');
    expect(posted[posted.length - 1]).toBe('acct=5678');
    expect(said(await c.say('yes', 0.9))).toContain('You have 2 accounts.');
    await c.dtmf('4321');
    expect(said(await c.dtmf('9999'))).toBe('Wrong pin for 4321.');
  });
});

test('noinput escalation with counts from the application root', async () => {
  await call(async (c) => {
    expect(said(await c.silence())).toBe('Sorry, I did not hear you. Enter your four digit account number.');
    expect(said(await c.silence())).toBe('Please use your keypad. Enter your four digit account number.');
    const last = await c.silence();
    expect(said(last)).toBe('Too many tries. Goodbye.');
    expect(last.ended).toBe(true);
  });
});

test('root link by voice and by key, bridged transfer results', async () => {
  await call(async (c) => {
    const x = await c.say('operator', 0.9);
    expect(said(x)).toBe('Transferring you to an operator.');
    expect(x.transfers).toEqual([{ dest: 'tel:+18005550000', type: 'bridge' }]);
    const busy = await c.transferResult('busy');
    expect(said(busy)).toBe('The operator line is busy. Goodbye.');
    expect(busy.ended).toBe(true);
  });
  await call(async (c) => {
    // The subdialog's document has no application root: the root link is not active there (VoiceXML 2.0 §2.3.1.2).
    await c.dtmf('5678');
    expect(said(await c.dtmf('0'))).toBe('Enter the pin for account 5678.');
  });
  await call(async (c) => {
    expect((await c.dtmf('0')).transfers).toHaveLength(1);
    expect(said(await c.transferResult('noanswer'))).toBe('Transfer ended: noanswer. Goodbye.');
  });
});

test('a back end failing with HTTP 503 is caught by the root catch with the event name', async () => {
  balanceUp = false;
  try {
    await call(async (c) => {
      await c.dtmf('5678');
      const r = await c.dtmf('1234');
      expect(said(r)).toBe('Our systems are down. error.badfetch.http.503. Goodbye.');
      expect(r.ended).toBe(true);
    });
  } finally {
    balanceUp = true;
  }
});
