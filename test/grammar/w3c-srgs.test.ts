/**
 * The W3C SRGS 1.0 implementation-report grammars (read from ../shared/conformance, not copied), with the
 * grammars they reference supplied as our own fixtures. Each grammar is used the way the runtime would:
 * prepare → fetch what it needs → prepare again → recognize.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { SrgsGrammar } from '../../contracts/grammar';
import { GrammarEngine, parseGrammarDocument, type ActiveGrammar } from '../../gateway/grammar';
import { FIXTURES, W3C_SRGS_DIR, active, collector } from './helpers';

const BASE = 'http://w3c.test/srgs/';
const present = fs.existsSync(W3C_SRGS_DIR);

/** A loader standing in for the runtime's document fetcher + parseGrammarDocument cache. */
function loader(): { resolve: (uri: string) => SrgsGrammar | undefined; fetch: (uri: string) => void; errors: string[]; fetched: string[] } {
  const docs = new Map<string, SrgsGrammar>();
  const errors: string[] = [];
  const fetched: string[] = [];
  return {
    resolve: (uri) => docs.get(uri),
    fetch: (uri) => {
      const name = uri.slice(BASE.length);
      fetched.push(name);
      const file = name.startsWith('conformance-') ? path.join(W3C_SRGS_DIR, name) : path.join(FIXTURES, name);
      const c = collector();
      docs.set(uri, parseGrammarDocument(fs.readFileSync(file, 'utf8'), uri, undefined, c.report));
      errors.push(...c.diags.filter((d) => d.severity === 'error').map((d) => `${name}: ${d.code}`));
    },
    errors,
    fetched,
  };
}

function setup(srcs: string[]): { engine: GrammarEngine; grammars: ActiveGrammar[]; l: ReturnType<typeof loader> } {
  const engine = new GrammarEngine();
  const l = loader();
  const grammars = srcs.map((s) => active({ src: BASE + s }));
  for (let round = 0; round < 10; round++) {
    const p = engine.prepare(grammars, l.resolve);
    if (p.status === 'ready') break;
    if (p.status === 'error') throw new Error(p.message);
    p.uris.forEach(l.fetch);
  }
  return { engine, grammars, l };
}

function utterance(s: ReturnType<typeof setup>, text: string): string | undefined {
  const o = s.engine.recognize({ kind: 'speech', text, confidence: 1 }, s.grammars, { resolve: s.l.resolve });
  return o.kind === 'match' ? o.result.utterance : undefined;
}

if (present) describe('W3C SRGS 1.0 IR grammars', () => {
  describe.each(['grxml', 'gram'])('form .%s', (ext) => {
    it('conformance-1: all language declarations parse; the utterance matches', () => {
      const s = setup([`conformance-1.${ext}`]);
      expect(s.l.errors).toEqual([]);
      expect(utterance(s, 'please call Jean Francois')).toBe('please call Jean Francois');
      expect(utterance(s, 'Dominic thanks')).toBe('Dominic thanks');
      expect(utterance(s, 'call Jean Francois')).toBeUndefined();
    });
    it('conformance-2: locales the platform does not speak still parse and match', () => {
      const s = setup([`conformance-2.${ext}`]);
      expect(s.l.errors).toEqual([]);
      expect(utterance(s, 'please call Jean Francois')).toBe('please call Jean Francois');
    });
    it.each([
      ['3', 'please call Jean Francois'],
      ['4', 'please call Johnny'],
    ])('conformance-%s: root and a set of public rules of referenced grammars, activated in parallel', (n, said) => {
      const s = setup([`conformance-${n}.${ext}`, `conformance-${n}.${ext}#parallel`]);
      expect(s.l.errors).toEqual([]);
      expect(s.l.fetched.sort()).toEqual(
        [`conformance-${n}.${ext}`, `common.${ext}`, `polite.${ext}`, `english_names.${ext}`, n === '3' ? `french_names.${ext}` : `more_english_names.${ext}`, `token-basic.${ext}`].sort(),
      );
      expect(utterance(s, said)).toBe(said);
      expect(utterance(s, 'would you call Mary thank you')).toBe('would you call Mary thank you');
      expect(utterance(s, 'help')).toBe('help');
      expect(utterance(s, 'Secret')).toBeUndefined();
    });
  });

  it('conformance-5.gram / 6.grxml: a reference to a builtin that does not exist rejects the grammar', () => {
    for (const file of ['conformance-5.gram', 'conformance-6.grxml']) {
      const s = setup([file]);
      expect(s.l.errors).toEqual([`${file}: grammar.unsupported-builtin`]);
      expect(utterance(s, 'this is a test')).toBeUndefined();
    }
  });

  it('conformance-5.grxml: non-standard elements are ignored', () => {
    const s = setup(['conformance-5.grxml']);
    expect(utterance(s, 'test')).toBe('test');
    expect(utterance(s, 'this is a test')).toBeUndefined();
  });

  it('conformance-6.gram / 7.grxml: ABNF and XML grammars reference each other', () => {
    expect(utterance(setup(['conformance-6.gram']), 'please go ahead')).toBe('please go ahead');
    expect(utterance(setup(['conformance-7.grxml']), 'please go ahead')).toBe('please go ahead');
  });

  it.each(['1', '2', '3', '4'])('conformance-%s: the XML and ABNF forms say the same phrases', (n) => {
    const say = (ext: string): string[] => {
      const s = setup([`conformance-${n}.${ext}`]);
      return s.engine.phrases(s.grammars[0], s.l.resolve, 200).phrases.map((p) => p.toLowerCase());
    };
    const xmlPhrases = say('grxml');
    expect(xmlPhrases.length).toBeGreaterThan(3);
    expect(say('gram')).toEqual(xmlPhrases);
  });

  it('a private rule of another grammar cannot be referenced', () => {
    const engine = new GrammarEngine();
    const l = loader();
    l.fetch(BASE + 'english_names.grxml');
    const g = active({ src: BASE + 'english_names.grxml#hidden' });
    expect(engine.prepare([g], l.resolve)).toMatchObject({ status: 'error', event: 'error.badfetch' });
  });
});

it(present ? 'the W3C SRGS grammars are present' : 'the W3C SRGS grammars were NOT found: the IR grammar tests did not run', () => {
  expect(typeof present).toBe('boolean');
});
