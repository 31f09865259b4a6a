/**
 * The test web server the IR suite expects, on 127.0.0.1 with an ephemeral port:
 * - `X.vxml` serves `X.txml` converted by the IR stylesheet (the W3C/JVoiceXML servlet behaviour);
 * - `X.txml` is served converted too: cudl rewrote links to name the `.txml` it converted itself;
 * - cudl flattened the suite into one folder but resolved some links from the folder above
 *   (`next="w3c/a12b.txml"`): in served documents that `w3c/` prefix is dropped, so every document keeps
 *   one URI (an application root reached as `w3c/root` from a leaf of `w3c/` must stay the same root);
 * - cudl's absolute `http://localhost/vxml/…` links are rewritten to this server's `cudl-w3c/` folder;
 * - every other file (grammars, scripts, data, audio) is served as-is with its content type.
 * Every request is recorded, so a report can say which fetch a test made and what it got.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { convertTxml } from './txml';
import { MalformedXmlError } from './xml-tree';

const TYPES: Record<string, string> = {
  '.vxml': 'application/voicexml+xml',
  '.txml': 'application/voicexml+xml',
  '.grxml': 'application/srgs+xml',
  '.gram': 'application/srgs',
  '.js': 'application/javascript',
  '.xml': 'application/xml',
  '.wav': 'audio/x-wav',
  '.au': 'audio/basic',
  '.txt': 'text/plain',
};

export interface ServedRequest {
  method: string;
  path: string;
  status: number;
  /** The suite file that answered (relative to the suite), when one did. */
  file?: string;
  note?: string;
}

export interface SuiteServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly base: string;
  readonly requests: ServedRequest[];
  /** URL under which a suite file (e.g. `cudl-w3c/a12a.txml`) is served as VoiceXML (`…/a12a.vxml`). */
  urlOf(suiteFile: string): string;
  close(): Promise<void>;
}

/** Converted documents are shared by all servers of a run: conversion is pure. */
const converted = new Map<string, { vxml: string } | { error: string }>();

function convertedOf(file: string): { vxml: string } | { error: string } {
  let hit = converted.get(file);
  if (!hit) {
    try {
      hit = { vxml: convertTxml(fs.readFileSync(file, 'utf8')).vxml };
    } catch (e) {
      if (!(e instanceof MalformedXmlError)) throw e;
      hit = { error: e.message };
    }
    converted.set(file, hit);
  }
  return hit;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The suite file a request path names, or undefined. */
export function resolveSuitePath(suite: string, urlPath: string): { file: string; convert: boolean } | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
  const root = path.resolve(suite);
  const full = path.resolve(root, rel);
  if (!full.startsWith(root + path.sep)) return undefined;
  if (full.endsWith('.vxml')) {
    const txml = full.slice(0, -'.vxml'.length) + '.txml';
    if (isFile(txml)) return { file: txml, convert: true };
  }
  if (isFile(full)) return { file: full, convert: full.endsWith('.txml') };
  return undefined;
}

/** cudl's link rewrites undone in a served document (see the header). */
export function undoCudlRewrites(text: string, base: string): string {
  return text.replace(/="w3c\//g, '="').split('http://localhost/vxml/').join(`${base}/cudl-w3c/`);
}

export async function startSuiteServer(suite: string): Promise<SuiteServer> {
  const requests: ServedRequest[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    const urlPath = (req.url ?? '/').replace(/[?#].*$/, '');
    const answer = (status: number, type: string, body: string | Buffer, file?: string, note?: string): void => {
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', status, file, note });
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    // Drain a submit's body before answering (POST namelists).
    req.resume();
    req.on('end', () => {
      const found = resolveSuitePath(suite, urlPath);
      if (!found) return answer(404, 'text/plain', `not in the suite: ${urlPath}`);
      const rel = path.relative(suite, found.file).split(path.sep).join('/');
      if (found.convert) {
        const out = convertedOf(found.file);
        if ('error' in out) return answer(500, 'text/plain', `${rel}: ${out.error}`, rel, out.error);
        const text = rel.startsWith('cudl-w3c/') ? undoCudlRewrites(out.vxml, base) : out.vxml;
        return answer(200, TYPES['.vxml'], text, rel);
      }
      const type = TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
      return answer(200, type, fs.readFileSync(found.file), rel);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    urlOf: (suiteFile) => `${base}/${suiteFile.replace(/\.txml$/, '.vxml').split('/').map(encodeURIComponent).join('/')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
