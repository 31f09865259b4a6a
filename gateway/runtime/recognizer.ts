/**
 * The Recognizer port: turns caller input (DTMF keys, a speech transcript) into what the interpreter
 * consumes — `recognized` with the grammar's result, or `nomatch` — and prepares listen actions for the
 * platform (hints, closed-set choices, digit bounds). Grammar first; when no grammar matches a voice
 * utterance, an optional Understanding hook (the NLU) may map it onto the SAME result shape the grammar
 * would have produced. DTMF stays authoritative: the hook never sees key presses.
 */
import type { DialogGraph } from '../../contracts/graph';
import type { RecognitionResult } from '../../contracts/grammar';
import type { InterpreterEvent } from '../../contracts/interpreter';
import type { ListenAction } from '../../contracts/platform';
import type { Realm } from '../ecmascript/api';
import type { ActiveGrammar, GrammarEngine, GrammarResolver } from '../grammar/index';
import type { LoadContext } from './document-loader';

export type RecognitionInput = { kind: 'dtmf'; digits: string } | { kind: 'speech'; text: string; confidence: number; alternatives?: { text: string; confidence: number }[] };

export interface RecognizeContext {
  load: LoadContext;
  realm: Realm;
  /** ECMAScript budget for SISR tags. */
  budgetMs: number;
  /** Compiled documents the call uses (grammar keys name them). */
  documents: (uri: string) => DialogGraph | undefined;
  /** The turn's injected clock (builtin dates such as "tomorrow"). */
  now: number;
}

export interface Recognizer {
  /** Fills `hints`, `choices`, `minDigits`/`maxDigits` of a listen action from its active grammars. */
  prepare(listen: ListenAction, ctx: RecognizeContext): Promise<ListenAction>;
  /** Decides what the caller's input means against the pending listen's grammars. */
  recognize(input: RecognitionInput, listen: ListenAction | undefined, ctx: RecognizeContext): Promise<InterpreterEvent>;
}

/** What the NLU is given: the utterance, the active voice grammars, and the engine to list their phrases. */
export interface UnderstandingRequest {
  utterance: { text: string; confidence: number };
  /** Active voice grammars, highest precedence first. */
  grammars: ActiveGrammar[];
  /** Lists phrases and the interpretation each produces (`engine.examples(g, resolve, limit)`). */
  engine: GrammarEngine;
  resolve: GrammarResolver;
  lang: string;
}

/**
 * The NLU plugs in here (issue 7): asked only for voice input no grammar matched. It returns a result
 * shaped like the grammar's (same `grammar` key and interpretation, `path` 'classifier' or 'llm'), or
 * undefined to leave it a nomatch.
 */
export interface Understanding {
  understand(request: UnderstandingRequest, ctx: RecognizeContext): Promise<RecognitionResult | undefined>;
}

/** Splits `<documentUri>#<grammarId>` at the last '#'. */
export function splitGrammarKey(key: string): { doc: string; id: string } {
  const at = key.lastIndexOf('#');
  return at < 0 ? { doc: key, id: '' } : { doc: key.slice(0, at), id: key.slice(at + 1) };
}
