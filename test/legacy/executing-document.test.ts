/**
 * Legacy servlets answer every caller at the same URL (Dialog Designer's runtime, JSP pages reading the
 * HttpSession): a call must go on executing the version IT fetched, never another caller's newer copy of that
 * URL (end to end: test/legacy/cookies.test.ts, "two calls at once"). The loader keeps, per call, the hash of
 * each GET document the call runs; a version it no longer holds is fetched again rather than replaced.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { compile } from '../../gateway/compiler/index';
import { FakeClock } from '../../gateway/runtime/clock';
import { HttpDocumentLoader, type LoadContext } from '../../gateway/runtime/document-loader';
import { MemoryLogger } from '../../gateway/runtime/logger';
import { MemoryResponseDocumentStore } from '../../gateway/runtime/memory-stores';
import { OriginPolicy } from '../../gateway/runtime/origin-policy';
import { defaultRecordingFetcher } from '../../gateway/runtime/recordings';
import { ResourceFetcher } from '../../gateway/runtime/resource-fetcher';

const page = (who: string): string =>
  `<?xml version="1.0"?><vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><form id="f"><block>for ${who}</block></form></vxml>`;

let server: http.Server;
let url: string;
let answer = 'nobody';
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/voicexml+xml' }).end(page(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/servlet/Menu`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function text(graph: ReturnType<typeof compile> | undefined): string {
  return JSON.stringify(graph?.dialogs ?? null);
}

test('each call finds again the version of a GET document it fetched', async () => {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const fetcher = new ResourceFetcher({ clock, logger, maxBytes: 65536, maxRedirects: 3, cacheEntries: 50 });
  const loader = new HttpDocumentLoader({ fetcher, compile, responses: new MemoryResponseDocumentStore(clock, 60), recordings: defaultRecordingFetcher, defaultTimeoutMs: 2000, maxBytes: 65536, cacheEntries: 50 });
  const ctx = (callId: string): LoadContext => ({ callId, policy: new OriginPolicy(url, []), deadline: performance.now() + 10_000, responseDocs: new Map(), logger });
  const a = ctx('A');
  const b = ctx('B');
  const get = (c: LoadContext) => loader.fetch({ kind: 'document', uri: url, method: 'get', enctype: 'application/x-www-form-urlencoded', purpose: 'goto', origin: { uri: url, loc: { line: 1, col: 1 } } }, c);

  answer = 'caller A';
  expect(await get(a)).toMatchObject({ ok: true });
  answer = 'caller B';
  expect(await get(b)).toMatchObject({ ok: true });

  expect(text(loader.lastKnown(url, a))).toContain('for caller A');
  expect(text(loader.lastKnown(url, b))).toContain('for caller B');
  // Without a call (tools, lint): the latest version, as before.
  expect(text(loader.lastKnown(url))).toContain('for caller B');
  // A call whose version is no longer held gets nothing (and fetches again), never someone else's.
  const c = ctx('C');
  c.responseDocs.set(`urn:x-vxml-gateway:executing:${url}`, { hash: '0'.repeat(64), text: '' });
  expect(loader.lastKnown(url, c)).toBeUndefined();
});
