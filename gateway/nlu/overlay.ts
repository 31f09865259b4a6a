/**
 * Per-application overlay files (contracts/nlu.ts): parsed from YAML or JSON text and validated with zod, so a
 * bad file is refused at start-up with the file, the place and what to write instead. Reading the file is the
 * composition root's job; this module only checks what it is given.
 */
import type * as Yaml from 'yaml';

/** yaml is loaded when an overlay is first read (most gateways have none; start-up stays lighter). */
function parseYaml(text: string): unknown {
  return (require('yaml') as typeof Yaml).parse(text) as unknown;
}
import { z } from 'zod';
import type { NluOverlay } from '../../contracts/nlu';

export const nluOverlaySchema = z
  .object({
    version: z.literal(1),
    documents: z.array(z.string().min(1)).optional(),
    labels: z.array(z.object({ label: z.string().min(1), examples: z.array(z.string().min(1)).min(1) }).strict()).optional(),
    synonyms: z
      .array(
        z
          .object({
            concept: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a concept id is lower case letters, digits, - and _ (e.g. "bag")'),
            phrases: z.array(z.string().min(1)).min(1),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export class OverlayError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source}: invalid NLU overlay:\n  ${problems.join('\n  ')}`);
    this.name = 'OverlayError';
  }
}

/** Parses and validates one overlay; `source` names it in errors (a file path). */
export function parseOverlay(text: string, source: string): NluOverlay {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new OverlayError(source, [`not valid YAML/JSON: ${(e as Error).message}`]);
  }
  const r = nluOverlaySchema.safeParse(raw);
  if (!r.success) throw new OverlayError(source, r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`));
  return r.data as NluOverlay;
}
