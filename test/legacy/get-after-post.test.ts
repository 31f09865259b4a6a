/**
 * A POST answer is not the answer to a later GET of the same URL (RFC 9111 §4: only a GET response stored as
 * such, or one whose Content-Location names the URL, answers a GET; VoiceXML 2.0 §6.1 fetches by the HTTP
 * rules). Legacy apps link "main menu" to the servlet a login form posted to: the GET must reach the server,
 * while a call waiting inside the POST answer still resumes in that very answer on its next turn.
 */
import { createSimDriver } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig } from '../../gateway/index';
import { startLoopback, vxml, type Loopback } from '../runtime/loopback';

const ask = (prompt: string, filled: string): string =>
  `<form><field name="choice" type="digits"><prompt>${prompt}</prompt><filled>${filled}</filled></field></form>`;

let server: Loopback;
beforeAll(async () => {
  const send = (res: import('node:http').ServerResponse, body: string): void => {
    res.writeHead(200, { 'Content-Type': 'application/voicexml+xml' }).end(vxml(body));
  };
  server = await startLoopback({
    '/app/start.vxml': (_req, res) =>
      send(res, `<var name="pin" expr="'1234'"/><form><block><submit next="/app/Menu" method="post" namelist="pin"/></block></form>`),
    // One servlet URL: the login POST answers "welcome", a plain GET answers the main menu.
    '/app/Menu': (req, res) =>
      req.method === 'POST'
        ? send(res, ask('Welcome back, your pin was accepted.', `<if cond="choice == '1'"><goto next="/app/Other.vxml"/><else/><goto next="/app/Menu"/></if>`))
        : send(res, ask('Main menu by get.', `<prompt>Goodbye.</prompt><exit/>`)),
    '/app/Other.vxml': (_req, res) => send(res, ask('Other page.', `<goto next="/app/Menu"/>`)),
  });
});
afterAll(() => server.close());


test.each([
  ['from another document', '1'],
  ['from the POST answer itself', '2'],
])('a GET of the URL a login POST answered fetches it by GET (%s)', async (_label, digit) => {
  const driver = createSimDriver(parseConfig({ log: { level: 'warn' } }), { logger: new MemoryLogger() });
  const before = server.requests.length;
  try {
    const { call, observed } = await driver.start({ app: `${server.url}/app/start.vxml` });
    expect(observed.heard.join(' ')).toContain('Welcome back, your pin was accepted.');
    // The next turn resumes in the POST answer (its field and its <filled>), not a GET of the URL.
    let heard = (await call.dtmf(digit)).heard.join(' ');
    if (digit === '1') {
      expect(heard).toContain('Other page.');
      heard = (await call.dtmf('5')).heard.join(' ');
    }
    expect(heard).toContain('Main menu by get.');
    expect(heard).not.toContain('Welcome back');
    const done = await call.dtmf('9');
    expect(done.heard.join(' ')).toContain('Goodbye.');
    expect(done.ended).toBe(true);
    const mine = server.requests.slice(before).filter((r) => r.path.startsWith('/app/Menu')).map((r) => r.method);
    expect(mine).toEqual(['POST', 'GET']);
  } finally {
    await driver.close();
  }
});

