/**
 * One HTTP(S) exchange for the resource fetcher, on axios (the project's fixed HTTP client): no redirects
 * followed (the fetcher follows them by hand, re-checking each hop), any status answered, the body read into
 * a Buffer of at most `maxBytes` (after decompression), abandoned at `deadline`.
 *
 * A legacy app makes a back-end request on most caller turns, so the axios instance is configured, once, to
 * do as little as axios allows around Node's own client:
 * - `maxRedirects: 0` — axios then calls node:http/https directly instead of wrapping them in follow-redirects;
 * - `adapter: 'http'`, `proxy: false` — no adapter probing, no proxy-environment lookup per request (and a
 *   back-end request never silently goes through an HTTP_PROXY, as before);
 * - `responseType: 'arraybuffer'`, empty `transformRequest`/`transformResponse`, `transitional` JSON parsing
 *   off — the body stays the Buffer Node read, never decoded as text nor tried as JSON;
 * - `validateStatus: () => true` — every status is an answer (the fetcher judges it), not a thrown error;
 * - `maxContentLength` per request — the decoded-bytes cap (axios counts after gzip/deflate/br decoding),
 *   mapped to TooLargeError; `maxBodyLength: -1` — submit bodies are not capped, as before;
 * - keep-alive agents shared by every request, their TCP keep-alive delay the one axios sets on each request's
 *   socket (60 s): with Node's default (1 s) the agent and axios reset it in turn, two setsockopt calls a request;
 * - the deadline is one timer that aborts an AbortController. axios' own `timeout` costs ~25 µs less a request
 *   but, once the headers are in, is only a socket idle timeout, which a server trickling its answer never trips
 *   (the fetch timeout bounds the whole answer).
 * Cost (bench/micro/http-client.ts, loopback, client CPU a request on a busy 2-core box): ~220-270 µs against
 * ~85-100 µs for the hand-written Node client this replaced (84423f7) — axios' config merge, header objects
 * and per-request listeners, paid because the project's brief fixes axios as its HTTP client.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { AxiosHeaders, type AxiosResponse } from 'axios';

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
  /** Lower-case names (as Node reads them); Set-Cookie as an array of lines. */
  headers: Record<string, string | string[]>;
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

/** What the gateway says it accepts and names itself as. */
const ACCEPT_ENCODING = 'gzip, deflate, br';
const USER_AGENT = 'vxml-gateway';

/** axios sets this TCP keep-alive delay on every request's socket; the agents set it on every socket they pool. */
const TCP_KEEPALIVE_MS = 60_000;

const client = axios.create({
  adapter: 'http',
  maxRedirects: 0,
  proxy: false,
  decompress: true,
  responseType: 'arraybuffer',
  validateStatus: () => true,
  transformRequest: [],
  transformResponse: [],
  transitional: { silentJSONParsing: false, forcedJSONParsing: false, clarifyTimeoutError: true },
  maxBodyLength: -1,
  httpAgent: new http.Agent({ keepAlive: true, keepAliveMsecs: TCP_KEEPALIVE_MS }),
  httpsAgent: new https.Agent({ keepAlive: true, keepAliveMsecs: TCP_KEEPALIVE_MS }),
});
// No axios default Accept ("application/json, text/plain, */*"): the fetcher names what it accepts.
delete client.defaults.headers.common.Accept;

export async function exchange(x: HttpExchange): Promise<HttpAnswer> {
  const headers: Record<string, string | false> = { 'user-agent': USER_AGENT, 'accept-encoding': ACCEPT_ENCODING, ...x.headers };
  // axios would otherwise label an unlabelled POST body application/x-www-form-urlencoded
  if (x.body && !hasHeader(x.headers, 'content-type')) headers['content-type'] = false;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), Math.max(0, x.deadline - performance.now()));
  let response: AxiosResponse<Buffer>;
  try {
    response = await client.request<Buffer>({ method: x.method, url: x.url.href, headers, data: x.body, maxContentLength: x.maxBytes, signal: deadline.signal });
  } catch (e) {
    if (deadline.signal.aborted) throw new DeadlineError();
    if (axios.isAxiosError(e) && e.message.startsWith('maxContentLength size of')) throw new TooLargeError(x.maxBytes);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  // (the http adapter always answers AxiosHeaders; toJSON keeps Set-Cookie lines apart)
  const answered = response.headers instanceof AxiosHeaders ? response.headers : AxiosHeaders.from(response.headers as Record<string, string>);
  return { status: response.status, statusText: response.statusText, headers: answered.toJSON(), data: response.data };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  for (const key in headers) if (key.toLowerCase() === name) return true;
  return false;
}

/** A submit body as bytes: FormData is encoded as multipart/form-data by Node's own encoder (with its boundary). */
export async function bodyBytes(data: Buffer | string | FormData): Promise<{ bytes: Buffer; contentType?: string }> {
  if (typeof data === 'string') return { bytes: Buffer.from(data, 'utf8') };
  if (Buffer.isBuffer(data)) return { bytes: data };
  const encoded = new Response(data);
  return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? undefined };
}
