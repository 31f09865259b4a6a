/**
 * References between documents of one application (goto/submit/subdialog/link/choice/catch/application
 * targets naming another local VoiceXML document, optionally `#dialog`). Pure: the caller supplies the
 * target documents (compiled) or says they are missing.
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { DialogGraph, Edge } from '../../contracts/graph';
import { createReporter } from './diagnostics';
import { splitRef } from './uri';

export interface DocumentRef {
  from: DialogGraph;
  edge: Edge;
  /** Target document URI (resolved, without fragment and query). */
  doc: string;
  fragment?: string;
}

/** Static VoiceXML documents (by extension); anything else is taken to be a server endpoint (JSP, CGI…). */
const DOCUMENT_EXT = /\.(vxml|vxm|xml|txml)$/i;

/** Static targets of `g` that name another local document (no URL scheme, or file:). */
export function localDocumentRefs(g: DialogGraph): DocumentRef[] {
  const out: DocumentRef[] = [];
  for (const edge of g.edges) {
    if (edge.to === undefined || edge.to.startsWith('#')) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(edge.to) && !edge.to.startsWith('file:')) continue;
    const { doc, fragment } = splitRef(edge.to);
    const path = doc.replace(/\?.*$/, '');
    if (!DOCUMENT_EXT.test(path)) continue;
    out.push(fragment === undefined ? { from: g, edge, doc: path } : { from: g, edge, doc: path, fragment });
  }
  return out;
}

/**
 * Checks each reference against its target: `lookup(doc)` returns the compiled target, or null when the
 * document does not exist. Returns diagnostics located at the referring edge.
 */
export function checkDocumentRefs(refs: DocumentRef[], lookup: (doc: string) => DialogGraph | null): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ref of refs) {
    const r = createReporter(ref.from.uri);
    const target = lookup(ref.doc);
    const element = `this ${ref.edge.kind}`;
    if (target === null) r.report('unknown-document', ref.edge.loc, { element, target: ref.doc });
    else if (ref.fragment !== undefined && ref.fragment !== '' && target.dialogs.length > 0 && !target.dialogs.some((d) => !d.anonymous && d.id === ref.fragment)) {
      r.report('unknown-remote-dialog', ref.edge.loc, { element, id: ref.fragment, target: ref.doc });
    }
    out.push(...r.diagnostics);
  }
  return out;
}
