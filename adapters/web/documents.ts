/**
 * The static documents of the application a browser calls: the entry, its application root and every
 * document it reaches by goto/choice/link/subdialog, fetched once under the same origin rules as the call
 * (OriginPolicy) and compiled. They feed the drawing, the grammar labels and the source view — the only
 * documents whose text the console serves. Back-end answers (submit targets) are not fetched.
 */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile, OriginPolicy, type Clock, type DialogGraph, type EdgeKind } from '../../gateway/index';

export interface AppDocument {
  uri: string;
  graph: DialogGraph;
  lines: string[];
}

export interface LoadedApp {
  entry: string;
  /** Entry document first, then breadth-first. */
  documents: AppDocument[];
  /** References that could not be drawn, with the reason (shown under the graph). */
  skipped: { uri: string; reason: string }[];
}

export interface DocumentSetOptions {
  allowedOrigins: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  clock: Clock;
  /** Documents drawn per application. */
  maxDocuments?: number;
  /** Applications kept compiled, and for how long (so an edited document shows up). */
  cacheEntries?: number;
  cacheTtlMs?: number;
}

/** Edge kinds that name a document fetched with GET as the caller moves on (submit answers are not). */
const FOLLOWED: ReadonlySet<EdgeKind> = new Set<EdgeKind>(['goto', 'choice', 'link', 'subdialog', 'application']);

export class DocumentSets {
  private readonly cache = new Map<string, { at: number; app: Promise<LoadedApp> }>();

  constructor(private readonly opts: DocumentSetOptions) {}

  /** The documents of the application whose entry is `entry` (cached). */
  load(entry: string): Promise<LoadedApp> {
    const key = documentPart(entry);
    const now = this.opts.clock.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.opts.cacheTtlMs ?? 60_000)) return hit.app;
    const app = this.fetchAll(key);
    this.cache.set(key, { at: now, app });
    // A failed load is not kept: the next call tries again.
    app.catch(() => this.cache.delete(key));
    while (this.cache.size > (this.opts.cacheEntries ?? 32)) this.cache.delete(this.cache.keys().next().value as string);
    return app;
  }

  private async fetchAll(entry: string): Promise<LoadedApp> {
    const policy = new OriginPolicy(entry, this.opts.allowedOrigins);
    const documents: AppDocument[] = [];
    const skipped: LoadedApp['skipped'] = [];
    const queue = [entry];
    const seen = new Set(queue);
    const max = this.opts.maxDocuments ?? 40;
    while (queue.length > 0) {
      const uri = queue.shift() as string;
      if (documents.length >= max) {
        skipped.push({ uri, reason: `more than ${max} documents` });
        continue;
      }
      const verdict = policy.check(uri);
      if (!verdict.ok) {
        skipped.push({ uri, reason: verdict.reason });
        continue;
      }
      let text: string;
      try {
        text = await this.fetchText(uri);
      } catch (e) {
        if (uri === entry) throw e;
        skipped.push({ uri, reason: e instanceof Error ? e.message : String(e) });
        continue;
      }
      const graph = compile(text, uri);
      documents.push({ uri, graph, lines: text.split(/\r\n|\r|\n/) });
      for (const next of references(graph)) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    return { entry, documents, skipped };
  }

  private async fetchText(uri: string): Promise<string> {
    const url = new URL(uri);
    if (url.protocol === 'file:') {
      const file = fileURLToPath(url);
      const stat = await fs.stat(file);
      if (stat.size > this.opts.maxBytes) throw new Error(`${uri} is larger than ${this.opts.maxBytes} bytes`);
      return decode(await fs.readFile(file), undefined);
    }
    // Redirects are not followed: the target would escape the origin check made above.
    const response = await fetch(uri, { redirect: 'manual', signal: AbortSignal.timeout(this.opts.timeoutMs), headers: { accept: 'application/voicexml+xml, application/xml;q=0.9, */*;q=0.1' } });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`${uri} answered HTTP ${response.status}`);
    }
    const bytes = await readCapped(response, this.opts.maxBytes, uri);
    return decode(bytes, response.headers.get('content-type') ?? undefined);
  }
}

async function readCapped(response: Response, maxBytes: number, uri: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`${uri} is larger than ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`${uri} is larger than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** Text of a document: the charset of the Content-Type, else of the XML declaration, else UTF-8. */
function decode(bytes: Buffer, contentType: string | undefined): string {
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? /^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    // An unknown charset label: read as UTF-8 rather than not at all (the drawing is informative only).
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function documentPart(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

/** Absolute URIs of the documents a graph reaches by GET (its application root included). */
export function references(graph: DialogGraph): string[] {
  const out: string[] = [];
  const base = graph.base ?? graph.uri;
  if (graph.application) {
    try {
      out.push(documentPart(new URL(graph.application, base).href));
    } catch {
      // An unresolvable application attribute is the compiler's diagnostic to report, not the drawing's.
    }
  }
  for (const edge of graph.edges) {
    if (!FOLLOWED.has(edge.kind) || edge.to === undefined || edge.to.startsWith('#')) continue;
    const doc = documentPart(edge.to);
    if (/^[a-z][a-z0-9+.-]*:/i.test(doc)) out.push(doc);
  }
  return out;
}
