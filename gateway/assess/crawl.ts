/**
 * Crawls an application from its entry documents: every static target (goto, submit, subdialog, link,
 * choice, application, script src, data src, grammar src — and SRGS rulerefs to further grammar documents)
 * on the same origin is read once; VoiceXML documents are compiled, grammar documents parsed, audio files
 * inspected from their first bytes. Dynamic targets (expressions, server answers generated from submitted
 * variables, POSTs) are listed, never requested. The reading itself is the caller's (`ResourceReader`), so
 * this module does no I/O of its own.
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { DialogGraph } from '../../contracts/graph';
import type { SrgsExpansion, SrgsGrammar } from '../../contracts/grammar';
import type { Loc } from '../../contracts/source';
import { compile } from '../compiler/index';
import { createReporter } from '../compiler/diagnostics';
import { resolveDocument } from '../compiler/uri';
import type { El } from '../compiler/xml/ast';
import { parseXml } from '../compiler/xml/parse';
import { normalizeLegacyMarkup } from '../compiler/legacy-markup';
import { formFromContent, formFromMimeType, parseGrammarDocument, type GrammarForm } from '../grammar/index';
import { AUDIO_HEAD_BYTES, audioInfo, type AudioInfo } from './audio';
import { targetsOf, type DynamicTarget, type ResourceKind } from './targets';

export type ReadOutcome = { ok: true; text: string; contentType?: string } | { ok: false; missing: boolean; message: string };

export interface ResourceReader {
  /** Text of a document, grammar, script or data resource (absolute URI: file: or http(s):). */
  readText(uri: string): Promise<ReadOutcome>;
  /** The first bytes of an audio file; undefined when it cannot be read. */
  readHead(uri: string, bytes: number): Promise<Uint8Array | undefined>;
}

export interface Reference {
  from: string;
  loc: Loc;
  element: string;
  attribute: string;
  /** An <audio> with alternate content to play when the file cannot be. */
  fallback?: boolean;
}

export type ResourceState = 'ok' | 'missing' | 'failed' | 'not-followed';

export interface Resource {
  uri: string;
  kind: ResourceKind;
  state: ResourceState;
  reason?: string;
  refs: Reference[];
}

export interface CrawledDocument {
  uri: string;
  text: string;
  graph: DialogGraph;
  /** The XML tree (undefined when the text is not well-formed). */
  root?: El;
  entry: boolean;
}

export interface CrawledGrammar {
  uri: string;
  grammar: SrgsGrammar;
  /** Grammar form as read (MIME type, else content): SRGS xml or abnf, or a legacy format the grammar engine reads. */
  form?: GrammarForm;
  contentType?: string;
  diagnostics: Diagnostic[];
}

export interface Crawl {
  documents: CrawledDocument[];
  grammars: Map<string, CrawledGrammar>;
  audio: Map<string, AudioInfo>;
  resources: Resource[];
  dynamic: (DynamicTarget & { from: string })[];
}

export interface CrawlOptions {
  reader: ResourceReader;
  /** Resources read at most (a generated application could name endless URLs). */
  maxResources?: number;
}

/** The origin a resource belongs to: `file:` for local files, scheme://host:port for URLs. */
export function originOf(uri: string): string {
  if (/^file:/i.test(uri)) return 'file:';
  try {
    return new URL(uri).origin;
  } catch {
    return uri;
  }
}

/** Server pages: a static target to one of these is a back-end endpoint, not a file next to the documents. */
const STATIC_FILE = /\.(vxml|vxm|xml|txml|grxml|gram|abnf|js|wav|mp3|au|ulaw|alaw|vox|aiff?)$/i;

export async function crawl(entries: readonly string[], opts: CrawlOptions): Promise<Crawl> {
  const max = opts.maxResources ?? 1000;
  const out: Crawl = { documents: [], grammars: new Map(), audio: new Map(), resources: [], dynamic: [] };
  const byUri = new Map<string, Resource>();
  const queue: Resource[] = [];
  const entrySet = new Set(entries);
  const entryOrigins = new Set(entries.map(originOf));

  const note = (uri: string, kind: ResourceKind, ref: Reference | undefined): void => {
    const key = `${kind} ${uri}`;
    let r = byUri.get(key);
    if (!r) {
      r = { uri, kind, state: 'ok', refs: [] };
      byUri.set(key, r);
      out.resources.push(r);
      if (ref && !entryOrigins.has(originOf(uri))) {
        r.state = 'not-followed';
        r.reason = originOf(uri) === 'file:' || originOf(ref.from) === 'file:' ? 'outside the application (local files and URLs are not mixed)' : 'another origin: not followed';
      } else if (out.resources.length > max) {
        r.state = 'not-followed';
        r.reason = `more than ${max} resources: the crawl stopped here`;
      } else queue.push(r);
    }
    if (ref) r.refs.push(ref);
  };

  for (const e of entries) note(e, 'document', undefined);
  while (queue.length > 0) {
    const r = queue.shift() as Resource;
    if (r.kind === 'audio') {
      const head = await opts.reader.readHead(r.uri, AUDIO_HEAD_BYTES);
      if (head === undefined) markUnread(r, { ok: false, missing: true, message: 'cannot be read' });
      else out.audio.set(r.uri, audioInfo(head));
      continue;
    }
    const read = await opts.reader.readText(r.uri);
    if (!read.ok) {
      markUnread(r, read);
      continue;
    }
    switch (r.kind) {
      case 'document': {
        const doc = compileDocument(r.uri, read.text, entrySet.has(r.uri));
        out.documents.push(doc);
        if (!doc.root) break;
        const base = doc.graph.base ? resolveDocument(r.uri, doc.graph.base) : r.uri;
        for (const t of targetsOf(doc.root, base)) {
          const ref: Reference = { from: r.uri, loc: t.loc, element: t.element, attribute: t.attribute, ...(t.fallback ? { fallback: true } : {}) };
          if (t.static) note(t.uri, t.kind, ref);
          else out.dynamic.push({ ...t, from: r.uri });
        }
        for (const decl of Object.values(doc.graph.grammars)) {
          if (!decl.inline) continue;
          for (const uri of grammarRefs(decl.inline, base)) note(uri, 'grammar', { from: r.uri, loc: decl.loc, element: 'ruleref', attribute: 'uri' });
        }
        break;
      }
      case 'grammar': {
        const diagnostics: Diagnostic[] = [];
        const grammar = parseGrammarDocument(read.text, r.uri, read.contentType, (d) => diagnostics.push(d));
        const form = formFromMimeType(read.contentType) ?? formFromContent(read.text);
        out.grammars.set(r.uri, { uri: r.uri, grammar, ...(form ? { form } : {}), ...(read.contentType ? { contentType: read.contentType } : {}), diagnostics });
        for (const uri of grammarRefs(grammar, r.uri)) note(uri, 'grammar', { from: r.uri, loc: { line: 1, col: 1 }, element: 'ruleref', attribute: 'uri' });
        break;
      }
      case 'script':
      case 'data':
        break;
    }
  }
  return out;
}

function markUnread(r: Resource, read: Extract<ReadOutcome, { ok: false }>): void {
  const path = r.uri.replace(/[?#].*$/, '');
  if (read.missing && !STATIC_FILE.test(path) && r.kind !== 'audio' && originOf(r.uri) === 'file:') {
    // `jsp/flightStatus.jsp` next to the documents: a server page the back end answers, not a file.
    r.state = 'not-followed';
    r.reason = 'a server endpoint (not a file of the application): its answer is generated by the back end';
    return;
  }
  r.state = read.missing ? 'missing' : 'failed';
  r.reason = read.message;
}

function compileDocument(uri: string, text: string, entry: boolean): CrawledDocument {
  const graph = compile(text, uri);
  // The tree again (compile keeps none), read as the compiler reads it: VoiceXML 1.0 markup (<dtmf>, <emp>,
  // caching=…) rewritten to its 2.x form, so targets and uses match what runs (the rewrites are warnings of
  // the graph's own diagnostics).
  const reporter = createReporter(uri);
  const { root } = parseXml(text, reporter);
  if (root && root.name === 'vxml') normalizeLegacyMarkup(root, reporter);
  return root ? { uri, text, graph, root, entry } : { uri, text, graph, entry };
}

/** External grammar documents referenced by a grammar's rulerefs (`other.grxml#rule`), resolved. */
export function grammarRefs(g: SrgsGrammar, uri: string): string[] {
  const found = new Set<string>();
  const base = g.base ? resolveDocument(uri, g.base) : uri;
  const walk = (e: SrgsExpansion): void => {
    switch (e.kind) {
      case 'ruleref':
        if (e.uri !== undefined && !e.uri.startsWith('#') && !e.uri.startsWith('builtin:')) found.add(resolveDocument(base, e.uri.replace(/#.*$/, '')));
        return;
      case 'seq':
        e.items.forEach(walk);
        return;
      case 'oneof':
        e.alternatives.forEach((a) => walk(a.expansion));
        return;
      case 'repeat':
        walk(e.expansion);
        return;
      case 'token':
      case 'tag':
        return;
    }
  };
  for (const rule of Object.values(g.rules)) walk(rule.expansion);
  return [...found];
}
