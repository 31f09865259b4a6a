/** The session scope: read-only for documents. */
import { types } from 'node:util';

type Scope = Record<string, unknown>;

function deepFreeze(v: unknown, seen = new Set<unknown>()): void {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v) || types.isProxy(v)) return;
  seen.add(v);
  Object.freeze(v);
  for (const key of Object.getOwnPropertyNames(v)) {
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (d && 'value' in d) deepFreeze(d.value, seen);
  }
}

/**
 * Session variables are read-only and documents cannot declare new ones (VoiceXML 2.0 §5.1.2, W3C IR 398):
 * their values are frozen, the bindings not writable, the scope not extensible. Only the platform changes
 * them (setShadow / declare at 'session' level, which replace the scope object).
 */
export function sealSession(s: Scope): Scope {
  for (const key of Object.keys(s)) {
    deepFreeze(s[key]);
    Object.defineProperty(s, key, { value: s[key], writable: false, enumerable: true, configurable: true });
  }
  Object.preventExtensions(s);
  return s;
}
