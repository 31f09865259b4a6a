/**
 * `serve` with ACS configured mounts the ACS routes: an ACS call to the served application runs end to
 * end through the real SDK and the fake ACS. Without ACS_CONNECTION_STRING there are no ACS routes.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runServe, type ServeHandle } from '../../gateway/cli/commands/serve';
import { AcsSimCall } from '../../adapters/acs/simulator/caller';
import { FakeAcs } from '../../adapters/acs/simulator/fake-acs';
import { freePort } from '../failover/gateway-process';

const SECRET = 'serve-acs-event-grid-secret';
const env = { TWILIO_AUTH_TOKEN: 'serve-test-token-0123456789abcdef', TWILIO_ACCOUNT_SID: 'AC' + '1'.repeat(32), LOG_LEVEL: 'error' };
const io = { out: () => undefined, err: () => undefined };

let fake: FakeAcs;
let handle: ServeHandle | undefined;
beforeAll(async () => {
  fake = await FakeAcs.start();
});
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});
afterAll(() => fake.close());

test('an ACS call reaches the served application', async () => {
  const port = await freePort();
  const acsEnv = {
    ...env,
    ACS_CONNECTION_STRING: fake.connectionString,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    ACS_EVENTGRID_SECRET: SECRET,
    ACS_COGNITIVE_SERVICES_ENDPOINT: 'https://serve-test.cognitiveservices.azure.com/',
  };
  const app = pathToFileURL(path.join(__dirname, 'fixtures', 'menu.vxml')).href;
  handle = await runServe({ app, port: String(port), host: '127.0.0.1' }, acsEnv, io);
  fake.eventGridUrl = `http://127.0.0.1:${port}/acs/incoming?secret=${SECRET}`;
  const call = new AcsSimCall(fake, fake.newCall({ from: '+14255550123', to: '+18005550100' }), { idleMs: 150, timeoutMs: 10_000 });
  expect(await call.place()).toMatchObject({ heard: ['Main menu. For sales press 1. For support press 2.'], awaiting: 'input' });
  expect(await call.dtmf('1')).toMatchObject({ heard: ['Sales. Goodbye.'], ended: true });
});

test('without ACS_CONNECTION_STRING there are no ACS routes', async () => {
  // (the gateway reads the environment it is given, never process.env behind its back)
  process.env.ACS_CONNECTION_STRING = fake.connectionString;
  handle = await runServe({ port: '0', host: '127.0.0.1', app: pathToFileURL(path.join(__dirname, 'fixtures', 'menu.vxml')).href }, env, io);
  const res = await fetch(`${handle.server.url}/acs/incoming`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
  expect(res.status).toBe(404);
  delete process.env.ACS_CONNECTION_STRING;
});
