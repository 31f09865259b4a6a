/** The shape every builtin grammar (VoiceXML 2.0 Appendix P) implements. */
import type { BuiltinType } from '../../../contracts/grammar';
import type { InputMode } from '../../../contracts/platform';

export interface BuiltinMatch {
  /** The spec's return format: "true"/"false" → boolean, "yyyymmdd", "hhmmx", "USD12.50", digits… */
  value: string | boolean;
}

/** Per-recognition facts some builtins need. */
export interface BuiltinContext {
  /** The turn's injected clock (ms since epoch), for "today"/"tomorrow". */
  now?: number;
}

export interface BuiltinMatcher {
  type: BuiltinType;
  mode: InputMode;
  params: Record<string, string>;
  /**
   * Voice: the whole transcript as the recognizer wrote it (numerals, "$", ":" kept).
   * DTMF: the keys pressed, as a string ("1234*5").
   */
  match(input: string, ctx?: BuiltinContext): BuiltinMatch | undefined;
  /** Length bounds of DTMF input (keys); max null = unbounded. */
  dtmfBounds: { min: number; max: number | null };
  /** A few canonical phrases, for recognizer hints and NLU training. */
  examples: string[];
  /** Problems with the parameters (e.g. minlength > maxlength), for diagnostics. */
  problems: string[];
}
