/**
 * Encodes <submit>/<data>/<subdialog> namelists (VoiceXML 2.0 §5.3.8): GET → query string; POST →
 * application/x-www-form-urlencoded or multipart/form-data, where a recording is sent as a file part with
 * its bytes fetched through the RecordingFetcher (the Twilio adapter gives it the account credentials).
 */
import type { SubmitField } from '../../contracts/interpreter';
import type { RecordingFetcher } from './ports';
import { FetchError, type PostBody } from './resource-fetcher';

export function appendQuery(uri: string, fields: SubmitField[]): string {
  if (fields.length === 0) return uri;
  const hashAt = uri.indexOf('#');
  const base = hashAt < 0 ? uri : uri.slice(0, hashAt);
  const params = new URLSearchParams();
  for (const f of fields) params.append(f.name, 'value' in f ? f.value : f.recording.uri);
  return base + (base.includes('?') ? '&' : '?') + params.toString();
}

export function isMultipart(enctype: string): boolean {
  return enctype.toLowerCase().startsWith('multipart/form-data');
}

export async function encodePostBody(
  fields: SubmitField[],
  enctype: string,
  recordings: RecordingFetcher,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<PostBody> {
  if (!isMultipart(enctype)) {
    const params = new URLSearchParams();
    for (const f of fields) params.append(f.name, 'value' in f ? f.value : f.recording.uri);
    return { data: params.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  const form = new FormData();
  for (const f of fields) {
    if ('value' in f) {
      form.append(f.name, f.value);
      continue;
    }
    let audio;
    try {
      audio = await recordings.fetch(f.recording.uri, limits);
    } catch (e) {
      throw new FetchError('error.badfetch', `cannot fetch the recording ${f.recording.uri} for field ${f.name}: ${(e as Error).message}`);
    }
    const type = f.recording.type ?? audio.type;
    form.append(f.name, new Blob([audio.bytes], { type }), `${f.name}${extensionFor(type)}`);
  }
  return { data: form };
}

function extensionFor(type: string): string {
  if (/wav/i.test(type)) return '.wav';
  if (/mpeg|mp3/i.test(type)) return '.mp3';
  if (/ogg/i.test(type)) return '.ogg';
  return '.bin';
}
