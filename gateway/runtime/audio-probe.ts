/**
 * Whether a platform can play an <audio> file, decided the same way for every channel. VoiceXML 2.0 §4.1.3
 * plays an <audio> element's content only when its file cannot be fetched or played, and the replay
 * contract (CallObservation) hears a played file as `[audio <url>]`; so every channel asks this probe
 * before deciding between the file and its fallback.
 *
 * - http(s) URLs of origins the gateway may fetch from (the call's origin policy / configured applications)
 *   are checked: HEAD, or a one-byte GET when HEAD is refused; 2xx with an audio (or no, or octet-stream)
 *   content type is playable. Unreachable, refused, an error status, an HTML page, or too slow: not playable.
 *   Redirects are followed only within allowed origins; one that leaves them is the platform's to follow.
 * - Other http(s) URLs are the platform's to fetch (the gateway must not become a way to reach arbitrary
 *   hosts): assumed playable.
 * - file: URLs are playable only on a channel that plays from the gateway's disk (the sim) and only inside
 *   the application's directory: the file must exist. Network platforms (Twilio, ACS) cannot fetch them.
 * - Anything else (data:, unparsable text) is not playable.
 *
 * Verdicts of real checks are cached (prompts repeat on every call) for `ttlMs`, bounded in number, and a
 * check never holds a turn up longer than `timeoutMs`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OriginPolicy } from './origin-policy';

/** What the gateway may look at on behalf of one call (or of every call of a channel). */
export interface ProbeGate {
  /** Whether the gateway may request this http(s) origin (`scheme://host:port`). */
  origin(origin: string): boolean;
  /** Whether this file: URL may be read; absent: the channel cannot play files (network platforms). */
  file?(url: string): boolean;
}

export interface AudioProbeOptions {
  timeoutMs?: number;
  /** How long a verdict is kept. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Verdict {
  at: number;
  playable: Promise<boolean>;
}

/** Probes audio URLs; one instance per channel (its cache is shared by every call). */
export class AudioProber {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: AudioProbeOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 1500;
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.maxEntries = opts.maxEntries ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  playable(url: string, gate: ProbeGate): Promise<boolean> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return Promise.resolve(false);
    }
    switch (parsed.protocol) {
      case 'http:':
      case 'https:':
        return gate.origin(parsed.origin) ? this.cached(url, () => probeHttp(url, this.timeoutMs, gate)) : Promise.resolve(true);
      case 'file:':
        return gate.file?.(url) ? this.cached(url, () => probeFile(parsed)) : Promise.resolve(false);
      default:
        return Promise.resolve(false);
    }
  }

  private cached(url: string, check: () => Promise<boolean>): Promise<boolean> {
    const hit = this.verdicts.get(url);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.playable;
    const playable = check();
    if (hit) this.verdicts.delete(url);
    else if (this.verdicts.size >= this.maxEntries) this.verdicts.delete(this.verdicts.keys().next().value as string);
    this.verdicts.set(url, { at: this.now(), playable });
    return playable;
  }
}

/** A probe with one gate for every call (a network platform: configured application origins, no files). */
export interface AudioProbe {
  playable(url: string): Promise<boolean>;
}

export function createAudioProbe(opts: AudioProbeOptions & { probeOrigins: (origin: string) => boolean }): AudioProbe {
  const prober = new AudioProber(opts);
  const gate: ProbeGate = { origin: opts.probeOrigins };
  return { playable: (url) => prober.playable(url, gate) };
}

/** The gate of one call: what its origin policy lets the gateway fetch, files included (for the sim). */
export function policyGate(policy: OriginPolicy): ProbeGate {
  return {
    origin: (origin) => policy.check(`${origin}/`).ok,
    file: (url) => policy.check(url).ok,
  };
}

/** Redirects followed by a probe; each hop must stay on an origin the gate allows. */
const MAX_REDIRECTS = 3;

/** The final response, 'elsewhere' for a redirect off the allowed origins, undefined for too many redirects. */
async function request(url: string, method: 'HEAD' | 'GET', timeoutMs: number, gate: ProbeGate): Promise<Response | 'elsewhere' | undefined> {
  let target = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = method === 'GET' ? { Range: 'bytes=0-0' } : {};
    const response = await fetch(target, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return response;
    await response.body?.cancel();
    const next = new URL(location, target);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return undefined;
    // Not followed: the gateway only requests what the call may fetch; the platform will follow it.
    if (!gate.origin(next.origin)) return 'elsewhere';
    target = next.href;
  }
  return undefined;
}

async function probeHttp(url: string, timeoutMs: number, gate: ProbeGate): Promise<boolean> {
  try {
    let response = await request(url, 'HEAD', timeoutMs, gate);
    if (typeof response === 'object' && (response.status === 405 || response.status === 501)) {
      response = await request(url, 'GET', timeoutMs, gate);
      if (typeof response === 'object') await response.body?.cancel();
    }
    if (response === 'elsewhere') return true;
    if (!response?.ok) return false;
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    // An HTML error page answered with 200 is not audio; a missing type is left to the platform's sniffing.
    return type === '' || type.startsWith('audio/') || type.startsWith('application/octet-stream') || type.startsWith('video/');
  } catch (e) {
    // Unreachable, refused or too slow: VoiceXML plays the fallback content instead (the reason is the verdict).
    void e;
    return false;
  }
}

async function probeFile(url: URL): Promise<boolean> {
  try {
    return (await fs.promises.stat(fileURLToPath(url))).isFile();
  } catch (e) {
    // Missing or unreadable: not playable (the reason is the verdict).
    void e;
    return false;
  }
}
