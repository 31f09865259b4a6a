/**
 * The grammar engine's public API: SRGS 1.0 parsing (XML and ABNF), compilation and matching of caller
 * input against the active grammars, SISR 1.0 interpretation, the VoiceXML builtin types, and phrase
 * expansion for recognizer hints and NLU training. Pure: no I/O, no clock, no logging.
 */
export { srgsFromXml } from './srgs-xml';
export type { SrgsXmlContext } from './srgs-xml';
export { parseAbnf } from './abnf';
export type { AbnfContext } from './abnf';
export { parseGrammarDocument, formFromContent, formFromMimeType } from './document';
export type { GrammarForm } from './document';
export { GrammarCodes, parseBuiltinUri } from './srgs-common';

export { GrammarEngine } from './engine';
export type { RecognitionInput, RecognizeOptions, RecognizeOutcome, PrepareOutcome, DtmfBounds, GrammarEngineOptions } from './engine';
export type { ActiveGrammar } from './prepare';
export type { GrammarResolver } from './compile';
export type { SisrRunner } from './sisr';
export { createBuiltin, BUILTIN_TYPES, isBuiltinType } from './builtins';
export type { BuiltinMatcher, BuiltinMatch } from './builtins';
export { normalizeWords, dtmfKeys } from './tokens';
