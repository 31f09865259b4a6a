/**
 * URI references written in documents (`#dialog`, `next.vxml#dialog`, `http://…`), resolved against the
 * current document's base. Works for absolute URLs and for the path-like URIs tests use (`app/main.vxml`).
 */
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

export interface Target {
  /** Absolute document URI, or undefined when the reference is only a fragment (same document). */
  doc?: string;
  fragment?: string;
}

export function withoutFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

export function fragmentOf(uri: string): string | undefined {
  const hash = uri.indexOf('#');
  return hash < 0 ? undefined : uri.slice(hash + 1);
}

/** Resolves `ref` (no fragment handling) against `base`. */
export function resolveUri(base: string, ref: string): string {
  const r = ref.trim();
  if (r === '') return withoutFragment(base);
  if (SCHEME.test(r)) return r;
  if (SCHEME.test(base)) return resolveUrl(base, r);
  return resolvePath(withoutFragment(base), r);
}

/**
 * Resolved references by base and reference: a pure function of the two, asked every turn for the same few
 * grammar, script, data and goto URIs of a document, and parsing a URL costs microseconds each time.
 */
const resolved = new Map<string, string>();
const MAX_RESOLVED = 2000;

function resolveUrl(base: string, ref: string): string {
  const key = `${base}\n${ref}`;
  let href = resolved.get(key);
  if (href === undefined) {
    try {
      href = new URL(ref, base).href;
    } catch {
      href = ref; // unparsable: the runtime's fetch fails and reports error.badfetch
    }
    if (resolved.size >= MAX_RESOLVED) resolved.clear();
    resolved.set(key, href);
  }
  return href;
}

function resolvePath(base: string, ref: string): string {
  const cut = ref.search(/[?#]/);
  const pathPart = cut < 0 ? ref : ref.slice(0, cut);
  const suffix = cut < 0 ? '' : ref.slice(cut);
  if (pathPart === '') return base.replace(/[?#].*$/, '') + suffix;
  const absolute = pathPart.startsWith('/');
  const cleanBase = base.replace(/[?#].*$/, '');
  const baseDir = cleanBase.includes('/') ? cleanBase.slice(0, cleanBase.lastIndexOf('/')) : '';
  const segments = (absolute ? pathPart : `${baseDir}/${pathPart}`).split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(s);
  }
  const lead = absolute || cleanBase.startsWith('/') ? '/' : '';
  return lead + out.join('/') + suffix;
}

/** A goto/submit/subdialog/link target: `#id` stays in the document; anything else names a document. */
export function resolveTarget(base: string, ref: string): Target {
  const r = ref.trim();
  if (r.startsWith('#')) return { fragment: r.slice(1) };
  const hash = r.indexOf('#');
  const docPart = hash < 0 ? r : r.slice(0, hash);
  const fragment = hash < 0 ? undefined : r.slice(hash + 1);
  const t: Target = { doc: resolveUri(base, docPart) };
  if (fragment !== undefined && fragment !== '') t.fragment = fragment;
  return t;
}
