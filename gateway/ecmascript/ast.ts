/** acorn helpers for the instrumentation: parsing, positions, scopes and binding names of document code. */
import * as acorn from 'acorn';
import { ScriptError } from './api';

export type AnyNode = acorn.Node & Record<string, unknown>;

// preserveParens: otherwise `x => ({a: 1})` or `({a: 1})` yields the inner node, whose range stops inside
// the parentheses, and text inserted around it would land inside them.
const PARSE_OPTS: acorn.Options = { ecmaVersion: 'latest', sourceType: 'script', locations: true, preserveParens: true };

/** Position in `source` → 1-based line and column. */
export function lineCol(source: string, pos: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: pos - lineStart + 1 };
}

/** A syntax error or refused construct, with its position in the source (for lint). */
export class SourceError extends ScriptError {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(`${reason} (line ${line}, column ${col})`, 'syntax');
  }
}

/** acorn's syntax errors become SourceErrors; anything else (a stack overflow while parsing) is rethrown. */
export function syntaxError(source: string, err: unknown): unknown {
  if (err instanceof SyntaxError && typeof (err as { pos?: unknown }).pos === 'number') {
    const pos = (err as unknown as { pos: number }).pos;
    const { line, col } = lineCol(source, pos);
    return new SourceError(err.message.replace(/\s*\(\d+:\d+\)$/, ''), line, col);
  }
  return err;
}

/** Parses `source` as a whole expression (trailing semicolons tolerated, as legacy platforms eval() them). */
export function parseExpression(source: string): AnyNode {
  const node = acorn.parseExpressionAt(source, 0, PARSE_OPTS) as AnyNode;
  const rest = source.slice(node.end);
  if (!/^[\s;]*$/.test(rest)) {
    const offset = node.end + (rest.length - rest.trimStart().length);
    const err = new SyntaxError(`Unexpected token`) as SyntaxError & { pos: number };
    err.pos = offset;
    throw err;
  }
  return node;
}

export function parseScript(source: string): AnyNode {
  return acorn.parse(source, PARSE_OPTS) as unknown as AnyNode;
}

export function isNode(v: unknown): v is AnyNode {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

export function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'type' || key === 'start' || key === 'end') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) out.push(c);
    } else if (isNode(v)) out.push(v);
  }
  return out;
}

export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
export const LOOP_TYPES = new Set(['ForStatement', 'WhileStatement', 'DoWhileStatement', 'ForInStatement', 'ForOfStatement']);

/** Names bound by a pattern (`a`, `{a, b: [c]}`, `...d`, `e = 1`). */
export function patternNames(p: AnyNode | null | undefined, out: string[]): void {
  if (!p) return;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name as string);
      return;
    case 'ObjectPattern':
      for (const prop of p.properties as AnyNode[]) patternNames(prop.type === 'RestElement' ? prop : (prop.value as AnyNode), out);
      return;
    case 'ArrayPattern':
      for (const el of p.elements as (AnyNode | null)[]) patternNames(el, out);
      return;
    case 'AssignmentPattern':
      patternNames(p.left as AnyNode, out);
      return;
    case 'RestElement':
      patternNames(p.argument as AnyNode, out);
      return;
    case 'ParenthesizedExpression': // `(a) = 1`
      patternNames(p.expression as AnyNode, out);
      return;
    default:
      return; // member expressions in assignment patterns bind nothing
  }
}

/** Every name a function (or the program) declares, not descending into nested functions. */
export function declaredIn(fnOrProgram: AnyNode): Set<string> {
  const names: string[] = [];
  if (fnOrProgram.type !== 'Program') {
    for (const p of fnOrProgram.params as AnyNode[]) patternNames(p, names);
    if (fnOrProgram.type === 'FunctionExpression' && fnOrProgram.id) names.push((fnOrProgram.id as AnyNode).name as string);
    if (fnOrProgram.type !== 'ArrowFunctionExpression') names.push('arguments');
  }
  const visit = (n: AnyNode, top: boolean): void => {
    if (!top && FUNCTION_TYPES.has(n.type)) {
      if (n.type === 'FunctionDeclaration' && n.id) names.push((n.id as AnyNode).name as string);
      return;
    }
    if (n.type === 'VariableDeclarator') patternNames(n.id as AnyNode, names);
    else if (n.type === 'ClassDeclaration' && n.id) names.push((n.id as AnyNode).name as string);
    else if (n.type === 'CatchClause') patternNames(n.param as AnyNode, names);
    for (const c of children(n)) visit(c, false);
  };
  visit(fnOrProgram.type === 'Program' ? fnOrProgram : (fnOrProgram.body as AnyNode), true);
  return new Set(names);
}

/**
 * Script mode: names declared at the top level of the script (they land on the script's scope object), and
 * the names that are also bound inside a nested block or catch clause at the top level (excluded from the
 * static rewrite, which cannot tell such a local from the scope variable).
 */
export function topLevelNames(program: AnyNode): { declared: Set<string>; blockScoped: Set<string> } {
  const declared: string[] = [];
  const blockScoped: string[] = [];
  const visit = (n: AnyNode, parent: AnyNode | null): void => {
    if (FUNCTION_TYPES.has(n.type)) {
      if (n.type === 'FunctionDeclaration' && n.id) ((parent?.type === 'Program' ? declared : blockScoped) as string[]).push((n.id as AnyNode).name as string);
      return;
    }
    const top = parent?.type === 'Program';
    if (n.type === 'VariableDeclaration') {
      const names: string[] = [];
      for (const d of n.declarations as AnyNode[]) patternNames(d.id as AnyNode, names);
      (n.kind === 'var' || top ? declared : blockScoped).push(...names);
    } else if (n.type === 'ClassDeclaration' && n.id) (top ? declared : blockScoped).push((n.id as AnyNode).name as string);
    else if (n.type === 'CatchClause') patternNames(n.param as AnyNode, blockScoped);
    for (const c of children(n)) visit(c, n);
  };
  visit(program, null);
  return { declared: new Set(declared), blockScoped: new Set(blockScoped) };
}

/** Whether an Identifier node is a variable reference (not a property name, label or declared name). */
export function isReference(node: AnyNode, parent: AnyNode | null): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object === node || parent.computed === true;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return parent.key !== node || parent.computed === true;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
      return false;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return parent.id !== node;
    default:
      return true;
  }
}

/** Position just inside a block, after its directive prologue ("use strict"; acorn marks directives). */
export function afterDirectives(block: AnyNode): number {
  let at = block.start + 1;
  for (const st of block.body as AnyNode[]) {
    if (st.type !== 'ExpressionStatement' || typeof st.directive !== 'string') break;
    at = st.end;
  }
  return at;
}

export function isMethodValue(node: AnyNode, parent: AnyNode | null): boolean {
  if (!parent) return false;
  if (parent.type === 'MethodDefinition') return true;
  if (parent.type === 'Property' && parent.value === node) return parent.method === true || parent.kind !== 'init';
  return false;
}
