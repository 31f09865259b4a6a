/**
 * The format of a recorded prompt, read from the first bytes of the file (RIFF/WAVE fmt chunk, MP3 ID3 tag
 * or frame sync, AIFF). Legacy IVR prompts are often 8 kHz μ-law or PCM: playable on Twilio, not on ACS.
 */

export interface AudioInfo {
  /** pcm, mulaw, alaw, float, mp3, aiff, gsm, or unknown. */
  format: string;
  bits?: number;
  channels?: number;
  rate?: number;
  /** In words, e.g. "16-bit PCM mono 8 kHz WAV". */
  description: string;
}

/** Bytes of the file head worth reading (a WAV fmt chunk may follow a LIST chunk). */
export const AUDIO_HEAD_BYTES = 4096;

const WAVE_FORMATS: Readonly<Record<number, string>> = { 1: 'pcm', 3: 'float', 6: 'alaw', 7: 'mulaw', 0x31: 'gsm' };
const FORMAT_WORDS: Readonly<Record<string, string>> = { pcm: 'PCM', float: 'floating-point', alaw: 'A-law', mulaw: 'μ-law', gsm: 'GSM 6.10' };

export function audioInfo(head: Uint8Array): AudioInfo {
  const text = (at: number, n: number): string => String.fromCharCode(...head.subarray(at, at + n));
  const u16 = (at: number): number => head[at] | (head[at + 1] << 8);
  const u32 = (at: number): number => (head[at] | (head[at + 1] << 8) | (head[at + 2] << 16) | (head[at + 3] << 24)) >>> 0;
  if (head.length >= 12 && text(0, 4) === 'RIFF' && text(8, 4) === 'WAVE') {
    let at = 12;
    while (at + 8 <= head.length) {
      const id = text(at, 4);
      const size = u32(at + 4);
      if (id === 'fmt ' && at + 24 <= head.length) {
        let code = u16(at + 8);
        // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
        if (code === 0xfffe && at + 34 <= head.length) code = u16(at + 32);
        const channels = u16(at + 10);
        const rate = u32(at + 12);
        const bits = u16(at + 22);
        const format = WAVE_FORMATS[code] ?? 'unknown';
        const words = FORMAT_WORDS[format] ?? `format ${code}`;
        const layout = channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels}-channel`;
        return { format, bits, channels, rate, description: `${bits}-bit ${words} ${layout} ${rate % 1000 === 0 ? `${rate / 1000} kHz` : `${rate} Hz`} WAV` };
      }
      at += 8 + size + (size % 2);
    }
    return { format: 'unknown', description: 'a WAV file whose format chunk could not be read' };
  }
  if (head.length >= 3 && text(0, 3) === 'ID3') return { format: 'mp3', description: 'MP3' };
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0) return { format: 'mp3', description: 'MP3' };
  if (head.length >= 12 && text(0, 4) === 'FORM' && (text(8, 4) === 'AIFF' || text(8, 4) === 'AIFC')) return { format: 'aiff', description: 'AIFF' };
  return { format: 'unknown', description: 'not a WAV, MP3 or AIFF file' };
}
