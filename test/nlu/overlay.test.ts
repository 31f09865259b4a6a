/**
 * Per-application overlays: validated (zod, with the JSON Schema of contracts/nlu.ts describing the same
 * shape), their examples reach the labels they name, their synonyms extend the lexicon, and a bad file is
 * refused with its name and the place of the problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { nluOverlayJsonSchema } from '../../contracts/nlu';
import { OverlayError, parseOverlay } from '../../gateway/nlu/index';
import { Probe } from './helpers';

describe('parsing and validation', () => {
  it('accepts a YAML overlay', () => {
    const o = parseOverlay('version: 1\ndocuments: ["/airline/"]\nlabels:\n  - label: lost baggage\n    examples: [my holdall went missing]\nsynonyms:\n  - concept: bag\n    phrases: [holdall]\n', 'overlay.yaml');
    expect(o).toEqual({ version: 1, documents: ['/airline/'], labels: [{ label: 'lost baggage', examples: ['my holdall went missing'] }], synonyms: [{ concept: 'bag', phrases: ['holdall'] }] });
  });

  it('accepts JSON too', () => {
    expect(parseOverlay('{"version": 1, "labels": []}', 'o.json')).toEqual({ version: 1, labels: [] });
  });

  it.each([
    ['version: 2\n', /version/],
    ['version: 1\nlabels:\n  - label: x\n', /labels\.0\.examples/],
    ['version: 1\nlabels:\n  - label: x\n    examples: []\n', /labels\.0\.examples/],
    ['version: 1\nsynonyms:\n  - concept: "Bad Concept"\n    phrases: [a]\n', /synonyms\.0\.concept: a concept id/],
    ['version: 1\nextra: true\n', /extra|unrecognized/i],
    ['version: 1\nlabels: [\n', /not valid YAML/],
  ])('refuses %j naming the problem', (text, problem) => {
    let err: unknown;
    try {
      parseOverlay(text, 'apps/x/nlu/overlay.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OverlayError);
    expect((err as Error).message).toContain('apps/x/nlu/overlay.yaml');
    expect((err as Error).message).toMatch(problem);
  });

  it('every shipped sample overlay is valid, and the JSON Schema lists the same top-level fields', () => {
    const samples = path.resolve(__dirname, '../../vxml-samples');
    const files = fs.readdirSync(samples).map((d) => path.join(samples, d, 'nlu', 'overlay.yaml')).filter((f) => fs.existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => parseOverlay(fs.readFileSync(f, 'utf8'), f)).not.toThrow();
    expect(Object.keys(nluOverlayJsonSchema.properties).sort()).toEqual(['documents', 'labels', 'synonyms', 'version']);
    expect(nluOverlayJsonSchema.required).toEqual(['version']);
  });
});

describe('overlays train the classifier', () => {
  const text = 'my holdall went walkabout';
  it('without the overlay an unknown phrasing is a nomatch', async () => {
    expect(await new Probe().outcome('airline', 'main.vxml#main_menu', text)).toBe('nomatch');
  });

  it('examples given for a label (by its choice text) make it understood', async () => {
    const overlay = parseOverlay('version: 1\nlabels:\n  - label: lost baggage\n    examples: [my holdall went walkabout]\n', 'o.yaml');
    expect(await new Probe({ overlays: [overlay] }).outcome('airline', 'main.vxml#main_menu', text)).toBe('next:baggage.vxml');
  });

  it('synonyms extend a shipped concept', async () => {
    const overlay = parseOverlay('version: 1\nsynonyms:\n  - concept: bag\n    phrases: [holdall]\n  - concept: lost\n    phrases: [went walkabout]\n', 'o.yaml');
    expect(await new Probe({ overlays: [overlay] }).outcome('airline', 'main.vxml#main_menu', text)).toBe('next:baggage.vxml');
  });

  it('an overlay scoped to other documents does not apply', async () => {
    const overlay = parseOverlay('version: 1\ndocuments: ["/railway/"]\nlabels:\n  - label: lost baggage\n    examples: [my holdall went walkabout]\n', 'o.yaml');
    expect(await new Probe({ overlays: [overlay] }).outcome('airline', 'main.vxml#main_menu', text)).toBe('nomatch');
  });
});
