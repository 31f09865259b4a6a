/**
 * Grammars as the compiler records them, the SRGS rule tree the grammar engine matches against,
 * and the result shape every recognition path (grammar, classifier, LLM) produces.
 */
import type { Loc } from './source';
import type { InputMode } from './platform';

export type BuiltinType = 'boolean' | 'date' | 'digits' | 'currency' | 'number' | 'phone' | 'time';

/**
 * Grammar MIME types (lower case, without parameters) the gateway can use: SRGS in its XML and ABNF forms with
 * the aliases 2.0-era platforms used, and the legacy formats it converts to SRGS (Nuance GSL, JSGF). Any other
 * type raises error.unsupported.format (VoiceXML 2.0 §5.2.6).
 */
export const SRGS_GRAMMAR_TYPES: readonly string[] = [
  'application/srgs+xml', 'application/srgs', 'application/grammar+xml', 'application/x-srgs+xml', 'application/grammar',
  'application/xml', 'text/xml', 'text/plain', 'text/plain+abnf', 'application/x-srgs',
];
export const GSL_GRAMMAR_TYPES: readonly string[] = ['text/gsl', 'text/x-gsl', 'application/x-nuance-gsl', 'application/x-gsl', 'application/gsl', 'application/x-nuance-grammar'];
export const JSGF_GRAMMAR_TYPES: readonly string[] = ['application/x-jsgf', 'application/jsgf', 'text/jsgf', 'text/x-jsgf', 'application/x-java-speech-grammar'];

/** VoiceXML fetch attributes, kept as written; the runtime interprets them. */
export interface FetchAttrs {
  fetchtimeout?: string;
  fetchhint?: string;
  maxage?: string;
  maxstale?: string;
  fetchaudio?: string;
}

/** A <grammar> element, or a grammar the compiler synthesised (field type, option list, choice, link dtmf). */
export interface GrammarDecl {
  /** Unique within its document: `g<N>`. The recognizer key is `<documentUri>#<id>`. */
  id: string;
  loc: Loc;
  mode: InputMode;
  /** MIME type as written or implied: application/srgs+xml, application/srgs, or a vendor type (diagnosed). */
  type?: string;
  src?: string;
  srcexpr?: string;
  scope?: 'dialog' | 'document';
  weight?: number;
  lang?: string;
  /** Where the grammar came from when the compiler made it. */
  origin: 'element' | 'field-type' | 'option' | 'choice' | 'link-dtmf' | 'menu-dtmf';
  /** builtin:…/type?params, or <field type>. */
  builtin?: { type: BuiltinType; params: Record<string, string> };
  /** Inline SRGS (XML or ABNF) parsed at compile time. */
  inline?: SrgsGrammar;
  /** VoiceXML accept="approximate" (choices and options): any ordered subset of the phrase's words matches. */
  approximate?: boolean;
  fetch?: FetchAttrs;
}

/** An SRGS 1.0 grammar (XML or ABNF form) after parsing. */
export interface SrgsGrammar {
  mode: InputMode;
  root?: string;
  lang?: string;
  tagFormat?: string;
  base?: string;
  rules: Record<string, SrgsRule>;
  /** Source text of tags outside rules (SISR global declarations). */
  globalTags?: string[];
}

export interface SrgsRule {
  id: string;
  scope: 'private' | 'public';
  expansion: SrgsExpansion;
  loc?: Loc;
}

export type SrgsExpansion =
  | { kind: 'token'; text: string }
  | { kind: 'seq'; items: SrgsExpansion[]; lang?: string }
  | { kind: 'oneof'; alternatives: { expansion: SrgsExpansion; weight: number }[]; lang?: string }
  /** max null = unbounded. */
  | { kind: 'repeat'; min: number; max: number | null; prob?: number; expansion: SrgsExpansion }
  | { kind: 'ruleref'; uri?: string; rule?: string; special?: 'NULL' | 'VOID' | 'GARBAGE'; type?: string }
  | { kind: 'tag'; text: string };

/** Which mechanism decided what the caller said. */
export type RecognitionPath = 'grammar' | 'classifier' | 'llm';

/** application.lastresult$ entry and the value that fills form items (VoiceXML 2.0 §3.1.6, §5.1.5). */
export interface RecognitionResult {
  /** Key of the grammar that matched (`<documentUri>#<id>`). */
  grammar: string;
  utterance: string;
  confidence: number;
  inputmode: InputMode;
  /** SISR `out`: a string, number, boolean or JSON object. */
  interpretation: unknown;
  path: RecognitionPath;
  /** Classifier/LLM score when those decided. */
  score?: number;
  /** Other candidates considered, best first. */
  alternatives?: { label: string; score: number }[];
  /** Terminating DTMF key that ended collection, if any (not part of the utterance). */
  termchar?: string;
}
