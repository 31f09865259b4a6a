/**
 * Realm-side bootstrap: ECMAScript source evaluated once inside every new realm (node:vm context).
 *
 * It must be realm code, not host code: any host function reachable by a document would hand it the host's
 * `Function` constructor (`f.constructor('return process')()`), so everything documents can touch — the
 * budget tick, Date, Math.random, the DOM — is defined here, and the host only keeps references to it.
 *
 * What it does:
 * - removes what could run code after the turn or block the thread (Promise, Atomics, SharedArrayBuffer,
 *   WebAssembly, WeakRef, FinalizationRegistry);
 * - makes Date/Date.now/new Date() and Math.random read the current call's turn clock (determinism);
 * - defines the budget tick and the function registry used by instrumented code;
 * - locks the shared intrinsics and the global object: no existing property of a builtin can be replaced,
 *   deleted or redefined (documents cannot swap Array.prototype.push or Function.prototype.constructor), and
 *   overridable names such as `toString` stay assignable on ordinary objects;
 * - keeps the builtins legacy documents add helpers to EXTENSIBLE (`Date.prototype.format = …`,
 *   `String.prototype.padLeft = …`): Object, Function, Array, String, Number, Boolean, Date, RegExp, Error,
 *   Map, Set — each constructor and its prototype — and Math and JSON.
 *   The realm is per application, so every call runs the same code and such an addition is idempotent; it is
 *   nevertheless realm-wide state, shared by the calls of the application in this process (see env.ts
 *   `serialize` for how additions follow a call to another instance). Every other intrinsic stays frozen.
 */
export const REALM_KIT_SOURCE = String.raw`(function () {
  'use strict';
  const G = globalThis;
  const realNow = Date.now;
  const RDate = Date;
  const RRangeError = RangeError;
  const freeze = Object.freeze;
  const defineProperty = Object.defineProperty;
  const getOwnPropertyNames = Object.getOwnPropertyNames;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const getPrototypeOf = Object.getPrototypeOf;
  const apply = Reflect.apply;
  const construct = Reflect.construct;
  const WM = WeakMap;
  const wmGet = WeakMap.prototype.get, wmSet = WeakMap.prototype.set, wmHas = WeakMap.prototype.has;

  for (const k of ['Promise', 'Atomics', 'SharedArrayBuffer', 'WebAssembly', 'WeakRef', 'FinalizationRegistry', 'console']) {
    delete G[k];
  }

  // ---- turn state: the host points ctl.turn at the calling Env's {now, rng} before every entry ----
  // dirty: code that may have added properties to the named builtins has run since the host last looked.
  // pending: the builtins ('|'-joined paths) such code named (dirty: it could not name them: list them all).
  const ctl = { turn: { now: 0, rng: 1 }, chain: null, landing: null, deadline: 0, n: 0, limit: 512, expired: false, depth: 0, dirty: false, pending: '' };
  // Document functions may nest this deep. Far below V8's own limit on purpose: near that limit V8 itself
  // aborts the process in places (e.g. compiling a regular expression), so document code never gets there.
  const MAX_DEPTH = 800;

  function tick() {
    if (++ctl.n < ctl.limit) return;
    ctl.n = 0;
    if (ctl.expired || realNow() > ctl.deadline) {
      ctl.expired = true;
      ctl.limit = 0;
      throw new RRangeError('script exceeded the turn time budget');
    }
  }

  // Code about to run may add to builtins: 1 any of them, or the '|'-joined paths of those it names.
  function mark(m) {
    if (m === 1) ctl.dirty = true;
    else if (typeof m === 'string' && ctl.pending.length < 4096) ctl.pending = ctl.pending === '' ? m : ctl.pending + '|' + m;
    else if (typeof m === 'string') ctl.dirty = true;
  }
  // (m: the function's own code may extend a builtin: see instrument.ts)
  function enter(m) {
    if (m !== undefined) mark(m);
    tick();
    if (ctl.depth >= MAX_DEPTH) throw new RRangeError('Maximum call stack size exceeded');
    ctl.depth++;
  }
  function exit() { ctl.depth--; }

  // ---- function registry: fn -> [original source text, scope chain] (for serialisation) ----
  const regs = new WM();
  function reg(fn, source, chain) {
    apply(wmSet, regs, [fn, [source, chain]]);
    return fn;
  }
  function regInfo(fn) {
    return apply(wmGet, regs, [fn]);
  }

  // ---- deterministic Date and Math.random ----
  // (named VDate: a declaration named Date would be hoisted over the builtin read above)
  function VDate(y, m, d, h, mi, s, ms) {
    if (new.target === undefined) return new RDate(ctl.turn.now).toString();
    if (arguments.length === 0) return construct(RDate, [ctl.turn.now], new.target);
    return construct(RDate, Array.prototype.slice.call(arguments), new.target);
  }
  defineProperty(VDate, 'name', { value: 'Date' });
  VDate.prototype = RDate.prototype;
  defineProperty(RDate.prototype, 'constructor', { value: VDate, writable: true, configurable: true });
  defineProperty(VDate, 'now', { value: function now() { return ctl.turn.now; }, writable: true, configurable: true });
  defineProperty(VDate, 'UTC', { value: RDate.UTC, writable: true, configurable: true });
  defineProperty(VDate, 'parse', { value: RDate.parse, writable: true, configurable: true });
  defineProperty(G, 'Date', { value: VDate, writable: true, configurable: true });
  const imul = Math.imul;
  defineProperty(Math, 'random', {
    value: function random() {
      // mulberry32 over the call's turn state
      const t = ctl.turn;
      let s = (t.rng = (t.rng + 0x6d2b79f5) | 0);
      s = imul(s ^ (s >>> 15), s | 1);
      s ^= s + imul(s ^ (s >>> 7), s | 61);
      return ((s ^ (s >>> 14)) >>> 0) / 4294967296;
    },
    writable: true,
    configurable: true,
  });

  function toStr(v) { return String(v); }

  // ---- eval and Function: compiled by the host through the same instrumentation (code generation from
  // strings is otherwise disabled in this context). The hook is a host function: it stays in this closure,
  // and anything host code throws (e.g. a stack overflow inside it) is replaced by a realm error here.
  let compileHook = null;
  function setCompileHook(h) { if (compileHook === null) compileHook = h; }
  const RObject = Object, RError = Error, RRangeError2 = RangeError;
  function viaHost(kind, a, b) {
    try {
      return compileHook(kind, a, b);
    } catch (e) {
      if (e !== null && (typeof e === 'object' || typeof e === 'function') && !(e instanceof RObject) && getPrototypeOf(e) !== null) {
        throw new RRangeError2('Maximum call stack size exceeded');
      }
      throw e;
    }
  }
  const evalShim = { eval: function (x) { return typeof x === 'string' ? viaHost('eval', x) : x; } }.eval;
  function FunctionShim() {
    const params = [];
    for (let i = 0; i < arguments.length - 1; i++) params.push(String(arguments[i]));
    const body = arguments.length > 0 ? String(arguments[arguments.length - 1]) : '';
    return viaHost('function', params.join(','), body);
  }
  defineProperty(FunctionShim, 'name', { value: 'Function' });
  FunctionShim.prototype = Function.prototype;
  defineProperty(Function.prototype, 'constructor', { value: FunctionShim, writable: true, configurable: true });
  defineProperty(G, 'Function', { value: FunctionShim, writable: true, configurable: true });
  defineProperty(G, 'eval', { value: evalShim, writable: true, configurable: true });

  // ---- lockdown ----
  // Names commonly assigned on instances and prototypes of user code: turned into accessors so that
  // freezing the intrinsic that holds them does not make such assignments fail (the "override mistake").
  const OVERRIDABLE = {
    'Object.prototype': ['constructor', 'toString', 'valueOf', 'toLocaleString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable'],
    'Function.prototype': ['toString', 'constructor', 'apply', 'call', 'bind'],
    'Error.prototype': ['constructor', 'name', 'message', 'toString'],
    'Array.prototype': ['constructor', 'toString', 'push', 'join', 'sort', 'concat', 'slice', 'splice', 'indexOf', 'map', 'forEach', 'filter'],
    'String.prototype': ['constructor', 'toString', 'trim', 'valueOf'],
    'Number.prototype': ['constructor', 'toString', 'valueOf', 'toFixed'],
    'Boolean.prototype': ['constructor', 'toString', 'valueOf'],
    'Date.prototype': ['constructor', 'toString', 'toJSON', 'valueOf'],
    'RegExp.prototype': ['constructor', 'toString', 'exec'],
  };
  function tame(obj, key) {
    const d = getOwnPropertyDescriptor(obj, key);
    if (!d || !('value' in d) || !d.configurable) return;
    const value = d.value;
    defineProperty(obj, key, {
      get: function () { return value; },
      set: function (v) {
        // On the built-in itself the assignment is ignored, as sloppy code ignores writes to read-only
        // properties (an unguarded polyfill keeps the built-in, which does the same job).
        if (this === obj || Object(this) !== this) return;
        defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: d.enumerable,
      configurable: false,
    });
  }
  for (const path of Object.keys(OVERRIDABLE)) {
    const parts = path.split('.');
    const obj = G[parts[0]][parts[1]];
    for (const key of OVERRIDABLE[path]) tame(obj, key);
  }
  // The builtins legacy code extends stay extensible: these constructors, their prototypes, Math and JSON.
  // (Every other intrinsic stays frozen: a longer list would only make listing additions slower.)
  const EXTENSIBLE = ['Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Date', 'RegExp', 'Error', 'Map', 'Set', 'Math', 'JSON'];
  const extensible = new WM();
  const extensibleList = [];
  function markExtensible(path, v) {
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || apply(wmHas, extensible, [v])) return;
    apply(wmSet, extensible, [v, path]);
    extensibleList.push([path, v]);
  }
  for (const k of EXTENSIBLE) {
    const d = getOwnPropertyDescriptor(G, k);
    if (!d || !('value' in d)) continue;
    markExtensible(k, d.value);
    if (typeof d.value === 'function') {
      const pd = getOwnPropertyDescriptor(d.value, 'prototype');
      if (pd && 'value' in pd) markExtensible(k + '.prototype', pd.value);
    }
  }
  // Existing properties become read-only and permanent; new ones may still be added.
  function lockExisting(v) {
    for (const k of Reflect.ownKeys(v)) {
      const d = getOwnPropertyDescriptor(v, k);
      if ('value' in d) {
        if (d.writable || d.configurable) defineProperty(v, k, { writable: false, configurable: false });
      } else if (d.configurable) defineProperty(v, k, { configurable: false });
    }
  }
  // Everything reachable from the global object's own properties, their prototypes and constructors.
  const seen = new WM();
  const intrinsicPaths = new WM();
  const byPath = { __proto__: null };
  function deepFreeze(v, path) {
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return;
    if (apply(wmHas, seen, [v])) return;
    apply(wmSet, seen, [v, true]);
    if (typeof v === 'function' && path) { apply(wmSet, intrinsicPaths, [v, path]); byPath[path] = v; }
    if (apply(wmHas, extensible, [v])) lockExisting(v);
    else freeze(v);
    for (const k of getOwnPropertyNames(v)) {
      const d = getOwnPropertyDescriptor(v, k);
      if ('value' in d) deepFreeze(d.value, path && /^[A-Za-z_$][\w$]*$/.test(k) ? path + '.' + k : '');
      else { deepFreeze(d.get, ''); deepFreeze(d.set, ''); }
    }
    for (const s of Object.getOwnPropertySymbols(v)) {
      const d = getOwnPropertyDescriptor(v, s);
      if ('value' in d) deepFreeze(d.value, ''); else { deepFreeze(d.get, ''); deepFreeze(d.set, ''); }
    }
    deepFreeze(getPrototypeOf(v), '');
  }
  // intrinsics not reachable by name from the global object
  const hidden = [
    getPrototypeOf(function* () {}), getPrototypeOf(getPrototypeOf([][Symbol.iterator]())),
    getPrototypeOf([][Symbol.iterator]()), getPrototypeOf(new Map()[Symbol.iterator]()),
    getPrototypeOf(new Set()[Symbol.iterator]()), getPrototypeOf(''[Symbol.iterator]()),
    getPrototypeOf(/x/[Symbol.matchAll]('')), getPrototypeOf(Int8Array),
  ];
  for (const k of getOwnPropertyNames(G)) {
    if (k === 'globalThis') continue;
    const d = getOwnPropertyDescriptor(G, k);
    if ('value' in d) deepFreeze(d.value, k);
    if (d.configurable) defineProperty(G, k, { value: G[k], writable: false, enumerable: d.enumerable, configurable: false });
  }
  for (const h of hidden) deepFreeze(h, '');
  function intrinsicPath(fn) { return apply(wmGet, intrinsicPaths, [fn]); }
  function intrinsicAt(path) { return byPath[path]; }

  // ---- additions to the named builtins (after lockdown every own property there was added by a document) ----
  const baseline = new WM();
  for (const [, v] of extensibleList) {
    const keys = { __proto__: null };
    for (const k of getOwnPropertyNames(v)) keys[k] = true;
    apply(wmSet, baseline, [v, keys]);
  }
  const extensibleAt = { __proto__: null };
  for (const [path, v] of extensibleList) extensibleAt[path] = v;
  // [path, key, descriptor] of every string-keyed property added since lockdown (the host calls this only
  // when ctl.dirty says code that may add one has run: listing costs tens of microseconds).
  function extensions(only) {
    const out = [];
    const wanted = typeof only === 'string' ? only.split('|') : null;
    for (let i = 0; i < extensibleList.length; i++) {
      const path = extensibleList[i][0], v = extensibleList[i][1];
      if (wanted !== null && wanted.indexOf(path) < 0) continue;
      const base = apply(wmGet, baseline, [v]);
      const names = getOwnPropertyNames(v);
      for (let j = 0; j < names.length; j++) {
        const k = names[j];
        // (defined, not pushed: an index accessor a document put on Array.prototype must not see this)
        if (!(k in base)) defineProperty(out, out.length, { value: [path, k, getOwnPropertyDescriptor(v, k)], writable: true, enumerable: true, configurable: true });
      }
    }
    return out;
  }
  // Adds key to the builtin at path unless it already has it (another call of the realm added it first).
  function extend(path, key, value, enumerable) {
    const v = extensibleAt[path];
    if (v === undefined || getOwnPropertyDescriptor(v, key) !== undefined) return false;
    defineProperty(v, key, { value: value, writable: true, enumerable: enumerable, configurable: true });
    mark(path);
    return true;
  }

  // Traps of the contextified sandbox Proxy, installed by the host once this bootstrap is done. They are
  // realm functions on purpose: an error raised inside a host trap (e.g. a stack overflow provoked by deep
  // recursion) would be a host object, and its constructor chain would lead to the host's Function.
  const RTypeError = TypeError;
  const traps = freeze({
    set: function (t, key) { throw new RTypeError('cannot create the global variable ' + String(key)); },
    defineProperty: function (t, key) { throw new RTypeError('cannot define the global variable ' + String(key)); },
    deleteProperty: function () { return false; },
  });

  // Every global binding, as the prototype of each call's scope-name object (the outermost with-scope):
  // builtins then resolve by a plain property lookup instead of the contextified global's interceptor.
  const BUILTINS = { __proto__: null };
  for (const k of getOwnPropertyNames(G)) BUILTINS[k] = G[k];
  freeze(BUILTINS);

  // The object compiled code runs with as its this-value: the scope objects (outermost first) and the
  // instrumentation functions, read through this because any identifier inside a with-statement is a slow
  // dynamic lookup.
  // (defined, not assigned: a setter a document added to Array.prototype or Object.prototype must never see
  // the scope chain of a call)
  const slice = Array.prototype.slice;
  function setOwn(o, k, v) {
    if (k in o) defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
    else o[k] = v; // (nothing on the prototype chain to intercept it: the fast path)
  }
  function mkCarrier() {
    const c = apply(slice, arguments, []);
    setOwn(c, 't', tick);
    setOwn(c, 'r', reg);
    setOwn(c, 'e', enter);
    setOwn(c, 'x', exit);
    return freeze(c);
  }
  function newTurn(now, rng) { return { now: now, rng: rng }; }

  return freeze({
    ctl, traps, setCompileHook, tick, enter, exit, reg, regInfo, BUILTINS, toStr, intrinsicPath, intrinsicAt, mkCarrier, newTurn,
    extensions, extend, mark,
    RDate, RRegExp: RegExp, RObjectProto: Object.prototype, RArray: Array, RError: Error, RTypeError: TypeError,
    RSyntaxError: SyntaxError, RReferenceError: ReferenceError, RRangeError: RangeError, RMap: Map, RSet: Set,
    RObject: Object, RString: String, RNumber: Number, RBoolean: Boolean,
  });
})()`;
