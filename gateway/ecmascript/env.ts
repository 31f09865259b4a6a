/**
 * Per-call ECMAScript state (VoiceXML 2.0 §5.1): the scope objects session → application → document →
 * dialog → anonymous, the turn clock, and the budget deadline. Scope objects are null-prototype realm objects
 * (so `toString`, `constructor`… never resolve through a `with` scope by accident); the scope names
 * (`application.x`, `document.x`, `dialog.x`, `session.x`) live on one more, outermost, read-only object.
 */
import { ScriptError, type Env, type ScopeName, type SerializedScopes, type TurnClock } from './api';
import { fromData, isRealmValue, toData } from './data';
import { DEFAULT_BUDGET_MS, type Chain, type Compiled, type RealmCore, type TurnCell } from './realm';
import { HeapReader } from './restore';
import { HeapWriter } from './serialize';
import { applyExtensions, writeExtensions } from './extensions';
import type { XmlNode } from '../../contracts/xml';
import { PREFIXES, parseName } from './scope-names';
import { sealSession } from './session-scope';

type Scope = Record<string, unknown>;

/** Scope objects have no prototype, so `toString`, `constructor`… never resolve through a scope by accident. */
function newScope(): Scope {
  return Object.create(null) as Scope;
}

const LEVELS: Record<ScopeName, number> = { session: 0, application: 1, document: 2, dialog: 3, anonymous: 4 };

interface Layout {
  session: Scope;
  application: Scope;
  document: Scope;
  dialog: Scope | null;
  anon: Scope[];
}

export class RealmEnv implements Env {
  private readonly names: Scope;
  private readonly turn: TurnCell;
  private deadline = 0;
  private turnBegun = false;
  private chains: (Chain | undefined)[] = [];

  private constructor(
    private readonly core: RealmCore,
    private scopes: Layout,
    names?: Scope,
  ) {
    this.names = names ?? RealmEnv.newNames(core);
    this.turn = core.kit.newTurn(0, 1);
    this.updateNames();
  }

  /** The outermost `with` object: scope names, then (through its prototype) the realm's builtins. */
  private static newNames(core: RealmCore): Scope {
    return Object.create(core.kit.BUILTINS) as Scope;
  }

  static create(core: RealmCore, session: Record<string, unknown>): RealmEnv {
    const s = newScope();
    const env = new RealmEnv(core, { session: s, application: newScope(), document: newScope(), dialog: null, anon: [] });
    for (const key of Object.keys(session)) s[key] = env.toRealm(session[key]);
    sealSession(s);
    return env;
  }

  static restore(core: RealmCore, snapshot: SerializedScopes): RealmEnv {
    const snap = snapshot as { v?: unknown; heap?: unknown; scopes?: Record<string, unknown> };
    if (snap.v !== 1 || !Array.isArray(snap.heap) || typeof snap.scopes !== 'object' || snap.scopes === null) {
      throw new ScriptError('malformed ECMAScript snapshot (expected { v: 1, heap, scopes })', 'other');
    }
    const names = RealmEnv.newNames(core);
    const reader = new HeapReader(core, snap.heap as unknown[][], names, core.kit.newTurn(0, 1));
    const sc = snap.scopes;
    const scope = (enc: unknown): Scope => {
      const v = reader.value(enc);
      if (typeof v !== 'object' || v === null) throw new ScriptError('malformed ECMAScript snapshot: scope is not an object', 'other');
      return v as Scope;
    };
    const layout: Layout = {
      session: sealSession(scope(sc.session)),
      application: scope(sc.application),
      document: scope(sc.document),
      dialog: sc.dialog === null || sc.dialog === undefined ? null : scope(sc.dialog),
      anon: Array.isArray(sc.anon) ? sc.anon.map(scope) : [],
    };
    applyExtensions(core, reader, (snapshot as { ext?: unknown }).ext);
    return new RealmEnv(core, layout, names);
  }

  // ---- turn ----

  beginTurn(clock: TurnClock): void {
    this.turn.now = clock.now;
    this.turn.rng = clock.seed | 0;
    this.deadline = Date.now() + clock.budgetMs;
    this.turnBegun = true;
  }

  /** Host code that may run document code (getters, toString): under the turn's clock and budget. */
  private enter<T>(body: () => T): T {
    return this.core.call(this.turn, this.currentDeadline(), this.chainFor('anonymous'), this.scopes.application, body);
  }

  private currentDeadline(): number {
    return this.turnBegun ? this.deadline : Date.now() + DEFAULT_BUDGET_MS;
  }

  // ---- scopes ----

  resetScope(level: 'application' | 'document' | 'dialog', opts?: { sameAsApplication?: boolean }): void {
    const s = this.scopes;
    switch (level) {
      case 'application':
        s.application = newScope();
        s.document = opts?.sameAsApplication ? s.application : newScope();
        break;
      case 'document':
        s.document = opts?.sameAsApplication ? s.application : newScope();
        break;
      case 'dialog':
        s.dialog = newScope();
        s.anon = [];
        this.changed(true);
        return;
      default: {
        const never: never = level;
        throw new ScriptError(`unknown scope ${String(never)}`, 'other');
      }
    }
    s.dialog = null;
    s.anon = [];
    this.changed(true);
  }

  openAnonymous(): void {
    this.scopes.anon.push(newScope());
    this.changed(false);
  }

  closeAnonymous(): void {
    this.scopes.anon.pop();
    this.changed(false);
  }

  private changed(names: boolean): void {
    this.chains = [];
    if (names) this.updateNames();
  }

  /** The scope names are read-only bindings: `document = 1` must not make `document.x` meaningless. */
  private updateNames(): void {
    const s = this.scopes;
    const set = (key: string, value: Scope | null): void => {
      if (value === null) delete this.names[key];
      else Object.defineProperty(this.names, key, { value, writable: false, enumerable: true, configurable: true });
    };
    set('session', s.session);
    set('application', s.application);
    set('document', s.document);
    set('dialog', s.dialog);
  }

  private scopeAt(level: ScopeName): Scope {
    const s = this.scopes;
    switch (level) {
      case 'session':
        return s.session;
      case 'application':
        return s.application;
      case 'document':
        return s.document;
      case 'dialog':
        if (s.dialog === null) throw new ScriptError('no dialog scope is open', 'other');
        return s.dialog;
      case 'anonymous': {
        const top = s.anon[s.anon.length - 1];
        if (top === undefined) throw new ScriptError('no anonymous scope is open', 'other');
        return top;
      }
      default: {
        const never: never = level;
        throw new ScriptError(`unknown scope ${String(never)}`, 'other');
      }
    }
  }

  private innermost(): Scope {
    const s = this.scopes;
    return s.anon[s.anon.length - 1] ?? s.dialog ?? s.document;
  }

  /** The chain code at `level` runs in: names, session, application, document, dialog, anonymous (absent ones left out). */
  private chainFor(level: ScopeName): Chain {
    const i = LEVELS[level];
    let c = this.chains[i];
    if (c === undefined) {
      const s = this.scopes;
      const list: object[] = [this.names, s.session];
      if (i >= 1) list.push(s.application);
      if (i >= 2 && s.document !== s.application) list.push(s.document);
      if (i >= 3 && s.dialog !== null) list.push(s.dialog);
      const top = s.anon[s.anon.length - 1];
      if (i >= 4 && top !== undefined) list.push(top);
      c = this.core.chain(list);
      this.chains[i] = c;
    }
    return c;
  }

  // ---- variables ----

  toRealm(value: unknown): unknown {
    return isRealmValue(this.core.kit, value) ? value : fromData(this.core.kit, value);
  }

  /** Splits `document.x.y` into the scope object holding the variable, the variable and the property path. */
  private locate(name: string): { scope: Scope | undefined; variable: string; path: readonly string[]; prefixed: boolean } {
    const parsed = parseName(name);
    if (parsed.prefix !== undefined) {
      const scope = parsed.prefix === 'dialog' && this.scopes.dialog === null ? undefined : this.scopeAt(parsed.prefix);
      return { scope: scope && parsed.variable in scope ? scope : undefined, variable: parsed.variable, path: parsed.path, prefixed: true };
    }
    return { scope: this.holder(parsed.variable), variable: parsed.variable, path: parsed.path, prefixed: false };
  }

  /** The innermost scope declaring `variable`. */
  private holder(variable: string): Scope | undefined {
    const s = this.scopes;
    const top = s.anon[s.anon.length - 1];
    if (top !== undefined && variable in top) return top;
    if (s.dialog !== null && variable in s.dialog) return s.dialog;
    if (variable in s.document) return s.document;
    if (variable in s.application) return s.application;
    if (variable in s.session) return s.session;
    return undefined;
  }

  declare(name: string, value: unknown, level?: ScopeName): void {
    const dot = name.indexOf('.');
    if (dot > 0 && PREFIXES.has(name.slice(0, dot))) {
      this.setShadow(name.slice(dot + 1), name.slice(0, dot) as ScopeName, value);
      return;
    }
    if (level !== undefined) this.setShadow(name, level, value);
    else this.innermost()[name] = this.toRealm(value);
  }

  assign(name: string, value: unknown): void {
    const where = this.locate(name);
    if (where.scope === undefined) {
      throw new ScriptError(`assignment to undeclared variable ${where.prefixed ? name.split('.').slice(0, 2).join('.') : where.variable}`, 'undeclared');
    }
    if (where.scope === this.scopes.session) throw new ScriptError(`session variables are read-only: cannot assign ${name}`, 'type');
    const v = this.toRealm(value);
    if (where.path.length === 0) {
      where.scope[where.variable] = v;
      return;
    }
    const scope = where.scope;
    this.enter(() => {
      let obj: unknown = scope[where.variable];
      for (let i = 0; i < where.path.length - 1; i++) obj = (obj as Scope)[where.path[i] as string];
      if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) {
        throw new ScriptError(`cannot set ${name}: ${where.path.slice(0, -1).join('.') || where.variable} is not an object`, 'type');
      }
      (obj as Scope)[where.path[where.path.length - 1] as string] = v;
    });
  }

  has(name: string): boolean {
    const where = this.locate(name);
    if (where.scope === undefined) return false;
    if (where.path.length === 0) return true;
    return this.enter(() => {
      let obj: unknown = (where.scope as Scope)[where.variable];
      for (const key of where.path) {
        if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null || !(key in obj)) return false;
        obj = (obj as Scope)[key];
      }
      return true;
    });
  }

  get(name: string): unknown {
    const where = this.locate(name);
    if (where.scope === undefined) return undefined;
    const scope = where.scope;
    if (where.path.length === 0) return scope[where.variable];
    return this.enter(() => {
      let obj: unknown = scope[where.variable];
      for (const key of where.path) {
        if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) return undefined;
        obj = (obj as Scope)[key];
      }
      return obj;
    });
  }

  setShadow(name: string, level: ScopeName, value: unknown): void {
    if (level !== 'session') {
      this.scopeAt(level)[name] = this.toRealm(value);
      return;
    }
    // The platform updating a session variable: a new sealed session scope with the new value.
    const old = this.scopes.session;
    const s = newScope();
    for (const key of Object.keys(old)) s[key] = old[key];
    s[name] = this.toRealm(value);
    this.scopes.session = sealSession(s);
    this.changed(true);
  }

  // ---- code ----

  /** Gives implicit globals a home (the application scope) before code that assigns them runs. */
  private prepare(compiled: Compiled, chain: Chain): void {
    for (const name of compiled.freeAssigned) {
      if (chain.some((s) => name in s)) continue; // (names inherits the builtins)
      this.scopes.application[name] = undefined;
    }
  }

  evaluate(expr: string): unknown {
    const compiled = this.core.compile(expr, 'expression');
    const chain = this.chainFor('anonymous');
    if (compiled.freeAssigned.length > 0) this.prepare(compiled, chain);
    return this.core.call(this.turn, this.currentDeadline(), chain, this.scopes.application, () => this.core.run(compiled, chain));
  }

  evalCond(expr: string): boolean {
    return Boolean(this.evaluate(expr));
  }

  run(source: string, level: ScopeName): void {
    if (level === 'session') throw new ScriptError('documents cannot run scripts in the session scope (it is read-only)', 'type');
    const compiled = this.core.compile(source, 'script');
    const target = this.scopeAt(level);
    const chain = this.chainFor(level);
    for (const name of compiled.declared) if (!(name in target)) target[name] = undefined;
    if (compiled.freeAssigned.length > 0) this.prepare(compiled, chain);
    this.core.call(this.turn, this.currentDeadline(), chain, this.scopes.application, () => this.core.run(compiled, chain));
  }

  // ---- data ----

  fromData(value: unknown): unknown {
    return fromData(this.core.kit, value);
  }

  toData(value: unknown): unknown {
    return toData(value);
  }

  toString(value: unknown): string {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return String(value);
    return this.enter(() => this.core.kit.toStr(value));
  }

  makeDom(xml: XmlNode): unknown {
    return this.core.dom.makeDom(fromData(this.core.kit, xml));
  }

  /**
   * The scopes as JSON, plus `ext`: what documents added to the realm's named builtins (extensions.ts), so a
   * call restored on another instance finds `Date.prototype.format` where its scripts put it.
   */
  serialize(): SerializedScopes {
    const s = this.scopes;
    const own = s.document === s.application ? [s.session, s.application] : [s.session, s.application, s.document];
    const w = new HeapWriter(this.core, { names: this.names, chain: own });
    const scopes = {
      session: w.value(s.session),
      application: w.value(s.application),
      document: w.value(s.document),
      dialog: s.dialog === null ? null : w.value(s.dialog),
      anon: s.anon.map((a) => w.value(a)),
    };
    const ext = writeExtensions(this.core, w);
    w.flush();
    return ext.length > 0 ? { v: 1, heap: w.heap, scopes, ext } : { v: 1, heap: w.heap, scopes };
  }

  /** The elements of an ECMAScript array (holes and index getters read under the turn's budget), else undefined. */
  items(value: unknown): unknown[] | undefined {
    if (!Array.isArray(value)) return undefined;
    const arr = value as unknown[];
    return this.enter(() => {
      const out: unknown[] = [];
      for (let i = 0; i < arr.length; i++) out.push(arr[i]);
      return out;
    });
  }
}
