/**
 * The compiler and grammar readers never throw, whatever they are given: pathological nesting is a
 * diagnostic (not a stack overflow), and mutated legacy documents (truncated, spliced, with stray markup)
 * only ever produce diagnostics. The mutations are deterministic (seeded), so a failure reproduces.
 */
import { compile } from '../../gateway/compiler';
import { parseGrammarDocument } from '../../gateway/grammar';
import { parseGsl, parseJsgf } from '../../gateway/grammar/legacy/index';
import { collector } from '../grammar/helpers';

const ctx = () => ({ uri: 'x', loc: { line: 1, col: 1 }, report: collector().report });
const deep = (n: number) => `${'('.repeat(n)}a${')'.repeat(n)}`;

test.each([100, 5000, 50000])('nesting %i levels deep is a diagnostic, never a crash', (n) => {
  expect(() => parseGsl(deep(n), ctx())).not.toThrow();
  expect(() => parseJsgf(deep(n), ctx())).not.toThrow();
  expect(() => parseGsl(`${'?'.repeat(n)}a`, ctx())).not.toThrow();
  const abnf = compile(`<vxml version="2.0"><form><field name="f"><grammar><![CDATA[#ABNF 1.0; root $r; $r = ${deep(n)};]]></grammar></field></form></vxml>`, 'x');
  const items = compile(`<vxml version="2.0"><form><field name="f"><grammar root="r"><rule id="r">${'<item>'.repeat(n)}a${'</item>'.repeat(n)}</rule></grammar></field></form></vxml>`, 'x');
  const ifs = compile(`<vxml version="2.0"><form><block>${'<if cond="1">'.repeat(n)}x${'</if>'.repeat(n)}</block></form></vxml>`, 'x');
  if (n > 100) {
    expect(abnf.diagnostics.map((d) => d.code)).toEqual(['grammar.syntax']);
    expect(items.diagnostics.length).toBeGreaterThan(0);
    expect(ifs.diagnostics.map((d) => d.code)).toEqual(['malformed-xml']);
  } else {
    expect(abnf.diagnostics).toEqual([]);
  }
});

const SEEDS = [
  '\n\n<?xml version="1.0" encoding="ISO-8859-1"?>\n<vxml version="1.0"><form><field name="f"><grammar><![CDATA[ [ (yes ?please) {<ok 1>} no ] ]]></grammar>' +
    '<dtmf type="application/x-jsgf">1 {yes} | 2 {no}</dtmf><prompt>Caf&eacute; <emp>now</emp><break msecs="300"/></prompt></field></form></vxml>',
  '<vxml version="2.1"><script><!-- var a = 1; --></script><form><field name="t"><grammar root="r" tag-format="swi-semantics/1.0"><rule id="r">' +
    '<item tag="V=1">one</item><ruleref uri="#s" tag="W=s.SWI_literal"/></rule><rule id="s">two</rule></grammar></field></form></vxml>',
  'Main [ A:a {return($a)} (b c) ] A [ x {<s 1>} y~0.2 ] ; comment\n#JSGF V1.0; public <r> = a | <q>* [b] {x}; <q> = c;',
];
const FRAGMENTS = ['<', '>', '&', '&nbsp;', '<![CDATA[', ']]>', '<!--', '-->', '"', '{', '}', '[', ']', '(', ')', '|', '$', ':', '~', '\u0000', '<emp>', '</grammar>'];

test('seeded mutations of legacy documents and grammars never throw', () => {
  let seed = 20260101;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 400; i++) {
    let s = SEEDS[rnd(SEEDS.length)];
    for (let k = 1 + rnd(4); k > 0; k--) {
      const at = rnd(s.length + 1);
      const op = rnd(3);
      if (op === 0) s = s.slice(0, at) + s.slice(at + rnd(15));
      else if (op === 1) s = s.slice(0, at) + FRAGMENTS[rnd(FRAGMENTS.length)] + s.slice(at);
      else s = s.slice(0, at);
    }
    expect(() => compile(s, 'x.vxml')).not.toThrow();
    expect(() => parseGsl(s, ctx())).not.toThrow();
    expect(() => parseJsgf(s, ctx())).not.toThrow();
    expect(() => parseGrammarDocument(s, 'x', undefined, collector().report)).not.toThrow();
  }
});
