/**
 * HTTP caching of fetched resources (RFC 9111 subset) combined with VoiceXML's maxage/maxstale
 * (VoiceXML 2.0 §6.1.2): a cached copy is used while fresh; stale copies with validators are revalidated
 * with If-None-Match / If-Modified-Since; no-store and private answers are never kept (the cache is shared).
 */
import { Lru } from './lru';

export interface CachedResource {
  uri: string;
  bytes: Buffer;
  contentType: string;
  /** sha256 of the bytes. */
  hash: string;
  etag?: string;
  lastModified?: string;
  /** When the response was received (clock ms), minus any Age the server reported. */
  receivedAt: number;
  /** Freshness lifetime in ms (0 = must revalidate before every use). */
  lifetimeMs: number;
  /** Cache-Control no-cache: always revalidate. */
  noCache: boolean;
}

export interface RequestDirectives {
  /** VoiceXML maxage: use a copy only if its age does not exceed this (s). */
  maxageS?: number;
  /** VoiceXML maxstale: a copy may be used this long (s) after it expired. */
  maxstaleS?: number;
}

export interface ResponseCacheInfo {
  store: boolean;
  lifetimeMs: number;
  noCache: boolean;
  ageMs: number;
}

/** Reads Cache-Control / Expires / Age / Date of a response. */
export function cacheInfo(headers: Record<string, string | undefined>, now: number): ResponseCacheInfo {
  const cc = parseCacheControl(headers['cache-control']);
  const ageMs = headers.age && /^\d+$/.test(headers.age) ? Number(headers.age) * 1000 : 0;
  // This cache is shared by every call: an answer marked private is one caller's (a JSP/ASP page or <data>
  // built from the caller's server session) and must not be served to another (RFC 9111 §5.2.2.7).
  const store = !cc.has('no-store') && !cc.has('private-no-store') && !cc.has('private');
  const noCache = cc.has('no-cache') || (headers.pragma ?? '').toLowerCase().includes('no-cache');
  let lifetimeMs = 0;
  const maxAge = cc.get('max-age');
  if (maxAge !== undefined && /^\d+$/.test(maxAge)) lifetimeMs = Number(maxAge) * 1000;
  else if (headers.expires) {
    const expires = Date.parse(headers.expires);
    const date = headers.date ? Date.parse(headers.date) : now;
    lifetimeMs = Number.isNaN(expires) ? 0 : Math.max(0, expires - (Number.isNaN(date) ? now : date));
  } else if (headers['last-modified']) {
    // Heuristic freshness (RFC 9111 §4.2.2): 10 % of the time since last modification, at most 5 minutes,
    // so legacy servers that send only Last-Modified are not hit on every turn.
    const lm = Date.parse(headers['last-modified']);
    if (!Number.isNaN(lm)) lifetimeMs = Math.min(5 * 60_000, Math.max(0, (now - lm) / 10));
  }
  return { store, lifetimeMs, noCache, ageMs };
}

function parseCacheControl(value: string | undefined): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!value) return out;
  for (const part of value.split(',')) {
    const [k, v] = part.split('=', 2);
    const key = k.trim().toLowerCase();
    if (key) out.set(key, v?.trim().replace(/^"|"$/g, ''));
  }
  return out;
}

export type Freshness = 'fresh' | 'stale';

/** Whether a cached copy may be used as is under the request's VoiceXML directives. */
export function freshness(entry: CachedResource, now: number, req: RequestDirectives = {}): Freshness {
  const age = Math.max(0, now - entry.receivedAt);
  if (req.maxageS !== undefined && (req.maxageS <= 0 || age > req.maxageS * 1000)) return 'stale';
  if (entry.noCache) return 'stale';
  const allowed = entry.lifetimeMs + (req.maxstaleS ?? 0) * 1000;
  return age < allowed || (entry.lifetimeMs > 0 && age === allowed) ? 'fresh' : 'stale';
}

/** Resources by URI (without fragment), LRU-bounded. */
export class HttpCache {
  private readonly entries: Lru<string, CachedResource>;
  constructor(capacity: number) {
    this.entries = new Lru(capacity);
  }
  get(uri: string): CachedResource | undefined {
    return this.entries.get(uri);
  }
  set(entry: CachedResource): void {
    this.entries.set(entry.uri, entry);
  }
  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
