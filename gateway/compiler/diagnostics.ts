/**
 * The compiler's diagnostic codes: a stable code, a default severity and a message template that says what
 * is wrong and what to do. Tests, suppressions and migration reports refer to the codes, so never rename one;
 * add new codes instead. Messages are produced through an `onError`-style sink (see `Reporter`) so that one
 * compile reports every problem, not just the first.
 */
import type { Diagnostic, Severity } from '../../contracts/diagnostics';
import type { Loc } from '../../contracts/source';

type Template = (a: Record<string, string>) => string;

interface CodeInfo {
  severity: Severity;
  message: Template;
}

const t = (severity: Severity, message: Template): CodeInfo => ({ severity, message });

export const DIAGNOSTIC_CODES = {
  // ---- XML level
  'malformed-xml': t('error', (a) => `malformed XML: ${a.detail}. Fix the markup; the document cannot be compiled until it is well-formed`),
  'doctype-entity': t('error', (a) => `DOCTYPE declares ${a.what}; entity declarations are refused (entity expansion attacks) and the document is not compiled. Remove the internal DTD subset and write the text out`),
  'external-entity': t('error', (a) => `DOCTYPE refers to the external ${a.what} "${a.ref}"; external entities are never fetched and the document is not compiled. Remove the reference`),
  'external-dtd': t('info', (a) => `DOCTYPE names the DTD "${a.ref}", which is ignored (never fetched)`),
  'undefined-entity': t('error', (a) => `undefined entity reference &${a.name}; — only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed. Write the character itself or a numeric reference`),
  'not-vxml': t('error', (a) => `root element is <${a.name}>${a.ns ? ` in namespace "${a.ns}"` : ''}, not <vxml> (namespace http://www.w3.org/2001/vxml); this is not a VoiceXML document`),
  // ---- structure
  'unknown-element': t('error', (a) => `unknown element <${a.name}> inside <${a.parent}>; it is not VoiceXML 2.0/2.1 and is ignored. Remove it or replace it with standard VoiceXML`),
  'element-not-allowed': t('error', (a) => `<${a.name}> is not allowed inside <${a.parent}>${a.hint ? ` (${a.hint})` : ''}; it is ignored. Move it where VoiceXML allows it`),
  'text-not-allowed': t('error', (a) => `text "${a.text}" is not allowed inside <${a.parent}>; it is ignored. Wrap it in the element that should speak it (e.g. <prompt>)`),
  'vendor-extension': t('warning', (a) => `${a.what} from the vendor namespace "${a.ns}" is ignored by the gateway; the behaviour it added on the legacy platform is lost. Replace it with standard VoiceXML`),
  'unknown-attribute': t('warning', (a) => `attribute "${a.name}" is not defined for <${a.element}> and is ignored. Remove it or check its spelling`),
  'missing-attribute': t('error', (a) => `<${a.element}> needs ${a.what}`),
  'conflicting-attributes': t('error', (a) => `<${a.element}> has ${a.what}, but only one of them may be given. Keep one`),
  'invalid-attribute-value': t('error', (a) => `<${a.element}> ${a.name}="${a.value}" is not valid: ${a.expected}`),
  'missing-content': t('error', (a) => `<${a.element}> ${a.what}`),
  'attribute-not-allowed': t('error', (a) => `<${a.element}> inside <${a.parent}> may not have "${a.name}" (${a.hint}); it is ignored`),
  'misplaced-else': t('error', (a) => `<${a.name}> after <else> inside <if>; the branch can never run. Put <else> last`),
  // ---- names and references
  'invalid-name': t('error', (a) => `${a.what} "${a.name}" is not a valid ECMAScript variable name${a.hint ? ` (${a.hint})` : ''}`),
  'duplicate-dialog-id': t('error', (a) => `dialog id "${a.id}" is already used at line ${a.line}; dialog ids must be unique in a document. Rename one of them`),
  'duplicate-item-name': t('error', (a) => `form item name "${a.name}" is already used at line ${a.line} in this form; form item names must be unique in a form. Rename one of them`),
  'unknown-dialog': t('error', (a) => `${a.element} refers to dialog "#${a.id}", which does not exist in this document${a.known ? ` (dialogs: ${a.known})` : ''}. Fix the id or add the dialog`),
  'bare-dialog-name': t('warning', (a) => `${a.element} is a URI: it names the document "${a.id}" next to this one, not this document's dialog "#${a.id}" (a common slip in 1.0-era documents). The gateway fetches the document, as VoiceXML says; write "#${a.id}" if the dialog is meant`),
  'unknown-item': t('error', (a) => `${a.element} refers to form item "${a.name}", which does not exist in this form. Fix the name`),
  'unknown-document': t('error', (a) => `${a.element} refers to "${a.target}", which does not exist. Fix the path or add the document`),
  'unknown-remote-dialog': t('error', (a) => `${a.element} refers to dialog "#${a.id}" of ${a.target}, which has no such dialog. Fix the id`),
  // ---- ECMAScript
  'script-syntax': t('error', (a) => `ECMAScript syntax error in ${a.where}: ${a.detail}. Fix the expression; at run time it would raise error.semantic`),
  // ---- grammars, types, properties
  'unknown-builtin': t('error', (a) => `unknown builtin type "${a.type}" (builtins: boolean, date, digits, currency, number, phone, time); at run time it would raise error.unsupported.builtin`),
  'unknown-builtin-param': t('warning', (a) => `builtin ${a.type} has no parameter "${a.param}"; it is ignored`),
  'unsupported-grammar-type': t('warning', (a) => `grammar type "${a.type}" is not SRGS (XML or ABNF); the gateway cannot match it and the grammar will raise error.unsupported.format at run time. Convert it to SRGS`),
  'bad-dtmf': t('error', (a) => `dtmf="${a.value}" is not a DTMF sequence (digits 0-9, *, #, A-D separated by optional spaces)`),
  'unknown-property': t('warning', (a) => `property "${a.name}" is not a VoiceXML 2.0/2.1 property; the gateway ignores it`),
  'menu-dtmf-overflow': t('info', (a) => `choice ${a.position} of this dtmf="true" menu has no dtmf key (only the first nine choices are numbered); give it a dtmf attribute if callers should press a key`),
  'unsupported-object': t('warning', (a) => `<object${a.classid ? ` classid="${a.classid}"` : ''}> is platform-specific and not supported by the gateway; at run time it raises error.unsupported.objecttype. Replace it with a <subdialog> or <data> call to a service`),
  'deprecated-attribute': t('info', (a) => `<${a.element}> attribute "${a.name}" is ${a.hint}`),
  'invalid-version': t('warning', (a) => `<vxml version="${a.value}">: the gateway implements VoiceXML 2.0 and 2.1`),
  // ---- legacy platforms' leniency (docs/legacy-compatibility-notes.md): accepted, read as the platforms did
  'missing-version': t('warning', () => `<vxml> has no version attribute (VoiceXML 2.0 requires one; TellMe and other 1.0-era platforms did not); read as version="2.0". Add version="2.1"`),
  'legacy-markup': t('warning', (a) => `${a.what} is read as ${a.now}. Rewrite it in VoiceXML 2.x / SSML 1.0`),
  'legacy-grammar-format': t('warning', (a) => `${a.how} is ${a.format}, not SRGS; the gateway converts it to SRGS${a.split}. Check that it matches what the legacy platform matched, or convert it to SRGS`),
  'html-entity': t('warning', (a) => `HTML entity &${a.name}; is not defined in XML (a strict parser refuses the document); read as "${a.char}". Write the character itself or &#${a.code};`),
  'xml-declaration-position': t('warning', () => `text before the XML declaration (often blank lines a JSP/PHP/ASP page emits before <?xml …?>); XML requires the declaration first, and the gateway ignores what precedes it. Make the page start with <?xml`),
  'empty-script': t('warning', () => `<script> holds only an XML comment (<!-- … -->, the HTML habit of hiding scripts); XML drops comments, so the script does nothing, as on the legacy platform. Remove the comment markers (use CDATA) if the code should run`),
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Where a compile sends its findings; the default collects them, a caller may add its own hook. */
export interface Reporter {
  report(code: DiagnosticCode, loc: Loc, args?: Record<string, string>, severity?: Severity): void;
  /** Diagnostics produced elsewhere (e.g. the grammar parser) with their own code. */
  add(d: Diagnostic): void;
  readonly diagnostics: Diagnostic[];
  hasErrors(): boolean;
}

export function createReporter(uri: string, onDiagnostic?: (d: Diagnostic) => void): Reporter {
  const diagnostics: Diagnostic[] = [];
  let errors = 0;
  const add = (d: Diagnostic): void => {
    diagnostics.push(d);
    if (d.severity === 'error') errors++;
    if (onDiagnostic) onDiagnostic(d);
  };
  return {
    diagnostics,
    add,
    hasErrors: () => errors > 0,
    report(code, loc, args = {}, severity) {
      const info = DIAGNOSTIC_CODES[code];
      add({ uri, line: loc.line, col: loc.col, severity: severity ?? info.severity, code, message: info.message(args) });
    },
  };
}

/** `uri:line:col severity code message` — the one line format lint, logs and tests use. */
export function formatDiagnostic(d: Diagnostic, displayUri: string = d.uri): string {
  return `${displayUri}:${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`;
}

/** Sort by position (stable for equal positions), so output follows the document. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.col - b.d.col || a.i - b.i)
    .map((x) => x.d);
}
