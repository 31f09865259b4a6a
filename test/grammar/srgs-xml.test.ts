import { srgsFromXml } from '../../gateway/grammar/srgs-xml';
import { collector, xml } from './helpers';

describe('srgsFromXml', () => {
  it('reads rules, items, one-of with weights, repeats, tokens, tags and rulerefs', () => {
    const c = collector();
    const g = srgsFromXml(
      xml(`<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" xml:lang="en-US" mode="voice" root="drink" tag-format="semantics/1.0">
  <tag>var n = 0;</tag>
  <rule id="drink" scope="public">
    <item repeat="0-1">I would like</item>
    <one-of>
      <item weight="2">coffee<tag>out.drink="coffee";</tag></item>
      <item><token>hot chocolate</token></item>
      <item>"iced tea"</item>
    </one-of>
    <ruleref uri="#please"/>
    <item repeat="2-" repeat-prob="0.5"><ruleref special="GARBAGE"/></item>
    <ruleref uri="sizes.grxml#size" type="application/srgs+xml"/>
  </rule>
  <rule id="please"><item repeat="1">please</item><example>please</example></rule>
</grammar>`),
      { uri: 'mem:drink', report: c.report },
    );
    expect(c.diags).toEqual([]);
    expect(g).toEqual({
      mode: 'voice',
      root: 'drink',
      lang: 'en-US',
      tagFormat: 'semantics/1.0',
      globalTags: ['var n = 0;'],
      rules: {
        drink: {
          id: 'drink',
          scope: 'public',
          loc: { line: 3, col: 3 },
          expansion: {
            kind: 'seq',
            items: [
              { kind: 'repeat', min: 0, max: 1, expansion: { kind: 'seq', items: [{ kind: 'token', text: 'I' }, { kind: 'token', text: 'would' }, { kind: 'token', text: 'like' }] } },
              {
                kind: 'oneof',
                alternatives: [
                  { weight: 2, expansion: { kind: 'seq', items: [{ kind: 'token', text: 'coffee' }, { kind: 'tag', text: 'out.drink="coffee";' }] } },
                  { weight: 1, expansion: { kind: 'token', text: 'hot chocolate' } },
                  { weight: 1, expansion: { kind: 'token', text: 'iced tea' } },
                ],
              },
              { kind: 'ruleref', rule: 'please' },
              { kind: 'repeat', min: 2, max: null, prob: 0.5, expansion: { kind: 'ruleref', special: 'GARBAGE' } },
              { kind: 'ruleref', uri: 'sizes.grxml', rule: 'size', type: 'application/srgs+xml' },
            ],
          },
        },
        please: {
          id: 'please',
          scope: 'private',
          loc: { line: 14, col: 3 },
          expansion: { kind: 'repeat', min: 1, max: 1, expansion: { kind: 'token', text: 'please' } },
        },
      },
    });
  });

  it('keeps xml:lang on items and one-of, and reads DTMF mode', () => {
    const c = collector();
    const g = srgsFromXml(
      xml(`<grammar mode="dtmf" root="r"><rule id="r"><one-of xml:lang="fr-CA"><item>1</item><item xml:lang="en">2 3</item></one-of></rule></grammar>`),
      { uri: 'mem:x', report: c.report },
    );
    expect(c.diags).toEqual([]);
    expect(g.mode).toBe('dtmf');
    expect(g.rules.r.expansion).toEqual({
      kind: 'oneof',
      lang: 'fr-CA',
      alternatives: [
        { weight: 1, expansion: { kind: 'token', text: '1' } },
        { weight: 1, expansion: { kind: 'seq', lang: 'en', items: [{ kind: 'token', text: '2' }, { kind: 'token', text: '3' }] } },
      ],
    });
  });

  it('infers the root of a single-rule grammar and reports a missing root of a multi-rule inline grammar', () => {
    const one = collector();
    expect(srgsFromXml(xml('<grammar><rule id="only">yes</rule></grammar>'), { uri: 'u', report: one.report }).root).toBe('only');
    expect(one.diags).toEqual([]);
    const two = collector();
    const g = srgsFromXml(xml('<grammar><rule id="a">yes</rule><rule id="b">no</rule></grammar>'), { uri: 'u', report: two.report });
    expect(g.root).toBeUndefined();
    expect(two.codes()).toEqual(['grammar.no-root']);
    const standalone = collector();
    srgsFromXml(xml('<grammar><rule id="a">yes</rule><rule id="b">no</rule></grammar>'), { uri: 'u', report: standalone.report, standalone: true });
    expect(standalone.diags).toEqual([]);
  });

  it('reports problems with their location and keeps going', () => {
    const c = collector();
    const g = srgsFromXml(
      xml(`<grammar root="main">
<rule id="main">
  <ruleref uri="#nosuch"/>
  <item repeat="3-1">x</item>
  <item repeat-prob="2" repeat="0-1">y</item>
  <one-of><item weight="heavy">z</item></one-of>
  <ruleref special="NOTHING"/>
  <ruleref/>
  <ruleref uri="builtin:doesnotexist"/>
  <foo/>
</rule>
<rule id="main">dup</rule>
</grammar>`),
      { uri: 'mem:bad', report: c.report },
    );
    expect(c.diags.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code}`)).toEqual([
      '12:1 error grammar.duplicate-rule',
      '3:3 error grammar.undefined-rule',
      '4:3 error grammar.bad-repeat',
      '5:3 error grammar.bad-probability',
      '6:11 error grammar.bad-weight',
      '7:3 error grammar.bad-special',
      '8:3 error grammar.bad-ruleref',
      '9:3 error grammar.unsupported-builtin',
      '10:3 error grammar.unknown-element',
    ]);
    expect(c.diags[1].message).toContain('"nosuch"');
    expect(g.rules.main.expansion.kind).toBe('seq');
  });

  it('ignores foreign-namespace elements with a warning (W3C conformance-5)', () => {
    const c = collector();
    const g = srgsFromXml(
      xml(`<grammar xmlns="http://www.w3.org/2001/06/grammar" xmlns:grex="http://grammars.example.com/" root="main">
<rule id="main"><grex:optional>this is a</grex:optional><item grex:weight="3.14">test</item></rule></grammar>`),
      { uri: 'u', report: c.report },
    );
    expect(c.codes()).toEqual(['grammar.unknown-element']);
    expect(c.diags[0].severity).toBe('warning');
    expect(g.rules.main.expansion).toEqual({ kind: 'token', text: 'test' });
  });

  it('reads unqualified SRGS inside a VoiceXML-namespace document and prefixed SRGS elements', () => {
    const c = collector();
    const g = srgsFromXml(
      xml(`<s:grammar xmlns:s="http://www.w3.org/2001/06/grammar" root="r"><s:rule id="r"><s:one-of><s:item>a</s:item><s:item>b</s:item></s:one-of></s:rule></s:grammar>`),
      { uri: 'u', report: c.report },
    );
    expect(c.diags).toEqual([]);
    expect(g.rules.r.expansion.kind).toBe('oneof');
  });

  it('rejects a non-grammar element', () => {
    const c = collector();
    srgsFromXml(xml('<vxml/>'), { uri: 'u', report: c.report });
    expect(c.codes()).toEqual(['grammar.not-srgs']);
  });
});

describe('tag checks at parse time', () => {
  it('reports a tag that is not ECMAScript at its rule, and accepts literal and legacy forms', () => {
    const c = collector();
    srgsFromXml(
      xml(`<grammar root="r">
<rule id="r"><one-of>
  <item>a<tag>out.x = 1;</tag></item>
  <item>b<tag>'alpha'</tag></item>
  <item>c<tag>$ = "legacy"</tag></item>
  <item>d<tag>coffee</tag></item>
  <item>e<tag><![CDATA[ <city "boston"> ]]></tag></item>
</one-of></rule></grammar>`),
      { uri: 'mem:t', report: c.report },
    );
    expect(c.diags.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(['2:1 grammar.tag-syntax']);
    expect(c.diags[0].message).toContain('rule "r"');
  });
  it('does not check literal-format tags', () => {
    const c = collector();
    srgsFromXml(xml('<grammar root="r" tag-format="semantics/1.0-literals"><rule id="r">a<tag>{not script</tag></rule></grammar>'), { uri: 'u', report: c.report });
    expect(c.diags).toEqual([]);
  });
});
