/** Rebuilds the objects of a heap written by HeapWriter (see serialize.ts for the format). */
import { ScriptError } from './api';
import { fromData, putData } from './data';
import type { Chain, RealmCore, TurnCell } from './realm';
import type { HeapEntry } from './serialize';

function isRef(v: unknown): v is { $r: number } {
  return typeof v === 'object' && v !== null && typeof (v as { $r?: unknown }).$r === 'number';
}

export class HeapReader {
  private readonly objects: unknown[];

  constructor(
    private readonly core: RealmCore,
    heap: HeapEntry[],
    private readonly names: object,
    turn: TurnCell,
  ) {
    if (!Array.isArray(heap)) throw new ScriptError('malformed ECMAScript snapshot: heap is not an array', 'other');
    this.objects = new Array<unknown>(heap.length);
    // 1. shells (everything but functions and DOM nodes, which need other shells first)
    heap.forEach((e, i) => {
      if (!Array.isArray(e)) throw new ScriptError(`malformed ECMAScript snapshot: entry ${i}`, 'other');
      this.objects[i] = this.shell(e);
    });
    // 2. functions: recompiled from source in their restored scope chain — one chain carrier per distinct
    //    chain (a document's functions are mostly declared in the same scopes), as when they were created
    const chains = new Map<string, Chain>();
    core.call(turn, Date.now() + 1000, core.chain([names]), names, () => {
      heap.forEach((e, i) => {
        if (e[0] !== 'f') return;
        const refs = e[2] as number[];
        const key = refs.join(',');
        let chain = chains.get(key);
        if (chain === undefined) {
          chain = core.chain([this.names, ...refs.slice(1).map((r) => this.objects[r] as object)]);
          chains.set(key, chain);
        }
        try {
          this.objects[i] = core.run(core.compile(String(e[1]), 'expression'), chain);
        } catch (err) {
          // A text this version cannot compile any more: the variable survives, the function does not.
          if (!(err instanceof ScriptError)) throw err;
          this.objects[i] = undefined;
        }
      });
    });
    // 3. DOM nodes and lists, located inside their restored documents
    heap.forEach((e, i) => {
      if (e[0] === 'xn') this.objects[i] = core.dom.resolve(this.objects[e[1] as number] as object, e[2] as (string | number)[]);
    });
    // 4. contents
    heap.forEach((e, i) => this.fill(e, this.objects[i]));
  }

  value(enc: unknown): unknown {
    if (typeof enc !== 'object' || enc === null) return enc;
    if (isRef(enc)) return this.objects[enc.$r];
    switch ((enc as { $?: unknown }).$) {
      case 'u':
        return undefined;
      case 'NaN':
        return NaN;
      case 'Infinity':
        return Infinity;
      case '-Infinity':
        return -Infinity;
      case '-0':
        return -0;
      case 'big':
        return BigInt(String((enc as { v?: unknown }).v));
      default:
        throw new ScriptError('malformed ECMAScript snapshot: unknown value encoding', 'other');
    }
  }

  private shell(e: HeapEntry): unknown {
    const kit = this.core.kit;
    switch (e[0]) {
      case 'n':
        return Object.create(null);
      case 'o':
        return Object.create(kit.RObjectProto);
      case 'a':
        return new kit.RArray();
      case 'd':
        return new kit.RDate(this.value(e[1]) as number);
      case 'r': {
        const r = new kit.RRegExp(String(e[1]), String(e[2]));
        r.lastIndex = this.value(e[3]) as number;
        return r;
      }
      case 'b':
        return kit.RObject(this.value(e[1]));
      case 'm':
        return new kit.RMap();
      case 's':
        return new kit.RSet();
      case 'e': {
        const ctor = (kit as unknown as Record<string, new (m: string) => object>)[`R${String(e[1])}`] ?? kit.RError;
        return new ctor(String(e[2]));
      }
      case 'i':
        return kit.intrinsicAt(String(e[1]));
      case 'xd':
        return this.core.dom.makeDom(fromData(kit, e[1]));
      case 'f':
      case 'xn':
      case 'x':
        return undefined;
      default:
        throw new ScriptError(`malformed ECMAScript snapshot: unknown entry ${String(e[0])}`, 'other');
    }
  }

  private fill(e: HeapEntry, obj: unknown): void {
    switch (e[0]) {
      case 'n':
      case 'o':
        this.props(obj as object, e[1] as unknown[]);
        if (e[0] === 'o' && e.length > 2) {
          const proto = this.value(e[2]);
          if (typeof proto === 'object' || typeof proto === 'function') Object.setPrototypeOf(obj, proto);
        }
        return;
      case 'a': {
        const arr = obj as unknown[];
        (e[1] as unknown[]).forEach((item, i) => putData(arr, i, this.value(item)));
        if (e.length > 2) this.props(arr, e[2] as unknown[]);
        return;
      }
      case 'm':
        for (const [k, v] of e[1] as [unknown, unknown][]) (obj as Map<unknown, unknown>).set(this.value(k), this.value(v));
        return;
      case 's':
        for (const v of e[1] as unknown[]) (obj as Set<unknown>).add(this.value(v));
        return;
      case 'e':
        this.props(obj as object, e[3] as unknown[]);
        return;
      case 'f':
        if (typeof obj === 'function') this.props(obj, e[3] as unknown[]);
        return;
      default:
        return;
    }
  }

  private props(obj: object, props: unknown[]): void {
    for (const p of props) {
      const [key, enc, flags] = p as [string, unknown, number | undefined];
      const value = this.value(enc);
      if (key === 'prototype' && typeof obj === 'function' && Object.prototype.hasOwnProperty.call(obj, 'prototype')) {
        (obj as { prototype: unknown }).prototype = value;
      } else if (flags === 1 || key === '__proto__' || typeof obj === 'function') {
        Object.defineProperty(obj, key, { value, writable: true, enumerable: flags !== 1, configurable: true });
      } else {
        putData(obj, key, value); // (an assignment unless a builtin's addition could intercept it: much faster)
      }
    }
  }
}
