/**
 * An external grammar document (fetched by the runtime) → SrgsGrammar. The form is taken from the MIME
 * type when it says, else from the content (`#ABNF` header or an XML document).
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { SrgsGrammar } from '../../contracts/grammar';
import { parseAbnf } from './abnf';
import { grammarTypeSupport, legacyFormatName, parseLegacyGrammar, sniffLegacyFormat, type LegacyFormat } from './legacy/index';
import { GrammarCodes as C, diag } from './srgs-common';
import { srgsFromXml } from './srgs-xml';
import { parseXmlDocument } from './xml-tree';

export type GrammarForm = 'xml' | 'abnf' | LegacyFormat;

/** The SRGS form a MIME type names, or undefined for types that do not say (text/plain, octet-stream…). */
export function formFromMimeType(mimeType: string | undefined): GrammarForm | undefined {
  if (mimeType === undefined) return undefined;
  const t = mimeType.split(';')[0].trim().toLowerCase();
  if (t === 'application/srgs+xml' || t === 'application/grammar+xml' || t === 'application/xml' || t === 'text/xml') return 'xml';
  if (t === 'application/srgs' || t === 'application/grammar' || t === 'text/plain+abnf') return 'abnf';
  const legacy = grammarTypeSupport(t);
  return legacy === 'gsl' || legacy === 'jsgf' ? legacy : undefined;
}

/** Form from content: the `#ABNF` self-identifying header, else XML when it starts with '<'. */
export function formFromContent(text: string): GrammarForm | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('#ABNF')) return 'abnf';
  // JSGF rule definitions (`<rule> = …`) also start with '<'; an XML document never has `<name> =`.
  const legacy = sniffLegacyFormat(head);
  if (legacy === 'jsgf' || !head.startsWith('<')) return legacy;
  return 'xml';
}

export function parseGrammarDocument(
  text: string,
  uri: string,
  mimeType: string | undefined,
  report: (d: Diagnostic) => void,
): SrgsGrammar {
  const fromContent = formFromContent(text);
  let form = formFromMimeType(mimeType);
  if (form !== undefined && fromContent !== undefined && form !== fromContent) {
    report(diag(uri, undefined, 'warning', C.notSrgs, `served as ${mimeType} but the content reads as ${formName(fromContent)}; reading it as ${formName(fromContent)}`));
    form = fromContent;
  }
  form ??= fromContent;
  if (form === 'gsl' || form === 'jsgf') {
    report(diag(uri, undefined, 'warning', 'grammar.legacy-format', `grammar is ${legacyFormatName(form)}, not SRGS; the gateway converts it to SRGS. Check that it matches what the legacy platform matched, or convert it to SRGS`));
    const g = parseLegacyGrammar(form, text.replace(/^\uFEFF/, ''), { uri, loc: { line: 1, col: 1 }, report });
    return g.voice ?? g.dtmf ?? { mode: 'voice', rules: {} };
  }
  if (form === undefined) {
    const what = mimeType === undefined ? 'without a MIME type' : `as ${mimeType}`;
    report(diag(uri, undefined, 'error', C.notSrgs, `grammar fetched ${what} is neither SRGS XML nor SRGS ABNF (no <grammar> element, no "#ABNF 1.0;" header)`));
    return { mode: 'voice', rules: {} };
  }
  if (form === 'abnf') {
    const clean = text.replace(/^\uFEFF/, '');
    return parseAbnf(clean, { uri, loc: { line: 1, col: 1 }, report, standalone: true });
  }
  const parsed = parseXmlDocument(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) {
    report(diag(uri, parsed.loc, 'error', C.syntax, `the grammar is not well-formed XML: ${parsed.message}`));
    return { mode: 'voice', rules: {} };
  }
  return srgsFromXml(parsed.root, { uri, report, standalone: true });
}

function formName(f: GrammarForm): string {
  return f === 'xml' || f === 'abnf' ? `SRGS ${f.toUpperCase()}` : legacyFormatName(f);
}
