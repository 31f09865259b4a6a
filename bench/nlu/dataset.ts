/**
 * The labelled utterance sets shipped with the samples (vxml-samples/<app>/nlu/utterances.yaml) — evaluation
 * data, never training data — and their dev/test split. The split is a hash of the context and the text, not a
 * choice: tuning looks at dev only, and the figures reported are those of test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export type Split = 'dev' | 'test';

export type Expectation =
  | { kind: 'reject' }
  | { kind: 'choice'; text: string }
  | { kind: 'next'; uri: string }
  | { kind: 'event'; name: string }
  | { kind: 'value'; value: unknown }
  /** Several outcomes are equally right ("a|b"): a request two choices serve alike. */
  | { kind: 'any'; options: Exclude<Expectation, { kind: 'any' }>[] };

export interface Utterance {
  app: string;
  context: string;
  /** `<document>#<dialog>[/<item>]` */
  where: string;
  text: string;
  expect: Expectation;
  expectText: string;
  split: Split;
  /** Which batch of labelled data it came from ("1": the first sets, "2": added later; docs/nlu.md lists them). */
  batch: string;
}

export interface Dataset {
  app: string;
  dir: string;
  now: number;
  utterances: Utterance[];
}

const fileSchema = z.object({
  app: z.string().min(1),
  now: z.string().min(1),
  contexts: z.record(z.string(), z.string().min(1)),
  // [text, expected] or [text, expected, batch]
  sets: z.record(z.string(), z.array(z.union([z.tuple([z.string().min(1), z.string().min(1)]), z.tuple([z.string().min(1), z.string().min(1), z.string().min(1)])]))),
});

/** FNV-1a: a stable, unbiased split no one picked by hand. */
export function splitOf(context: string, text: string): Split {
  let h = 0x811c9dc5;
  for (const ch of `${context}\u0000${text}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 2 === 0 ? 'dev' : 'test';
}

/**
 * Batches written by whoever tunes the classifier, to find its general weaknesses (new paraphrases of the sample
 * menus as callers would say them): tuning data by design, so they are dev only and never enter the test split.
 */
export const DEV_ONLY_BATCHES: ReadonlySet<string> = new Set(['3', '4', '5', '6', '7', '8', '9']);

export function parseExpectation(s: string): Expectation {
  if (s.includes('|') && !s.startsWith('value:')) {
    const options = s.split('|').map((x) => parseExpectation(x.trim()));
    if (options.some((o) => o.kind === 'reject' || o.kind === 'any')) throw new Error(`expectation "${s}": alternatives name outcomes, not reject`);
    return { kind: 'any', options: options as Exclude<Expectation, { kind: 'any' }>[] };
  }
  if (s === 'reject') return { kind: 'reject' };
  const at = s.indexOf(':');
  const kind = s.slice(0, at);
  const rest = s.slice(at + 1);
  switch (kind) {
    case 'choice':
      return { kind: 'choice', text: rest };
    case 'next':
      return { kind: 'next', uri: rest };
    case 'event':
      return { kind: 'event', name: rest };
    case 'value': {
      let value: unknown = rest;
      if (/^[[{"]|^(true|false)$/.test(rest)) value = JSON.parse(rest);
      return { kind: 'value', value };
    }
    default:
      throw new Error(`expectation "${s}": expected reject, choice:, next:, event: or value: (alternatives separated by |)`);
  }
}

export function loadDataset(appDir: string): Dataset | undefined {
  const file = path.join(appDir, 'nlu', 'utterances.yaml');
  if (!fs.existsSync(file)) return undefined;
  const parsed = fileSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const f = parsed.data;
  const utterances: Utterance[] = [];
  for (const [context, rows] of Object.entries(f.sets)) {
    const where = f.contexts[context];
    if (!where) throw new Error(`${file}: set "${context}" has no entry in contexts`);
    for (const [text, expectText, batch] of rows) {
      utterances.push({ app: f.app, context, where, text, expect: parseExpectation(expectText), expectText, split: DEV_ONLY_BATCHES.has(batch ?? '1') ? 'dev' : splitOf(context, text), batch: batch ?? '1' });
    }
  }
  return { app: f.app, dir: appDir, now: Date.parse(f.now), utterances };
}

/** Every sample app directory holding an utterance set. */
export function sampleDatasets(samplesRoot: string): Dataset[] {
  return fs
    .readdirSync(samplesRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => loadDataset(path.join(samplesRoot, e.name)))
    .filter((d): d is Dataset => d !== undefined);
}
