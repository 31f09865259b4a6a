/** Host-side view of the objects realm-kit and dom-kit return (realm values, typed for the host). */
import type { TurnCell } from './realm';

type Ctor<T = object> = (new (...args: never[]) => T) & { prototype: object };

export interface RealmKit {
  /**
   * `dirty`: code that may have added properties to any named builtin ran since the host last listed them;
   * `pending`: the '|'-joined paths of the builtins such code named.
   */
  ctl: { turn: TurnCell; chain: readonly object[]; landing: object; deadline: number; n: number; limit: number; expired: boolean; depth: number; dirty: boolean; pending: string };
  setCompileHook: (hook: (kind: unknown, a: unknown, b: unknown) => unknown) => void;
  traps: Required<Pick<ProxyHandler<object>, 'set' | 'defineProperty' | 'deleteProperty'>>;
  tick: () => void;
  reg: (fn: unknown, source: string, chain: unknown) => unknown;
  regInfo: (fn: unknown) => [string, readonly object[]] | undefined;
  /** Null-prototype, frozen: every global binding of the realm. */
  BUILTINS: Record<string, unknown>;
  toStr: (v: unknown) => string;
  intrinsicPath: (fn: unknown) => string | undefined;
  intrinsicAt: (path: string) => unknown;
  mkCarrier: (...scopes: object[]) => readonly object[];
  newTurn: (now: number, rng: number) => TurnCell;
  /** [builtin path, key, descriptor] of what documents added to the named builtins (all, or the '|'-joined paths). */
  extensions: (only?: string) => readonly [string, string, PropertyDescriptor][];
  /** Notes that code about to run may extend builtins: 1 any, else '|'-joined paths. */
  mark: (m: 1 | string) => void;
  /** Adds `key` to the named builtin at `path` unless it has it already; whether it did. */
  extend: (path: string, key: string, value: unknown, enumerable: boolean) => boolean;
  RDate: (new (...args: (number | string)[]) => Date) & { prototype: object };
  RRegExp: new (source: string, flags?: string) => RegExp;
  RObjectProto: object;
  RArray: new (n?: number) => unknown[];
  RError: Ctor<Error>;
  RTypeError: new (message?: string) => Error;
  RSyntaxError: new (message?: string) => Error;
  RReferenceError: Ctor<Error>;
  RRangeError: new (message?: string) => Error;
  RMap: new () => Map<unknown, unknown>;
  RSet: new () => Set<unknown>;
  RObject: (v: unknown) => object;
  RString: (v: unknown) => string;
  RNumber: (v: unknown) => number;
  RBoolean: (v: unknown) => boolean;
}

export interface DomKit {
  makeDom: (xml: unknown) => object;
  info: (obj: unknown) => { doc: object; xml: unknown; loc: readonly (string | number)[] } | undefined;
  resolve: (doc: object, loc: readonly (string | number)[]) => unknown;
}
