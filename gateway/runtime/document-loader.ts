/**
 * The DocumentLoader port and its default: services the interpreter's fetch requests (documents, scripts,
 * <data>, submits) and the recognizer's external grammars, compiles VoiceXML with the compiler and caches
 * compiled graphs — by URI + content hash for GETs, by a versioned key per POST answer, which are also kept in
 * the ResponseDocumentStore so a later turn (maybe on another instance) can still execute them.
 */
import type { DialogGraph } from '../../contracts/graph';
import type { FetchRequest, FetchResult } from '../../contracts/interpreter';
import { fatalDiagnostic } from '../interpreter/index';
import { Lru } from './lru';
import type { OriginPolicy } from './origin-policy';
import type { Logger, RecordingFetcher, ResponseDocument, ResponseDocumentStore } from './ports';
import { decodeText, FetchError, sha256, stripFragment, type ResourceFetcher, type Resource } from './resource-fetcher';
import { COOKIE_JAR_KEY, type CookieJar } from './cookie-jar';
import { appendQuery, encodePostBody } from './submit-body';
import { parseXmlData, XmlDataError } from './xml-data';

/** Turns VoiceXML source into a graph (the compiler). May throw; fatal errors in `diagnostics` make the fetch fail. */
export type CompileDocument = (text: string, uri: string) => DialogGraph;

/** What the loader needs to know about the call a fetch is made for. */
export interface LoadContext {
  callId: string;
  policy: OriginPolicy;
  /** performance.now() value by which the turn must be done; fetches get at most the time left. */
  deadline: number;
  /** POST-answer documents of this call (versioned key → source), recalled at the start of the turn. */
  responseDocs: Map<string, ResponseDocument>;
  logger: Logger;
  /** The call's HTTP cookies (legacy JSP/ASP sessions); absent = requests carry none. */
  cookies?: CookieJar;
}

export interface TextResource {
  uri: string;
  text: string;
  hash: string;
  contentType: string;
}

export interface DocumentLoader {
  /** A compiled document usable without any request (POST answer of this call, or a fresh cached copy). */
  cached(uri: string, ctx: LoadContext): DialogGraph | undefined;
  /** A script's text usable without any request: a fresh shared cached copy under `directives`, decoded once. */
  cachedScript(uri: string, ctx: LoadContext, directives: { maxageS?: number; maxstaleS?: number }): { uri: string; text: string } | undefined;
  /** Performs one interpreter request. Never throws: failures are `{ ok: false, event, message }`. */
  fetch(request: FetchRequest, ctx: LoadContext): Promise<FetchResult>;
  /** Fetches a text resource (external grammar, script) under the call's origin policy. Throws FetchError. */
  fetchText(uri: string, ctx: LoadContext, opts?: { timeoutMs?: number; maxageS?: number; maxstaleS?: number; accept?: string }): Promise<TextResource>;
  /**
   * The version of `uri` a call is still executing: with `ctx`, the one THIS call fetched (a JSP page at one URL
   * differs per caller), else the most recently compiled version, however old.
   */
  lastKnown(uri: string, ctx?: LoadContext): DialogGraph | undefined;
  /** Compiles (or finds cached) a document from its text. */
  compile(text: string, uri: string): DialogGraph;
}

export interface HttpDocumentLoaderOptions {
  fetcher: ResourceFetcher;
  compile: CompileDocument;
  responses: ResponseDocumentStore;
  recordings: RecordingFetcher;
  defaultTimeoutMs: number;
  maxBytes: number;
  cacheEntries: number;
}

/** The key of one POST answer: never the plain URL, which only a GET answers (see fetchDocument). */
function versionedUri(uri: string, hash: string): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}vxml-gateway-version=${hash.slice(0, 16)}`;
}

/** Per-call ResponseDocumentStore entries naming the version (hash) of a GET document the call executes. */
const EXECUTING_PREFIX = 'urn:x-vxml-gateway:executing:';

/** Time kept back from the turn deadline for stepping and saving after the last fetch. */
const DEADLINE_MARGIN_MS = 250;

const VXML_ACCEPT = 'application/voicexml+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export class HttpDocumentLoader implements DocumentLoader {
  private readonly graphs: Lru<string, DialogGraph>;
  /** The most recently compiled version of each URI, with the content hash it was compiled from. */
  private readonly latest: Lru<string, { hash: string; graph: DialogGraph }>;
  /** Whether a compiled graph may run (no fatal finding): asked on every lookup, decided once per graph. */
  private readonly runnable = new WeakMap<DialogGraph, boolean>();
  /** Decoded text of cached scripts, per cache entry (an entry is replaced, never changed, when refetched). */
  private readonly scriptTexts = new WeakMap<object, string>();

  constructor(private readonly opts: HttpDocumentLoaderOptions) {
    this.graphs = new Lru(opts.cacheEntries);
    this.latest = new Lru(opts.cacheEntries);
  }

  lastKnown(uri: string, ctx?: LoadContext): DialogGraph | undefined {
    const target = stripFragment(uri);
    const last = this.latest.get(target);
    const mine = ctx?.responseDocs.get(EXECUTING_PREFIX + target);
    if (mine && last?.hash !== mine.hash) {
      // Only this call's own version: another caller's copy of a per-session page must never run here. Not
      // held any more (evicted, or fetched on another instance): undefined, and the document is fetched again.
      const own = this.graphs.get(`${target}\n${mine.hash}`);
      return own && this.usable(own);
    }
    return last && this.usable(last.graph);
  }

  compile(text: string, uri: string): DialogGraph {
    return this.compileOnce(uri, sha256(text), () => text);
  }

  /** Compiles at most once per (uri, content): `text` is only decoded on a miss. */
  private compileOnce(uri: string, hash: string, text: () => string): DialogGraph {
    // A turn looks its documents up many times (each grammar, each step): the latest version of the URI is
    // nearly always the one asked for, found without building the (uri, hash) key.
    const last = this.latest.get(uri);
    if (last && last.hash === hash) return last.graph;
    const key = `${uri}\n${hash}`;
    const graph = this.graphs.get(key) ?? this.opts.compile(text(), uri);
    this.graphs.set(key, graph);
    this.latest.set(uri, { hash, graph });
    return graph;
  }

  cached(uri: string, ctx: LoadContext): DialogGraph | undefined {
    const target = stripFragment(uri);
    const posted = ctx.responseDocs.get(target);
    if (posted) return this.usable(this.compileOnce(target, posted.hash, () => posted.text));
    const resource = this.opts.fetcher.peekEntry(target);
    if (!resource || !ctx.policy.check(target).ok) return undefined;
    return this.usable(this.compileOnce(resource.uri, resource.hash, () => decodeText(resource.bytes, resource.contentType)));
  }

  cachedScript(uri: string, ctx: LoadContext, directives: { maxageS?: number; maxstaleS?: number }): { uri: string; text: string } | undefined {
    const target = stripFragment(uri);
    const entry = this.opts.fetcher.peekEntry(target, directives);
    if (!entry || !ctx.policy.check(target).ok) return undefined;
    let text = this.scriptTexts.get(entry);
    if (text === undefined) {
      text = decodeText(entry.bytes, entry.contentType);
      this.scriptTexts.set(entry, text);
    }
    return { uri: entry.uri, text };
  }

  async fetch(request: FetchRequest, ctx: LoadContext): Promise<FetchResult> {
    try {
      return await this.fetchOnce(request, ctx);
    } finally {
      await this.saveCookies(ctx);
    }
  }

  /** Keeps the call's cookies for its next turns (maybe on another instance) once a response changed them. */
  private async saveCookies(ctx: LoadContext): Promise<void> {
    if (!ctx.cookies?.changed) return;
    ctx.cookies.changed = false;
    const text = ctx.cookies.toJson();
    const doc: ResponseDocument = { hash: sha256(text), text };
    ctx.responseDocs.set(COOKIE_JAR_KEY, doc);
    try {
      await this.opts.responses.remember(ctx.callId, COOKIE_JAR_KEY, doc);
    } catch (e) {
      // The fetch itself succeeded; a later turn on another instance may then miss this cookie (logged).
      ctx.logger.warn('could not keep the call\'s cookies', { reason: e instanceof Error ? e.message : String(e) });
    }
  }

  private async fetchOnce(request: FetchRequest, ctx: LoadContext): Promise<FetchResult> {
    try {
      switch (request.kind) {
        case 'document':
          return await this.fetchDocument(request, ctx);
        case 'script': {
          const res = await this.fetchText(request.uri, ctx, { timeoutMs: request.fetchtimeoutMs, maxageS: request.maxageS, maxstaleS: request.maxstaleS, accept: 'application/ecmascript, application/javascript, text/javascript, */*;q=0.5' });
          return { ok: true, kind: 'script', uri: res.uri, text: res.text };
        }
        case 'data': {
          const resource = await this.retrieve(request, ctx, 'application/xml, text/xml, */*;q=0.5');
          const text = decodeText(resource.bytes, resource.contentType);
          return { ok: true, kind: 'data', uri: resource.uri, xml: parseXmlData(text, resource.uri) };
        }
      }
    } catch (e) {
      return failure(e, request, ctx);
    }
  }

  async fetchText(uri: string, ctx: LoadContext, opts: { timeoutMs?: number; maxageS?: number; maxstaleS?: number; accept?: string } = {}): Promise<TextResource> {
    const resource = await this.opts.fetcher.get(uri, {
      policy: ctx.policy,
      timeoutMs: this.timeout(opts.timeoutMs, ctx),
      directives: { maxageS: opts.maxageS, maxstaleS: opts.maxstaleS },
      accept: opts.accept,
      cookies: ctx.cookies,
    });
    return { uri: resource.uri, text: decodeText(resource.bytes, resource.contentType), hash: resource.hash, contentType: resource.contentType };
  }

  private async fetchDocument(request: Extract<FetchRequest, { kind: 'document' }>, ctx: LoadContext): Promise<FetchResult> {
    const fragment = request.uri.includes('#') ? request.uri.slice(request.uri.indexOf('#')) : '';
    if (request.method !== 'post') {
      // A POST answer is found again only by its own versioned key (the document the call executes, or a
      // "#next" in it resolved against that key); a GET of the plain URL never matches it (see below).
      const posted = !request.body?.length ? ctx.responseDocs.get(stripFragment(request.uri)) : undefined;
      if (posted) return this.documentResult(this.compileOnce(stripFragment(request.uri), posted.hash, () => posted.text), fragment);
    }
    const resource = await this.retrieve(request, ctx, VXML_ACCEPT);
    const text = decodeText(resource.bytes, resource.contentType);
    if (request.method === 'post') {
      // Every POST answer gets a key of its own (same path, so relative URIs resolve alike). A POST response
      // does not answer a later GET of its URL (RFC 9111 §4; a "main menu" link to the servlet a login form
      // posted to must reach the server), and a front controller answers every page at one URL, so calling
      // frames and the current document each resume in their own version between turns.
      const key = versionedUri(resource.uri, resource.hash);
      const graph = this.compileOnce(key, resource.hash, () => text);
      const doc: ResponseDocument = { hash: resource.hash, text };
      ctx.responseDocs.set(key, doc);
      await this.opts.responses.remember(ctx.callId, key, doc);
      return this.documentResult(graph, fragment);
    }
    const graph = this.compileOnce(resource.uri, resource.hash, () => text);
    if (ctx.responseDocs.get(EXECUTING_PREFIX + resource.uri)?.hash !== resource.hash) {
      // Which version of a GET document this call runs (a servlet answers each caller's session at the same
      // URL): its later turns look it up by this hash (lastKnown), never another caller's newer copy.
      const mark: ResponseDocument = { hash: resource.hash, text: '' };
      ctx.responseDocs.set(EXECUTING_PREFIX + resource.uri, mark);
      await this.opts.responses.remember(ctx.callId, EXECUTING_PREFIX + resource.uri, mark);
    }
    return this.documentResult(graph, fragment);
  }

  /**
   * Only findings that make the document unrunnable fail the fetch. The others (a bad expression, a goto to
   * a missing dialog, a misplaced element) stay in the graph: the interpreter raises them as VoiceXML events
   * when — and only if — the element runs (VoiceXML 2.0 §5.2.6; W3C IR 390, 1007, 2.1 test 7).
   */
  private documentResult(graph: DialogGraph, fragment: string): FetchResult {
    const fatal = fatalDiagnostic(graph);
    if (fatal) {
      const others = graph.diagnostics.filter((d) => d.severity === 'error').length - 1;
      const more = others > 0 ? ` (and ${others} more)` : '';
      return { ok: false, event: 'error.badfetch', message: `${fatal.uri}:${fatal.line}:${fatal.col}: ${fatal.message}${more}` };
    }
    return { ok: true, kind: 'document', uri: graph.uri + fragment, graph };
  }

  /** GET (with the namelist in the query) or POST (encoded body) of a document or data request. */
  private async retrieve(request: Extract<FetchRequest, { kind: 'document' | 'data' }>, ctx: LoadContext, accept: string): Promise<Resource> {
    const timeoutMs = this.timeout(request.fetchtimeoutMs, ctx);
    const options = { policy: ctx.policy, timeoutMs, directives: { maxageS: request.maxageS, maxstaleS: request.maxstaleS }, accept, cookies: ctx.cookies };
    if (request.method === 'post') {
      const body = await encodePostBody(request.body ?? [], request.enctype, this.opts.recordings, { timeoutMs, maxBytes: this.opts.maxBytes * 16 });
      return this.opts.fetcher.post(request.uri, body, options);
    }
    return this.opts.fetcher.get(appendQuery(request.uri, request.body ?? []), options);
  }

  private timeout(requested: number | undefined, ctx: LoadContext): number {
    const left = ctx.deadline - performance.now() - DEADLINE_MARGIN_MS;
    if (left <= 0) throw new FetchError('error.badfetch', 'the turn ran out of time before this fetch could start');
    // Whole milliseconds: timers (AbortSignal.timeout) refuse fractions, and `left` comes from performance.now().
    return Math.max(1, Math.floor(Math.min(requested ?? this.opts.defaultTimeoutMs, left)));
  }

  private usable(graph: DialogGraph): DialogGraph | undefined {
    let ok = this.runnable.get(graph);
    if (ok === undefined) {
      ok = fatalDiagnostic(graph) === undefined;
      this.runnable.set(graph, ok);
    }
    return ok ? graph : undefined;
  }
}

function failure(e: unknown, request: FetchRequest, ctx: LoadContext): FetchResult {
  const where = `${request.origin.uri}:${request.origin.loc.line}`;
  if (e instanceof FetchError) {
    ctx.logger.info('fetch failed', { at: where, uri: request.uri, event: e.event, reason: e.message });
    return { ok: false, event: e.event, message: e.message };
  }
  if (e instanceof XmlDataError) {
    ctx.logger.info('data is not usable XML', { at: where, uri: request.uri, reason: e.message });
    return { ok: false, event: 'error.badfetch', message: e.message };
  }
  // The compiler threw (it should report diagnostics instead); still a badfetch for the caller, never a crash.
  const message = `${request.uri}: ${e instanceof Error ? e.message : String(e)}`;
  ctx.logger.error('document could not be compiled', { at: where, uri: request.uri, reason: message });
  return { ok: false, event: 'error.badfetch', message };
}
