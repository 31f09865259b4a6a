/**
 * `replay --channel acs --gateway url1,url2`: the simulator drives already running gateways configured
 * with its connection string; successive event posts go to the instances in turn (here two instances
 * sharing the runtime's session store and the ACS call store, as Redis would).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { parseAcsConfig } from '../../adapters/acs/config';
import { createAcsAdapter, type AcsAdapter } from '../../adapters/acs/router';
import { acsSimulatorEnv, createAcsReplayDriver } from '../../adapters/acs/simulator';
import { MemoryAcsCallStore } from '../../adapters/acs/state';
import { createRuntime, MemoryLogger, parseConfig } from '../../gateway/index';

const SECRET = 'external-gateways-event-grid-secret';

test('acsSimulatorEnv reads the simulator settings external gateways share', () => {
  expect(acsSimulatorEnv({ ACS_SIM_PORT: '4010', ACS_SIM_ACCESS_KEY: 'a2V5', ACS_EVENTGRID_SECRET: 's' })).toEqual({ port: 4010, accessKey: 'a2V5', eventGridSecret: 's' });
  expect(acsSimulatorEnv({})).toEqual({});
  expect(() => acsSimulatorEnv({ ACS_SIM_PORT: 'x' })).toThrow(/ACS_SIM_PORT="x": expected a TCP port/);
});

test('external gateways need the Event Grid secret they expect', async () => {
  await expect(createAcsReplayDriver({ config: parseConfig({}), gateways: ['http://127.0.0.1:1'] })).rejects.toThrow(/ACS_EVENTGRID_SECRET must be set/);
});

test('a call whose events alternate between two gateway instances runs to the end', async () => {
  const servers: http.Server[] = [];
  const adapters: AcsAdapter[] = [];
  const apps = [express(), express()];
  const hits = [0, 0];
  apps.forEach((a, i) => a.use((_req, _res, next) => {
    hits[i] += 1;
    next();
  }));
  for (const app of apps) {
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  const urls = servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);
  const driver = await createAcsReplayDriver({ config: parseConfig({}), gateways: urls, eventGridSecret: SECRET });
  const runtime = createRuntime(parseConfig({ log: { level: 'error' } }), { logger: new MemoryLogger() });
  const store = new MemoryAcsCallStore();
  const app = pathToFileURL(path.join(__dirname, 'fixtures', 'menu.vxml')).href;
  try {
    apps.forEach((a) => {
      // Behind a load balancer every instance has the same public origin; the simulator spreads the posts.
      // Prompts are text-to-speech: ACS plays them only on calls answered with a Cognitive Services endpoint.
      const config = parseAcsConfig({ connectionString: driver.acs.connectionString, publicBaseUrl: urls[0], eventGridSecret: SECRET, cognitiveServicesEndpoint: 'https://external-test.cognitiveservices.azure.com/' });
      // The Event Grid URL names the script's application (`app`); its origin must be allowed.
      const adapter = createAcsAdapter({ runtime, config, store, allowedOrigins: ['file://'] });
      adapters.push(adapter);
      a.use(adapter.router);
    });
    const { call, observed } = await driver.start({ app, to: '+18005550100' });
    expect(observed).toMatchObject({ heard: ['Main menu. For sales press 1. For support press 2.'], awaiting: 'input' });
    expect(await call.silence()).toMatchObject({ heard: ['Sorry, I did not hear you.', 'Main menu. For sales press 1. For support press 2.'] });
    expect(await call.dtmf('2')).toMatchObject({ heard: ['Support. Goodbye.'], ended: true });
    expect(hits[0]).toBeGreaterThan(1);
    expect(hits[1]).toBeGreaterThan(1);
  } finally {
    adapters.forEach((a) => a.close());
    await driver.close();
    await runtime.close();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }
});

test('external gateways that run another application than the script names fail the call loudly', async () => {
  const server = http.createServer();
  const app = express();
  server.on('request', app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const driver = await createAcsReplayDriver({ config: parseConfig({}), gateways: [url], eventGridSecret: SECRET });
  const runtime = createRuntime(parseConfig({ log: { level: 'error' } }), { logger: new MemoryLogger() });
  const menu = pathToFileURL(path.join(__dirname, 'fixtures', 'menu.vxml')).href;
  const config = parseAcsConfig({ connectionString: driver.acs.connectionString, publicBaseUrl: url, eventGridSecret: SECRET, numberApps: { '+18005550100': menu } });
  const adapter = createAcsAdapter({ runtime, config, allowedOrigins: ['file://'] });
  app.use(adapter.router);
  try {
    // The called number maps to another application: the gateway says so, and the replay fails.
    await expect(driver.start({ app: 'https://apps.example.com/other.vxml', to: '+18005550100' })).rejects.toThrow(/did not run https:\/\/apps\.example\.com\/other\.vxml: it ran its application for the called number/);
    // An origin the gateway does not allow: the default application would run instead.
    await expect(driver.start({ app: 'https://apps.example.com/other.vxml', to: '+18005550199' })).rejects.toThrow(/origin https:\/\/apps\.example\.com is not allowed/);
  } finally {
    adapter.close();
    await driver.close();
    await runtime.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
