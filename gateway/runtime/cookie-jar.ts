/**
 * A per-call HTTP cookie jar (RFC 6265, the parts servers of the VoiceXML era used). Legacy voice browsers
 * (Tellme, Voxeo, Nuance, Avaya, Genesys) kept cookies for the life of a call like a web browser, and JSP/ASP/
 * servlet applications rely on it: the caller's state lives in the container's HttpSession, found again through
 * JSESSIONID / ASP.NET_SessionId / PHPSESSID. Without a jar every submit opens a new server session.
 *
 * The jar is data (JSON) so it survives between turns in the per-call store like the rest of the call, and is
 * bounded (count and size) so a server cannot grow a call's state without limit.
 */

interface StoredCookie {
  name: string;
  value: string;
  /** Lower-case host (host-only) or domain the cookie belongs to. */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  /** ms since epoch; absent = session cookie (lives as long as the call). */
  expires?: number;
}

const MAX_COOKIES = 50;
const MAX_COOKIE_BYTES = 4096;

export class CookieJar {
  private cookies: StoredCookie[];
  /** True once a response changed the jar since it was loaded (the caller then saves it). */
  changed = false;

  constructor(cookies: StoredCookie[] = []) {
    this.cookies = cookies;
  }

  /** A jar from its JSON form; anything unreadable yields an empty jar (a cookie is never worth a failed call). */
  static fromJson(text: string | undefined): CookieJar {
    if (!text) return new CookieJar();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      void e; // a damaged jar is dropped: the server starts a new session, as after a browser restart
      return new CookieJar();
    }
    if (!Array.isArray(raw)) return new CookieJar();
    const cookies = raw.filter(
      (c): c is StoredCookie =>
        typeof c === 'object' && c !== null && typeof c.name === 'string' && typeof c.value === 'string' && typeof c.domain === 'string' && typeof c.path === 'string',
    );
    return new CookieJar(cookies);
  }

  toJson(): string {
    return JSON.stringify(this.cookies);
  }

  get size(): number {
    return this.cookies.length;
  }

  /** The Cookie header for a request to `url`, or undefined when no cookie applies. */
  header(url: string, now: number): string | undefined {
    let u: URL;
    try {
      u = new URL(url);
    } catch (e) {
      void e; // not a URL: nothing to send
      return undefined;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    const host = u.hostname.toLowerCase();
    const matching = this.cookies
      .filter((c) => (c.expires === undefined || c.expires > now) && (!c.secure || u.protocol === 'https:'))
      .filter((c) => (c.hostOnly ? host === c.domain : domainMatch(host, c.domain)) && pathMatch(u.pathname || '/', c.path))
      // RFC 6265 §5.4: longer paths first.
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length > 0 ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** Stores the Set-Cookie headers of a response from `url`. */
  store(url: string, setCookie: readonly string[], now: number): void {
    let u: URL;
    try {
      u = new URL(url);
    } catch (e) {
      void e; // not a URL: nothing to store
      return;
    }
    for (const line of setCookie) {
      const parsed = parseSetCookie(line, u, now);
      if (!parsed) continue;
      const i = this.cookies.findIndex((c) => c.name === parsed.name && c.domain === parsed.domain && c.path === parsed.path);
      if (i >= 0) this.cookies.splice(i, 1);
      this.changed = true;
      if (parsed.expires !== undefined && parsed.expires <= now) continue; // an expiry in the past deletes it
      this.cookies.push(parsed);
      if (this.cookies.length > MAX_COOKIES) this.cookies.shift();
    }
  }
}

function domainMatch(host: string, domain: string): boolean {
  return host === domain || (host.endsWith('.' + domain) && !/^\d+\.\d+\.\d+\.\d+$/.test(host));
}

function pathMatch(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** RFC 6265 §5.1.4 default-path: the request path up to, not including, its last slash. */
function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const last = pathname.lastIndexOf('/');
  return last <= 0 ? '/' : pathname.slice(0, last);
}

function parseSetCookie(line: string, u: URL, now: number): StoredCookie | undefined {
  if (line.length > MAX_COOKIE_BYTES) return undefined;
  const [pair, ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (!name) return undefined;
  const host = u.hostname.toLowerCase();
  const cookie: StoredCookie = { name, value, domain: host, hostOnly: true, path: defaultPath(u.pathname), secure: false };
  let maxAge: number | undefined;
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? '' : attr.slice(i + 1).trim();
    switch (key) {
      case 'domain': {
        const d = val.replace(/^\./, '').toLowerCase();
        if (!d) break;
        // A server may only set cookies for its own domain (RFC 6265 §5.3 step 6).
        if (!domainMatch(host, d)) return undefined;
        cookie.domain = d;
        cookie.hostOnly = false;
        break;
      }
      case 'path':
        if (val.startsWith('/')) cookie.path = val;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'max-age':
        if (/^-?\d+$/.test(val)) maxAge = Number(val);
        break;
      case 'expires': {
        const t = Date.parse(val);
        if (!Number.isNaN(t) && cookie.expires === undefined) cookie.expires = t;
        break;
      }
      default:
        break; // HttpOnly, SameSite, Comment, Version: nothing for a voice browser to do
    }
  }
  // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
  if (maxAge !== undefined) cookie.expires = maxAge <= 0 ? now - 1 : now + maxAge * 1000;
  return cookie;
}

/**
 * Where a call's jar is kept between turns: an entry of the per-call ResponseDocumentStore (memory or Redis,
 * forgotten when the call ends) under a key no fetched URI can have (URIs the interpreter fetches are
 * absolute http(s)/file URIs).
 */
export const COOKIE_JAR_KEY = 'urn:x-vxml-gateway:cookie-jar';
