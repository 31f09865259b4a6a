/**
 * A duplicated ACS event — Call Automation redelivers at least once, and behind a load balancer the copy may
 * reach another instance — changes nothing: two gateway instances, each with its own runtime and ACS adapter,
 * share only a real Redis (runtime sessions, POST-answer documents, the ACS call store). The same
 * RecognizeCompleted posted again to either instance issues no new ACS operation and does not advance the call;
 * the call then goes on exactly as scripted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { parseAcsConfig } from '../../adapters/acs/config';
import { RedisAcsCallStore } from '../../adapters/acs/redis-call-store';
import { createAcsAdapter, type AcsAdapter } from '../../adapters/acs/router';
import { AcsSimCall } from '../../adapters/acs/simulator/caller';
import { FakeAcs } from '../../adapters/acs/simulator/fake-acs';
import { connectRedis, createRuntime, MemoryLogger, parseConfig, RedisResponseDocumentStore, RedisSessionStore, systemClock, type GatewayRuntime, type RedisConnection } from '../../gateway/index';
import { startRedis, type TestRedis } from './redis-server';

const SECRET = 'acs-idempotency-event-grid-secret';
const APP = pathToFileURL(path.join(__dirname, 'fixtures', 'menu.vxml')).href;

interface Instance {
  url: string;
  server: http.Server;
  runtime: GatewayRuntime;
  adapter: AcsAdapter;
  connection: RedisConnection;
  sessions: RedisSessionStore;
  /** Callback batches this instance received: path with query, and the JSON body. */
  received: { url: string; body: unknown }[];
}

let redis: TestRedis;
let fake: FakeAcs;
const instances: Instance[] = [];

beforeAll(async () => {
  redis = await startRedis();
  let next = 0;
  fake = await FakeAcs.start({
    route: (url) => {
      const target = instances[next++ % instances.length];
      const u = new URL(url);
      return `${target.url}${u.pathname}${u.search}`;
    },
  });
  for (let i = 0; i < 2; i++) {
    const app = express();
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const connection = connectRedis({ url: redis.url, keyPrefix: 'idem:', connectTimeoutMs: 2000, commandTimeoutMs: 2000, logger: new MemoryLogger() });
    const sessions = new RedisSessionStore({ connection, clock: systemClock, ttlS: 600 });
    const runtime = createRuntime(parseConfig({ log: { level: 'error' } }), { sessions, responses: new RedisResponseDocumentStore(connection, 600), logger: new MemoryLogger() });
    const config = parseAcsConfig({ connectionString: fake.connectionString, publicBaseUrl: 'http://127.0.0.1:9', eventGridSecret: SECRET, cognitiveServicesEndpoint: 'https://idem.cognitiveservices.azure.com/' });
    const adapter = createAcsAdapter({ runtime, config, store: new RedisAcsCallStore(connection), defaultApp: APP, logger: new MemoryLogger() });
    const received: Instance['received'] = [];
    app.use('/acs/callbacks', express.json(), (req, _res, next) => {
      received.push({ url: req.originalUrl, body: req.body });
      next();
    });
    app.use(adapter.router);
    instances.push({ url, server, runtime, adapter, connection, sessions, received });
  }
  fake.eventGridUrl = `http://127.0.0.1:9/acs/incoming?secret=${SECRET}`;
}, 30_000);

afterAll(async () => {
  for (const i of instances) {
    i.adapter.close();
    i.server.closeAllConnections();
    await new Promise<void>((resolve) => i.server.close(() => resolve()));
    await i.runtime.close();
    await i.connection.close();
  }
  await fake?.close();
  await redis?.stop();
});

function isRecognizeCompleted(body: unknown): boolean {
  return Array.isArray(body) && body.some((e: unknown) => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'Microsoft.Communication.RecognizeCompleted');
}

async function repost(target: Instance, url: string, body: unknown): Promise<number> {
  const res = await fetch(`${target.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

test('a RecognizeCompleted delivered again, to either instance, issues nothing and does not advance the call', async () => {
  const call = new AcsSimCall(fake, fake.newCall({ from: '+14255550123', to: '+18005550100' }), { idleMs: 150, timeoutMs: 10_000 });
  expect(await call.place()).toMatchObject({ heard: ['Main menu. For sales press 1. For support press 2.'], awaiting: 'input' });
  expect(await call.dtmf('9')).toMatchObject({ heard: ['Sorry, that is not an option.', 'Main menu. For sales press 1. For support press 2.'], awaiting: 'input' });

  const got = instances.findIndex((i) => i.received.some((r) => isRecognizeCompleted(r.body)));
  expect(got).toBeGreaterThanOrEqual(0);
  const delivery = instances[got].received.filter((r) => isRecognizeCompleted(r.body)).pop()!;
  const callId = call.call.ids.callConnectionId;
  const before = await instances[0].sessions.get(callId);
  const requests = fake.requests.length;

  // The same delivery again: to the other instance, then to the one that processed it.
  expect(await repost(instances[1 - got], delivery.url, delivery.body)).toBe(200);
  expect(await repost(instances[got], delivery.url, delivery.body)).toBe(200);
  // Both at once, as a redelivery racing the original would.
  expect(await Promise.all(instances.map((i) => repost(i, delivery.url, delivery.body)))).toEqual([200, 200]);

  expect(fake.requests.length).toBe(requests); // no new play, recognize or hang-up
  const after = await instances[1].sessions.get(callId);
  expect(after?.session.seq).toBe(before?.session.seq);
  expect(call.call.heard).toEqual([]);

  // The call goes on from where it was.
  expect(await call.dtmf('1')).toMatchObject({ heard: ['Sales. Goodbye.'], ended: true });
  expect((await instances[0].sessions.get(callId))?.session.ended).toBe(true);
});
