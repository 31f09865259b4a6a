/**
 * Pieces shared by the XML and ABNF forms of SRGS 1.0: repeat and weight syntax, special rule names,
 * token splitting, rule-reference URIs, and the diagnostic codes both parsers report.
 */
import type { Diagnostic, Severity } from '../../contracts/diagnostics';
import type { Loc } from '../../contracts/source';
import type { SrgsExpansion, SrgsGrammar } from '../../contracts/grammar';

/** Stable diagnostic codes of the grammar parsers (tests and suppressions refer to them). */
export const GrammarCodes = {
  syntax: 'grammar.syntax',
  undefinedRule: 'grammar.undefined-rule',
  duplicateRule: 'grammar.duplicate-rule',
  badRepeat: 'grammar.bad-repeat',
  badWeight: 'grammar.bad-weight',
  badProbability: 'grammar.bad-probability',
  noRoot: 'grammar.no-root',
  badRoot: 'grammar.bad-root',
  badSpecial: 'grammar.bad-special',
  badRuleref: 'grammar.bad-ruleref',
  unknownElement: 'grammar.unknown-element',
  badMode: 'grammar.bad-mode',
  badScope: 'grammar.bad-scope',
  emptyRule: 'grammar.empty-rule',
  misplacedText: 'grammar.misplaced-text',
  badVersion: 'grammar.bad-version',
  unknownTagFormat: 'grammar.tag-format',
  unsupportedBuiltin: 'grammar.unsupported-builtin',
  notSrgs: 'grammar.not-srgs',
  tagSyntax: 'grammar.tag-syntax',
  tagAttribute: 'grammar.tag-attribute',
} as const;

export type Reporter = (d: Diagnostic) => void;

export function diag(uri: string, loc: Loc | undefined, severity: Severity, code: string, message: string): Diagnostic {
  return { uri, line: loc?.line ?? 1, col: loc?.col ?? 1, severity, code, message };
}

export interface RepeatSpec {
  min: number;
  max: number | null;
}

/** SRGS repeat attribute / ABNF repeat operator body: "n", "n-m", "n-". Returns undefined when malformed. */
export function parseRepeat(text: string): RepeatSpec | undefined {
  const m = /^\s*(\d+)\s*(?:(-)\s*(\d+)?)?\s*$/.exec(text);
  if (!m) return undefined;
  const min = Number(m[1]);
  if (m[2] === undefined) return { min, max: min };
  if (m[3] === undefined) return { min, max: null };
  const max = Number(m[3]);
  if (max < min) return undefined;
  return { min, max };
}

/** Weights are non-negative decimal numbers ("2", ".5", "1.5e0" is not SRGS but harmless). */
export function parseWeight(text: string): number | undefined {
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text)) return undefined;
  return Number(text);
}

/** Repeat probabilities are numbers in [0,1]. */
export function parseProbability(text: string): number | undefined {
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text)) return undefined;
  const p = Number(text);
  return p >= 0 && p <= 1 ? p : undefined;
}

export type SpecialRule = 'NULL' | 'VOID' | 'GARBAGE';
export function isSpecial(name: string): name is SpecialRule {
  return name === 'NULL' || name === 'VOID' || name === 'GARBAGE';
}

/** Splits a rule reference URI into document part and rule fragment ("a.grxml#r" → {uri:'a.grxml', rule:'r'}). */
export function splitRuleUri(ref: string): { uri?: string; rule?: string } {
  const hash = ref.indexOf('#');
  if (hash < 0) return { uri: ref };
  const uri = ref.slice(0, hash);
  const rule = ref.slice(hash + 1);
  return { uri: uri === '' ? undefined : uri, rule: rule === '' ? undefined : rule };
}

/**
 * SRGS token text → tokens. Whitespace separates tokens; a double-quoted run is one token (which may hold
 * spaces, "New York"). Quotes are not part of the token.
 */
export function splitTokens(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const body = end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
      const norm = body.trim().replace(/\s+/g, ' ');
      if (norm !== '') out.push(norm);
      i = end < 0 ? n : end + 1;
      continue;
    }
    let j = i;
    while (j < n && !/\s/.test(text[j]) && text[j] !== '"') j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/** A sequence of expansions, collapsed when it holds exactly one item and carries no language. */
export function seqOf(items: SrgsExpansion[], lang?: string): SrgsExpansion {
  if (items.length === 1 && lang === undefined) return items[0];
  return lang === undefined ? { kind: 'seq', items } : { kind: 'seq', items, lang };
}

/** Tag formats this engine evaluates (anything else is diagnosed and evaluated as best it can). */
export const KNOWN_TAG_FORMATS = new Set([
  'semantics/1.0',
  'semantics/1.0-literals',
  'semantics/1.0.2006',
  'semantics-ms/1.0',
  'swi-semantics/1.0',
]);

export function checkTagFormat(tagFormat: string | undefined, uri: string, loc: Loc | undefined, report: Reporter): void {
  if (tagFormat === undefined) return;
  const base = tagFormat.trim().replace(/^.*\/(?=semantics)/, '');
  if (!KNOWN_TAG_FORMATS.has(base)) {
    report(
      diag(uri, loc, 'warning', GrammarCodes.unknownTagFormat,
        `tag-format "${tagFormat}" is not one this gateway knows; tags are evaluated as SISR 1.0 script (semantics/1.0)`),
    );
  }
}

/** The rule names SRGS reserves; a rule may not be defined with these names. */
export function isReservedRuleName(name: string): boolean {
  return isSpecial(name);
}

const BUILTIN_TYPES = new Set(['boolean', 'date', 'digits', 'currency', 'number', 'phone', 'time']);

/**
 * `builtin:[dtmf/|voice/|grammar/]type[?params]` (VoiceXML 2.0 Appendix P) → its parts; undefined when the
 * URI is not a builtin URI at all, `{ ok: false }` when it names no builtin type this platform has.
 */
export function parseBuiltinUri(
  uri: string,
): { ok: true; mode?: 'dtmf' | 'voice'; type: string; params: Record<string, string> } | { ok: false; type: string } | undefined {
  const m = /^builtin:(?:(dtmf|voice|grammar)\/)?([^?#]*)(?:\?([^#]*))?/.exec(uri.trim());
  if (!m) return undefined;
  const type = m[2];
  if (!BUILTIN_TYPES.has(type)) return { ok: false, type };
  const params: Record<string, string> = {};
  if (m[3]) {
    for (const part of m[3].split(/[;&]/)) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const k = decodeURIComponent(eq < 0 ? part : part.slice(0, eq)).trim();
      params[k] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1)).trim();
    }
  }
  const mode = m[1] === 'dtmf' || m[1] === 'voice' ? m[1] : undefined;
  return mode === undefined ? { ok: true, type, params } : { ok: true, mode, type, params };
}

/** Reports a rule reference to a builtin type this platform does not provide (SRGS: the grammar is rejected). */
export function checkBuiltinRef(uri: string, report: () => (code: string, message: string) => void): boolean {
  const b = parseBuiltinUri(uri);
  if (b && !b.ok) {
    report()(GrammarCodes.unsupportedBuiltin, `"${uri}" names no builtin grammar; builtin types are boolean, date, digits, currency, number, phone and time`);
    return false;
  }
  return true;
}

/** `e` with every ruleref replaced by what `replace` makes of it (the one walk every reference rewrite shares). */
export function mapRuleRefs(e: SrgsExpansion, replace: (ref: Extract<SrgsExpansion, { kind: 'ruleref' }>) => SrgsExpansion): SrgsExpansion {
  const fix = (x: SrgsExpansion): SrgsExpansion => {
    switch (x.kind) {
      case 'ruleref':
        return replace(x);
      case 'seq':
        return { ...x, items: x.items.map(fix) };
      case 'oneof':
        return { ...x, alternatives: x.alternatives.map((a) => ({ expansion: fix(a.expansion), weight: a.weight })) };
      case 'repeat':
        return { ...x, expansion: fix(x.expansion) };
      case 'token':
      case 'tag':
        return x;
    }
  };
  return fix(e);
}

/** Undefined local references become VOID (they can never match), after being reported. */
export function voidUndefinedRef(g: SrgsGrammar, missing: string): void {
  for (const r of Object.values(g.rules)) {
    r.expansion = mapRuleRefs(r.expansion, (ref) => (ref.uri === undefined && ref.rule === missing && ref.special === undefined ? { kind: 'ruleref', special: 'VOID' } : ref));
  }
}
