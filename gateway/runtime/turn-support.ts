/** Small helpers of the turn loop: deterministic seeds, the call's pinned documents, log context from traces. */
import type { TraceEntry } from '../../contracts/interpreter';
import type { SessionState } from '../../contracts/session';

/** Same call + same turn → same seed, so a turn re-stepped after a fetch computes the same Math.random(). */
export function seedFor(callId: string, seq: number): number {
  // FNV-1a: cheap and well spread; the seed needs no cryptographic strength.
  let h = 0x811c9dc5;
  const text = `${callId}\n${seq}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Documents the call is executing (current document, its root, suspended subdialog callers). They are used
 * as last loaded even when their cache entry went stale: a platform keeps executing the document it has.
 */
export function pinnedDocuments(session: SessionState | null): Set<string> {
  const out = new Set<string>();
  if (!session) return out;
  const interp = session.interp;
  const add = (uri: string | undefined): void => {
    if (uri) out.add(uri.split('#')[0]);
  };
  add(interp.exec?.doc);
  add(interp.exec?.root);
  for (const frame of interp.stack ?? []) {
    add(frame.exec.doc);
    add(frame.exec.root);
  }
  return out;
}

/** Where the turn ended up, for the turn's log line: last dialog and element position. */
export function describeTrace(trace: TraceEntry[]): { dialog?: string; at?: string } {
  for (let i = trace.length - 1; i >= 0; i--) {
    const t = trace[i];
    if (t.kind === 'item') return { dialog: t.dialog, at: `${t.uri}:${t.loc.line}` };
    if (t.kind === 'dialog') return { dialog: t.dialog, at: `${t.uri}:${t.loc.line}` };
  }
  return {};
}
