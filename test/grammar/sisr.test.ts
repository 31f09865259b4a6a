import { GrammarEngine, type ActiveGrammar, type RecognizeOutcome } from '../../gateway/grammar';
import { abnf, active, grxml } from './helpers';

const engine = new GrammarEngine();
const none = { resolve: () => undefined };
const say = (text: string, g: ActiveGrammar, confidence = 0.8): RecognizeOutcome => engine.recognize({ kind: 'speech', text, confidence }, [g], none);
const interp = (o: RecognizeOutcome): unknown => (o.kind === 'match' ? o.result.interpretation : o);

describe('SISR 1.0 script tags (semantics/1.0)', () => {
  const drinks = active({
    inline: grxml(`<grammar root="order" tag-format="semantics/1.0" xml:lang="en-US">
  <rule id="order" scope="public">
    <item repeat="0-1">I would like</item>
    <item repeat="0-1"><ruleref uri="#size"/><tag>out.size = rules.size;</tag></item>
    <ruleref uri="#drink"/>
    <tag>out.drink = rules.drink; out.said = meta.drink.text; out.all = meta.current().text;</tag>
  </rule>
  <rule id="size">
    <one-of>
      <item>small<tag>out = "S";</tag></item>
      <item>large<tag>out = "L";</tag></item>
    </one-of>
  </rule>
  <rule id="drink">
    <one-of>
      <item>coffee<tag>out = "coffee";</tag></item>
      <item>hot chocolate<tag>out = "cocoa";</tag></item>
      <item>tea</item>
    </one-of>
  </rule>
</grammar>`),
  });

  it.each([
    ['large coffee', { size: 'L', drink: 'coffee', said: 'coffee', all: 'large coffee' }],
    ['I would like hot chocolate', { drink: 'cocoa', said: 'hot chocolate', all: 'I would like hot chocolate' }],
    ['small tea', { size: 'S', drink: 'tea', said: 'tea', all: 'small tea' }],
  ])('%j → %j', (text, expected) => {
    expect(interp(say(text, drinks))).toEqual(expected);
  });

  it('a rule without tags has its text as value; a rule referencing one without tags gets its own text (SISR default)', () => {
    const g = active({ inline: abnf('#ABNF 1.0; root $main; tag-format <semantics/1.0>; $main = $city; $city = boston {out = "BOS";} | austin;') });
    expect(interp(say('boston', g))).toBe('boston');
  });

  it('rules.latest(), meta.latest() and score', () => {
    const g = active({
      inline: abnf(`#ABNF 1.0; root $main; tag-format <semantics/1.0>;
$main = from $city {out.from = rules.latest();} to $city {out.to = rules.latest(); out.toText = meta.latest().text; out.score = meta.current().score;};
$city = boston {out = "BOS";} | new york {out = "JFK";};`),
    });
    expect(interp(say('from boston to new york', g, 0.7))).toEqual({ from: 'BOS', to: 'JFK', toText: 'new york', score: 0.7 });
  });

  it('tags run in parse order: repeats accumulate, global tags share grammar scope', () => {
    const g = active({
      inline: abnf(`#ABNF 1.0; root $num; tag-format <semantics/1.0>;
{ var names = {one: 1, two: 2, three: 3}; }
$num = {out = 0;} ($d {out = out * 10 + rules.d;})<1->;
$d = (one | two | three) {out = names[meta.current().text];};`),
    });
    expect(interp(say('one two three', g))).toBe(123);
    expect(interp(say('three', g))).toBe(3);
  });

  it('returns objects that fill several fields, with nested values', () => {
    const g = active({ inline: abnf('#ABNF 1.0; root $r; tag-format <semantics/1.0>; $r = book it {out = {action: "book", when: {day: 1}, list: [1, 2], ok: true};};') });
    expect(interp(say('book it', g))).toEqual({ action: 'book', when: { day: 1 }, list: [1, 2], ok: true });
  });

  it('a script error becomes error.semantic naming the rule', () => {
    const g = active({ inline: abnf('#ABNF 1.0; root $r; tag-format <semantics/1.0>; $r = boom {out = undefinedThing.x;};') });
    const o = say('boom', g);
    expect(o.kind).toBe('error');
    if (o.kind !== 'error') return;
    expect(o.event).toBe('error.semantic');
    expect(o.message).toMatch(/undefinedThing/);
    expect(o.message).toMatch(/rule "r"/);
  });

  it('a runaway tag is stopped by the time budget', () => {
    const g = active({ inline: abnf('#ABNF 1.0; root $r; tag-format <semantics/1.0>; $r = spin {while (true) {}};') });
    const o = say('spin', g);
    expect(o.kind === 'error' && o.event).toBe('error.semantic');
  });

  it('caller text reaches tags only as data', () => {
    const g = active({ inline: abnf('#ABNF 1.0; root $r; tag-format <semantics/1.0>; $r = say $GARBAGE {out = meta.current().text;};') });
    expect(interp(say('say "); throw 1; ("', g))).toBe('say throw one');
  });
});

describe('SISR literals and legacy tag forms', () => {
  it('semantics/1.0-literals: the tag is the value', () => {
    const g = active({ inline: grxml('<grammar root="r" tag-format="semantics/1.0-literals"><rule id="r"><one-of><item>yes<tag>Y</tag></item><item>no<tag>N</tag></item><item>maybe</item></one-of></rule></grammar>') });
    expect(interp(say('yes', g))).toBe('Y');
    expect(interp(say('maybe', g))).toBe('maybe');
  });

  it("W3C IR conf:grammar with interp: <tag>'alpha'</tag> gives 'alpha'", () => {
    const g = active({ inline: grxml(`<grammar type="application/srgs+xml" root="CityName1" version="1.0"><rule id="CityName1" scope="public"><one-of><item>chicago<tag>'alpha'</tag></item></one-of></rule></grammar>`) });
    expect(interp(say('Chicago', g))).toBe('alpha');
  });

  it('W3C IR conf:key: var declarations become the slots of the result', () => {
    const g = active({ inline: grxml(`<grammar root="c" version="1.0"><rule id="c" scope="public"><one-of><item>chicago<tag>var a=new Object(); a.b='valB'; var c='valC'; </tag></item></one-of></rule></grammar>`) });
    expect(interp(say('chicago', g))).toEqual({ a: { b: 'valB' }, c: 'valC' });
  });

  it('the pre-Recommendation $ notation (W3C IR 334/336): $ = "alpha", $.x, $rule', () => {
    const g1 = active({ inline: abnf('#ABNF 1.0 UTF-8;\n language en;\n mode voice;\n root $CityName;\n $CityName = Chicago {$ = "alpha"};') });
    expect(interp(say('chicago', g1))).toBe('alpha');
    const g2 = active({ inline: abnf('#ABNF 1.0; root $m; $m = $size coffee {$.size = $size; $.kind = "coffee"}; $size = large {$ = "L"} | small {$ = "S"};') });
    expect(interp(say('small coffee', g2))).toEqual({ size: 'S', kind: 'coffee' });
  });

  it('Nuance-style bare slot assignments in a grammar without tag-format', () => {
    const g = active({ inline: grxml(`<grammar root="r"><rule id="r"><one-of><item>boston<tag>city='BOS'; state="MA"</tag></item></one-of></rule></grammar>`) });
    expect(interp(say('boston', g))).toEqual({ city: 'BOS', state: 'MA' });
  });

  it('in semantics/1.0 a var is rule-local, not a slot', () => {
    const g = active({ inline: grxml(`<grammar root="r" tag-format="semantics/1.0"><rule id="r">boston<tag>var tmp = 'BOS'; out.city = tmp;</tag></rule></grammar>`) });
    expect(interp(say('boston', g))).toEqual({ city: 'BOS' });
  });
});

describe('tags evaluated without the sandbox', () => {
  const noSandbox = new GrammarEngine({
    sisr: {
      runIsolated: () => {
        throw new Error('the sandbox was used');
      },
    },
  });
  it.each([
    ['out="one A";', 'one A'],
    ["out = 'x\\'y';", "x'y"],
    ['out = 42;', 42],
    ['out=true', true],
    ['$ = "alpha"', 'alpha'],
    ["'alpha'", 'alpha'],
  ])('%s', (tag, expected) => {
    const g = active({ inline: abnf(`#ABNF 1.0; root $r; tag-format <semantics/1.0>; $r = go {!{${tag}}!};`) });
    expect(interp(noSandbox.recognize({ kind: 'speech', text: 'go', confidence: 1 }, [g], none))).toEqual(expected);
  });
  it('needs the sandbox as soon as one tag is script', () => {
    const g = active({ inline: abnf('#ABNF 1.0; root $r; tag-format <semantics/1.0>; $r = go {out = "a"} {out = out + "b"};') });
    const o = noSandbox.recognize({ kind: 'speech', text: 'go', confidence: 1 }, [g], none);
    expect(o.kind === 'error' && o.message).toMatch(/the sandbox was used/);
  });
});
