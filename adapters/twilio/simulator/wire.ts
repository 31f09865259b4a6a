/**
 * How the simulated Twilio talks to gateways: form POSTs signed exactly as Twilio signs them
 * (X-Twilio-Signature over the full URL and the sorted parameters), answered with TwiML.
 * With several gateways, successive requests of a call go to them in turn (failover and shared-session tests),
 * and a request that cannot reach its gateway (connection refused or reset: the instance died) is sent to the
 * next one, as a load balancer retrying another backend — or Twilio's fallback URL — would.
 */
import { randomUUID } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export class SimulatedTwilioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatedTwilioError';
  }
}

export interface WireOptions {
  /** Gateway base URLs (where /twilio/… is mounted), e.g. http://127.0.0.1:3000. */
  gateways: readonly string[];
  authToken: string;
  /** Twilio waits 15 s for a webhook answer. */
  timeoutMs?: number;
  /** Called when a request is moved to another gateway because its own did not answer. */
  onFailover?: (from: string, to: string, reason: string) => void;
}

/** The HTTP answer of a webhook, for checks beyond the TwiML (headers the gateway adds). */
export type ResponseCheck = (response: Response, url: string) => void;

export class TwilioWire {
  private readonly bases: string[];
  private readonly timeoutMs: number;

  constructor(private readonly opts: WireOptions) {
    if (opts.gateways.length === 0) throw new SimulatedTwilioError('no gateway URL to call');
    this.bases = opts.gateways.map((g) => g.replace(/\/+$/, ''));
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** The URL of `path` (below the mount point, e.g. /twilio/voice) on the n-th gateway in rotation. */
  urlOn(n: number, path: string): string {
    return this.bases[n % this.bases.length] + path;
  }

  /**
   * Moves an absolute URL the gateway gave (resolved against the document it came from) onto the n-th gateway
   * of the rotation; URLs outside every gateway are requested where they point.
   */
  retarget(url: string, n: number): string {
    for (const base of this.bases) {
      if (url === base || url.startsWith(base + '/') || url.startsWith(base + '?')) return this.bases[n % this.bases.length] + url.slice(base.length);
    }
    return url;
  }

  /**
   * POSTs a signed webhook; returns the TwiML. Anything but 200 with XML is an error, as Twilio treats it.
   * A gateway that cannot be reached is replaced by the next one of the rotation (each tried once).
   */
  async post(url: string, params: Record<string, string>, check?: ResponseCheck): Promise<string> {
    let target = url;
    const base = this.bases.findIndex((b) => url === b || url.startsWith(b + '/') || url.startsWith(b + '?'));
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.postOnce(target, params, check);
      } catch (err: unknown) {
        const unreachable = err instanceof GatewayUnreachable;
        if (!unreachable || base < 0 || attempt + 1 >= this.bases.length) throw unreachable ? new SimulatedTwilioError(err.message) : err;
        const next = this.bases[(base + attempt + 1) % this.bases.length] + url.slice(this.bases[base].length);
        this.opts.onFailover?.(target, next, err.message);
        target = next;
      }
    }
  }

  private async postOnce(url: string, params: Record<string, string>, check?: ResponseCheck): Promise<string> {
    const signature = getExpectedTwilioSignature(this.opts.authToken, url, params);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          'X-Twilio-Signature': signature,
          'I-Twilio-Idempotency-Token': randomUUID(),
          'User-Agent': 'TwilioProxy/1.1',
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err: unknown) {
      // undici puts the reason (ECONNREFUSED, ECONNRESET, other side closed…) in `cause`.
      const c: unknown = typeof err === 'object' && err !== null && 'cause' in err ? err.cause : undefined;
      const code = typeof c === 'object' && c !== null && 'code' in c ? String(c.code) : '';
      const text = typeof c === 'object' && c !== null && 'message' in c ? String(c.message) : '';
      const cause = code || text ? `: ${code || text}` : '';
      throw new GatewayUnreachable(`POST ${url} failed: ${err instanceof Error ? err.message : String(err)}${cause}`);
    }
    let body: string;
    try {
      body = await response.text();
    } catch (err: unknown) {
      // The connection broke while the answer was streaming: the instance died mid-answer.
      throw new GatewayUnreachable(`POST ${url}: the answer was cut off: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (response.status !== 200) throw new SimulatedTwilioError(`POST ${url} answered HTTP ${response.status}: ${body.slice(0, 300).trim()}`);
    const type = response.headers.get('content-type') ?? '';
    if (!/^(text|application)\/xml\b/.test(type)) throw new SimulatedTwilioError(`POST ${url} answered ${type || 'no content type'}, not TwiML (text/xml)`);
    check?.(response, url);
    return body;
  }
}

/** The request never got an answer (connection refused, reset, timed out). */
class GatewayUnreachable extends Error {}
