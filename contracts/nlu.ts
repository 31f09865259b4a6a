/**
 * The per-application NLU overlay: where a migration team adds example phrases for the labels the
 * documents' grammars allow, and synonyms the shipped lexicon lacks. YAML or JSON; validated by
 * gateway/nlu/overlay.ts (zod) and described by `nluOverlayJsonSchema` for editors and CI.
 *
 *   version: 1
 *   documents: ["/airline/"]          # optional: only documents whose URI contains one of these
 *   labels:
 *     - label: lost baggage           # a choice's text, an option's value or text, a link's next or event,
 *       examples:                     #   an interpretation, or one of the grammar's own phrases
 *         - my suitcase never arrived
 *   synonyms:
 *     - concept: bag                  # a shipped concept (bag, agent, balance, …) or a new one
 *       phrases: [holdall, duffel]
 */

export interface NluOverlayLabel {
  /** Names the label: choice text, option value/text, link next/event, interpretation, or a grammar phrase. */
  label: string;
  /** Extra ways callers ask for it (training phrases; never evaluation utterances). */
  examples: string[];
}

export interface NluOverlaySynonyms {
  /** Concept id of the shipped lexicon (e.g. "agent", "bag", "recharge") or a new one. */
  concept: string;
  phrases: string[];
}

export interface NluOverlay {
  version: 1;
  /** Applies only to documents whose absolute URI contains one of these strings; absent = every document. */
  documents?: string[];
  labels?: NluOverlayLabel[];
  synonyms?: NluOverlaySynonyms[];
}

/** JSON Schema (draft 2020-12) of an overlay file. */
export const nluOverlayJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://vxml-gateway.dev/schemas/nlu-overlay.json',
  title: 'vxml-gateway NLU overlay',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1 },
    documents: { type: 'array', items: { type: 'string', minLength: 1 } },
    labels: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'examples'],
        properties: {
          label: { type: 'string', minLength: 1 },
          examples: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        },
      },
    },
    synonyms: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['concept', 'phrases'],
        properties: {
          concept: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' },
          phrases: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        },
      },
    },
  },
} as const;
