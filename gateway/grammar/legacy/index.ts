/**
 * Pre-SRGS grammar formats legacy VoiceXML applications still carry: which MIME types name them, how an
 * untyped grammar is recognised, and the readers that turn them into SRGS rules (see gsl.ts, jsgf.ts).
 */
import { GSL_GRAMMAR_TYPES, JSGF_GRAMMAR_TYPES, SRGS_GRAMMAR_TYPES } from '../../../contracts/grammar';
import type { LegacyContext, LegacyFormat, LegacyGrammars } from './common';
import { parseGsl } from './gsl';
import { parseJsgf } from './jsgf';

export { LegacyCodes, type LegacyContext, type LegacyFormat, type LegacyGrammars } from './common';
export { parseGsl } from './gsl';
export { parseJsgf } from './jsgf';

const SRGS_TYPES = new Set(SRGS_GRAMMAR_TYPES);
const GSL_TYPES = new Set(GSL_GRAMMAR_TYPES);
const JSGF_TYPES = new Set(JSGF_GRAMMAR_TYPES);

export type GrammarTypeSupport = 'srgs' | LegacyFormat | 'unsupported';

/** What the gateway does with a grammar of this MIME type (parameters such as `;charset=` ignored). */
export function grammarTypeSupport(type: string): GrammarTypeSupport {
  const t = type.split(';')[0].trim().toLowerCase();
  if (SRGS_TYPES.has(t)) return 'srgs';
  if (GSL_TYPES.has(t)) return 'gsl';
  if (JSGF_TYPES.has(t)) return 'jsgf';
  return 'unsupported';
}

export function legacyFormatName(f: LegacyFormat): string {
  return f === 'gsl' ? 'Nuance GSL' : 'JSGF';
}

/**
 * The legacy format an untyped, non-SRGS grammar text is written in, if it reads as one: a `#JSGF` header or
 * `<rule> =` definitions → JSGF; `[ … ]`, `( … )` or `Name [ … ]` definitions → GSL; a bare `a | b {tag}`
 * → JSGF; plain words → GSL (one phrase). Text with SRGS ABNF `$rule =` definitions is not legacy.
 */
export function sniffLegacyFormat(text: string): LegacyFormat | undefined {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (t === '' || t.startsWith('#ABNF') || /(^|[;\s])(public\s+)?\$[\w.-]+\s*=/.test(t)) return undefined;
  if (t.startsWith('#JSGF') || /(^|[;\s])(public\s+)?<[\w.$-]+>\s*=/.test(t)) return 'jsgf';
  if (t.startsWith('<')) return undefined;
  if (t.startsWith('[') || t.startsWith('(') || /^\.?[A-Za-z_][\w.-]*\s*[[(]/.test(t)) return 'gsl';
  if (t.includes('|')) return 'jsgf';
  if (/^[\p{L}\p{N}'’.\-\s]+$/u.test(t)) return 'gsl';
  return undefined;
}

export function parseLegacyGrammar(format: LegacyFormat, text: string, ctx: LegacyContext): LegacyGrammars {
  return format === 'gsl' ? parseGsl(text, ctx) : parseJsgf(text, ctx);
}
