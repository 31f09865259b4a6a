import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FetchRequest, FetchResult } from '../../contracts/interpreter';
import { compile } from '../../gateway/compiler/index';
import { FakeClock } from '../../gateway/runtime/clock';
import { HttpDocumentLoader, type LoadContext } from '../../gateway/runtime/document-loader';
import { MemoryLogger } from '../../gateway/runtime/logger';
import { MemoryResponseDocumentStore } from '../../gateway/runtime/memory-stores';
import { OriginPolicy } from '../../gateway/runtime/origin-policy';
import { defaultRecordingFetcher } from '../../gateway/runtime/recordings';
import { ResourceFetcher } from '../../gateway/runtime/resource-fetcher';
import { startLoopback, vxml, type Loopback } from './loopback';

const DOC = vxml('<form id="f"><block>hello</block></form>');

let server: Loopback;
let other: Loopback;
let etagHits = 0;

beforeAll(async () => {
  server = await startLoopback({
    '/app/main.vxml': (_req, res) => {
      res.setHeader('content-type', 'application/voicexml+xml');
      res.end(DOC);
    },
    '/app/maxage.vxml': (_req, res) => {
      res.setHeader('cache-control', 'max-age=60');
      res.end(DOC);
    },
    '/app/nocache.vxml': (_req, res) => {
      res.setHeader('cache-control', 'no-cache');
      res.end(DOC);
    },
    '/app/etag.vxml': (req, res) => {
      etagHits++;
      res.setHeader('etag', '"v1"');
      res.setHeader('cache-control', 'no-cache');
      if (req.headers['if-none-match'] === '"v1"') {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.end(DOC);
    },
    '/app/lastmod.vxml': (req, res) => {
      const lm = 'Mon, 01 Jan 2024 10:00:00 GMT';
      res.setHeader('last-modified', lm);
      res.setHeader('cache-control', 'no-cache');
      if (req.headers['if-modified-since'] === lm) {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.end(DOC);
    },
    '/app/missing.vxml': (_req, res) => {
      res.statusCode = 404;
      res.end('<html>gone</html>');
    },
    '/app/broken': (_req, res) => {
      res.statusCode = 500;
      res.end('oops');
    },
    '/app/slow.vxml': (_req, res) => {
      setTimeout(() => res.end(DOC), 1500).unref();
    },
    '/app/big.vxml': (_req, res) => {
      res.end(vxml(`<form><block>${'x'.repeat(5000)}</block></form>`));
    },
    '/app/redirect-in': (_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', '/app/main.vxml');
      res.end();
    },
    '/app/redirect-metadata': (_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
      res.end();
    },
    '/app/redirect-other': (_req, res) => {
      res.statusCode = 307;
      res.setHeader('location', `${other.url}/secret.vxml`);
      res.end();
    },
    '/app/submit': (req, res) => {
      res.setHeader('content-type', 'application/voicexml+xml');
      res.end(vxml(`<form id="answer"><block>you sent ${req.body.length} bytes of ${String(req.headers['content-type']).split(';')[0]}</block></form>`));
    },
    '/app/data.xml': (_req, res) => {
      res.setHeader('content-type', 'application/xml');
      res.end('<?xml version="1.0"?><accounts><account id="1">Checking &amp; more</account><!-- c --></accounts>');
    },
    '/app/bomb.xml': (_req, res) => {
      res.end('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>');
    },
    '/app/bad.vxml': (_req, res) => {
      res.end('<vxml version="2.1"><form><block>unclosed</form></vxml>');
    },
  });
  other = await startLoopback({
    '/secret.vxml': (_req, res) => res.end(DOC),
  });
});

afterAll(async () => {
  await server.close();
  await other.close();
});

function setup(entry: string, allowed: string[] = []) {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const fetcher = new ResourceFetcher({ clock, logger, maxBytes: 4096, maxRedirects: 3, cacheEntries: 50 });
  const responses = new MemoryResponseDocumentStore(clock, 3600);
  const loader = new HttpDocumentLoader({ fetcher, compile, responses, recordings: defaultRecordingFetcher, defaultTimeoutMs: 1000, maxBytes: 4096, cacheEntries: 50 });
  const ctx: LoadContext = { callId: 'c1', policy: new OriginPolicy(entry, allowed), deadline: performance.now() + 10_000, responseDocs: new Map(), logger };
  return { clock, loader, ctx, responses };
}

const at = { uri: 'http://x/doc.vxml', loc: { line: 3, col: 5 } };
function doc(uri: string, extra: Partial<Extract<FetchRequest, { kind: 'document' }>> = {}): FetchRequest {
  return { kind: 'document', uri, method: 'get', enctype: 'application/x-www-form-urlencoded', purpose: 'goto', origin: at, ...extra };
}
function failed(r: FetchResult): { event: string; message: string } {
  if (r.ok) throw new Error(`expected a failure, got ${r.kind} ${r.uri}`);
  return r;
}

describe('origin policy', () => {
  test('same origin is fetched and compiled', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const r = await loader.fetch(doc(`${server.url}/app/main.vxml#f`), ctx);
    expect(r.ok && r.kind === 'document' && r.uri).toBe(`${server.url}/app/main.vxml#f`);
    expect(r.ok && r.kind === 'document' && r.graph.dialogs.map((d) => d.id)).toEqual(['f']);
  });

  test.each([
    ['another loopback port', () => `${other.url}/secret.vxml`],
    ['localhost alias of the same port', () => server.url.replace('127.0.0.1', 'localhost') + '/app/main.vxml'],
    ['cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['metadata address in decimal', () => 'http://2852039166/latest/meta-data/'],
    ['file URI from an http application', () => 'file:///etc/passwd'],
    ['ftp', () => 'ftp://127.0.0.1/x'],
    ['credentials in the URI', () => server.url.replace('http://', 'http://user:pw@') + '/app/main.vxml'],
  ])('%s is refused without a request', async (_name, target) => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const before = server.requests.length + other.requests.length;
    const r = failed(await loader.fetch(doc(target()), ctx));
    expect(r.event).toBe('error.badfetch');
    expect(r.message).toMatch(/refused/);
    expect(server.requests.length + other.requests.length).toBe(before);
  });

  test('a configured origin is allowed', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`, [other.origin]);
    const r = await loader.fetch(doc(`${other.url}/secret.vxml`), ctx);
    expect(r.ok).toBe(true);
  });

  test('redirects inside the origin are followed, redirects out are refused before the request', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const ok = await loader.fetch(doc(`${server.url}/app/redirect-in`), ctx);
    expect(ok.ok && ok.kind === 'document' && ok.uri).toBe(`${server.url}/app/main.vxml`);
    expect(failed(await loader.fetch(doc(`${server.url}/app/redirect-metadata`), ctx)).message).toMatch(/169\.254\.169\.254.*refused/);
    const before = other.count('/secret.vxml');
    expect(failed(await loader.fetch(doc(`${server.url}/app/redirect-other`), ctx)).event).toBe('error.badfetch');
    expect(other.count('/secret.vxml')).toBe(before);
  });

  test('file applications may read only inside their directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vxml-policy-'));
    fs.mkdirSync(path.join(dir, 'app', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'app', 'main.vxml'), DOC);
    fs.writeFileSync(path.join(dir, 'app', 'sub', 'next.vxml'), DOC);
    fs.writeFileSync(path.join(dir, 'outside.vxml'), DOC);
    fs.symlinkSync(path.join(dir, 'outside.vxml'), path.join(dir, 'app', 'link.vxml'));
    const entry = pathToFileURL(path.join(dir, 'app', 'main.vxml')).href;
    const { loader, ctx } = setup(entry);
    expect((await loader.fetch(doc(pathToFileURL(path.join(dir, 'app', 'sub', 'next.vxml')).href), ctx)).ok).toBe(true);
    expect(failed(await loader.fetch(doc(new URL('../outside.vxml', entry).href), ctx)).message).toMatch(/outside the application directory/);
    expect(failed(await loader.fetch(doc(pathToFileURL(path.join(dir, 'app', 'link.vxml')).href), ctx)).message).toMatch(/outside/);
    expect(failed(await loader.fetch(doc('file:///etc/passwd'), ctx)).event).toBe('error.badfetch');
    expect(failed(await loader.fetch(doc(`${server.url}/app/main.vxml`), ctx)).message).toMatch(/not an allowed origin/);
    expect(failed(await loader.fetch(doc(pathToFileURL(path.join(dir, 'app', 'nope.vxml')).href), ctx)).message).toMatch(/ENOENT/);
  });
});

describe('failures become VoiceXML events', () => {
  test('HTTP errors → error.badfetch.http.<status> with the status in the message', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const r404 = failed(await loader.fetch(doc(`${server.url}/app/missing.vxml`), ctx));
    expect(r404.event).toBe('error.badfetch.http.404');
    expect(r404.message).toMatch(/HTTP 404/);
    expect(failed(await loader.fetch({ kind: 'script', uri: `${server.url}/app/broken`, origin: at }, ctx)).event).toBe('error.badfetch.http.500');
  });

  test('fetchtimeout → error.badfetch', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const started = performance.now();
    const r = failed(await loader.fetch(doc(`${server.url}/app/slow.vxml`, { fetchtimeoutMs: 200 }), ctx));
    expect(r.event).toBe('error.badfetch');
    expect(r.message).toMatch(/timeout of 200 ms/);
    expect(performance.now() - started).toBeLessThan(1200);
  });

  test('the turn deadline bounds the fetch', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    ctx.deadline = performance.now() + 100;
    expect(failed(await loader.fetch(doc(`${server.url}/app/slow.vxml`), ctx)).event).toBe('error.badfetch');
  });

  test('size limit', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    expect(failed(await loader.fetch(doc(`${server.url}/app/big.vxml`), ctx)).message).toMatch(/limit of 4096 bytes/);
  });

  test('a document with errors is a badfetch naming uri:line:col', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const r = failed(await loader.fetch(doc(`${server.url}/app/bad.vxml`), ctx));
    expect(r.event).toBe('error.badfetch');
    expect(r.message).toMatch(new RegExp(`${server.url}/app/bad.vxml:\\d+:\\d+`));
  });
});

describe('HTTP caching', () => {
  test('max-age: served from cache without a request, also synchronously', async () => {
    const { loader, ctx, clock } = setup(`${server.url}/app/main.vxml`);
    const uri = `${server.url}/app/maxage.vxml`;
    const before = server.count('/app/maxage.vxml');
    expect(loader.cached(uri, ctx)).toBeUndefined();
    await loader.fetch(doc(uri), ctx);
    await loader.fetch(doc(uri), ctx);
    expect(server.count('/app/maxage.vxml')).toBe(before + 1);
    expect(loader.cached(uri, ctx)?.uri).toBe(uri);
    // VoiceXML maxage="0" on the request forces a new fetch.
    await loader.fetch(doc(uri, { maxageS: 0 }), ctx);
    expect(server.count('/app/maxage.vxml')).toBe(before + 2);
    clock.advance(61_000);
    expect(loader.cached(uri, ctx)).toBeUndefined();
    // maxstale lets a stale copy be used.
    await loader.fetch(doc(uri, { maxstaleS: 120 }), ctx);
    expect(server.count('/app/maxage.vxml')).toBe(before + 2);
  });

  test('no-cache: every use goes to the server; ETag revalidation answers 304', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const before = server.count('/app/nocache.vxml');
    await loader.fetch(doc(`${server.url}/app/nocache.vxml`), ctx);
    await loader.fetch(doc(`${server.url}/app/nocache.vxml`), ctx);
    expect(server.count('/app/nocache.vxml')).toBe(before + 2);
    etagHits = 0;
    const first = await loader.fetch(doc(`${server.url}/app/etag.vxml`), ctx);
    const second = await loader.fetch(doc(`${server.url}/app/etag.vxml`), ctx);
    expect(etagHits).toBe(2);
    const last = server.requests[server.requests.length - 1];
    expect(last.headers['if-none-match']).toBe('"v1"');
    // Same compiled graph object: revalidation did not recompile.
    expect(first.ok && second.ok && first.kind === 'document' && second.kind === 'document' && first.graph === second.graph).toBe(true);
  });
});

test('Last-Modified revalidation with If-Modified-Since', async () => {
  const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
  const uri = `${server.url}/app/lastmod.vxml`;
  const first = await loader.fetch(doc(uri), ctx);
  const second = await loader.fetch(doc(uri), ctx);
  const requests = server.requests.filter((r) => r.path === '/app/lastmod.vxml');
  expect(requests.map((r) => r.headers['if-modified-since'])).toEqual([undefined, 'Mon, 01 Jan 2024 10:00:00 GMT']);
  expect(first.ok && second.ok && first.kind === 'document' && second.kind === 'document' && first.graph === second.graph).toBe(true);
});

describe('submit, data, scripts', () => {
  test('POST urlencoded; the answer document stays retrievable for later turns', async () => {
    const { loader, ctx, responses } = setup(`${server.url}/app/main.vxml`);
    const r = await loader.fetch(doc(`${server.url}/app/submit`, { method: 'post', purpose: 'submit', body: [{ name: 'acct', value: '12 34' }] }), ctx);
    expect(r.ok).toBe(true);
    const req = server.requests[server.requests.length - 1];
    expect(req.method).toBe('POST');
    expect(req.body.toString()).toBe('acct=12+34');
    // The answer has a key of its own (the document the call executes), never the plain URL a GET answers.
    const key = r.ok && r.kind === 'document' ? r.uri : '';
    expect(key).toMatch(new RegExp(`^${server.url}/app/submit\\?vxml-gateway-version=[0-9a-f]{16}$`));
    const remembered = await responses.recall('c1');
    expect([...remembered.keys()]).toEqual([key]);
    // Another turn (fresh context recalled from the store) finds it without a request.
    const later: LoadContext = { ...ctx, responseDocs: remembered };
    const before = server.count('/app/submit');
    expect(loader.cached(`${key}#answer`, later)?.dialogs[0].id).toBe('answer');
    expect(server.count('/app/submit')).toBe(before);
    // A GET of the URL is not answered by the POST answer (RFC 9111 §4): it goes to the server.
    expect(loader.cached(`${server.url}/app/submit`, later)).toBeUndefined();
    const get = await loader.fetch(doc(`${server.url}/app/submit`), later);
    expect(get.ok && get.kind === 'document' ? get.uri : '').toBe(`${server.url}/app/submit`);
    expect(server.requests.slice(-1).map((q) => q.method)).toEqual(['GET']);
  });

  test('GET submit puts the namelist in the query', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    await loader.fetch(doc(`${server.url}/app/submit?x=1`, { body: [{ name: 'pin', value: 'a&b' }] }), ctx);
    expect(server.requests[server.requests.length - 1].path).toBe('/app/submit?x=1&pin=a%26b');
  });

  test('multipart with recording bytes from the recording fetcher', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const wav = Buffer.from('RIFF....WAVEfmt ').toString('base64');
    const r = await loader.fetch(
      doc(`${server.url}/app/submit`, {
        method: 'post',
        enctype: 'multipart/form-data',
        body: [
          { name: 'caller', value: 'ann' },
          { name: 'msg', recording: { uri: `data:audio/wav;base64,${wav}` } },
        ],
      }),
      ctx,
    );
    expect(r.ok).toBe(true);
    const req = server.requests[server.requests.length - 1];
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const text = req.body.toString('latin1');
    expect(text).toMatch(/name="caller"\r\n\r\nann/);
    expect(text).toMatch(/name="msg"; filename="msg.wav"\r\nContent-Type: audio\/wav\r\n\r\nRIFF....WAVEfmt /);
  });

  test('<data> is parsed into XmlNode; DTD entities are refused', async () => {
    const { loader, ctx } = setup(`${server.url}/app/main.vxml`);
    const r = await loader.fetch({ kind: 'data', uri: `${server.url}/app/data.xml`, method: 'get', enctype: 'application/x-www-form-urlencoded', origin: at }, ctx);
    if (!r.ok || r.kind !== 'data') throw new Error('expected data');
    expect(r.xml).toMatchObject({ type: 'element', name: 'accounts', children: [{ type: 'element', name: 'account', attrs: { id: '1' }, children: [{ type: 'text', text: 'Checking & more' }] }, { type: 'comment', text: ' c ' }] });
    const bomb = failed(await loader.fetch({ kind: 'data', uri: `${server.url}/app/bomb.xml`, method: 'get', enctype: 'application/x-www-form-urlencoded', origin: at }, ctx));
    expect(bomb.message).toMatch(/entity declarations are refused/);
  });
});
