import type { SrgsGrammar } from '../../contracts/grammar';
import { GrammarEngine, parseGrammarDocument } from '../../gateway/grammar';
import { abnf, active } from './helpers';

const doc = (words: string): SrgsGrammar => parseGrammarDocument(`#ABNF 1.0; root $r; $r = ${words};`, 'http://g.example/a.gram', 'application/srgs', () => undefined);

describe('compiled grammar cache', () => {
  it('recompiles an external grammar when the runtime hands over a re-fetched document with new content', () => {
    const engine = new GrammarEngine();
    const g = active({ src: 'http://g.example/a.gram' });
    let current = doc('red | green');
    const resolve = (uri: string): SrgsGrammar | undefined => (uri === 'http://g.example/a.gram' ? current : undefined);
    const say = (t: string) => engine.recognize({ kind: 'speech', text: t, confidence: 1 }, [g], { resolve }).kind;
    expect(say('green')).toBe('match');
    current = doc('blue');
    expect(say('green')).toBe('nomatch');
    expect(say('blue')).toBe('match');
  });

  it('a new declaration object under the same key is reused when equal and recompiled when different (dynamic JSP grammars)', () => {
    const engine = new GrammarEngine();
    const key = 'http://app.example/accounts.jsp#g1';
    const a = active({ inline: abnf('#ABNF 1.0; root $r; $r = checking | savings;') }, { key });
    const same = active({ inline: abnf('#ABNF 1.0; root $r; $r = checking | savings;') }, { key });
    const other = active({ inline: abnf('#ABNF 1.0; root $r; $r = brokerage;') }, { key });
    same.decl.id = a.decl.id;
    other.decl.id = a.decl.id;
    const none = { resolve: () => undefined };
    expect(engine.recognize({ kind: 'speech', text: 'savings', confidence: 1 }, [a], none).kind).toBe('match');
    expect(engine.recognize({ kind: 'speech', text: 'savings', confidence: 1 }, [same], none).kind).toBe('match');
    expect(engine.recognize({ kind: 'speech', text: 'savings', confidence: 1 }, [other], none).kind).toBe('nomatch');
    expect(engine.recognize({ kind: 'speech', text: 'brokerage', confidence: 1 }, [other], none).kind).toBe('match');
  });

  it('asks for every document an external grammar needs, transitively, before matching', () => {
    const engine = new GrammarEngine();
    const docs = new Map<string, SrgsGrammar>();
    const resolve = (u: string) => docs.get(u);
    const g = active({ src: 'http://g.example/main.gram#start' });
    expect(engine.prepare([g], resolve)).toEqual({ status: 'need', uris: ['http://g.example/main.gram'] });
    docs.set('http://g.example/main.gram', parseGrammarDocument('#ABNF 1.0; public $start = go $<lib/places.gram#place>;', 'http://g.example/main.gram', undefined, () => undefined));
    expect(engine.prepare([g], resolve)).toEqual({ status: 'need', uris: ['http://g.example/lib/places.gram'] });
    expect(engine.recognize({ kind: 'speech', text: 'go home', confidence: 1 }, [g], { resolve })).toMatchObject({ kind: 'error', event: 'error.badfetch' });
    docs.set('http://g.example/lib/places.gram', parseGrammarDocument('#ABNF 1.0; public $place = home | work;', 'http://g.example/lib/places.gram', undefined, () => undefined));
    expect(engine.prepare([g], resolve)).toEqual({ status: 'ready' });
    expect(engine.recognize({ kind: 'speech', text: 'go home', confidence: 1 }, [g], { resolve })).toMatchObject({ kind: 'match', result: { utterance: 'go home' } });
  });
});
