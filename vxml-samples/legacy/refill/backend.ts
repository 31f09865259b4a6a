/**
 * The refill line's servlets (Dialog Designer style): every page is generated per request and the caller's
 * progress lives in the servlet container's HttpSession, found again through the JSESSIONID cookie (path
 * /refill, HttpOnly) — as Tomcat, WebSphere and Avaya's runtime did. A request without the cookie gets the
 * container's "session expired" page, exactly what the legacy app answered to a browser that dropped cookies.
 *   POST servlet/Start   ___DDSESSION_ani         opens the session, asks for the prescription number
 *   POST servlet/Rx      rxNumber                 looks it up, asks to confirm (reads the session)
 *   GET  servlet/Review                          pickup store, offers to repeat the prescription number (per session)
 *   GET  servlet/StoreGrammar                    SRGS grammar of the session's nearby stores
 *   GET  servlet/Confirm?answer=yes|no           places the refill for the session's prescription
 *   GET  data/store.xml                          <data>: the caller's pharmacy (reads the session; private)
 */
import express from 'express';
import { param, renderVxml, VXML_CONTENT_TYPE, xmlEscape } from '../../backend-kit';

interface RefillSession {
  ani: string;
  rx?: string;
}

function page(res: express.Response, body: string): void {
  res.status(200).type(VXML_CONTENT_TYPE).send(renderVxml({ lang: 'en-US', generator: 'Avaya Dialog Designer runtime', application: '../static/root.vxml', body }));
}

export function createRefillBackend(): express.Router {
  const router = express.Router();
  const sessions = new Map<string, RefillSession>();
  let next = 1;
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));

  const session = (req: express.Request): RefillSession | undefined => {
    const m = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(req.headers.cookie ?? '');
    return m ? sessions.get(m[1]) : undefined;
  };
  const expired = (res: express.Response): void =>
    page(res, '  <form><block><prompt>Your session has expired. Please call again.</prompt><disconnect/></block></form>');

  router.post('/servlet/Start', (req, res) => {
    const id = `DD${String(next++).padStart(6, '0')}.node1`;
    sessions.set(id, { ani: param(req, '___DDSESSION_ani') ?? '' });
    res.setHeader('Set-Cookie', `JSESSIONID=${id}; Path=/refill; HttpOnly`);
    page(
      res,
      `  <form id="GetRx">
    <field name="rxNumber" type="digits?length=7">
      <prompt>Welcome to the pharmacy refill line. Please enter your seven digit prescription number.</prompt>
      <filled><submit next="Rx" method="post" namelist="rxNumber"/></filled>
    </field>
  </form>`,
    );
  });

  router.post('/servlet/Rx', (req, res) => {
    const s = session(req);
    if (!s) return expired(res);
    s.rx = param(req, 'rxNumber') ?? '';
    page(
      res,
      `  <form id="ConfirmRx">
    <data name="store" src="../data/store.xml"/>
    <field name="answer" type="boolean">
      <prompt>Prescription <say-as interpret-as="digits">${xmlEscape(s.rx)}</say-as> will be ready at the <value expr="store.documentElement.getAttribute('name')"/> store. Shall I place the refill?</prompt>
      <filled>
        <if cond="answer"><goto next="Review"/></if>
        <goto next="Confirm?answer=no"/>
      </filled>
    </field>
  </form>`,
    );
  });

  // The caller's own pharmacy, chosen by the session: the servlet marks it private (per-user), cacheable by
  // the caller's browser for five minutes but by no shared cache.
  router.get('/data/store.xml', (req, res) => {
    const s = session(req);
    const name = !s ? 'unknown' : s.rx?.startsWith('2') ? 'Oak Avenue' : 'Elm Street';
    res.status(200).setHeader('Cache-Control', 'private, max-age=300');
    res.type('text/xml').send(`<?xml version="1.0"?><store name="${name}"/>`);
  });

  // A per-session page fetched with GET (the Dialog Designer runtime answers every node at the same URL):
  // its content is this caller's, though the URL is the same for everyone.
  router.get('/servlet/Review', (req, res) => {
    const s = session(req);
    if (!s || !s.rx) return expired(res);
    page(
      res,
      `  <form id="Review">
    <field name="pickup">
      <grammar src="StoreGrammar" type="application/srgs+xml"/>
      <prompt>Which store will you pick it up from?</prompt>
      <filled><prompt>Pick up at <value expr="pickup"/>.</prompt></filled>
    </field>
    <field name="again" type="boolean">
      <prompt>Would you like to hear your prescription number again?</prompt>
      <filled>
        <if cond="again"><prompt>Your prescription number is ${xmlEscape(s.rx.split('').join(' '))}.</prompt></if>
        <goto next="Confirm?answer=yes"/>
      </filled>
    </field>
  </form>`,
    );
  });

  // The stores near the caller, as a grammar generated from the session (same URL for every caller).
  router.get('/servlet/StoreGrammar', (req, res) => {
    const s = session(req);
    const stores = s?.rx?.startsWith('2') ? ['oak avenue', 'harbor mall'] : ['elm street', 'river plaza'];
    res.status(200).type('application/srgs+xml').send(
      `<?xml version="1.0"?><grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" xml:lang="en-US" root="s" tag-format="semantics/1.0">` +
        `<rule id="s"><one-of>${stores.map((n) => `<item>${n}</item>`).join('')}</one-of></rule></grammar>`,
    );
  });

  router.get('/servlet/Confirm', (req, res) => {
    const s = session(req);
    if (!s || !s.rx) return expired(res);
    const yes = param(req, 'answer') === 'yes';
    page(res, `  <form><block><prompt>${yes ? `Your refill of prescription ${xmlEscape(s.rx.split('').join(' '))} has been placed.` : 'No refill was placed.'} Goodbye.</prompt><disconnect/></block></form>`);
  });
  return router;
}
