/** The fetcher's HTTP exchange on axios: encodings, size limit, whole-answer deadline, truncated answers, bodies, headers sent. */
import zlib from 'node:zlib';
import { bodyBytes, DeadlineError, exchange, TooLargeError } from '../../gateway/runtime/http-client';
import { startLoopback, type Loopback } from './loopback';

const TEXT = '<vxml version="2.1"><form><block>' + 'hello '.repeat(200) + '</block></form></vxml>';
let server: Loopback;

beforeAll(async () => {
  server = await startLoopback({
    '/plain': (_req, res) => res.end(TEXT),
    '/gzip': (_req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end(zlib.gzipSync(TEXT));
    },
    '/deflate': (_req, res) => {
      res.setHeader('content-encoding', 'deflate');
      res.end(zlib.deflateSync(TEXT));
    },
    '/br': (_req, res) => {
      res.setHeader('content-encoding', 'br');
      res.end(zlib.brotliCompressSync(TEXT));
    },
    '/cookies': (_req, res) => {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']);
      res.statusCode = 302;
      res.statusMessage = 'Found';
      res.setHeader('location', '/plain');
      res.end();
    },
    '/slow-body': (_req, res) => {
      res.setHeader('content-length', '100');
      res.write('partial');
      setTimeout(() => res.end('x'.repeat(93)), 3000).unref();
    },
    '/trickle': (_req, res) => {
      // never idle for long: only a deadline on the whole answer (not a socket idle timeout) stops this
      res.setHeader('content-length', '100');
      let sent = 0;
      const drip = setInterval(() => {
        if (res.destroyed || ++sent >= 100) {
          clearInterval(drip);
          if (!res.destroyed) res.end('x');
          return;
        }
        res.write('x');
      }, 30);
      drip.unref();
    },
    '/headers': (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.headers));
    },
    '/truncated': (_req, res) => {
      res.setHeader('content-length', '100');
      res.write('only part of it');
      setTimeout(() => res.socket?.destroy(), 20).unref();
    },
    '/echo': (req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], ua: req.headers['user-agent'], body: req.body.toString('latin1') }));
    },
  });
});

afterAll(() => server.close());

const get = (path: string, maxBytes = 1 << 20, withinMs = 2000) =>
  exchange({ method: 'GET', url: new URL(server.url + path), headers: { accept: '*/*' }, deadline: performance.now() + withinMs, maxBytes });

test.each(['/plain', '/gzip', '/deflate', '/br'])('%s answers the document text', async (path) => {
  const r = await get(path);
  expect(r.status).toBe(200);
  expect(r.data.toString('utf8')).toBe(TEXT);
});

test('the size limit counts the decoded bytes, compressed or not', async () => {
  await expect(get('/plain', 500)).rejects.toBeInstanceOf(TooLargeError);
  // 1.2 KB of text compresses far below 500 bytes: the limit still holds on what it expands to
  expect(zlib.gzipSync(TEXT).length).toBeLessThan(500);
  await expect(get('/gzip', 500)).rejects.toBeInstanceOf(TooLargeError);
  expect((await get('/gzip', TEXT.length)).data.length).toBe(TEXT.length);
});

test('redirects are answered, not followed; Set-Cookie lines stay apart', async () => {
  const r = await get('/cookies');
  expect(r.status).toBe(302);
  expect(r.statusText).toBe('Found');
  expect(r.headers.location).toBe('/plain');
  expect(r.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT']);
});

test('the deadline passing while the body is arriving fails the exchange then', async () => {
  const started = performance.now();
  await expect(get('/slow-body', 1 << 20, 200)).rejects.toBeInstanceOf(DeadlineError);
  expect(performance.now() - started).toBeLessThan(2000);
});

test('the deadline bounds the whole answer, even one that keeps trickling in', async () => {
  const started = performance.now();
  await expect(get('/trickle', 1 << 20, 300)).rejects.toBeInstanceOf(DeadlineError);
  expect(performance.now() - started).toBeLessThan(1500);
});

test('the headers sent are the caller\'s and the gateway\'s own, no axios defaults', async () => {
  const asked = JSON.parse((await exchange({ method: 'GET', url: new URL(server.url + '/headers'), headers: {}, deadline: performance.now() + 2000, maxBytes: 4096 })).data.toString('utf8')) as Record<string, string>;
  expect(asked['user-agent']).toBe('vxml-gateway');
  expect(asked['accept-encoding']).toBe('gzip, deflate, br');
  expect(asked.accept).toBeUndefined();
  // an unlabelled POST body stays unlabelled (axios would call it application/x-www-form-urlencoded)
  const posted = await exchange({ method: 'POST', url: new URL(server.url + '/headers'), headers: { accept: 'text/plain' }, body: Buffer.from('raw'), deadline: performance.now() + 2000, maxBytes: 4096 });
  const sent = JSON.parse(posted.data.toString('utf8')) as Record<string, string>;
  expect(sent['content-type']).toBeUndefined();
  expect(sent['content-length']).toBe('3');
  expect(sent.accept).toBe('text/plain');
  // the answer is the bytes as sent: JSON is not parsed
  expect(Buffer.isBuffer(posted.data)).toBe(true);
  expect(posted.headers['content-type']).toBe('application/json');
});

test('an answer cut short by the server is an error, not a short document', async () => {
  await expect(get('/truncated')).rejects.toThrow();
});

test('a refused connection is an error with its code', async () => {
  const closed = await startLoopback({});
  const url = new URL(closed.url + '/x');
  await closed.close();
  await expect(exchange({ method: 'GET', url, headers: {}, deadline: performance.now() + 2000, maxBytes: 100 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
});

test('POST bodies: bytes with their length; FormData as multipart with its boundary', async () => {
  const plain = await bodyBytes('a=1&b=%C3%A9');
  const r1 = await exchange({ method: 'POST', url: new URL(server.url + '/echo'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: plain.bytes, deadline: performance.now() + 2000, maxBytes: 4096 });
  expect(JSON.parse(r1.data.toString('utf8'))).toEqual({ method: 'POST', type: 'application/x-www-form-urlencoded', length: '12', ua: 'vxml-gateway', body: 'a=1&b=%C3%A9' });
  const form = new FormData();
  form.append('caller', 'ann');
  form.append('msg', new Blob([Buffer.from('RIFF')], { type: 'audio/wav' }), 'msg.wav');
  const multipart = await bodyBytes(form);
  expect(multipart.contentType).toMatch(/^multipart\/form-data; boundary=/);
  const r2 = await exchange({ method: 'POST', url: new URL(server.url + '/echo'), headers: { 'content-type': multipart.contentType as string }, body: multipart.bytes, deadline: performance.now() + 2000, maxBytes: 4096 });
  const echoed = JSON.parse(r2.data.toString('utf8')) as { body: string; length: string };
  expect(Number(echoed.length)).toBe(multipart.bytes.length);
  expect(echoed.body).toMatch(/name="caller"\r\n\r\nann/);
  expect(echoed.body).toMatch(/name="msg"; filename="msg.wav"\r\nContent-Type: audio\/wav\r\n\r\nRIFF/);
});
