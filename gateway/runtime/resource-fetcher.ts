/**
 * Raw resource fetching for the document loader: file: and http(s) (http-client.ts), confined by an OriginPolicy,
 * bounded in size and time, redirects followed by hand so each hop is re-checked, GETs cached per http-cache.
 * Failures are FetchError carrying the VoiceXML event to throw (error.badfetch, error.badfetch.http.<status>).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import type { CookieJar } from './cookie-jar';
import { cacheInfo, freshness, HttpCache, type CachedResource, type RequestDirectives } from './http-cache';
import { bodyBytes, DeadlineError, exchange, TooLargeError, type HttpAnswer } from './http-client';
import type { OriginPolicy } from './origin-policy';
import type { Clock, Logger } from './ports';

export class FetchError extends Error {
  constructor(
    /** VoiceXML event name: error.badfetch, error.badfetch.http.404, … */
    readonly event: string,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface Resource {
  /** Final URI (after redirects), without fragment. */
  uri: string;
  bytes: Buffer;
  contentType: string;
  hash: string;
  fromCache: boolean;
}

export interface FetchOptions {
  policy: OriginPolicy;
  timeoutMs: number;
  directives?: RequestDirectives;
  accept?: string;
  /** The call's cookies: sent with every request (each redirect hop too) and updated from Set-Cookie. */
  cookies?: CookieJar;
}

export interface PostBody {
  data: Buffer | string | FormData;
  /** Omitted for FormData (the boundary is chosen by the encoder). */
  contentType?: string;
}

export interface ResourceFetcherOptions {
  clock: Clock;
  logger: Logger;
  maxBytes: number;
  maxRedirects: number;
  cacheEntries: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function stripFragment(uri: string): string {
  const i = uri.indexOf('#');
  return i < 0 ? uri : uri.slice(0, i);
}

export class ResourceFetcher {
  private readonly cache: HttpCache;

  constructor(private readonly opts: ResourceFetcherOptions) {
    this.cache = new HttpCache(opts.cacheEntries);
  }

  /** A cached copy that may be used without any request (fresh under default directives), else undefined. */
  peek(uri: string, directives?: RequestDirectives): Resource | undefined {
    const entry = this.peekEntry(uri, directives);
    return entry && toResource(entry, true);
  }

  /** peek() without the copy: the cache entry itself, which the caller must not modify. */
  peekEntry(uri: string, directives?: RequestDirectives): Readonly<CachedResource> | undefined {
    const entry = this.cache.get(stripFragment(uri));
    if (!entry || entry.uri.startsWith('file:')) return undefined;
    return freshness(entry, this.opts.clock.now(), directives) === 'fresh' ? entry : undefined;
  }

  async get(uri: string, options: FetchOptions): Promise<Resource> {
    const target = stripFragment(uri);
    this.enforce(options.policy, target);
    if (target.startsWith('file:')) return this.readFile(target);
    const cached = this.cache.get(target);
    const now = this.opts.clock.now();
    if (cached && freshness(cached, now, options.directives) === 'fresh') return toResource(cached, true);
    const headers: Record<string, string> = { accept: options.accept ?? '*/*' };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    const { response, finalUri } = await this.request('GET', target, undefined, headers, options);
    const info = cacheInfo(lowerHeaders(response), this.opts.clock.now());
    if (response.status === 304 && cached) {
      const refreshed: CachedResource = { ...cached, receivedAt: this.opts.clock.now() - info.ageMs, lifetimeMs: info.lifetimeMs, noCache: info.noCache };
      this.cache.set(refreshed);
      return toResource(refreshed, true);
    }
    const bytes = body(response);
    const h = lowerHeaders(response);
    const entry: CachedResource = {
      uri: finalUri,
      bytes,
      contentType: h['content-type'] ?? '',
      hash: sha256(bytes),
      etag: h.etag,
      lastModified: h['last-modified'],
      receivedAt: this.opts.clock.now() - info.ageMs,
      lifetimeMs: info.lifetimeMs,
      noCache: info.noCache,
    };
    // A response that sets cookies belongs to one call's server session: never shared through the cache.
    if (info.store && setCookies(response).length === 0 && (entry.etag || entry.lastModified || entry.lifetimeMs > 0)) {
      // Keyed by the requested URI so the next lookup finds it; the entry remembers where it really came from.
      this.cache.set({ ...entry, uri: target });
      if (finalUri !== target) this.cache.set(entry);
    }
    return toResource(entry, false);
  }

  /** POST (never cached): submit and <data method="post">. */
  async post(uri: string, payload: PostBody, options: FetchOptions): Promise<Resource> {
    const target = stripFragment(uri);
    this.enforce(options.policy, target);
    if (!target.startsWith('http')) throw new FetchError('error.badfetch', `POST ${target}: only http(s) URIs accept a submit`);
    const headers: Record<string, string> = { accept: options.accept ?? '*/*' };
    if (payload.contentType) headers['content-type'] = payload.contentType;
    const { response, finalUri } = await this.request('POST', target, payload.data, headers, options);
    const bytes = body(response);
    return { uri: finalUri, bytes, contentType: lowerHeaders(response)['content-type'] ?? '', hash: sha256(bytes), fromCache: false };
  }

  private enforce(policy: OriginPolicy, uri: string): void {
    const verdict = policy.check(uri);
    if (!verdict.ok) throw new FetchError('error.badfetch', `refused to fetch ${uri}: ${verdict.reason}`);
  }

  private async readFile(uri: string): Promise<Resource> {
    const file = fileURLToPath(uri);
    let stat;
    try {
      stat = await fs.stat(file);
    } catch (e) {
      throw new FetchError('error.badfetch', `cannot read ${uri}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (!stat.isFile()) throw new FetchError('error.badfetch', `cannot read ${uri}: not a file`);
    if (stat.size > this.opts.maxBytes) throw new FetchError('error.badfetch', `${uri} is ${stat.size} bytes, more than the limit of ${this.opts.maxBytes} (MAX_DOCUMENT_BYTES)`);
    // Files are revalidated by modification time and size on every use: cheap, and edits show up at once.
    const validator = `${stat.mtimeMs}:${stat.size}`;
    const cached = this.cache.get(uri);
    if (cached && cached.etag === validator) return toResource(cached, true);
    const bytes = await fs.readFile(file);
    const entry: CachedResource = { uri, bytes, contentType: '', hash: sha256(bytes), etag: validator, receivedAt: this.opts.clock.now(), lifetimeMs: 0, noCache: true };
    this.cache.set(entry);
    return toResource(entry, false);
  }

  private async request(
    method: 'GET' | 'POST',
    uri: string,
    data: PostBody['data'] | undefined,
    headers: Record<string, string>,
    options: FetchOptions,
  ): Promise<{ response: HttpAnswer; finalUri: string }> {
    const started = this.opts.clock.now();
    const deadline = performance.now() + options.timeoutMs;
    let current = uri;
    let currentMethod = method;
    let currentBody: Buffer | undefined;
    if (data !== undefined) {
      const encoded = await bodyBytes(data);
      currentBody = encoded.bytes;
      if (encoded.contentType) headers['content-type'] = encoded.contentType;
    }
    for (let hop = 0; ; hop++) {
      let response: HttpAnswer;
      const cookie = options.cookies?.header(current, this.opts.clock.now());
      if (cookie) headers.cookie = cookie;
      else delete headers.cookie;
      try {
        response = await exchange({ method: currentMethod, url: new URL(current), headers, body: currentBody, deadline, maxBytes: this.opts.maxBytes });
      } catch (e) {
        throw this.networkError(currentMethod, current, e, options.timeoutMs);
      }
      this.opts.logger.debug('fetched', { method: currentMethod, uri: current, status: response.status, ms: this.opts.clock.now() - started });
      options.cookies?.store(current, setCookies(response), this.opts.clock.now());
      if (!REDIRECTS.has(response.status)) {
        if (response.status === 304 || (response.status >= 200 && response.status < 300)) return { response, finalUri: current };
        throw new FetchError(`error.badfetch.http.${response.status}`, `${currentMethod} ${current}: HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}`);
      }
      const location = lowerHeaders(response).location;
      if (!location) throw new FetchError('error.badfetch', `${currentMethod} ${current}: HTTP ${response.status} redirect without a Location`);
      if (hop >= this.opts.maxRedirects) throw new FetchError('error.badfetch', `${method} ${uri}: more than ${this.opts.maxRedirects} redirects`);
      const next = stripFragment(new URL(location, current).href);
      const verdict = options.policy.check(next);
      if (!verdict.ok) throw new FetchError('error.badfetch', `${current} redirected to ${next}, which was refused: ${verdict.reason}`);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        currentBody = undefined;
        delete headers['content-type'];
      }
      current = next;
    }
  }

  private networkError(method: string, uri: string, e: unknown, timeoutMs: number): FetchError {
    if (e instanceof FetchError) return e;
    const err = e as { code?: string; message?: string };
    if (e instanceof DeadlineError || err.code === 'ETIMEDOUT')
      return new FetchError('error.badfetch', `${method} ${uri}: no answer within the fetch timeout of ${timeoutMs} ms`);
    if (e instanceof TooLargeError)
      return new FetchError('error.badfetch', `${method} ${uri}: answer larger than the limit of ${this.opts.maxBytes} bytes (MAX_DOCUMENT_BYTES)`);
    return new FetchError('error.badfetch', `${method} ${uri}: ${err.code ?? ''} ${err.message ?? String(e)}`.replace(/\s+/g, ' ').trim());
  }
}

function toResource(entry: CachedResource, fromCache: boolean): Resource {
  return { uri: entry.uri, bytes: entry.bytes, contentType: entry.contentType, hash: entry.hash, fromCache };
}

function body(response: HttpAnswer): Buffer {
  return response.data;
}

/** The Set-Cookie lines of a response (Node keeps them apart: joining them would break Expires dates). */
function setCookies(response: HttpAnswer): string[] {
  const v: unknown = response.headers['set-cookie'];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

function lowerHeaders(response: HttpAnswer): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(response.headers)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * Decodes a fetched document (XML 1.0 Appendix F, RFC 7303): a byte-order mark decides first, then the
 * Content-Type charset, then the UTF-16 shape of `<?` without a BOM, then the XML declaration's encoding
 * (blank lines a generated page emits before it are allowed), else UTF-8. Legacy labels (Java's ISO8859_1,
 * 8859_1, Cp1252) are understood. Bytes that are not valid UTF-8 where UTF-8 was assumed or declared are read
 * as windows-1252 — the Latin-1 pages JSP/ASP back ends served while declaring (or not declaring) UTF-8 —
 * rather than turned into U+FFFD.
 */
export function decodeText(bytes: Buffer, contentType: string): string {
  const bom = bomCharset(bytes);
  if (bom) return decodeAs(bytes.subarray(bom.length), bom.charset);
  let charset = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
  if (!charset) {
    if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) charset = 'utf-16le';
    else if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) charset = 'utf-16be';
    else charset = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/.exec(bytes.subarray(0, 400).toString('latin1'))?.[1];
  }
  return decodeAs(bytes, charset ?? 'utf-8');
}

function bomCharset(bytes: Buffer): { charset: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

/** WHATWG labels, plus the Java and Windows spellings legacy servers and JSP pages declare. */
function normaliseLabel(label: string): string {
  const l = label.trim().toLowerCase().replace(/_/g, '-');
  if (/^(iso-?)?8859-?1$/.test(l)) return 'iso-8859-1';
  const iso = /^iso-?8859-?(\d+)$/.exec(l);
  if (iso) return `iso-8859-${iso[1]}`;
  if (/^cp-?125\d$/.test(l)) return `windows-${l.slice(-4)}`;
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  return l;
}

function decodeAs(bytes: Buffer, label: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(normaliseLabel(label), { fatal: true, ignoreBOM: true });
  } catch (e) {
    // An unknown charset label: guess UTF-8, falling back to windows-1252 below.
    if (errorCode(e) !== 'ERR_ENCODING_NOT_SUPPORTED') throw e;
    decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  }
  try {
    return windows1252(decoder.encoding, decoder.decode(bytes));
  } catch (e) {
    if (errorCode(e) !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw e;
    // Not valid in the declared charset: a UTF-8 claim over Latin-1 bytes is the common case.
    const fallback = decoder.encoding === 'utf-8' ? 'windows-1252' : decoder.encoding;
    return windows1252(fallback, new TextDecoder(fallback, { ignoreBOM: true }).decode(bytes));
  }
}

function errorCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
}

/** windows-1252's printable 0x80–0x9F (curly quotes, dashes, €, …), which Node decodes as C1 controls. */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function windows1252(encoding: string, text: string): string {
  // WHATWG: the labels latin1 / iso-8859-1 / us-ascii all mean windows-1252.
  if (encoding !== 'windows-1252' || !/[\u0080-\u009f]/.test(text)) return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}
