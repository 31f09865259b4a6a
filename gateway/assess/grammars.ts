/**
 * The grammar inventory of an application: per grammar (a <grammar> element, a field's builtin type, a
 * menu's choices, a field's options) where it is, its format and mode, its rule count, how many phrases it
 * says (expanded by the grammar engine, bounded), and what it becomes on each platform: Twilio speech hints
 * or <Gather numDigits>; ACS `choices` (small closed sets, with ACS_USE_CHOICES) or free speech, and
 * maxTonesToCollect.
 */
import type { DialogGraph } from '../../contracts/graph';
import type { GrammarDecl } from '../../contracts/grammar';
import type { ActiveGrammarRef } from '../../contracts/platform';
import type { Loc } from '../../contracts/source';
import { resolveDocument } from '../compiler/uri';
import { GrammarEngine, type ActiveGrammar, type GrammarResolver } from '../grammar/index';
import { grammarFormat, MAX_CHOICE_PHRASES, MAX_HINTS } from './capabilities';
import type { CrawledGrammar } from './crawl';

export interface GrammarEntry {
  uri: string;
  loc: Loc;
  /** What declares it: `<grammar>`, `field type`, `menu`, `options`, `link dtmf`. */
  origin: string;
  /** External grammar document or builtin, as resolved. */
  src?: string;
  /** SRGS XML, SRGS ABNF, builtin digits, menu choices, options, or the type as written. */
  format: string;
  mode: 'voice' | 'dtmf';
  /** Rules of the SRGS grammar (undefined for builtins and generated sets). */
  rules?: number;
  /** Phrases it says, up to PHRASE_LIMIT; `complete` false when it says more (repeats, GARBAGE, builtins). */
  phrases: number;
  complete: boolean;
  /** DTMF length bounds, when the grammar gives them. */
  digits?: { min: number; max: number | null };
  twilio: string;
  acs: string;
  /** Why the grammar cannot be used (unreadable src, error event), when it cannot. */
  problem?: string;
}

/** Phrases expanded per grammar at most (the count is "at least" beyond). */
export const PHRASE_LIMIT = 1000;

const FORMATS: Readonly<Record<string, string>> = {
  'application/srgs+xml': 'SRGS XML',
  'application/grammar+xml': 'SRGS XML',
  'application/srgs': 'SRGS ABNF',
  'application/grammar': 'SRGS ABNF',
};

export function grammarInventory(
  docs: readonly { uri: string; graph: DialogGraph }[],
  external: ReadonlyMap<string, CrawledGrammar>,
  show: (uri: string) => string = (u) => u,
): GrammarEntry[] {
  const engine = new GrammarEngine({ maxCached: 4000 });
  const resolve: GrammarResolver = (uri) => external.get(uri)?.grammar;
  const all: GrammarEntry[] = [];
  for (const { uri, graph } of docs) {
    const out: GrammarEntry[] = [];
    const base = graph.base ? resolveDocument(uri, graph.base) : uri;
    const active = (decl: GrammarDecl): ActiveGrammar => {
      const ref: ActiveGrammarRef = { key: `${uri}#${decl.id}`, mode: decl.mode, scope: 'field' };
      if (decl.src !== undefined && !decl.src.startsWith('builtin:')) ref.src = resolveDocument(base, decl.src);
      return { ref, decl };
    };
    const grouped = new Set<string>();
    // Menus and option lists: one entry per mode, for the set the caller hears as one question.
    for (const d of graph.dialogs) {
      if (d.kind === 'menu') {
        const ids = d.choices.flatMap((c) => c.grammars);
        ids.forEach((id) => grouped.add(id));
        for (const mode of ['voice', 'dtmf'] as const) {
          const decls = ids.map((id) => graph.grammars[id]).filter((g): g is GrammarDecl => g !== undefined && g.mode === mode && g.origin !== 'element');
          if (decls.length) out.push(entry(engine, resolve, show, uri, d.loc, `menu ${d.id}`, 'menu choices', mode, decls.map(active), undefined));
        }
        // Choices with their own <grammar> are listed like any other grammar element.
        ids.forEach((id) => graph.grammars[id]?.origin === 'element' && grouped.delete(id));
        continue;
      }
      for (const item of d.items) {
        if (item.kind !== 'field') continue;
        const ids = item.grammars.filter((id) => graph.grammars[id]?.origin === 'option');
        ids.forEach((id) => grouped.add(id));
        for (const mode of ['voice', 'dtmf'] as const) {
          const decls = ids.map((id) => graph.grammars[id]).filter((g): g is GrammarDecl => g !== undefined && g.mode === mode);
          if (decls.length) out.push(entry(engine, resolve, show, uri, item.loc, `field ${item.name} options`, 'options', mode, decls.map(active), undefined));
        }
      }
    }
    for (const decl of Object.values(graph.grammars)) {
      if (grouped.has(decl.id) || decl.srcexpr !== undefined) continue;
      const origin = decl.origin === 'field-type' ? 'field type' : decl.origin === 'link-dtmf' ? 'link dtmf' : decl.origin === 'element' ? '<grammar>' : decl.origin;
      const a = active(decl);
      out.push(entry(engine, resolve, show, uri, decl.loc, origin, formatOf(decl, a.ref.src, external), decl.mode, [a], a.ref.src ?? (decl.builtin ? `builtin:${decl.builtin.type}` : undefined)));
    }
    all.push(...out.sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col));
  }
  return all;
}

function formatOf(decl: GrammarDecl, src: string | undefined, external: ReadonlyMap<string, CrawledGrammar>): string {
  if (decl.builtin) return `builtin ${decl.builtin.type}`;
  if (decl.src?.trim().startsWith('builtin:')) return `builtin ${decl.src.trim().slice('builtin:'.length).replace(/^(dtmf|voice|grammar)\//, '').split('?')[0]}`;
  const type = decl.type?.split(';')[0].trim().toLowerCase();
  if (type && FORMATS[type]) return FORMATS[type];
  if (type && grammarFormat(type) === 'gsl') return 'Nuance GSL';
  if (type && grammarFormat(type) === 'jsgf') return 'JSGF';
  if (type) return type;
  if (decl.inline) return 'SRGS XML';
  const form: string | undefined = src ? external.get(src.replace(/#.*$/, ''))?.form : undefined;
  return form === undefined || form === 'xml' ? 'SRGS XML' : form === 'abnf' ? 'SRGS ABNF' : form === 'gsl' ? 'Nuance GSL' : form === 'jsgf' ? 'JSGF' : form;
}

function entry(engine: GrammarEngine, resolve: GrammarResolver, show: (uri: string) => string, uri: string, loc: Loc, origin: string, format: string, mode: 'voice' | 'dtmf', set: ActiveGrammar[], src: string | undefined): GrammarEntry {
  const base: Omit<GrammarEntry, 'twilio' | 'acs'> = { uri, loc, origin, format, mode, phrases: 0, complete: true, ...(src ? { src } : {}) };
  const unreadable = set.map((g) => g.decl.type).find((t) => t !== undefined && grammarFormat(t) === 'unsupported');
  if (unreadable) return { ...base, complete: false, problem: `${unreadable} cannot be read: error.unsupported.format`, twilio: '—', acs: '—' };
  const prepared = engine.prepare(set, resolve);
  if (prepared.status !== 'ready') {
    const problem = prepared.status === 'need' ? `needs ${prepared.uris.map(show).join(', ')}, which could not be read` : `${prepared.event}: ${prepared.message}`;
    return { ...base, complete: false, problem, twilio: '—', acs: '—' };
  }
  let phrases = 0;
  let complete = true;
  let rules: number | undefined;
  for (const g of set) {
    const p = engine.phrases(g, resolve, PHRASE_LIMIT);
    phrases += p.phrases.length;
    complete &&= p.complete;
    const srgs = g.decl.inline ?? (g.ref.src ? resolve(g.ref.src.replace(/#.*$/, '')) : undefined);
    if (srgs && set.length === 1) rules = Object.keys(srgs.rules).length;
  }
  const counted = { ...base, phrases, complete, ...(rules !== undefined ? { rules } : {}) };
  if (mode === 'dtmf') {
    const b = engine.dtmfBounds(set, resolve);
    const digits = b ? { min: b.minDigits, max: b.maxDigits } : undefined;
    return {
      ...counted,
      ...(digits ? { digits } : {}),
      twilio: digits?.max != null ? `<Gather numDigits=${digits.max}>` : '<Gather finishOnKey/timeout>',
      acs: digits?.max != null ? `maxTonesToCollect ${digits.max}` : 'maxTonesToCollect (ACS_DEFAULT_MAX_TONES)',
    };
  }
  const builtin = set.some((g) => g.decl.builtin !== undefined);
  const hints = Math.min(phrases, MAX_HINTS);
  return {
    ...counted,
    twilio: phrases === 0 ? 'speech, no hints' : builtin ? `hints (${hints} examples)` : `hints (${hints}${phrases > MAX_HINTS || !complete ? ` of ${complete ? phrases : `${phrases}+`}` : ''})`,
    acs: complete && phrases > 0 && phrases <= MAX_CHOICE_PHRASES ? `choices (${phrases} phrase${phrases === 1 ? '' : 's'}; with ACS_USE_CHOICES)` : 'speech + gateway match',
  };
}
