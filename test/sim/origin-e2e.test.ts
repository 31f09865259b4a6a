/**
 * Fetch confinement seen from a document: <goto>, <data>, <script src> and <submit> towards file://, other
 * loopback ports, localhost aliases and the cloud metadata address are error.badfetch — and no request is
 * made. Slow back ends are cut by the document's fetchtimeout.
 */
import { createSimDriver } from '../../adapters/sim/index';
import { parseConfig, silentLogger } from '../../gateway/index';
import { startLoopback, type Loopback } from '../runtime/loopback';

let app: Loopback;
let bystander: Loopback;

function doc(body: string): string {
  return `<?xml version="1.0"?><vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <catch event="error.badfetch"><prompt>badfetch: <value expr="_message"/></prompt><exit/></catch>
  ${body}</vxml>`;
}

beforeAll(async () => {
  bystander = await startLoopback({ '/secret.vxml': (_req, res) => res.end(doc('<form><block>secret</block></form>')) });
  const target = (name: string) => {
    switch (name) {
      case 'file':
        return 'file:///etc/passwd';
      case 'port':
        return `${bystander.url}/secret.vxml`;
      case 'localhost':
        return `${app.url.replace('127.0.0.1', 'localhost')}/app/ok.vxml`;
      default:
        return 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
    }
  };
  app = await startLoopback({
    '/app/ok.vxml': (_req, res) => res.end(doc('<form><block>fine</block></form>')),
    '/app/goto.vxml': (req, res) => res.end(doc(`<form><block><goto next="${target(new URL(req.path, 'http://x').searchParams.get('to') ?? '')}"/></block></form>`)),
    '/app/data.vxml': (req, res) => res.end(doc(`<form><data name="d" src="${target(new URL(req.path, 'http://x').searchParams.get('to') ?? '')}"/><block>no</block></form>`)),
    '/app/script.vxml': (req, res) => res.end(doc(`<form><block><script src="${target(new URL(req.path, 'http://x').searchParams.get('to') ?? '')}"/>no</block></form>`)),
    '/app/submit.vxml': (req, res) =>
      res.end(doc(`<form><var name="pin" expr="'1234'"/><block><submit next="${target(new URL(req.path, 'http://x').searchParams.get('to') ?? '')}" method="post" namelist="pin"/></block></form>`)),
    '/app/slow.vxml': (_req, res) => res.end(doc('<form><block><goto next="sleepy.vxml" fetchtimeout="300ms"/></block></form>')),
    '/app/sleepy.vxml': (_req, res) => {
      setTimeout(() => res.end(doc('<form><block>late</block></form>')), 2000).unref();
    },
  });
});
afterAll(async () => {
  await app.close();
  await bystander.close();
});

const driver = createSimDriver(parseConfig({}), { logger: silentLogger });

test.each(['goto', 'data', 'script', 'submit'].flatMap((el) => ['file', 'port', 'localhost', 'metadata'].map((to) => [el, to])))('<%s> to %s is error.badfetch without a request', async (el, to) => {
  const before = bystander.requests.length + app.requests.filter((r) => r.path.startsWith('/app/ok.vxml')).length;
  const { call, observed } = await driver.start({ app: `${app.url}/app/${el}.vxml?to=${to}` });
  await call.close();
  expect(observed.heard.join(' ')).toMatch(/^badfetch: refused to fetch .*(not an allowed origin|not allowed for an application served over http)/);
  expect(observed.ended).toBe(true);
  expect(bystander.requests.length + app.requests.filter((r) => r.path.startsWith('/app/ok.vxml')).length).toBe(before);
});

test('fetchtimeout cuts a slow back end', async () => {
  const started = performance.now();
  const { observed } = await driver.start({ app: `${app.url}/app/slow.vxml` });
  expect(observed.heard.join(' ')).toMatch(/^badfetch: GET .*sleepy\.vxml: no answer within the fetch timeout of 300 ms/);
  expect(performance.now() - started).toBeLessThan(1500);
});
