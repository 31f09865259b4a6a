/** The default RecordingFetcher: data:, file: and anonymous http(s). Platforms that need credentials supply their own. */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AxiosStatic } from 'axios';
import type { RecordingFetcher } from './ports';

export const defaultRecordingFetcher: RecordingFetcher = {
  async fetch(uri, { timeoutMs, maxBytes }) {
    const url = new URL(uri);
    switch (url.protocol) {
      case 'data:': {
        const m = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(uri);
        if (!m) throw new Error(`malformed data: URI`);
        const bytes = m[2] ? Buffer.from(m[3], 'base64') : Buffer.from(decodeURIComponent(m[3]), 'utf8');
        if (bytes.length > maxBytes) throw new Error(`recording larger than ${maxBytes} bytes`);
        return { bytes, type: m[1] || 'application/octet-stream' };
      }
      case 'file:': {
        const file = fileURLToPath(url);
        const stat = await fs.stat(file);
        if (stat.size > maxBytes) throw new Error(`recording larger than ${maxBytes} bytes`);
        return { bytes: await fs.readFile(file), type: file.endsWith('.wav') ? 'audio/wav' : 'application/octet-stream' };
      }
      case 'http:':
      case 'https:': {
        // axios (73 modules, 3 MB of heap) is loaded by the first recording fetched over http(s), not at start-up.
        const axios = require('axios') as AxiosStatic;
        const response = await axios.get<ArrayBuffer>(uri, {
          responseType: 'arraybuffer',
          timeout: timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
          maxContentLength: maxBytes,
          proxy: false,
        });
        const type = String(response.headers['content-type'] ?? 'application/octet-stream');
        return { bytes: Buffer.from(response.data), type };
      }
      default:
        throw new Error(`cannot fetch a recording from a ${url.protocol} URI`);
    }
  },
};

/** A silent 8 kHz 8-bit mono WAV of the given length: what simulated callers "record". */
export function silentWav(seconds: number): Buffer {
  const samples = Math.max(0, Math.round(seconds * 8000));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 0x80)]);
}
