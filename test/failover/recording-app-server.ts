/**
 * The sample app server (vxml-samples/app-server.ts) with a witness in front of it: every request that reaches
 * a back end (JSP/ASP/servlet pages: everything but static documents) is recorded as it arrived — method,
 * path with query, and the parsed form fields — so a test can assert that every submit a call should make
 * did reach the back end. An optional delay on back-end pages keeps turns in flight long enough to be cut.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createAppServer, SAMPLE_CONTENT_TYPES } from '../../vxml-samples/app-server';

export interface BackendHit {
  method: string;
  /** Path and query, e.g. /airline/jsp/flightStatus.jsp?flight=AC101 */
  url: string;
  /** Form fields of a POST as the back end parsed them (sorted JSON), '' for none. */
  fields: string;
}

export interface RecordingAppServer {
  url: string;
  hits: BackendHit[];
  /** Delay added to every back-end page (ms). */
  delayMs: number;
  close(): Promise<void>;
}

function isStatic(p: string): boolean {
  return SAMPLE_CONTENT_TYPES[path.extname(p).toLowerCase()] !== undefined || p === '/' || p === '/healthz';
}

/** Fields of a multipart body: text parts by value, file parts by name, type and size (boundaries vary per run). */
function multipartFields(raw: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const out: Record<string, string> = {};
  if (!boundary) return out;
  const text = raw.toString('latin1');
  for (const part of text.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (name === undefined) continue;
    const file = /filename="([^"]*)"/.exec(head);
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? '';
    out[name] = file ? `<file ${file[1]} ${type} ${value.length} bytes>` : value;
  }
  return out;
}

function sortedFields(body: unknown, contentType: string): string {
  if (Buffer.isBuffer(body)) return sortedFields(multipartFields(body, contentType), '');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return '';
  const entries = Object.entries(body as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : '';
}

export async function startRecordingAppServer(opts: { host?: string; delayMs?: number } = {}): Promise<RecordingAppServer> {
  const samples = createAppServer();
  const front = express();
  const state: RecordingAppServer = { url: '', hits: [], delayMs: opts.delayMs ?? 0, close: async () => undefined };
  front.use((req, res, next) => {
    if (isStatic(req.path)) return next();
    // Recorded once the back end answered, when its own body parsers have filled req.body.
    res.once('finish', () => state.hits.push({ method: req.method, url: req.originalUrl, fields: sortedFields(req.body, req.get('content-type') ?? '') }));
    if (state.delayMs > 0) setTimeout(next, state.delayMs);
    else next();
  });
  front.use(samples);
  const server = http.createServer(front);
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

/** Hits as comparable keys, counted. */
export function countHits(hits: BackendHit[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of hits) {
    const key = `${h.method} ${h.url} ${h.fields}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Expected hits missing from `actual` (each expected occurrence must be there at least once per occurrence). */
export function missingHits(expected: BackendHit[], actual: BackendHit[]): string[] {
  const have = countHits(actual);
  const missing: string[] = [];
  for (const [key, n] of countHits(expected)) {
    const got = have.get(key) ?? 0;
    if (got < n) missing.push(`${key.length > 300 ? `${key.slice(0, 300)}…` : key} (expected ${n}, arrived ${got})`);
  }
  return missing;
}
