/**
 * SISR 1.0 semantic interpretation of a parse: runs the tags of every matched rule in parse order and
 * returns the root rule variable.
 *
 * - A rule without tags has the text it matched as its value (SISR 1.0 §4: default rule variable).
 * - In a rule with tags, `out` starts as an empty object; `rules.X` / `rules.latest()` hold referenced
 *   rule values as they complete, `meta.X.text` / `meta.current().text` / `.score` the matched text.
 * - Global tags run once per grammar before the root, in a scope shared by that grammar's rules.
 * - Legacy forms (see tag-script.ts): a literal tag sets the value when `out` is untouched; in grammars
 *   without the SISR tag-format, variables a rule declares become the properties of its value (the
 *   VoiceXML 2.0 era behaviour the W3C IR tests rely on).
 *
 * Tags made only of literals are evaluated here; script tags run in the ECMAScript sandbox as ONE
 * generated program per recognition (all caller-derived text enters as data bindings, never as source).
 */
import type { CompiledGrammar } from './compile';
import { matchText, type RuleMatch } from './parse';
import { analyseScript, classifyTag, type TagForm } from './tag-script';

/** The part of the ECMAScript realm SISR needs (gateway/ecmascript Realm.runIsolated). */
export interface SisrRunner {
  runIsolated(code: string, bindings: Record<string, unknown>, budgetMs: number): Record<string, unknown>;
}

export interface SisrContext {
  words: readonly string[];
  joiner: string;
  confidence: number;
  runner?: SisrRunner;
  budgetMs: number;
}

export type SisrOutcome = { ok: true; value: unknown } | { ok: false; message: string };

const tagFormCache = new Map<string, TagForm>();
function tagForm(text: string): TagForm {
  let f = tagFormCache.get(text);
  if (!f) {
    f = classifyTag(text);
    if (tagFormCache.size > 5000) tagFormCache.clear();
    tagFormCache.set(text, f);
  }
  return f;
}

/** SISR script semantics are in force (rather than the legacy variable-slot behaviour). */
function isSisrScript(g: CompiledGrammar): boolean {
  const f = g.tagFormat?.trim() ?? '';
  return /(^|\/)semantics\/1\.0(\.2006)?$/.test(f);
}

interface Instance {
  m: RuleMatch;
  text: string;
  children: number[];
}

function flatten(root: RuleMatch, ctx: SisrContext): Instance[] {
  const list: Instance[] = [];
  const visit = (m: RuleMatch): number => {
    const idx = list.length;
    const inst: Instance = { m, text: matchText(m, ctx.words, ctx.joiner), children: [] };
    list.push(inst);
    for (const it of m.items) if (it.k === 'rule') inst.children.push(visit(it.m));
    return idx;
  };
  visit(root);
  return list;
}

function needsScript(instances: Instance[]): boolean {
  return instances.some((i) => i.m.items.some((it) => it.k === 'tag' && tagForm(it.text).kind === 'script'));
}

/**
 * Literal-only evaluation (no script tag anywhere): the root's value is its last `out = literal`, else its
 * last literal tag, else its text. Sub-rule values cannot be observed without script, so they are skipped.
 */
function evaluateLiterals(root: RuleMatch, text: string): unknown {
  let assigned: string | number | boolean | undefined;
  let literal: string | undefined;
  for (const it of root.items) {
    if (it.k === 'tag') {
      const f = tagForm(it.text);
      if (f.kind === 'literal') literal = f.value;
      else if (f.kind === 'out-literal') assigned = f.value;
    }
  }
  return assigned ?? literal ?? text;
}

export function interpret(root: RuleMatch, ctx: SisrContext): SisrOutcome {
  const instances = flatten(root, ctx);
  if (!needsScript(instances)) {
    const g = root.rule.grammar;
    if (g.globalTags.every((t) => t.trim() === '')) return { ok: true, value: evaluateLiterals(root, instances[0].text) };
  }
  if (!ctx.runner) {
    return { ok: false, message: 'this grammar has SISR script tags but no ECMAScript sandbox was given to the grammar engine' };
  }
  const { code, bindings } = generate(instances, ctx);
  let result: Record<string, unknown>;
  try {
    result = ctx.runner.runIsolated(code, bindings, ctx.budgetMs);
  } catch (e) {
    const where = `in the semantic tags of rule "${root.rule.name}" (${root.rule.grammar.uri})`;
    return { ok: false, message: `${e instanceof Error ? e.message : String(e)} ${where}` };
  }
  const raw = result.__out;
  if (typeof raw !== 'string') return { ok: true, value: undefined };
  const parsed = JSON.parse(raw) as { v?: unknown };
  return { ok: true, value: parsed.v };
}

const PRELUDE = `function __done(out, init, lit, slots) {
  if (out !== init) return out;
  for (var k in out) return out;
  if (slots) { for (var s in slots) if (slots[s] !== undefined) return slots; }
  if (lit !== undefined) return lit;
  return out;
}
var __I = {};
function __swi(v, text) {
  var r = (typeof v === 'object' && v !== null) ? v : new String(v === undefined ? text : v);
  try { Object.defineProperty(r, 'SWI_literal', { value: text, enumerable: false, configurable: true }); } catch (e) { /* frozen value */ }
  return r;
}
`;

/** One program for the whole parse: a closure per grammar (its global tags), a function per rule match. */
function generate(instances: Instance[], ctx: SisrContext): { code: string; bindings: Record<string, unknown> } {
  const literals: string[] = [];
  const builtins: { value: unknown; text: string }[] = [];
  const byGrammar = new Map<CompiledGrammar, number[]>();
  instances.forEach((inst, k) => {
    const g = inst.m.rule.grammar;
    let list = byGrammar.get(g);
    if (!list) byGrammar.set(g, (list = []));
    list.push(k);
  });
  let code = PRELUDE;
  const swiVars: Record<string, string>[] = [];
  for (const [g, ks] of byGrammar) {
    const globals = g.globalTags.map((t) => analyseScript(t).code);
    const globalNames = new Set(g.globalTags.flatMap((t) => analyseScript(t).slots));
    code += '(function () {\n' + globals.join('\n;\n') + '\n;\n';
    if (/swi-semantics/.test(g.tagFormat ?? '')) {
      // Nuance grammar parameters: `grammar.grxml?SWI_vars.minallowed=0800` (data, passed as a binding).
      swiVars.push(swiVarsOf(g.uri));
      code += `var SWI_vars = __V[${swiVars.length - 1}];\n`;
    }
    const form: TagDialect = isSisrScript(g) ? 'sisr' : /swi-semantics/.test(g.tagFormat ?? '') ? 'swi' : 'legacy';
    for (const k of ks) code += `__I.f${k} = function () {\n${instanceBody(instances, k, form, globalNames, literals, builtins, ctx)}\n};\n`;
    code += '})();\n';
  }
  code += '__out = JSON.stringify({ v: __I.f0() });\n';
  const texts = instances.map((i) => i.text);
  return {
    code,
    bindings: { __V: swiVars, __T: texts, __L: literals, __B: builtins.map((b) => b.value), __BT: builtins.map((b) => b.text), __S: ctx.confidence, __out: null },
  };
}

function swiVarsOf(uri: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const q = uri.indexOf('?');
  if (q < 0) return vars;
  for (const part of uri.slice(q + 1).split(/[;&]/)) {
    const m = /^SWI_vars\.([^=]+)=(.*)$/.exec(part);
    if (!m) continue;
    try {
      vars[decodeURIComponent(m[1])] = decodeURIComponent(m[2]);
    } catch {
      vars[m[1]] = m[2];
    }
  }
  return vars;
}

/**
 * How tags read: SISR 1.0 script; the pre-SISR drafts (a rule's assigned variables are its slots); or Nuance
 * swi-semantics, which adds bare rule names as variables (`Dontknow.V`) and `X.SWI_literal` (the words X matched).
 */
type TagDialect = 'sisr' | 'legacy' | 'swi';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const NOT_A_RULE_VARIABLE = new Set(['out', 'rules', 'meta', 'var', 'function', 'return', 'this', 'new', 'if', 'else', 'in', 'do', 'for', 'while']);

function instanceBody(
  instances: Instance[],
  k: number,
  form: TagDialect,
  globalNames: Set<string>,
  literals: string[],
  builtins: { value: unknown; text: string }[],
  ctx: SisrContext,
): string {
  const inst = instances[k];
  const hasTags = inst.m.items.some((it) => it.k === 'tag');
  const lines: string[] = [
    'var out = {}; var __init = out; var rules = {}; var meta = {}; var __lr, __lm, __lit;',
    'rules.latest = function () { return __lr; };',
    `meta.current = function () { return { text: __T[${k}], score: __S }; };`,
    'meta.latest = function () { return __lm; };',
  ];
  const sisr = form === 'sisr';
  const slots: string[] = [];
  const ruleVars: string[] = [];
  const locals: string[] = [];
  let child = 0;
  const body: string[] = [];
  for (const it of inst.m.items) {
    if (it.k === 'rule') {
      const j = inst.children[child++];
      const name = JSON.stringify(it.m.rule.name);
      body.push(`__lr = rules[${name}] = __I.f${j}(); __lm = meta[${name}] = { text: __T[${j}], score: __S };`);
      const bare = it.m.rule.name;
      if (form === 'swi' && IDENTIFIER.test(bare) && !NOT_A_RULE_VARIABLE.has(bare)) {
        if (!ruleVars.includes(bare)) ruleVars.push(bare);
        body.push(`${bare} = __swi(__lr, __T[${j}]);`);
      }
    } else if (it.k === 'builtin') {
      // A builtin referenced from SRGS behaves as a rule named after its type, valued as the builtin returns.
      builtins.push({ value: it.value, text: ctx.words.slice(it.from, it.to).join(ctx.joiner) });
      const b = builtins.length - 1;
      const name = JSON.stringify(it.name);
      body.push(`__lr = rules[${name}] = __B[${b}]; __lm = meta[${name}] = { text: __BT[${b}], score: __S };`);
    } else if (it.k === 'tag') {
      const f = tagForm(it.text);
      if (f.kind === 'literal') {
        literals.push(f.value);
        body.push(`__lit = __L[${literals.length - 1}];`);
      } else if (f.kind === 'out-literal') {
        literals.push(String(f.value));
        body.push(`out = ${typeof f.value === 'string' ? `__L[${literals.length - 1}]` : String(f.value)};`);
      } else {
        // swi-semantics: `var` declares a local; only bare assignments are slots of the rule's value.
        if (!sisr) for (const s of f.slots) if (!globalNames.has(s) && !slots.includes(s) && !(form === 'swi' && f.declared.includes(s))) slots.push(s);
        if (form === 'swi') for (const d of f.declared) if (!slots.includes(d) && !locals.includes(d)) locals.push(d);
        body.push(f.code + '\n;');
      }
    }
  }
  if (slots.length > 0) lines.push(`var ${slots.join(', ')};`);
  const onlyRuleVars = ruleVars.filter((v) => !slots.includes(v) && !locals.includes(v));
  if (onlyRuleVars.length > 0) lines.push(`var ${onlyRuleVars.join(', ')};`);
  lines.push(...body);
  if (!hasTags) lines.push(`return __T[${k}];`);
  else {
    const slotObj = slots.length > 0 ? `{ ${slots.map((s) => `${JSON.stringify(s)}: ${s}`).join(', ')} }` : 'null';
    lines.push(`return __done(out, __init, __lit, ${slotObj});`);
  }
  return lines.join('\n');
}
