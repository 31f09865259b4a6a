/**
 * A classic ASP claims line as IIS 6 served it: no page set Response.ContentType, so VoiceXML went out as
 * text/html in the server's ANSI code page (windows-1252: curly apostrophes), the shared script as
 * application/x-javascript, and the status feed (an ADO recordset saved as XML) with a UTF-8 byte-order mark
 * and a DOCTYPE. Relative links resolve against the .asp URLs, fragments pick the dialog.
 *   GET default.asp                      entry page (application root inline: catches, vars)
 *   GET inc/common.js                    shared helpers
 *   GET claim.asp?policy=…&incidentDate=…#confirm   two dialogs; the fragment starts the second
 *   GET status.asp?claim=…               XML for <data>
 */
import express from 'express';
import { param, xmlEscape } from '../../backend-kit';

const CP1252_APOSTROPHE = Buffer.from([0x92]);

function asp(res: express.Response, text: string): void {
  // IIS answered with its defaults: text/html, no charset; the bytes are windows-1252.
  const parts = text.split('\u2019');
  const bytes = Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [Buffer.from(p, 'latin1')] : [CP1252_APOSTROPHE, Buffer.from(p, 'latin1')])));
  res.status(200).setHeader('Content-Type', 'text/html');
  res.setHeader('Server', 'Microsoft-IIS/6.0');
  res.setHeader('X-Powered-By', 'ASP.NET');
  res.setHeader('Cache-Control', 'private');
  res.end(bytes);
}

export function createClaimsBackend(): express.Router {
  const router = express.Router();

  router.get('/default.asp', (_req, res) => {
    asp(
      res,
      `<?xml version="1.0"?>
<vxml version="2.0" xmlns="http://www.w3.org/2001/vxml">
  <script src="inc/common.js"/>
  <var name="policy"/>
  <form id="main">
    <block>
      <prompt>Welcome to Northwind Insurance\u2019s claims line.</prompt>
    </block>
    <field name="policy_no" type="digits?length=8">
      <property name="inputmodes" value="dtmf"/>
      <prompt>Using your keypad, enter your eight digit policy number.</prompt>
      <filled><assign name="policy" expr="policy_no"/></filled>
    </field>
    <field name="incidentDate" type="date">
      <prompt>When did the incident happen? Say the date, or key it in as eight digits.</prompt>
      <filled>
        <if cond="!isValidYmd(incidentDate)">
          <prompt>I need the full date.</prompt>
          <clear namelist="incidentDate"/>
        </if>
      </filled>
    </field>
    <block>
      <submit next="claim.asp#confirm" method="get" namelist="policy incidentDate"/>
    </block>
  </form>
  <catch event="error.badfetch">
    <prompt>Sorry, our system is unavailable: <value expr="_event"/>.</prompt>
    <exit/>
  </catch>
</vxml>
`,
    );
  });

  router.get('/inc/common.js', (_req, res) => {
    res.status(200).type('application/x-javascript').send(
      `// common.js - shared by every claims page\nfunction isValidYmd(s) { return /^\\d{8}$/.test(s); }\nfunction sayYmd(s) { var m = ['January','February','March','April','May','June','July','August','September','October','November','December']; return m[parseInt(s.substr(4, 2), 10) - 1] + ' ' + parseInt(s.substr(6, 2), 10) + ', ' + s.substr(0, 4); }\n`,
    );
  });

  router.get('/claim.asp', (req, res) => {
    const policy = param(req, 'policy') ?? '';
    const date = param(req, 'incidentDate') ?? '';
    asp(
      res,
      `<?xml version="1.0"?>
<vxml version="2.0" xmlns="http://www.w3.org/2001/vxml">
  <script src="inc/common.js"/>
  <var name="claimId" expr="'C${xmlEscape(policy.slice(-4))}'"/>
  <form id="intro">
    <block><prompt>This dialog is only for agents.</prompt><exit/></block>
  </form>
  <form id="confirm">
    <data name="st" srcexpr="'status.asp?claim=' + claimId"/>
    <block>
      <prompt>Claim <value expr="claimId"/> for the incident on <value expr="sayYmd('${xmlEscape(date)}')"/> is
        <value expr="st.documentElement.getElementsByTagName('z:row').item(0).getAttribute('Status')"/>.</prompt>
    </block>
    <field name="agent" type="boolean">
      <prompt>Would you like to speak to your adjuster\u2019s office?</prompt>
      <filled>
        <if cond="agent"><goto next="#adjuster"/></if>
        <prompt>Goodbye.</prompt><disconnect/>
      </filled>
    </field>
  </form>
  <form id="adjuster">
    <transfer name="xfer" type="blind" dest="tel:+18005550177">
      <prompt>Transferring you now.</prompt>
    </transfer>
  </form>
  <catch event="connection.disconnect.transfer"><log expr="'transferred ' + claimId"/><exit/></catch>
</vxml>
`,
    );
  });

  router.get('/status.asp', (req, res) => {
    const claim = param(req, 'claim') ?? '';
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\r\n<!DOCTYPE xml>\r\n<xml xmlns:s="uuid:BDC6E3F0-6DA3-11d1-A2A3-00AA00C14882" xmlns:dt="uuid:C2F41010-65B3-11d1-A29F-00AA00C14882" xmlns:rs="urn:schemas-microsoft-com:rowset" xmlns:z="#RowsetSchema">\r\n` +
      `<rs:data>\r\n<z:row ClaimID="${xmlEscape(claim)}" Status="being reviewed"/>\r\n</rs:data>\r\n</xml>\r\n`;
    res.status(200).setHeader('Content-Type', 'text/xml; charset=utf-8');
    res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]));
  });
  return router;
}
