/**
 * Downloads caller recordings for a <submit> that names a <record> variable. Twilio keeps recordings behind the
 * account credentials (HTTP basic auth, Account SID : auth token) and may answer 404 for a moment while it
 * finishes processing a fresh recording, so a 404 is retried within the fetch's time budget.
 *
 * Credentials go only to the configured recording origins (https://api.twilio.com by default); any other URI
 * is handed to the fallback fetcher (the runtime's default, anonymous one).
 */
import type { TwilioConfig } from './config';

/** Structurally the runtime's RecordingFetcher port (gateway/runtime/ports.ts). */
export interface RecordingBytesFetcher {
  fetch(uri: string, opts: { timeoutMs: number; maxBytes: number }): Promise<{ bytes: Uint8Array; type: string }>;
}

export interface TwilioRecordingFetcherOptions {
  config: Pick<TwilioConfig, 'accountSid' | 'authToken' | 'recordingOrigins'>;
  /** For URIs outside the recording origins. */
  fallback: RecordingBytesFetcher;
  /** Pause between attempts while Twilio is still processing the recording. */
  retryDelayMs?: number;
}

export function createTwilioRecordingFetcher(opts: TwilioRecordingFetcherOptions): RecordingBytesFetcher {
  const origins = new Set(opts.config.recordingOrigins.map((o) => new URL(o).origin));
  const retryDelayMs = opts.retryDelayMs ?? 300;
  return {
    async fetch(uri, limits) {
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        return opts.fallback.fetch(uri, limits);
      }
      if (!origins.has(url.origin)) return opts.fallback.fetch(uri, limits);
      const { accountSid, authToken } = opts.config;
      if (!accountSid || !authToken) {
        throw new Error(`cannot download the Twilio recording ${uri}: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must both be configured`);
      }
      const authorization = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
      const deadline = Date.now() + limits.timeoutMs;
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`the Twilio recording ${uri} was not available within ${limits.timeoutMs} ms`);
        const response = await fetch(uri, { headers: { Authorization: authorization }, redirect: 'follow', signal: AbortSignal.timeout(remaining) });
        if (response.status === 404 && deadline - Date.now() > retryDelayMs) {
          await response.body?.cancel();
          await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
          continue;
        }
        if (!response.ok) {
          await response.body?.cancel();
          throw new Error(`downloading the Twilio recording ${uri} failed: HTTP ${response.status}`);
        }
        const bytes = await readLimited(response, limits.maxBytes, uri);
        return { bytes, type: response.headers.get('content-type') ?? 'audio/wav' };
      }
    },
  };
}

async function readLimited(response: Response, maxBytes: number, uri: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`the recording ${uri} is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`the recording ${uri} is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
