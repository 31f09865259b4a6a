/**
 * Resolving references written in a document (`#id`, `other.vxml#id`, `http://…`) against the document's
 * URI. Works for absolute URLs and for the relative, path-like URIs used in tests and goldens
 * (`vxml-samples/airline/main.vxml`), so graphs never depend on the checkout location.
 */

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

export interface SplitRef {
  /** Document part ('' when the reference is only a fragment). */
  doc: string;
  fragment?: string;
}

export function splitRef(ref: string): SplitRef {
  const hash = ref.indexOf('#');
  return hash < 0 ? { doc: ref } : { doc: ref.slice(0, hash), fragment: ref.slice(hash + 1) };
}

/** Document URI without its fragment. */
export function documentPart(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

/** Resolves a document reference (no fragment) against a base document URI. */
export function resolveDocument(base: string, ref: string): string {
  if (ref === '') return documentPart(base);
  if (SCHEME.test(ref)) return ref;
  if (SCHEME.test(base)) {
    try {
      return new URL(ref, base).href;
    } catch {
      return ref; // an unparsable reference stays as written; the runtime reports error.badfetch
    }
  }
  return resolvePath(documentPart(base), ref);
}

function resolvePath(base: string, ref: string): string {
  const query = ref.search(/[?]/);
  const pathPart = query < 0 ? ref : ref.slice(0, query);
  const suffix = query < 0 ? '' : ref.slice(query);
  const absolute = pathPart.startsWith('/');
  const baseDir = base.includes('/') ? base.slice(0, base.lastIndexOf('/')) : '';
  const segments = (absolute ? pathPart : `${baseDir}/${pathPart}`).split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(s);
  }
  const lead = absolute || base.startsWith('/') ? '/' : '';
  return lead + out.join('/') + suffix;
}

/**
 * An edge target as DialogGraph.edges store it: `#dialog` for the same document, else `uri` or `uri#dialog`
 * with the document part resolved against `base`.
 */
export function resolveTarget(base: string, ref: string): string {
  const { doc, fragment } = splitRef(ref.trim());
  const resolved = doc === '' ? documentPart(base) : resolveDocument(base, doc);
  if (resolved === documentPart(base) && fragment !== undefined) return `#${fragment}`;
  return fragment === undefined ? resolved : `${resolved}#${fragment}`;
}
