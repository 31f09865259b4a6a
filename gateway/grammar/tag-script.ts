/**
 * Lexical analysis of tag contents, for the forms legacy grammars use besides SISR 1.0 script:
 * - a lone literal (`'alpha'`, `"coffee"`, `coffee`) — SISR literals, and the pre-SISR drafts where the
 *   value of a tag was the rule's value;
 * - the pre-Recommendation SISR/"semantics-ms" notation `$ = …`, `$.x = …`, `$rule`, `$$`;
 * - slot assignments by variable (`var drink = 'x';`, Nuance-style `city = 'x'`), which VoiceXML 2.0
 *   platforms turned into properties of the result.
 * This is a small scanner (strings and comments skipped), not a parser: the sandbox still parses the code.
 */

export type TagForm =
  | { kind: 'literal'; value: string }
  /** `out = "x";` / `out = 5;` — by far the most common SISR tag, evaluated without the sandbox. */
  | { kind: 'out-literal'; value: string | number | boolean }
  | { kind: 'script'; code: string; slots: string[]; declared: string[] };

/** `out = <string|number|boolean literal>;` → the value. */
export function outLiteralOf(text: string): string | number | boolean | undefined {
  const m = /^\s*(?:out|\$)\s*=\s*(.*?)\s*;?\s*$/s.exec(text);
  if (!m) return undefined;
  const v = m[1];
  const q = /^'((?:[^'\\\n]|\\.)*)'$/.exec(v) ?? /^"((?:[^"\\\n]|\\.)*)"$/.exec(v);
  if (q) return q[1].includes('\\') ? unescape(q[1]) : q[1];
  if (/^-?(\d+(\.\d*)?|\.\d+)$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return undefined;
}

/** The common escapes of a JS string literal (\n, \t, \', \", \\, \uXXXX). */
function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
  });
}

const RESERVED = new Set([
  'out', 'rules', 'meta', 'score', 'var', 'let', 'const', 'if', 'else', 'for', 'while', 'do', 'return', 'function',
  'new', 'typeof', 'instanceof', 'in', 'of', 'this', 'true', 'false', 'null', 'undefined', 'delete', 'void',
  'switch', 'case', 'default', 'break', 'continue', 'try', 'catch', 'finally', 'throw', 'with', 'NaN', 'Infinity',
]);

/** A tag that is a string literal or bare words (no operators) stands for that string. */
export function literalOf(text: string): string | undefined {
  const t = text.trim().replace(/;\s*$/, '').trim();
  const q = /^'((?:[^'\\]|\\.)*)'$/.exec(t) ?? /^"((?:[^"\\]|\\.)*)"$/.exec(t);
  if (q) return q[1].replace(/\\(.)/g, '$1');
  if (/^[\p{L}\p{N}_][\p{L}\p{N}_ \-.]*$/u.test(t) && !RESERVED.has(t)) return t;
  return undefined;
}

interface Tok {
  kind: 'ident' | 'dollar' | 'punct' | 'string' | 'other';
  text: string;
  start: number;
  end: number;
}

/** Tokens of `code` with strings and comments collapsed (enough for the rewrites below). */
function scan(code: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (code.startsWith('//', i)) {
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl;
      continue;
    }
    if (code.startsWith('/*', i)) {
      const e = code.indexOf('*/', i + 2);
      i = e < 0 ? code.length : e + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      toks.push({ kind: 'string', text: code.slice(i, j + 1), start: i, end: Math.min(j + 1, code.length) });
      i = j + 1;
      continue;
    }
    if (c === '$') {
      let j = i + 1;
      if (code[j] === '$') j++;
      else while (j < code.length && /[\w$]/.test(code[j])) j++;
      toks.push({ kind: 'dollar', text: code.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < code.length && /[\w$]/.test(code[j])) j++;
      toks.push({ kind: 'ident', text: code.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const three = code.slice(i, i + 3);
    const two = code.slice(i, i + 2);
    const p = three === '===' || three === '!==' ? three : ['==', '!=', '<=', '>=', '=>', '+=', '-=', '*=', '/=', '&&', '||', '++', '--'].includes(two) ? two : c;
    toks.push({ kind: /[\w]/.test(c) ? 'other' : 'punct', text: p, start: i, end: i + p.length });
    i += p.length;
  }
  return toks;
}

/**
 * Rewrites the pre-SISR `$` notation into SISR 1.0 (`$` → out, `$name` → rules.name, `$$` → rules.latest())
 * and lists the names a tag declares with `var` or assigns bare at statement level (candidate slots).
 */
export function analyseScript(code: string): { code: string; slots: string[]; declared: string[] } {
  const toks = scan(code);
  let out = '';
  let last = 0;
  const slots: string[] = [];
  const declared: string[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind === 'dollar') {
      const prev = toks[k - 1];
      if (prev && prev.kind === 'punct' && prev.text === '.') continue; // obj.$x is a property
      const repl = t.text === '$' ? 'out' : t.text === '$$' ? 'rules.latest()' : `rules.${t.text.slice(1)}`;
      out += code.slice(last, t.start) + repl;
      last = t.end;
      continue;
    }
    if (t.kind !== 'ident') continue;
    const prev = toks[k - 1];
    const next = toks[k + 1];
    if (t.text === 'var' || t.text === 'let' || t.text === 'const') {
      // var a = 1, b = 2 — collect declarator names up to ';' at depth 0
      let depth = 0;
      let expectName = true;
      for (let m = k + 1; m < toks.length; m++) {
        const x = toks[m];
        if (x.kind === 'punct' && (x.text === '(' || x.text === '[' || x.text === '{')) depth++;
        else if (x.kind === 'punct' && (x.text === ')' || x.text === ']' || x.text === '}')) {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && x.kind === 'punct' && x.text === ';') break;
        else if (depth === 0 && x.kind === 'punct' && x.text === ',') expectName = true;
        else if (expectName && x.kind === 'ident') {
          if (!RESERVED.has(x.text) && !slots.includes(x.text)) slots.push(x.text);
          if (!declared.includes(x.text)) declared.push(x.text);
          expectName = false;
        } else expectName = false;
      }
      continue;
    }
    const atStatementStart = !prev || (prev.kind === 'punct' && (prev.text === ';' || prev.text === '{' || prev.text === '}'));
    if (atStatementStart && next && next.kind === 'punct' && next.text === '=' && !RESERVED.has(t.text) && !slots.includes(t.text)) {
      slots.push(t.text);
    }
  }
  out += code.slice(last);
  return { code: out, slots, declared };
}

export function classifyTag(text: string): TagForm {
  const lit = literalOf(text);
  if (lit !== undefined) return { kind: 'literal', value: lit };
  const assigned = outLiteralOf(text);
  if (assigned !== undefined) return { kind: 'out-literal', value: assigned };
  const { code, slots, declared } = analyseScript(text);
  return { kind: 'script', code, slots, declared };
}
