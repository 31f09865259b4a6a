/**
 * Additions documents made to the realm's named builtins (`Date.prototype.format = function …`) in snapshots.
 *
 * Such an addition lives in the realm, not in any scope: on the instance that ran the defining script it
 * stays for every later turn, but a call restored on another instance (or after the realm was evicted) would
 * lose it. So every snapshot lists the realm's additions — [builtin path, key, value, enumerable] — and a
 * restore puts back whichever the realm lacks (an addition already there is kept: every call of an application
 * runs the same code, so it is the same helper).
 *
 * A function defined by another call of the realm is written (by HeapWriter) as its source text bound to
 * THIS call's session/application/document scopes, never with the other call's scope chain: a snapshot holds
 * only its own call's data. Accessor properties are not carried over.
 */
import type { Encoded, HeapWriter } from './serialize';
import type { HeapReader } from './restore';
import type { RealmCore } from './realm';

/** [builtin path, key, encoded value, 1 = enumerable]. */
export type ExtensionEntry = [string, string, Encoded, 0 | 1];

export function writeExtensions(core: RealmCore, w: HeapWriter): ExtensionEntry[] {
  const out: ExtensionEntry[] = [];
  for (const [path, key, d] of core.extensions()) {
    if (!('value' in d)) continue;
    // (a function of another call is rebound by the writer to the call being written)
    out.push([path, key, w.value(d.value), d.enumerable ? 1 : 0]);
  }
  return out;
}

/** Puts back the additions this realm lacks. */
export function applyExtensions(core: RealmCore, reader: HeapReader, entries: unknown): void {
  if (!Array.isArray(entries)) return;
  for (const e of entries) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string') continue;
    core.kit.extend(e[0], e[1], reader.value(e[2]), e[3] === 1);
  }
}
