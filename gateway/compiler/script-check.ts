/**
 * Compile-time ECMAScript syntax checks (acorn) of cond/expr attributes and <script> bodies, and of variable
 * names used in name/namelist. Code is only parsed, never run.
 */
import { parse, parseExpressionAt, tokenizer, type Options } from 'acorn';

const OPTIONS: Options = { ecmaVersion: 'latest', sourceType: 'script', locations: false };
/**
 * Expressions keep their parentheses: without preserveParens acorn returns the inner node of `(a - 1)`, whose
 * end stops before the closing `)`, and that `)` would be reported as trailing garbage.
 */
const EXPRESSION_OPTIONS: Options = { ...OPTIONS, preserveParens: true };

export interface SyntaxProblem {
  message: string;
  /** Offset in the checked text. */
  pos: number;
}

/** Nothing, or a lone `;`, after the expression (the common case, checked without a second parser). */
const TRAILER = /^\s*;?\s*$/;

/** A single ECMAScript expression (an optional trailing `;` is tolerated, as legacy documents often have it). */
export function checkExpression(src: string): SyntaxProblem | undefined {
  if (!/\S/.test(src)) return { message: 'the expression is empty', pos: 0 };
  if (isSimpleExpression(src)) return undefined;
  try {
    const node = parseExpressionAt(src, 0, EXPRESSION_OPTIONS);
    if (TRAILER.test(src.slice(node.end))) return undefined;
    const rest = tokenizer(src.slice(node.end), OPTIONS);
    let tok = rest.getToken();
    if (tok.type.label === ';') tok = rest.getToken();
    if (tok.type.label !== 'eof') return { message: `unexpected "${src.slice(node.end + tok.start, node.end + tok.end)}" after the expression`, pos: node.end + tok.start };
    return undefined;
  } catch (e) {
    return problem(e);
  }
}

/**
 * Most VoiceXML expressions are a variable path or a literal ('hello', 42, true); those are recognised
 * without building a parser, which keeps large documents fast.
 */
const SIMPLE_PATH = /^\s*([A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)*\s*;?\s*$/;
const SIMPLE_LITERAL = /^\s*(?:\d+(?:\.\d+)?|'[^'\\\n]*'|"[^"\\\n]*")\s*;?\s*$/;
const LITERAL_WORDS = new Set(['true', 'false', 'null', 'this']);

function isSimpleExpression(src: string): boolean {
  if (SIMPLE_LITERAL.test(src)) return true;
  const m = SIMPLE_PATH.exec(src);
  return m !== null && (isIdentifier(m[1]) || LITERAL_WORDS.has(m[1]));
}

/** A script body (a Program). */
export function checkProgram(src: string): SyntaxProblem | undefined {
  try {
    parse(src, OPTIONS);
    return undefined;
  } catch (e) {
    return problem(e);
  }
}

function problem(e: unknown): SyntaxProblem {
  if (e instanceof SyntaxError) {
    const pos = (e as SyntaxError & { pos?: number }).pos ?? 0;
    return { message: e.message.replace(/\s*\(\d+:\d+\)$/, ''), pos };
  }
  return { message: e instanceof Error ? e.message : String(e), pos: 0 };
}

const IDENT = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await',
]);

export function isIdentifier(name: string): boolean {
  return IDENT.test(name) && !RESERVED.has(name);
}

/** `x`, or a scope-qualified / dotted path like `application.x` or `document.order.total`. */
export function isVariablePath(name: string): boolean {
  return name.split('.').every(isIdentifier);
}
