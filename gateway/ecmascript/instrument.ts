/**
 * Compile-time rewriting of document ECMAScript (parsed once per distinct source text, then cached):
 *
 * - Budget checks: `__vxT();` at the top of every loop body and every function body, so runaway loops and
 *   recursion reach the realm's tick (a counter that reads the real clock only every N ticks).
 * - Function registration: every function expression and declaration is passed through
 *   `__vxR(fn, "original source text", __vxC)`, which remembers its text and the scope chain it was created in,
 *   so `serialize` can store it and `restore` can recompile it in the same (restored) scope chain.
 * - Script mode (<script>): top-level `var`/`let`/`const`/`function`/`class` declarations become assignments
 *   to names pre-declared on the scope object the script runs in (VoiceXML 2.0 §5.1.1: "variables declared
 *   in a script land in the scope of the containing element"); function declarations are hoisted.
 * - Free assignment targets (`x = 1` with no declaration in the source) are reported, so the Env can give
 *   them a home before the code runs instead of letting them fall onto the shared realm global.
 * - Syntax the sandbox cannot bound is refused: `import()`, `import.meta`, async functions and `await`
 *   (their continuations would run after the turn, outside any budget), and our reserved `__vx` names.
 * - Code that may add properties to the realm's named builtins is marked with what it may extend: the builtin's
 *   path when the code names it (`Date.prototype.y = …`, `Math.y = …`, `X.prototype` or `X` handed on as a
 *   value, defineProperty on it), `*` when it cannot tell (`__proto__`, getPrototypeOf, defineProperty on a
 *   computed target). A marked function calls `__vxE("Date.prototype|Math")` (or `__vxE(1)` for `*`); marked
 *   top-level code is reported in `extendsBuiltins`; the realm then lists the additions of those builtins only.
 *   Writing to the document's own constructors (`Point.prototype.y = …`) marks nothing. (An alias of a builtin
 *   through a variable, e.g. `var S = String; S.prototype.y = 1`, is seen where the alias is made —
 *   `var S = String` marks String and String.prototype — but not `var M = obj.math` reaching Math indirectly:
 *   such an addition works in this process and does not follow the call to another instance.)
 */
import {
  FUNCTION_TYPES,
  LOOP_TYPES,
  SourceError,
  afterDirectives,
  children,
  declaredIn,
  isMethodValue,
  isReference,
  lineCol,
  parseExpression,
  parseScript,
  patternNames,
  syntaxError,
  topLevelNames,
  type AnyNode,
} from './ast';

export const TICK = '__vxT';
/** Function entry (budget tick + call depth) and exit. */
export const ENTER = '__vxE';
export const EXIT = '__vxX';
export const REG = '__vxR';
export const CHAIN = '__vxC';
/** The scope object a script runs in (its top-level declarations live there). */
export const SCOPE = '__vxS';
const RESERVED_PREFIX = '__vx';

export type SourceMode = 'expression' | 'script';

export interface Instrumented {
  /** Statements to place inside the wrapper's `with` chain (expression mode: a `return (…);`). */
  body: string;
  /** Script mode: names declared at the top level (pre-declared on the script's scope object). */
  declared: string[];
  /** Identifiers assigned somewhere in the source without being declared in it. */
  freeAssigned: string[];
  /**
   * Builtins the source's top-level code may add properties to: '' none, `*` any, else paths joined by `|`
   * (`Date.prototype|Math`). Functions carry their own mark (see above).
   */
  extendsBuiltins: string;
}

/** Calls that define properties on their first argument (or, for the __define*__ pair, on their receiver). */
const DEFINERS = new Set(['defineProperty', 'defineProperties', 'setPrototypeOf', 'assign']);
const RECEIVER_DEFINERS = new Set(['__defineGetter__', '__defineSetter__']);

function propertyName(node: AnyNode): string | undefined {
  return node.type === 'MemberExpression' && node.computed !== true ? ((node.property as AnyNode).name as string) : undefined;
}

/** The innermost object of a member chain (`a` of `a.b[c].d`). */
function rootOf(node: AnyNode): AnyNode {
  let cur = node;
  while (cur.type === 'MemberExpression') cur = cur.object as AnyNode;
  return cur;
}

/** Whether the value of `node` is handed on — stored, passed, returned — rather than read through or tested. */
function escapes(node: AnyNode, parent: AnyNode | null): boolean {
  if (parent === null) return false;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === node;
    case 'AssignmentExpression':
      return parent.right === node;
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee !== node;
    case 'Property':
      return parent.value === node;
    case 'ConditionalExpression':
      return parent.test !== node;
    case 'ArrayExpression':
    case 'ReturnStatement':
    case 'LogicalExpression':
    case 'SequenceExpression':
    case 'SpreadElement':
    case 'ArrowFunctionExpression':
      return true;
    default:
      return false;
  }
}

/** What a set of marks renders as: '' nothing, '*' anything, else the paths. */
class Marks {
  any = false;
  readonly paths = new Set<string>();
  add(path: string): void {
    if (path === '*') this.any = true;
    else this.paths.add(path);
  }
  get text(): string {
    return this.any ? '*' : [...this.paths].join('|');
  }
}



interface Edit {
  start: number;
  end: number;
  /** Rendered lazily: a replacement's own text may contain edits recorded later in the walk. */
  text: string | (() => string);
  /** A removal whose inner edits must not be rendered at this place (hoisted function declarations). */
  opaque?: boolean;
  /**
   * Order among insertions at one position: 0 closing text of a pair opened earlier (innermost first),
   * 1 opening text of a pair (outermost first), 2 closing text of an empty pair, 3 a single insertion,
   * 4 an identifier prefix (must stay glued to its identifier), 5 a replacement.
   */
  rank: number;
  span: [number, number];
  seq: number;
}

function editOrder(a: Edit, b: Edit): number {
  if (a.start !== b.start) return a.start - b.start;
  if (a.rank !== b.rank) return a.rank - b.rank;
  switch (a.rank) {
    case 0:
      return b.span[0] - a.span[0] || b.seq - a.seq;
    case 1:
      return b.span[1] - a.span[1] || a.seq - b.seq;
    case 2:
      return b.seq - a.seq;
    case 5:
      return a.end - a.start - (b.end - b.start);
    default:
      return a.seq - b.seq;
  }
}

class Rewriter {
  readonly edits: Edit[] = [];
  readonly freeAssigned = new Set<string>();
  readonly hoisted: { node: AnyNode; removal: Edit; name: string; k: string }[] = [];
  readonly declared: string[] = [];
  /**
   * Script mode: top-level names rewritten to `__vxS.name` (a property of the script's scope object, held in a
   * parameter) instead of being looked up through every `with` scope (~0.2 µs each: a top-level loop pays it
   * several times per iteration). Only where the name cannot mean anything else.
   */
  private staticNames = new Set<string>();
  private withDepth = 0;
  /** Outermost first: what the top level and each enclosing function being walked may extend. */
  private readonly marks: Marks[] = [new Marks()];

  constructor(
    private readonly source: string,
    private readonly scriptMode: boolean,
    private readonly isBuiltin: (name: string) => boolean,
  ) {}

  get topLevelExtends(): string {
    return this.marks[0].text;
  }

  private mark(path: string | undefined): void {
    if (path !== undefined) this.marks[this.marks.length - 1].add(path);
  }

  /**
   * What an expression that designates an object may be, as far as builtins go: the builtin's path (`Math`,
   * `Date.prototype`), '*' when it may be a builtin nobody can name here, undefined when it is the document's own.
   */
  private builtinOf(node: AnyNode): string | undefined {
    if (node.type === 'Identifier') return this.isBuiltin(node.name as string) ? (node.name as string) : undefined;
    if (node.type === 'MemberExpression') {
      const name = propertyName(node);
      if (name === '__proto__') return '*';
      const inner = this.builtinOf(node.object as AnyNode);
      if (name === 'prototype') {
        // `Point.prototype`, `Acme.Model.prototype`: the document's own constructors
        if (inner === undefined) return rootOf(node).type === 'Identifier' ? undefined : '*';
        return inner === '*' || inner.includes('.') ? '*' : `${inner}.prototype`;
      }
      return inner === '*' ? '*' : undefined; // a property of a builtin (Math.x) is not itself extended here
    }
    if (node.type === 'CallExpression' && propertyName(node.callee as AnyNode) === 'getPrototypeOf') return '*';
    if (node.type === 'ThisExpression' || node.type === 'Literal' || node.type === 'ObjectExpression' || node.type === 'ArrayExpression' || node.type === 'FunctionExpression') return undefined;
    return node.type === 'CallExpression' || node.type === 'NewExpression' ? undefined : '*';
  }

  /** An assignment, update or delete target: `X.prototype.y`, `Math.y`, `a.__proto__.b` extend a builtin. */
  private noteTarget(target: AnyNode): void {
    if (target.type !== 'MemberExpression') return;
    this.mark(this.builtinOf(target.object as AnyNode));
  }

  setStaticNames(names: Set<string>): void {
    this.staticNames = names;
  }

  private isStatic(name: string, scopes: Set<string>[]): boolean {
    return this.withDepth === 0 && this.staticNames.has(name) && !scopes.some((s) => s.has(name));
  }

  /** `name` as emitted in generated code (hoisted functions, class declarations). */
  target(name: string): string {
    return this.staticNames.has(name) ? `${SCOPE}.${name}` : name;
  }

  private add(start: number, end: number, text: Edit['text'], rank: number, span: [number, number], opaque?: boolean): Edit {
    const e: Edit = { start, end, text, rank, span, seq: this.edits.length, opaque };
    this.edits.push(e);
    return e;
  }

  /** Text inserted around a construct: `openText` at `openPos`, `closeText` at `closePos`. */
  pair(openPos: number, openText: string, closePos: number, closeText: string): void {
    this.add(openPos, openPos, openText, 1, [openPos, closePos]);
    this.add(closePos, closePos, closeText, openPos === closePos ? 2 : 0, [openPos, closePos]);
  }

  /** `pair` whose opening text is decided when rendering. */
  pairLazy(openPos: number, openText: () => string, closePos: number, closeText: string): void {
    this.add(openPos, openPos, openText, 1, [openPos, closePos]);
    this.add(closePos, closePos, closeText, openPos === closePos ? 2 : 0, [openPos, closePos]);
  }

  single(pos: number, text: string): void {
    this.add(pos, pos, text, 3, [pos, pos]);
  }

  prefix(pos: number, text: string): void {
    this.add(pos, pos, text, 4, [pos, pos]);
  }

  /** Replaces [start, end): the edits inside it are not rendered there (render them yourself if needed). */
  replace(start: number, end: number, text: Edit['text']): Edit {
    return this.add(start, end, text, 5, [start, end], true);
  }

  /** Renders [start, end) with every edit inside it applied (opaque edits hide the edits they cover). */
  render(start: number, end: number, skip?: Edit): string {
    const edits = this.edits
      .filter((e) => e !== skip && e.start >= start && e.end <= end)
      .sort(editOrder);
    let pos = start;
    let out = '';
    for (const e of edits) {
      if (e.start < pos) continue; // inside an opaque removal already rendered
      if (e.end > e.start && !e.opaque) continue; // (only insertions and opaque replacements exist)
      out += this.source.slice(pos, e.start) + (typeof e.text === 'string' ? e.text : e.text());
      pos = e.end;
    }
    return out + this.source.slice(pos, end);
  }

  walk(node: AnyNode, parent: AnyNode | null, scopes: Set<string>[], topVarScope: boolean): void {
    switch (node.type) {
      case 'Identifier':
        if ((node.name as string).startsWith(RESERVED_PREFIX)) this.fail(node, `the identifier ${String(node.name)} is reserved`);
        // a builtin handed on as a value (`var S = String`, `extend(Math, …)`): it and its prototype may be extended
        if (this.isBuiltin(node.name as string) && escapes(node, parent)) {
          this.mark(node.name as string);
          this.mark(`${node.name as string}.prototype`);
        }
        if (this.isStatic(node.name as string, scopes) && isReference(node, parent)) this.prefix(node.start, `${SCOPE}.`);
        break;
      case 'Property':
        if (node.shorthand === true && this.isStatic((node.key as AnyNode).name as string, scopes)) {
          this.prefix(node.start, `${String((node.key as AnyNode).name)}: `);
        }
        break;
      case 'WithStatement':
        this.walk(node.object as AnyNode, node, scopes, topVarScope);
        this.withDepth++;
        this.walk(node.body as AnyNode, node, scopes, topVarScope);
        this.withDepth--;
        return;
      case 'ImportExpression':
        this.fail(node, 'import() is not available to VoiceXML documents');
        break;
      case 'MetaProperty':
        if ((node.meta as AnyNode).name === 'import') this.fail(node, 'import.meta is not available to VoiceXML documents');
        break;
      case 'AwaitExpression':
        this.fail(node, 'await is not available to VoiceXML documents');
        break;
      case 'MemberExpression': {
        // `X.prototype` handed on as a value (alias, argument) rather than read through (`X.prototype.y(…)`)
        const name = propertyName(node);
        if ((name === 'prototype' || name === '__proto__') && escapes(node, parent)) this.mark(this.builtinOf(node));
        break;
      }
      case 'CallExpression': {
        const callee = node.callee as AnyNode;
        const name = propertyName(callee);
        const args = node.arguments as AnyNode[];
        if (name !== undefined && DEFINERS.has(name) && args.length > 0) this.mark(this.builtinOf(args[0]));
        if (name !== undefined && RECEIVER_DEFINERS.has(name)) this.mark(this.builtinOf(callee.object as AnyNode));
        if (name === 'getPrototypeOf') this.mark('*');
        break;
      }
      case 'AssignmentExpression':
        this.noteAssigned(node.left as AnyNode, scopes);
        this.noteTarget(node.left as AnyNode);
        break;
      case 'UpdateExpression':
        this.noteAssigned(node.argument as AnyNode, scopes);
        this.noteTarget(node.argument as AnyNode);
        break;
      case 'UnaryExpression':
        if (node.operator === 'delete') this.noteTarget(node.argument as AnyNode);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if ((node.left as AnyNode).type !== 'VariableDeclaration') this.noteAssigned(node.left as AnyNode, scopes);
        break;
      default:
        break;
    }
    if (LOOP_TYPES.has(node.type)) this.instrumentLoop(node);
    if (FUNCTION_TYPES.has(node.type)) {
      const mark = new Marks();
      this.instrumentFunction(node, parent, mark);
      const inner = [...scopes, declaredIn(node)];
      this.marks.push(mark);
      for (const c of children(node)) this.walk(c, node, inner, false);
      this.marks.pop();
      // A generator cannot carry the mark itself (it only ticks): the code that defines it does.
      if (node.generator === true && mark.text !== '') for (const p of mark.any ? ['*'] : mark.paths) this.mark(p);
      return;
    }
    if (topVarScope && node.type === 'VariableDeclaration' && (node.kind === 'var' || parent?.type === 'Program')) {
      this.rewriteDeclaration(node, parent);
    }
    if (this.scriptMode && parent?.type === 'Program' && node.type === 'ClassDeclaration') {
      const name = (node.id as AnyNode).name as string;
      this.declared.push(name);
      this.pair(node.start, `${this.target(name)} = `, node.end, ';');
    }
    for (const c of children(node)) this.walk(c, node, scopes, topVarScope);
  }

  private fail(node: AnyNode, message: string): never {
    const { line, col } = lineCol(this.source, node.start);
    throw new SourceError(message, line, col);
  }

  private noteAssigned(target: AnyNode, scopes: Set<string>[]): void {
    const names: string[] = [];
    patternNames(target, names);
    for (const n of names) if (!scopes.some((s) => s.has(n))) this.freeAssigned.add(n);
  }

  private instrumentLoop(node: AnyNode): void {
    const body = node.body as AnyNode;
    if (body.type === 'BlockStatement') this.single(body.start + 1, `${TICK}();`);
    else this.pair(body.start, `{${TICK}();`, body.end, '\n}');
  }

  private instrumentFunction(node: AnyNode, parent: AnyNode | null, mark: Marks): void {
    if (node.async === true) this.fail(node, 'async functions are not available to VoiceXML documents');
    const body = node.body as AnyNode;
    // (rendered once the body has been walked: only then is it known what it may extend)
    const enter = (): string => {
      const t = mark.text;
      return `${ENTER}(${t === '' ? '' : t === '*' ? '1' : JSON.stringify(t)})`;
    };
    if (node.generator === true) {
      // A suspended generator would hold a depth unit forever: generators only tick (and are never marked).
      this.single(body.start + 1, `${TICK}();`);
    } else if (body.type === 'BlockStatement') {
      // Depth accounting needs the exit on every path: the body runs inside try/finally, after its
      // directive prologue (so "use strict" stays a directive).
      this.pairLazy(afterDirectives(body), () => `${enter()};try{`, body.end - 1, `}finally{${EXIT}();}`);
    } else {
      this.pairLazy(body.start, () => `{${enter()};try{return (`, body.end, `\n);}finally{${EXIT}();}}`);
    }
    if (isMethodValue(node, parent)) return; // methods cannot be wrapped; serialised with their object
    // The original text travels with the registration as a string literal: the registry keeps it exactly
    // as long as the function lives (a realm-wide table would grow with every generated document).
    const k = JSON.stringify(this.source.slice(node.start, node.end));
    if (node.type === 'FunctionDeclaration') {
      const name = (node.id as AnyNode).name as string;
      if (this.scriptMode && parent?.type === 'Program') {
        // Hoisted: becomes `name = __vxR(function name(){…})` before the script's first statement.
        const removal = this.replace(node.start, node.end, '');
        this.hoisted.push({ node, removal, name, k });
        this.declared.push(name);
      } else if (parent && (parent.type === 'BlockStatement' || parent.type === 'Program')) {
        // inside the function body's try block, where the (block-level) declaration is visible
        const at = parent.type === 'Program' ? 0 : afterDirectives(parent);
        this.single(at, `${REG}(${name},${k},${CHAIN});`);
      }
      return;
    }
    this.pair(node.start, `(${REG}(`, node.end, `,${k},${CHAIN}))`);
  }

  private rewriteDeclaration(node: AnyNode, parent: AnyNode | null): void {
    const decls = node.declarations as AnyNode[];
    for (const d of decls) {
      const names: string[] = [];
      patternNames(d.id as AnyNode, names);
      this.declared.push(...names);
    }
    const inForHead =
      parent !== null &&
      ((parent.type === 'ForStatement' && parent.init === node) ||
        ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && parent.left === node));
    // `var a = 1, {b} = o;` → `(a = 1, {b} = o);`  — the declarations themselves were hoisted to the scope.
    const keywordEnd = node.start + (node.kind as string).length;
    const withInit = decls.filter((d) => d.init);
    if (inForHead && (parent as AnyNode).type !== 'ForStatement') {
      this.replace(node.start, keywordEnd, '');
      return;
    }
    if (withInit.length === 0) {
      this.replace(node.start, node.end, inForHead ? '' : ';');
      return;
    }
    // Drop the keyword and the declarators without initialisers; render the rest once every edit is known.
    const text = (): string => withInit.map((d) => this.render(d.start, d.end)).join(', ');
    this.replace(node.start, node.end, inForHead ? text : () => `(${text()});`);
  }
}

/**
 * Rewrites a source for the realm. Throws ScriptError('syntax') for unparsable or refused code.
 * Expression mode produces `return (…);`; script mode produces the statements of the script.
 */
export function instrument(source: string, mode: SourceMode, isBuiltin: (name: string) => boolean = () => false): Instrumented {
  let root: AnyNode;
  try {
    root = mode === 'expression' ? parseExpression(source) : parseScript(source);
  } catch (err) {
    throw syntaxError(source, err);
  }
  const rw = new Rewriter(source, mode === 'script', isBuiltin);
  if (mode === 'expression') {
    rw.walk(root, null, [], false);
    return { body: `return (${rw.render(root.start, root.end)}\n);`, declared: [], freeAssigned: [...rw.freeAssigned], extendsBuiltins: rw.topLevelExtends };
  }
  const top = topLevelNames(root);
  rw.setStaticNames(new Set([...top.declared].filter((n) => !top.blockScoped.has(n))));
  rw.walk(root, null, [new Set<string>()], true);
  let prelude = '';
  for (const h of rw.hoisted) {
    prelude += `${rw.target(h.name)} = (${REG}(${rw.render(h.node.start, h.node.end, h.removal)},${h.k},${CHAIN}));\n`;
  }
  const declared = [...new Set(rw.declared)];
  const declaredSet = new Set(declared);
  const freeAssigned = [...rw.freeAssigned].filter((n) => !declaredSet.has(n));
  return { body: prelude + rw.render(0, source.length), declared, freeAssigned, extendsBuiltins: rw.topLevelExtends };
}
