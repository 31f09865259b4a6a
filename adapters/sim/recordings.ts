/**
 * Recordings "made" by simulated callers: silent WAV files of the requested length, kept in memory under
 * `sim:recordings/<id>.wav` URIs and served to the runtime through its RecordingFetcher port.
 */
import { defaultRecordingFetcher, silentWav, type RecordingFetcher } from '../../gateway/index';

/** Where the sim keeps the recordings its callers make (a scheme no other resource uses). */
export const SIM_RECORDING_PREFIX = 'sim:recordings/';

export class SimRecordings implements RecordingFetcher {
  private readonly store = new Map<string, Buffer>();
  private counter = 0;

  /** Keeps a recording of `seconds` and returns its URI. */
  make(callId: string, seconds: number): string {
    const uri = `${SIM_RECORDING_PREFIX}${encodeURIComponent(callId)}-${++this.counter}.wav`;
    this.store.set(uri, silentWav(seconds));
    // Bounded: a long replay run must not keep every recording.
    if (this.store.size > 256) this.store.delete(this.store.keys().next().value as string);
    return uri;
  }

  async fetch(uri: string, opts: { timeoutMs: number; maxBytes: number }): Promise<{ bytes: Uint8Array; type: string }> {
    if (!uri.startsWith('sim:')) return defaultRecordingFetcher.fetch(uri, opts);
    const bytes = this.store.get(uri);
    if (!bytes) throw new Error(`no simulated recording ${uri}`);
    return { bytes, type: 'audio/wav' };
  }
}
