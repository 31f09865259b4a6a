/**
 * A VoiceXML 1.0-era application (no version attribute, GSL and JSGF grammars, <dtmf>, <emp>, Voxeo session
 * names, an empty templated expr, HTML entities, blank lines before the XML declaration, Latin-1 bytes) runs
 * end to end on the simulated channel as it did on its platform. (GSL slot commands `{<slot value>}` sit in
 * CDATA inline, as Nuance documented: unescaped they would be XML markup.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSimDriver } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig } from '../../gateway/index';

const APP = `

<?xml version="1.0" encoding="ISO-8859-1"?>
<vxml application="root.vxml">
  <var name="caller" expr="session.callerid"/>
  <var name="promo" expr=""/>
  <form id="main">
    <field name="dept">
      <prompt>Bienvenue&nbsp;chez Caf\u00e9 <emp>Express</emp>. Say sales or support, or press 1 or 2.</prompt>
      <grammar type="text/gsl"><![CDATA[ [ (sales ?please) {<dept sales>} (support ?please) {<dept support>} ] ]]></grammar>
      <dtmf type="application/x-jsgf">1 {sales} | 2 {support}</dtmf>
      <nomatch>Sorry. <reprompt/></nomatch>
      <filled>
        <prompt>Connecting <value expr="dept"/> for caller <value expr="caller"/>, promo <value expr="typeof promo"/>.</prompt>
        <exit/>
      </filled>
    </field>
  </form>
</vxml>
`;

const ROOT = `<?xml version="1.0"?>
<vxml version="1.0">
  <catch event="telephone.disconnect.hangup"><log expr="'bye'"/></catch>
</vxml>
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'legacy-app-'));
  fs.writeFileSync(path.join(dir, 'main.vxml'), Buffer.from(APP, 'latin1'));
  fs.writeFileSync(path.join(dir, 'root.vxml'), ROOT);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function start() {
  const driver = createSimDriver(parseConfig({}), { logger: new MemoryLogger() });
  return driver.start({ app: pathToFileURL(path.join(dir, 'main.vxml')).href, from: '+15551230000', to: '+18005550100' });
}

test('speech through the GSL grammar fills the slot', async () => {
  const { call, observed } = await start();
  expect(observed.heard.join(' ')).toMatch(/Bienvenue\s+chez Café Express\./);
  const o = await call.say('support please', 0.9);
  expect(o.heard.join(' ')).toContain('Connecting support for caller +15551230000, promo undefined.');
});

test('a key through the 1.0 <dtmf> JSGF grammar', async () => {
  const { call } = await start();
  const o = await call.dtmf('1');
  expect(o.heard.join(' ')).toContain('Connecting sales');
});

test('anything else is a nomatch, as before', async () => {
  const { call } = await start();
  const o = await call.say('billing', 0.9);
  expect(o.heard.join(' ')).toContain('Sorry.');
});
