/**
 * Small helpers shared by the sample apps' legacy back ends (airline JSP, railway ASP, mobile servlets).
 *
 * The back ends imitate what IVR teams ran in the 2000s: services answering XML for VoiceXML 2.1 <data> and
 * servlet/JSP pages generating whole VoiceXML documents in answer to <submit>. Everything here is deterministic:
 * no clock, no randomness, so replay scripts hear the same words on every run.
 */
import type { Request, Response } from 'express';

/** DOCTYPE + namespace boilerplate every generated document starts with (as the JSP/ASP templates did). */
export const VXML_DOCTYPE =
  '<!DOCTYPE vxml PUBLIC "-//W3C//DTD VOICEXML 2.1//EN" "http://www.w3.org/TR/voicexml21/vxml.dtd">';
export const VXML_NS = 'http://www.w3.org/2001/vxml';
export const VXML_CONTENT_TYPE = 'application/voicexml+xml';
export const XML_CONTENT_TYPE = 'text/xml';

/** Escapes text for element content and double-quoted attribute values (apostrophes stay as typed). */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Quotes a string as an ECMAScript string literal that is also safe inside a double-quoted XML attribute. */
export function jsString(text: string): string {
  const literal = "'" + text.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
  return literal.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** hhmm minus some minutes, as hhmm (same day; used for boarding times). */
export function minusMinutes(hhmm: string, minutes: number): string {
  const total = (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(2, 4)) - minutes + 24 * 60) % (24 * 60);
  return String(Math.floor(total / 60)).padStart(2, '0') + String(total % 60).padStart(2, '0');
}

export interface GeneratedDocument {
  /** Relative URI of the application root, as the generating page sees it (e.g. "../root.vxml"). */
  application?: string;
  lang: string;
  /** Comment naming the generator, as real templates stamped their output. */
  generator: string;
  /** The document body: forms, menus, vars (already XML). */
  body: string;
  /** XML declaration encoding; the old Java servlets often declared ISO-8859-1 (content stays ASCII then). */
  encoding?: 'UTF-8' | 'ISO-8859-1';
}

/** Renders a generated VoiceXML 2.1 document. */
export function renderVxml(doc: GeneratedDocument): string {
  const app = doc.application ? ` application="${xmlEscape(doc.application)}"` : '';
  return (
    `<?xml version="1.0" encoding="${doc.encoding ?? 'UTF-8'}"?>\n` +
    `${VXML_DOCTYPE}\n` +
    `<!-- ${doc.generator}. Do not edit: produced per request by the back end. -->\n` +
    `<vxml version="2.1" xmlns="${VXML_NS}"\n` +
    `      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n` +
    `      xsi:schemaLocation="http://www.w3.org/2001/vxml http://www.w3.org/TR/voicexml21/vxml.xsd"\n` +
    `      xml:lang="${xmlEscape(doc.lang)}"${app}>\n` +
    `${doc.body}\n` +
    `</vxml>\n`
  );
}

export function sendVxml(res: Response, doc: GeneratedDocument): void {
  res.status(200).type(VXML_CONTENT_TYPE + '; charset=' + (doc.encoding ?? 'UTF-8')).send(renderVxml(doc));
}

export function sendXml(res: Response, xml: string): void {
  res.status(200).type(XML_CONTENT_TYPE + '; charset=UTF-8').send('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + '\n');
}

/** The failure an application server of the era produced on an unhandled exception: HTTP 500 with an HTML page. */
export function sendServerError(res: Response, server: string, exception: string): void {
  res
    .status(500)
    .type('text/html')
    .send(
      `<html><head><title>Error 500</title></head><body><h1>HTTP Status 500 - Internal Server Error</h1>` +
        `<p><b>exception</b></p><pre>${xmlEscape(exception)}</pre><hr/><h3>${xmlEscape(server)}</h3></body></html>`,
    );
}

/**
 * A response that claims success but is not well-formed XML: the page crashed half way through rendering and the
 * container flushed what it had (a classic of JSP error handling). VoiceXML says this is error.badfetch.
 */
export function sendTruncated(res: Response, contentType: string, partial: string): void {
  res.status(200).type(contentType).send(partial);
}

/** Reads a request parameter from the query string (GET) or the urlencoded/multipart body (POST). */
export function param(req: Request, name: string): string | undefined {
  const fromBody: unknown = isRecord(req.body) ? req.body[name] : undefined;
  if (typeof fromBody === 'string') return fromBody;
  const fromQuery: unknown = req.query[name];
  if (typeof fromQuery === 'string') return fromQuery;
  if (Array.isArray(fromQuery) && typeof fromQuery[0] === 'string') return fromQuery[0];
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deterministic confirmation code derived from the request (FNV-1a), so replays hear the same code each run. */
export function confirmationCode(seed: string, length = 6): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  let code = '';
  for (let i = 0; i < length; i++) {
    code += alphabet[hash % alphabet.length];
    hash = Math.imul(hash ^ (hash >>> 15), 2654435761) >>> 0;
  }
  return code;
}

/** "XYZ123" → "X Y Z 1 2 3": how the old templates made TTS spell codes out. */
export function spell(code: string): string {
  return code.split('').join(' ');
}

/** "0815" (hhmm) → "8:15 AM". */
export function sayTime(hhmm: string): string {
  const h = Number(hhmm.slice(0, 2));
  const m = hhmm.slice(2, 4);
  const suffix = h >= 12 ? 'PM' : 'AM';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${m} ${suffix}`;
}

/** Formats a number of cents as "12.50" (the templates add the currency word for their language). */
export function dollars(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return `${whole}.${rest}`;
}

/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Parses a multipart/form-data body (RFC 7578) held in a Buffer. The legacy upload servlets used a vendor
 * library for this; a few lines suffice here and avoid a dependency.
 */
export function parseMultipart(body: Buffer, contentTypeHeader: string | undefined): MultipartPart[] | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentTypeHeader ?? '');
  const boundary = match ? (match[1] ?? match[2]) : undefined;
  if (!boundary) return undefined;
  const delimiter = Buffer.from('--' + boundary);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  if (start < 0) return undefined;
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headerStart = afterDelimiter + 2; // skip CRLF
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    if (headerEnd < 0) return undefined;
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) return undefined;
    const headers = body.subarray(headerStart, headerEnd).toString('latin1');
    const data = body.subarray(headerEnd + 4, next - 2); // strip the CRLF before the delimiter
    const disposition = /content-disposition:[^\r\n]*?name="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(headers);
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers);
    if (disposition) {
      parts.push({ name: disposition[1] ?? '', filename: disposition[2], contentType: type?.[1]?.trim(), data });
    }
    start = next;
  }
  return parts;
}
