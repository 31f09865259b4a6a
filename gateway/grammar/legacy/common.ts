/**
 * Shared pieces of the pre-SRGS grammar readers (Nuance GSL, JSGF): what they produce, the diagnostics they
 * report, and the split of a grammar that mixes spoken words and DTMF keys into one grammar per input mode
 * (an SRGS grammar has exactly one mode; GSL let `dtmf-1` and `one` sit in the same rule).
 */
import type { SrgsExpansion, SrgsGrammar, SrgsRule } from '../../../contracts/grammar';
import type { InputMode } from '../../../contracts/platform';
import type { Loc } from '../../../contracts/source';
import { diag, type Reporter } from '../srgs-common';

export type LegacyFormat = 'gsl' | 'jsgf';

export interface LegacyContext {
  uri: string;
  /** Where the grammar text starts in its document. */
  loc: Loc;
  report: Reporter;
  /** The mode the grammar is declared for (mode attribute, <dtmf> element), when known. */
  mode?: InputMode;
}

/** One grammar per input mode the legacy grammar uses (both when it mixes words and keys). */
export interface LegacyGrammars {
  voice?: SrgsGrammar;
  dtmf?: SrgsGrammar;
}

export const LegacyCodes = {
  converted: 'grammar.legacy-format',
  syntax: 'grammar.legacy-syntax',
  unsupported: 'grammar.legacy-unsupported',
} as const;

/** Position of offset `i` of `text`, which starts at `base`. */
export function locAt(text: string, i: number, base: Loc): Loc {
  let line = base.line;
  let col = base.col;
  for (let k = 0; k < i && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return { line, col };
}

export function report(ctx: LegacyContext, text: string, at: number, severity: 'error' | 'warning' | 'info', code: string, message: string): void {
  ctx.report(diag(ctx.uri, locAt(text, at, ctx.loc), severity, code, message));
}

/** `dtmf-1`, `dtmf-star`, `dtmf-pound` (GSL's names for keys) → the SRGS DTMF token, else undefined. */
export function dtmfKeyOf(word: string): string | undefined {
  const m = /^dtmf-(.+)$/i.exec(word);
  if (!m) return undefined;
  const k = m[1].toLowerCase();
  if (/^[0-9]$/.test(k)) return k;
  if (k === 'star' || k === '*') return '*';
  if (k === 'pound' || k === 'hash' || k === '#') return '#';
  if (/^[a-d]$/.test(k)) return k.toUpperCase();
  return undefined;
}

/** A literal value as a SISR expression: numbers stay numbers, anything else is a string. */
export function literal(text: string): string {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return t;
  const unquoted = /^"(.*)"$/s.exec(t) ?? /^'(.*)'$/s.exec(t);
  return JSON.stringify(unquoted ? unquoted[1] : t);
}

/**
 * Splits a grammar that holds spoken words and DTMF keys into a voice and a dtmf grammar with the same rules
 * and tags: in each, the other mode's tokens become VOID, so their alternatives can never match there.
 */
export function splitByMode(g: Omit<SrgsGrammar, 'mode'>, declared: InputMode | undefined): LegacyGrammars {
  let words = false;
  let keys = false;
  const visit = (e: SrgsExpansion): void => {
    switch (e.kind) {
      case 'token':
        if (isKey(e.text)) keys = true;
        else words = true;
        return;
      case 'seq':
        e.items.forEach(visit);
        return;
      case 'oneof':
        e.alternatives.forEach((a) => visit(a.expansion));
        return;
      case 'repeat':
        visit(e.expansion);
        return;
      case 'ruleref':
      case 'tag':
        return;
    }
  };
  for (const r of Object.values(g.rules)) visit(r.expansion);
  if (declared === 'dtmf' || (keys && !words)) return { dtmf: { ...g, mode: 'dtmf', rules: only(g.rules, 'dtmf') } };
  if (!keys) return { voice: { ...g, mode: 'voice' } };
  return { voice: { ...g, mode: 'voice', rules: only(g.rules, 'voice') }, dtmf: { ...g, mode: 'dtmf', rules: only(g.rules, 'dtmf') } };
}

/** Keys are marked with a leading NUL by the readers until the split decides their mode. */
export const KEY_MARK = '\u0000';

function isKey(text: string): boolean {
  return text.startsWith(KEY_MARK);
}

function only(rules: Record<string, SrgsRule>, mode: InputMode): Record<string, SrgsRule> {
  const keep = (e: SrgsExpansion): SrgsExpansion => {
    switch (e.kind) {
      case 'token':
        if (isKey(e.text)) return mode === 'dtmf' ? { kind: 'token', text: e.text.slice(1) } : { kind: 'ruleref', special: 'VOID' };
        return mode === 'voice' ? e : { kind: 'ruleref', special: 'VOID' };
      case 'seq':
        return { ...e, items: e.items.map(keep) };
      case 'oneof':
        return { ...e, alternatives: e.alternatives.map((a) => ({ expansion: keep(a.expansion), weight: a.weight })) };
      case 'repeat':
        return { ...e, expansion: keep(e.expansion) };
      case 'ruleref':
      case 'tag':
        return e;
    }
  };
  const out: Record<string, SrgsRule> = {};
  for (const [id, r] of Object.entries(rules)) out[id] = { ...r, expansion: keep(r.expansion) };
  return out;
}

/** The rule to start from: the first public rule, else the first rule no other rule refers to, else the first. */
export function pickRoot(order: string[], publicRules: Set<string>, rules: Record<string, SrgsRule>): string | undefined {
  const pub = order.find((r) => publicRules.has(r));
  if (pub !== undefined) return pub;
  const referenced = new Set<string>();
  const visit = (e: SrgsExpansion): void => {
    if (e.kind === 'ruleref' && e.rule !== undefined && e.uri === undefined) referenced.add(e.rule);
    else if (e.kind === 'seq') e.items.forEach(visit);
    else if (e.kind === 'oneof') e.alternatives.forEach((a) => visit(a.expansion));
    else if (e.kind === 'repeat') visit(e.expansion);
  };
  for (const r of Object.values(rules)) visit(r.expansion);
  return order.find((r) => !referenced.has(r)) ?? order[0];
}

/** Word tokens: one per word, so the matcher sees what a recognizer would hear. */
export function wordTokens(text: string): SrgsExpansion[] {
  return text.split(/\s+/).filter(Boolean).map((w) => ({ kind: 'token', text: w }));
}

export function seq(items: SrgsExpansion[]): SrgsExpansion {
  if (items.length === 1) return items[0];
  if (items.length === 0) return { kind: 'ruleref', special: 'NULL' };
  return { kind: 'seq', items };
}
