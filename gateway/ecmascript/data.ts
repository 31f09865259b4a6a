/**
 * Data crossing the realm boundary. Host objects must never reach document code (their prototypes lead to
 * the host's Function constructor), so everything entering is deep-copied into realm objects; everything
 * leaving is copied out as JSON-compatible data without running document code (no getters, no toJSON).
 */
import { types } from 'node:util';
import { ScriptError } from './api';
import type { RealmKit } from './kit-types';

/**
 * Whether `v` can be handed to document code as is: a primitive, a proxy (only document code makes them), or
 * an object whose prototype chain reaches the realm's Object.prototype. Decided by identity, not
 * `instanceof`: the host may be made of several contexts (test runners run modules in their own).
 * Null-prototype objects are copied (their contents may be host objects).
 */
export function isRealmValue(kit: RealmKit, v: unknown): boolean {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return true;
  if (types.isProxy(v)) return true;
  for (let p = Object.getPrototypeOf(v) as object | null, depth = 0; p !== null && depth < 100; depth++) {
    if (p === kit.RObjectProto) return true;
    if (types.isProxy(p)) return true;
    p = Object.getPrototypeOf(p) as object | null;
  }
  return false;
}

/**
 * Puts a data property on a fresh realm object. A plain assignment is the fast path, but it would run a
 * setter (or hit a read-only property) that a document added to Object.prototype or Array.prototype for that
 * key — the named builtins are extensible — so an inherited key is defined instead. (`__proto__` and the
 * like become own data properties, never the object's prototype.)
 */
export function putData(obj: object, key: string | number, value: unknown): void {
  if (key in obj) Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else (obj as Record<string | number, unknown>)[key] = value;
}

/** Deep copy of plain host data into the realm (objects, arrays, Dates, RegExps; shared references and cycles kept). */
export function fromData(kit: RealmKit, value: unknown): unknown {
  const seen = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (isRealmValue(kit, v)) return v; // primitives and realm values pass through
    if (typeof v === 'function') throw new ScriptError('a host function cannot be passed to document ECMAScript', 'type');
    if (typeof v !== 'object' || v === null) return v;
    const hit = seen.get(v);
    if (hit !== undefined) return hit;
    if (types.isDate(v)) {
      const d = new kit.RDate((v as Date).getTime());
      seen.set(v, d);
      return d;
    }
    if (types.isRegExp(v)) {
      const r = new kit.RRegExp((v as RegExp).source, (v as RegExp).flags);
      seen.set(v, r);
      return r;
    }
    if (Array.isArray(v)) {
      const a = new kit.RArray();
      seen.set(v, a);
      for (let i = 0; i < v.length; i++) putData(a, i, copy(v[i]));
      return a;
    }
    const o = Object.create(kit.RObjectProto) as Record<string, unknown>;
    seen.set(v, o);
    for (const key of Object.keys(v)) putData(o, key, copy((v as Record<string, unknown>)[key]));
    return o;
  };
  return copy(value);
}

/**
 * The time value of a realm Date, read through the host's own Date.prototype.getTime (internal slots work
 * across realms): `d.getTime()` would run a `getTime` a document defined on that very object.
 */
export function timeOf(d: object): number {
  return Date.prototype.getTime.call(d);
}

/** The primitive inside a boxed primitive, read the same way (never the object's own valueOf). */
export function unbox(obj: object): unknown {
  if (types.isNumberObject(obj)) return Number.prototype.valueOf.call(obj);
  if (types.isStringObject(obj)) return String.prototype.valueOf.call(obj);
  if (types.isBooleanObject(obj)) return Boolean.prototype.valueOf.call(obj);
  if (types.isBigIntObject(obj)) return BigInt.prototype.valueOf.call(obj);
  if (types.isSymbolObject(obj)) return Symbol.prototype.valueOf.call(obj);
  return undefined;
}

/** Own enumerable data properties, read without invoking getters or proxy traps. */
function dataEntries(v: object): [string, unknown][] {
  if (types.isProxy(v)) return [];
  const out: [string, unknown][] = [];
  for (const key of Object.getOwnPropertyNames(v)) {
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (d && d.enumerable && 'value' in d) out.push([key, d.value]);
  }
  return out;
}

/**
 * Copies a realm value out as JSON-compatible data, following JSON.stringify's rules (undefined/functions
 * dropped from objects and null in arrays, NaN/±Infinity → null, Dates → ISO strings) without running
 * document code. A cycle throws ScriptError('type'), as JSON.stringify would.
 */
export function toData(value: unknown): unknown {
  const path = new Set<object>();
  const out = (v: unknown, inArray: boolean): unknown => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return Number.isFinite(v) ? v : null;
      case 'bigint':
        return String(v);
      case 'undefined':
      case 'function':
      case 'symbol':
        return inArray ? null : undefined;
      default:
        break;
    }
    if (v === null) return null;
    const obj = v as object;
    if (types.isDate(obj)) {
      const t = timeOf(obj);
      return Number.isFinite(t) ? new Date(t).toISOString() : null;
    }
    if (types.isBoxedPrimitive(obj)) return out(unbox(obj), inArray);
    if (path.has(obj)) throw new ScriptError('cannot convert a cyclic structure to data', 'type');
    path.add(obj);
    let result: unknown;
    if (Array.isArray(obj) && !types.isProxy(obj)) {
      const arr: unknown[] = [];
      for (let i = 0; i < obj.length; i++) {
        const d = Object.getOwnPropertyDescriptor(obj, i);
        arr.push(out(d && 'value' in d ? d.value : undefined, true));
      }
      result = arr;
    } else {
      const rec: Record<string, unknown> = {};
      for (const [key, val] of dataEntries(obj)) {
        const x = out(val, false);
        if (x !== undefined) rec[key] = x;
      }
      result = rec;
    }
    path.delete(obj);
    return result;
  };
  return out(value, false);
}
