/** <grammar> elements: inline SRGS (XML and ABNF, parsed by gateway/grammar), src, builtin: URIs, links. */
import { compileBody, codes, form, where } from './helpers';

function fieldGrammars(body: string): ReturnType<typeof compileBody> {
  return compileBody(`<form id="f"><field name="a">${body}</field></form>`);
}

test('inline SRGS XML is parsed into rules; mode and root come from the grammar', () => {
  const g = fieldGrammars('<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" root="yn" mode="voice" xml:lang="en-US" tag-format="semantics/1.0"><rule id="yn" scope="public"><one-of><item>yes<tag>out=true;</tag></item><item>no<tag>out=false;</tag></item></one-of></rule></grammar>');
  expect(g.diagnostics).toEqual([]);
  const decl = g.grammars.g1;
  expect(decl).toMatchObject({ origin: 'element', mode: 'voice', lang: 'en-US' });
  expect(decl.inline?.root).toBe('yn');
  expect(Object.keys(decl.inline?.rules ?? {})).toEqual(['yn']);
  expect(decl.inline?.rules.yn.expansion.kind).toBe('oneof');
});

test('inline DTMF grammars take their mode from the grammar element', () => {
  const g = fieldGrammars('<grammar mode="dtmf" root="d" version="1.0"><rule id="d"><one-of><item>1</item><item>2</item></one-of></rule></grammar>');
  expect(g.grammars.g1.mode).toBe('dtmf');
  expect(g.grammars.g1.inline?.mode).toBe('dtmf');
});

test('inline ABNF text is parsed by the ABNF reader', () => {
  const g = fieldGrammars('<grammar type="application/srgs"><![CDATA[#ABNF 1.0; language en-US; mode voice; root $yn; public $yn = yes | no;]]></grammar>');
  const decl = g.grammars.g1;
  expect(decl.type).toBe('application/srgs');
  expect(decl.inline?.root).toBe('yn');
  expect(g.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
});

test('SRGS problems found by the grammar reader are reported with their own codes and positions', () => {
  const g = fieldGrammars('\n<grammar root="missing" version="1.0"><rule id="r">x</rule></grammar>');
  expect(g.diagnostics.length).toBeGreaterThan(0);
  expect(g.diagnostics.every((d) => d.uri === 'test/doc.vxml' && d.line >= 1)).toBe(true);
});

test('external grammars keep src, type, weight, scope and fetch attributes; builtin URIs are understood', () => {
  const g = compileBody('<form id="f" scope="document"><grammar src="cities.grxml#us" type="application/srgs+xml" weight="0.5" scope="dialog" maxage="0"/><field name="a"><grammar src="builtin:dtmf/digits?length=4"/><grammar src="builtin:voice/boolean"/><grammar srcexpr="base + \'.grxml\'"/></field></form>');
  expect(g.diagnostics).toEqual([]);
  expect(g.grammars.g1).toMatchObject({ src: 'cities.grxml#us', type: 'application/srgs+xml', weight: 0.5, scope: 'dialog', fetch: { maxage: '0' }, mode: 'voice' });
  expect(g.grammars.g2).toMatchObject({ mode: 'dtmf', builtin: { type: 'digits', params: { length: '4' } } });
  expect(g.grammars.g3).toMatchObject({ mode: 'voice', builtin: { type: 'boolean', params: {} } });
  expect(g.grammars.g4).toMatchObject({ srcexpr: "base + '.grxml'" });
  expect(form(g).grammars).toEqual(['g1']);
});

test('non-SRGS grammar types, bad weights and empty grammars', () => {
  const g = fieldGrammars('\n<grammar src="a.gsl" type="application/x-nuance-gsl"/>\n<grammar src="b.grxml" weight="heavy"/>\n<grammar/>\n<grammar src="c.grxml">inline too</grammar>');
  expect(where(g)).toEqual(['legacy-grammar-format@2:1', 'invalid-attribute-value@3:32', 'missing-content@4:1', 'conflicting-attributes@5:1']);
});

test('links: explicit grammars plus a DTMF grammar from the dtmf attribute; bad DTMF is reported', () => {
  const g = compileBody('<link event="help" dtmf="*9"><grammar src="help.grxml"/></link><link next="#f" dtmf="1 2 #"/><link next="#f" dtmf="12x"/><form id="f"/>');
  expect(g.links.map((l) => l.grammars)).toEqual([['g1', 'g2'], ['g3'], []]);
  expect(g.grammars.g2).toMatchObject({ mode: 'dtmf', origin: 'link-dtmf' });
  expect(g.grammars.g3.inline?.rules.root.expansion).toEqual({ kind: 'seq', items: [{ kind: 'token', text: '1' }, { kind: 'token', text: '2' }, { kind: 'token', text: '#' }] });
  expect(codes(g)).toEqual(['missing-content', 'bad-dtmf']);
});

test('grammar ids follow document order across dialogs', () => {
  const g = compileBody('<menu id="m"><choice next="#f">a</choice></menu><form id="f"><field name="x" type="boolean"><grammar src="x.grxml"/></field></form>');
  expect(Object.values(g.grammars).map((d) => [d.id, d.origin, d.mode])).toEqual([
    ['g1', 'choice', 'voice'], ['g2', 'field-type', 'voice'], ['g3', 'field-type', 'dtmf'], ['g4', 'element', 'voice'],
  ]);
});
