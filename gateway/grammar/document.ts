/**
 * An external grammar document (fetched by the runtime) → SrgsGrammar. The form is taken from the MIME
 * type when it says, else from the content (`#ABNF` header or an XML document).
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { SrgsGrammar } from '../../contracts/grammar';
import { parseAbnf } from './abnf';
import { GrammarCodes as C, diag } from './srgs-common';
import { srgsFromXml } from './srgs-xml';
import { parseXmlDocument } from './xml-tree';

export type GrammarForm = 'xml' | 'abnf';

/** The SRGS form a MIME type names, or undefined for types that do not say (text/plain, octet-stream…). */
export function formFromMimeType(mimeType: string | undefined): GrammarForm | undefined {
  if (mimeType === undefined) return undefined;
  const t = mimeType.split(';')[0].trim().toLowerCase();
  if (t === 'application/srgs+xml' || t === 'application/grammar+xml' || t === 'application/xml' || t === 'text/xml') return 'xml';
  if (t === 'application/srgs' || t === 'application/grammar' || t === 'text/plain+abnf') return 'abnf';
  return undefined;
}

/** Form from content: the `#ABNF` self-identifying header, else XML when it starts with '<'. */
export function formFromContent(text: string): GrammarForm | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('#ABNF')) return 'abnf';
  if (head.startsWith('<')) return 'xml';
  return undefined;
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
    report(diag(uri, undefined, 'warning', C.notSrgs, `served as ${mimeType} but the content is SRGS ${fromContent.toUpperCase()}; reading it as ${fromContent.toUpperCase()}`));
    form = fromContent;
  }
  form ??= fromContent;
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
