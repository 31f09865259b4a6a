/**
 * Root causes of the failures, as analysed (file, function, spec section, expected vs actual). The report
 * shows an entry only while its test still fails; an entry whose test passes is listed as stale so it is
 * removed.
 */
export interface Diagnosis {
  /** Component and owner. */
  area: string;
  cause: string;
}

const LOADER_REJECTS_DEFERRED =
  'gateway/runtime/document-loader.ts `HttpDocumentLoader.documentResult` turns ANY compile diagnostic of severity error into error.badfetch for the whole document, ' +
  'while the interpreter (gateway/interpreter/documents.ts `fatalDiagnostic`, DEFERRED codes) deliberately defers these findings to the moment the element runs ' +
  '(VoiceXML 2.0 §5.2.6: error.semantic for a bad expression when evaluated, error.badfetch for a missing dialog when followed; misplaced elements are dropped).';

export const DIAGNOSIS: Readonly<Record<string, Diagnosis>> = {
  'vxml20:163': {
    area: 'runtime document loader (gateway/runtime, helper F)',
    cause: `${LOADER_REJECTS_DEFERRED} Here: cudl's <log> directly inside <field> (element-not-allowed) rejects the document; expected: the misplaced <log> is ignored and the test's goto expritem/nextitem checks run to "pass".`,
  },
  'vxml20:390': {
    area: 'runtime document loader (gateway/runtime, helper F)',
    cause: `${LOADER_REJECTS_DEFERRED} Here: a syntax error in the <value expr> of a conf:fail branch that never runs (script-syntax); expected: the document runs and passes.`,
  },
  'vxml20:391': {
    area: 'runtime document loader (gateway/runtime, helper F)',
    cause: `${LOADER_REJECTS_DEFERRED} Here: a syntax error in the <value expr> of a conf:fail branch that never runs (script-syntax); expected: the document runs and passes.`,
  },
  'vxml20:533': {
    area: 'runtime document loader (gateway/runtime, helper F)',
    cause: `${LOADER_REJECTS_DEFERRED} Here: an unterminated string in a <value expr> of an untaken fail branch; expected: the document runs and passes.`,
  },
  'vxml20:534': {
    area: 'runtime document loader (gateway/runtime, helper F)',
    cause: `${LOADER_REJECTS_DEFERRED} Here: 534Doc.txml has an unterminated string in an untaken branch, so the goto to it fails with error.badfetch; expected: 534Doc runs with 534App as its root and passes.`,
  },
  'vxml20:1007': {
    area: 'runtime document loader (gateway/runtime, helper F)',
    cause: `${LOADER_REJECTS_DEFERRED} Here: <goto next="#foobar"> names a missing dialog (unknown-dialog); expected (§5.3.7): error.badfetch thrown when the goto executes, caught by the document's error.badfetch handler → "pass"; actual: the document itself is refused, so no handler of it exists.`,
  },
  'vxml21:7': {
    area: 'runtime document loader (gateway/runtime, helper F)',
    cause: `${LOADER_REJECTS_DEFERRED} Here: <grammar srcexpr="grammar_filename'.grxml'"> is deliberately invalid ECMAScript; expected (VoiceXML 2.1 §2.2): error.semantic when the field's grammar is evaluated, caught → "pass"; actual: the document is refused with error.badfetch.`,
  },
  'vxml20:333': {
    area: 'grammar engine result spelling (gateway/grammar, helper B) — a platform-specific choice',
    cause:
      'Both fields hear "chicago". aWord\'s grammar was written by conf:phrase, which the stylesheet spells "Chicago" (emit-name-from-token); bWord\'s conf:grammar spells it "chicago" (emit-utterance). ' +
      'gateway/grammar/parse.ts `matchText` reports the matched tokens as the grammar spells them, and a tag-less grammar\'s interpretation is that utterance, so aWord = "Chicago" and bWord = "chicago". ' +
      'VoiceXML 2.0 §5.1.5 leaves the spelling of the utterance platform-specific; the test passes only on a platform that case-normalises tag-less results. ' +
      'The gateway keeps the grammar\'s spelling on purpose: legacy applications compare field values with the words as their grammars write them (e.g. cond="acct == \'Checking\'").',
  },
};
