/**
 * Reading the documents CLI commands are given: files, directories (every *.vxml, recursively) and http(s)
 * URLs (axios GET, 10 s timeout, size limit). Legacy documents are often ISO-8859-1 or windows-1252: the
 * charset comes from the HTTP header or the XML declaration, UTF-8 otherwise.
 */
import axios from 'axios';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 10_000;

export type InputRef =
  | { kind: 'file'; /** absolute path */ path: string; /** relative to cwd, '/'-separated: the URI documents compile under */ display: string }
  | { kind: 'url'; url: string; display: string };

export interface InputProblem {
  input: string;
  message: string;
}

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Expands command-line inputs into documents; inputs that do not exist are returned as problems. */
export function expandInputs(inputs: string[], cwd: string, pattern = /\.vxml$/i): { refs: InputRef[]; problems: InputProblem[] } {
  const refs: InputRef[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = (r: InputRef): void => {
    const key = r.kind === 'file' ? r.path : r.url;
    if (!seen.has(key)) {
      seen.add(key);
      refs.push(r);
    }
  };
  for (const input of inputs) {
    if (isUrl(input)) {
      add({ kind: 'url', url: input, display: input });
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) && !input.startsWith('file://')) {
      problems.push({ input, message: 'only http, https and local files can be read' });
      continue;
    }
    const abs = path.resolve(cwd, input.startsWith('file://') ? new URL(input).pathname : input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      problems.push({ input, message: 'no such file or directory' });
      continue;
    }
    if (stat.isDirectory()) {
      const found = listFiles(abs, pattern);
      if (found.length === 0) problems.push({ input, message: `the directory holds no file matching ${pattern}` });
      for (const f of found) add(fileRef(f, cwd));
    } else add(fileRef(abs, cwd));
  }
  return { refs, problems };
}

export function fileRef(abs: string, cwd: string): InputRef {
  return { kind: 'file', path: abs, display: displayPath(abs, cwd) };
}

/** Path relative to cwd with '/' separators (absolute when outside cwd). */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  return shown.split(path.sep).join('/');
}

function listFiles(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      } else if (pattern.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

export async function readInput(ref: InputRef): Promise<ReadResult> {
  if (ref.kind === 'file') {
    try {
      const stat = fs.statSync(ref.path);
      if (stat.size > MAX_DOCUMENT_BYTES) return { ok: false, message: `the file is larger than ${MAX_DOCUMENT_BYTES} bytes` };
      return { ok: true, text: decode(fs.readFileSync(ref.path), undefined) };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
  try {
    const res = await axios.get<ArrayBuffer>(ref.url, {
      responseType: 'arraybuffer',
      timeout: FETCH_TIMEOUT_MS,
      maxContentLength: MAX_DOCUMENT_BYTES,
      maxRedirects: 5,
      validateStatus: (s) => s >= 200 && s < 300,
      headers: { Accept: 'application/voicexml+xml, application/xml, text/xml;q=0.9, */*;q=0.5' },
    });
    const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : undefined;
    return { ok: true, text: decode(Buffer.from(res.data), contentType) };
  } catch (e) {
    if (axios.isAxiosError(e)) {
      const status = e.response ? `HTTP ${e.response.status}` : e.code ?? 'network error';
      return { ok: false, message: `could not fetch (${status}): ${e.message}` };
    }
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Bytes → text using the charset from Content-Type, else the XML declaration, else UTF-8 (BOMs win). */
export function decode(bytes: Buffer, contentType: string | undefined): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const header = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  const label = (header ?? declared ?? 'utf-8').toLowerCase();
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // unknown label: UTF-8 is the XML default
  }
}
