/**
 * One HTTP(S) exchange for the resource fetcher, on Node's own client: no redirects followed (the fetcher
 * follows them by hand, re-checking each hop), any status answered, the body read into a Buffer of at most
 * `maxBytes` (after decompression), abandoned at `deadline`. Replaces axios, which cost a back-end request
 * three to four times the CPU of the exchange itself (config merging, header objects, interceptors, two
 * timers) — and a legacy app makes a request on most caller turns. The deadline is one plain timer, not an
 * AbortSignal.timeout: a signal, its timer and its listeners cost a third of what remained.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface HttpExchange {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  /** performance.now() value by which the whole answer must have arrived. */
  deadline: number;
  maxBytes: number;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  /** As Node gives them: lower-case names; Set-Cookie as an array. */
  headers: http.IncomingHttpHeaders;
  data: Buffer;
}

/** The answer was larger than `maxBytes`. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`answer larger than ${limit} bytes`);
    this.name = 'TooLargeError';
  }
}

/** The deadline passed before the answer was complete. */
export class DeadlineError extends Error {
  constructor() {
    super('no complete answer before the deadline');
    this.name = 'DeadlineError';
  }
}

/** What the gateway says it accepts and names itself as (axios sent the same encodings). */
const ACCEPT_ENCODING = 'gzip, deflate, br';
const USER_AGENT = 'vxml-gateway';

export function exchange(x: HttpExchange): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const client = x.url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': ACCEPT_ENCODING, ...x.headers };
    if (x.body) headers['content-length'] = String(x.body.length);
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new DeadlineError()), Math.max(0, x.deadline - performance.now()));
    const req = client.request(x.url, { method: x.method, headers }, (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > x.maxBytes && !res.headers['content-encoding']) {
        res.resume();
        fail(new TooLargeError(x.maxBytes));
        return;
      }
      let stream: Readable = res;
      const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
      // (no body to decode: HEAD-like answers, 204 and 304)
      const empty = res.statusCode === 204 || res.statusCode === 304;
      if (!empty && (encoding === 'gzip' || encoding === 'x-gzip')) stream = res.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
      else if (!empty && encoding === 'deflate') stream = res.pipe(zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
      else if (!empty && encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > x.maxBytes) {
          res.destroy();
          if (stream !== res) stream.destroy();
          fail(new TooLargeError(x.maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', fail);
      res.on('error', fail);
      res.on('close', () => {
        if (!res.complete) fail(new Error('the connection closed before the answer was complete'));
      });
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, data: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) });
      });
    });
    req.on('error', fail);
    req.end(x.body);
  });
}

/** A submit body as bytes: FormData is encoded as multipart/form-data by Node's own encoder (with its boundary). */
export async function bodyBytes(data: Buffer | string | FormData): Promise<{ bytes: Buffer; contentType?: string }> {
  if (typeof data === 'string') return { bytes: Buffer.from(data, 'utf8') };
  if (Buffer.isBuffer(data)) return { bytes: data };
  const encoded = new Response(data);
  return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? undefined };
}
