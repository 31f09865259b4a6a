/**
 * Additions documents made to the realm's named builtins (`Date.prototype.format = function …`) in snapshots.
 *
 * Such an addition lives in the realm, not in any scope: on the instance that ran the defining script it
 * stays for every later turn, but a call restored on another instance (or after the realm was evicted) would
 * lose it. So every snapshot lists the realm's additions — [builtin path, key, value, enumerable] — and a
 * restore puts back whichever the realm lacks (an addition already there is kept: every call of an application
 * runs the same code, so it is the same helper).
 *
 * A function defined by another call of the realm is written as its source text bound to THIS call's
 * session/application/document scopes, never with the other call's scope chain: a snapshot holds only its own
 * call's data. Accessor properties are not carried over.
 */
import type { Encoded, HeapWriter } from './serialize';
import type { HeapReader } from './restore';
import type { RealmCore } from './realm';

/** [builtin path, key, encoded value, 1 = enumerable]. */
export type ExtensionEntry = [string, string, Encoded, 0 | 1];

export function writeExtensions(core: RealmCore, w: HeapWriter, own: { names: object; chain: readonly object[] }): ExtensionEntry[] {
  const out: ExtensionEntry[] = [];
  for (const [path, key, d] of core.extensions()) {
    if (!('value' in d)) continue;
    out.push([path, key, encode(core, w, d.value, own), d.enumerable ? 1 : 0]);
  }
  return out;
}

function encode(core: RealmCore, w: HeapWriter, value: unknown, own: { names: object; chain: readonly object[] }): Encoded {
  if (typeof value !== 'function') return w.value(value);
  const reg = core.kit.regInfo(value);
  if (reg === undefined || typeof reg[0] !== 'string' || reg[1][0] === own.names) return w.value(value);
  // Another call's function: its text, bound to this call's scopes (index 0 stands for the names object).
  const chain = [0, ...own.chain.map((s) => w.ref(s))];
  const id = w.heap.length;
  w.heap.push(['f', reg[0], chain, []]);
  return { $r: id };
}

/** Puts back the additions this realm lacks. */
export function applyExtensions(core: RealmCore, reader: HeapReader, entries: unknown): void {
  if (!Array.isArray(entries)) return;
  for (const e of entries) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string') continue;
    core.kit.extend(e[0], e[1], reader.value(e[2]), e[3] === 1);
  }
}
