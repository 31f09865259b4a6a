/**
 * Where a call may fetch from: the entry application's origin plus configured origins. A refused URI is
 * never requested. For a file: entry, file: URIs are allowed only inside the entry document's directory
 * (after resolving `..` and symlinks), so a document cannot read the host's files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

const MAX_REMEMBERED_VERDICTS = 1000;

export class OriginPolicy {
  private readonly origins: Set<string>;
  /** Real path of the entry's directory when the entry is a file: URI. */
  private readonly fileRoot?: string;

  constructor(
    readonly entry: string,
    allowedOrigins: readonly string[],
  ) {
    const url = new URL(entry);
    this.origins = new Set(allowedOrigins.map((o) => new URL(o).origin));
    if (url.protocol === 'http:' || url.protocol === 'https:') this.origins.add(url.origin);
    else if (url.protocol === 'file:') this.fileRoot = realDir(path.dirname(fileURLToPath(url)));
    else throw new Error(`unsupported entry URI scheme ${url.protocol} in ${entry}: use http(s) or file`);
  }

  /** Verdicts on http(s) URIs, which depend on the URI alone; a turn asks about the same few many times. */
  private readonly httpVerdicts = new Map<string, OriginVerdict>();

  check(uri: string): OriginVerdict {
    const known = this.httpVerdicts.get(uri);
    if (known) return known;
    const verdict = this.decide(uri);
    if (uri.startsWith('http')) {
      // (file: verdicts are not kept: they follow symlinks, which may change)
      if (this.httpVerdicts.size >= MAX_REMEMBERED_VERDICTS) this.httpVerdicts.clear();
      this.httpVerdicts.set(uri, verdict);
    }
    return verdict;
  }

  private decide(uri: string): OriginVerdict {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return { ok: false, reason: `${uri} is not an absolute URI` };
    }
    switch (url.protocol) {
      case 'http:':
      case 'https:':
        if (url.username || url.password) return { ok: false, reason: `${url.origin}: credentials in URIs are not allowed` };
        return this.origins.has(url.origin)
          ? { ok: true }
          : { ok: false, reason: `${url.origin} is not an allowed origin for this application (allowed: ${[...this.origins].join(', ') || 'none'}); add it to ALLOWED_ORIGINS if it is trusted` };
      case 'file:': {
        if (this.fileRoot === undefined) return { ok: false, reason: `file: URIs are not allowed for an application served over http(s)` };
        if (url.host !== '' && url.host !== 'localhost') return { ok: false, reason: `file URI with a host (${url.host}) is not allowed` };
        const target = realTarget(fileURLToPath(url));
        return isInside(this.fileRoot, target)
          ? { ok: true }
          : { ok: false, reason: `${target} lies outside the application directory ${this.fileRoot}` };
      }
      default:
        return { ok: false, reason: `${url.protocol} URIs cannot be fetched (only http, https, and file for file applications)` };
    }
  }
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** Real path of the target, or of its nearest existing parent (a missing file is checked where it would be). */
function realTarget(p: string): string {
  let current = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(p);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}
