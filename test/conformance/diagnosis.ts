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

export const DIAGNOSIS: Readonly<Record<string, Diagnosis>> = {
  'vxml20:333': {
    area: 'grammar engine result spelling (gateway/grammar, helper B) — a platform-specific choice',
    cause:
      'Both fields hear "chicago". aWord\'s grammar was written by conf:phrase, which the stylesheet spells "Chicago" (emit-name-from-token); bWord\'s conf:grammar spells it "chicago" (emit-utterance). ' +
      'gateway/grammar/parse.ts `matchText` reports the matched tokens as the grammar spells them, and a tag-less grammar\'s interpretation is that utterance, so aWord = "Chicago" and bWord = "chicago". ' +
      'VoiceXML 2.0 §5.1.5 leaves the spelling of the utterance platform-specific; the test passes only on a platform that case-normalises tag-less results. ' +
      'The gateway keeps the grammar\'s spelling on purpose: legacy applications compare field values with the words as their grammars write them (e.g. cond="acct == \'Checking\'").',
  },
};
