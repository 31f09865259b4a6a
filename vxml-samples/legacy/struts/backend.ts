/**
 * A Struts 1.x front controller: every VoiceXML page is the answer of POST controller.do, the action named
 * in the body — the main flow and the PIN subdialog alike — so a call holds several different documents
 * under the one URL at the same time (the caller of a subdialog and the subdialog itself).
 *   POST controller.do  action=menu     the outage menu (calls the PIN subdialog, then reports)
 *   POST controller.do  action=pin      the PIN subdialog, which submits to
 *   POST controller.do  action=checkpin  … its last page (returns pin)
 *   POST controller.do  action=report   generated outage report for the PIN's area
 */
import express from 'express';
import { param, renderVxml, VXML_CONTENT_TYPE, xmlEscape } from '../../backend-kit';

export function createStrutsBackend(): express.Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  const send = (res: express.Response, body: string): void => {
    res.status(200).type(VXML_CONTENT_TYPE).send(renderVxml({ lang: 'en-US', generator: 'Struts 1.2 OutageAction', body }));
  };
  router.post('/controller.do', (req, res) => {
    switch (param(req, 'action')) {
      case 'menu':
        return send(
          res,
          `  <form id="menu">
    <block><prompt>Outage line main menu.</prompt></block>
    <var name="action" expr="'pin'"/>
    <subdialog name="auth" src="controller.do" method="post" namelist="action">
      <filled>
        <prompt>Thank you. Checking your area.</prompt>
        <assign name="action" expr="'report'"/>
        <var name="pin" expr="auth.pin"/>
        <submit next="controller.do" method="post" namelist="action pin"/>
      </filled>
    </subdialog>
  </form>`,
        );
      case 'pin':
        return send(
          res,
          `  <form id="pin">
    <field name="pin" type="digits?length=4">
      <prompt>Enter your four digit account PIN.</prompt>
      <filled>
        <var name="action" expr="'checkpin'"/>
        <submit next="controller.do" method="post" namelist="action pin"/>
      </filled>
    </field>
  </form>`,
        );
      case 'checkpin':
        // Still inside the subdialog: the answer comes from the same URL as the caller's page.
        return send(
          res,
          `  <form id="checked">
    <var name="pin" expr="'${xmlEscape(param(req, 'pin') ?? '')}'"/>
    <block><prompt>PIN checked.</prompt><return namelist="pin"/></block>
  </form>`,
        );
      case 'report':
        return send(res, `  <form id="report"><block><prompt>There is no outage reported for account ${xmlEscape((param(req, 'pin') ?? '').split('').join(' '))}. Goodbye.</prompt><disconnect/></block></form>`);
      default:
        return send(res, '  <form><block><prompt>Unknown action.</prompt><disconnect/></block></form>');
    }
  });
  return router;
}
