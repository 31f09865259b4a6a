/**
 * Whether Twilio can play an audio URL. VoiceXML plays an <audio> element's content when its file cannot be
 * played; Twilio merely skips a <Play> it cannot fetch. So before rendering, the gateway checks each audio URL
 * (HEAD, or a one-byte GET when HEAD is refused) and renders the fallback content as <Say> when it is not
 * playable. Verdicts are cached (prompts repeat on every call) and probes never hold a turn up for long.
 *
 * Only URLs of configured origins are probed: the gateway must not become a way to reach arbitrary hosts.
 * Other http(s) URLs are left for Twilio to fetch; non-http URLs (file:, data:) are never playable by Twilio.
 */

export interface AudioProbe {
  playable(url: string): Promise<boolean>;
}

export interface AudioProbeOptions {
  /** Origins (scheme://host:port) whose audio is checked; the rest of http(s) is assumed playable. */
  probeOrigins: (origin: string) => boolean;
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

export function createAudioProbe(opts: AudioProbeOptions): AudioProbe {
  const timeoutMs = opts.timeoutMs ?? 1500;
  const ttlMs = opts.ttlMs ?? 60_000;
  const maxEntries = opts.maxEntries ?? 1000;
  const now = opts.now ?? Date.now;
  const verdicts = new Map<string, Verdict>();

  return {
    playable(url: string): Promise<boolean> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return Promise.resolve(false);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return Promise.resolve(false);
      if (!opts.probeOrigins(parsed.origin)) return Promise.resolve(true);
      const cached = verdicts.get(url);
      if (cached && now() - cached.at < ttlMs) return cached.playable;
      const playable = probe(url, timeoutMs);
      if (verdicts.size >= maxEntries) verdicts.delete(verdicts.keys().next().value as string);
      verdicts.set(url, { at: now(), playable });
      return playable;
    },
  };
}

async function probe(url: string, timeoutMs: number): Promise<boolean> {
  try {
    let response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 405 || response.status === 501) {
      response = await fetch(url, { method: 'GET', headers: { Range: 'bytes=0-0' }, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
    }
    if (!response.ok) return false;
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    // An HTML error page answered with 200 is not audio; a missing type is left to Twilio's sniffing.
    return type === '' || type.startsWith('audio/') || type.startsWith('application/octet-stream') || type.startsWith('video/');
  } catch {
    // Unreachable, refused or too slow: VoiceXML says to play the fallback content instead.
    return false;
  }
}
