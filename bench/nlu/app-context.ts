/**
 * A sample application as the NLU sees it at one point of a call, without placing a call: its documents
 * compiled, its external grammars fetched from disk, and the grammars active while a given menu or form item
 * collects — the item's, its dialog's, the document's and the application root's, in the interpreter's
 * precedence order (VoiceXML 2.0 §3.1.3; mirrors gateway/interpreter/grammars.ts, voice grammars only).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Dialog, DialogGraph, Link } from '../../contracts/graph';
import type { SrgsGrammar } from '../../contracts/grammar';
import type { ActiveGrammarRef } from '../../contracts/platform';
import { compile } from '../../gateway/compiler/index';
import { GrammarEngine, parseGrammarDocument, type ActiveGrammar, type GrammarResolver } from '../../gateway/grammar/index';

export class AppContext {
  private readonly graphs = new Map<string, DialogGraph>();
  private readonly externals = new Map<string, SrgsGrammar>();
  readonly engine = new GrammarEngine();
  readonly resolve: GrammarResolver = (uri) => this.external(uri);

  constructor(readonly dir: string) {}

  uriOf(rel: string): string {
    return pathToFileURL(path.join(this.dir, rel)).href;
  }

  /** The compiled document at an absolute URI (compiled once), or undefined if there is no such file. */
  readonly documents = (uri: string): DialogGraph | undefined => {
    const key = uri.replace(/#.*$/, '');
    let g = this.graphs.get(key);
    if (!g) {
      const file = fileURLToPath(key);
      if (!fs.existsSync(file)) return undefined;
      g = compile(fs.readFileSync(file, 'utf8'), key);
      this.graphs.set(key, g);
    }
    return g;
  };

  private external(uri: string): SrgsGrammar | undefined {
    const key = uri.replace(/#.*$/, '');
    let g = this.externals.get(key);
    if (!g) {
      const file = fileURLToPath(key);
      if (!fs.existsSync(file)) return undefined;
      const type = file.endsWith('.gram') ? 'application/srgs' : 'application/srgs+xml';
      g = parseGrammarDocument(fs.readFileSync(file, 'utf8'), key, type, () => undefined);
      this.externals.set(key, g);
    }
    return g;
  }

  /** Active voice grammars at `<document>#<dialog>[/<item>]` (relative to the app directory). */
  active(where: string): { grammars: ActiveGrammar[]; lang: string } {
    const m = /^([^#]+)#([^/]+)(?:\/(.+))?$/.exec(where);
    if (!m) throw new Error(`context "${where}": expected <document>#<dialog>[/<item>]`);
    const docUri = this.uriOf(m[1]);
    const doc = this.documents(docUri);
    if (!doc) throw new Error(`context "${where}": no document ${m[1]} in ${this.dir}`);
    const dialog = doc.dialogs.find((d) => d.id === m[2]);
    if (!dialog) throw new Error(`context "${where}": ${m[1]} has no dialog "${m[2]}"`);
    const item = m[3] !== undefined && dialog.kind === 'form' ? dialog.items.find((i) => i.name === m[3]) : undefined;
    if (m[3] !== undefined && !item) throw new Error(`context "${where}": dialog "${m[2]}" has no item "${m[3]}"`);
    const refs: ActiveGrammarRef[] = [];
    const seen = new Set<string>();
    const add = (graph: DialogGraph, ids: readonly string[], scope: ActiveGrammarRef['scope']): void => {
      for (const id of ids) {
        const key = `${graph.uri}#${id}`;
        const decl = graph.grammars[id];
        if (!decl || seen.has(key)) continue;
        seen.add(key);
        const ref: ActiveGrammarRef = { key, mode: decl.mode, scope: decl.origin === 'option' ? 'option' : scope };
        if (decl.src !== undefined && !decl.src.startsWith('builtin:')) ref.src = new URL(decl.src, graph.base ?? graph.uri).href;
        refs.push(ref);
      }
    };
    const links = (graph: DialogGraph, ls: readonly Link[]): void => ls.forEach((l) => add(graph, l.grammars, 'link'));
    const documentLevel = (graph: DialogGraph, current: Dialog | undefined, scope: ActiveGrammarRef['scope']): void => {
      for (const d of graph.dialogs) {
        if (d === current) continue;
        if (d.kind === 'menu') {
          if (d.scope === 'document') d.choices.forEach((c) => add(graph, c.grammars, 'choice'));
          continue;
        }
        add(graph, d.scope === 'document' ? d.grammars : d.grammars.filter((id) => graph.grammars[id]?.scope === 'document'), scope);
      }
      links(graph, graph.links);
    };
    if (dialog.kind === 'menu') dialog.choices.forEach((c) => add(doc, c.grammars, 'choice'));
    let modal = false;
    if (item) {
      if (item.kind === 'field' || item.kind === 'record' || item.kind === 'transfer') add(doc, item.grammars, 'field');
      if (item.kind === 'field' || item.kind === 'initial') links(doc, item.links);
      modal = (item.kind === 'field' || item.kind === 'record') && item.modal;
    }
    if (!modal) {
      if (dialog.kind === 'form') {
        add(doc, dialog.grammars, 'dialog');
        links(doc, dialog.links);
      }
      documentLevel(doc, dialog, 'document');
      const rootUri = doc.application ? new URL(doc.application, doc.base ?? doc.uri).href : undefined;
      const root = rootUri ? this.documents(rootUri) : undefined;
      if (root) documentLevel(root, undefined, 'application');
    }
    const grammars: ActiveGrammar[] = [];
    for (const ref of refs) {
      const graph = this.documents(ref.key.slice(0, ref.key.lastIndexOf('#')));
      const decl = graph?.grammars[ref.key.slice(ref.key.lastIndexOf('#') + 1)];
      if (decl) grammars.push({ ref, decl });
    }
    this.prepare(grammars);
    const lang = doc.lang ?? 'en-US';
    return { grammars, lang };
  }

  /** Fetches (from disk) what the grammars reference until the engine is ready. */
  private prepare(grammars: ActiveGrammar[]): void {
    for (let round = 0; round < 5; round++) {
      const p = this.engine.prepare(grammars, this.resolve);
      if (p.status === 'ready') return;
      if (p.status === 'error') throw new Error(`grammar ${p.grammar}: ${p.message}`);
      for (const u of p.uris) if (!this.external(u)) throw new Error(`grammar document ${u} not found`);
    }
  }

  /** What a choice or link at `next` (relative to the app) resolves to, as the NLU labels it. */
  destination(next: string): string {
    return new URL(next, pathToFileURL(path.join(this.dir, '/')).href).href;
  }
}
