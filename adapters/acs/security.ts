/**
 * Request authentication for the ACS routes:
 * - per-call secrets in callback URIs and the Event Grid subscription secret, compared in constant time;
 * - optional validation of the JWT ACS puts in the Authorization header of each callback
 *   (RS256, issuer and audience checked, keys from the Call Automation JWKS or configured inline).
 */
import { createPublicKey, randomBytes, timingSafeEqual, createHash, type JsonWebKey, type KeyObject } from 'node:crypto';
import axios from 'axios';
import jwt from 'jsonwebtoken';
import type { AcsConfig } from './config';

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Constant-time equality of two secrets. Both sides are hashed first so the comparison also takes the same
 * time whatever the lengths (timingSafeEqual itself requires equal lengths).
 */
export function secretsEqual(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || expected.length === 0) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export interface JwtVerifier {
  /** Resolves when the Authorization header holds a valid token; rejects with a reason otherwise. */
  verify(authorization: string | undefined): Promise<void>;
}

interface Jwks {
  keys: (JsonWebKey & { kid?: string })[];
}

function isJwks(x: unknown): x is Jwks {
  return typeof x === 'object' && x !== null && Array.isArray((x as { keys?: unknown }).keys);
}

/** Verifies Call Automation callback JWTs. Keys are cached by `kid`; an unknown kid refreshes the set (≤ once a minute). */
export class AcsJwtVerifier implements JwtVerifier {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;

  constructor(
    private readonly opts: NonNullable<AcsConfig['jwt']>,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (opts.jwks !== undefined) this.load(JSON.parse(opts.jwks) as unknown);
  }

  private load(set: unknown): void {
    if (!isJwks(set)) throw new Error('JWKS must be a JSON object with a "keys" array');
    const next = new Map<string, KeyObject>();
    set.keys.forEach((k, i) => next.set(k.kid ?? `#${i}`, createPublicKey({ key: k, format: 'jwk' })));
    this.keys = next;
  }

  private async keyFor(kid: string | undefined): Promise<KeyObject> {
    const pick = (): KeyObject | undefined => (kid !== undefined ? this.keys.get(kid) : this.keys.size === 1 ? [...this.keys.values()][0] : undefined);
    const found = pick();
    if (found) return found;
    if (this.opts.jwks === undefined && this.now() - this.fetchedAt > 60_000) {
      this.fetchedAt = this.now();
      const res = await axios.get<unknown>(this.opts.jwksUrl, { timeout: 5000, responseType: 'json' });
      this.load(res.data);
      const again = pick();
      if (again) return again;
    }
    throw new Error(`no signing key ${kid ?? '(no kid)'}`);
  }

  async verify(authorization: string | undefined): Promise<void> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) throw new Error('missing bearer token');
    const token = m[1];
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded === 'string') throw new Error('malformed token');
    const key = await this.keyFor(decoded.header.kid);
    jwt.verify(token, key, { algorithms: ['RS256'], audience: this.opts.audience, issuer: this.opts.issuer, clockTimestamp: Math.floor(this.now() / 1000) });
  }
}
