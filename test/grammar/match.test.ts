import { GrammarEngine, type ActiveGrammar, type RecognizeOutcome } from '../../gateway/grammar';
import { abnf, active, grxml } from './helpers';

const engine = new GrammarEngine();
const none = { resolve: () => undefined };

function say(text: string, grammars: ActiveGrammar[], confidence = 0.9): RecognizeOutcome {
  return engine.recognize({ kind: 'speech', text, confidence }, grammars, none);
}
function press(digits: string, grammars: ActiveGrammar[], termchar?: string): RecognizeOutcome {
  return engine.recognize({ kind: 'dtmf', digits }, grammars, { ...none, termchar });
}
function interp(o: RecognizeOutcome): unknown {
  return o.kind === 'match' ? o.result.interpretation : o.kind;
}

const cities = active({
  inline: grxml(`<grammar root="city" xml:lang="en-US">
  <rule id="city" scope="public">
    <item repeat="0-1"><one-of><item>I want to go to</item><item>to</item></one-of></item>
    <one-of>
      <item>San Francisco</item>
      <item><token>New York</token></item>
      <item>"Truth or Consequences"</item>
      <item>Zürich</item>
      <item>St. Louis</item>
    </one-of>
    <item repeat="0-1">please</item>
  </rule>
</grammar>`),
});

describe('matching transcripts (no tags: the interpretation is the text)', () => {
  it.each([
    ['San Francisco', 'San Francisco'],
    ['san francisco.', 'San Francisco'],
    ['  SAN   FRANCISCO  ', 'San Francisco'],
    ['I want to go to New York, please!', 'I want to go to New York please'],
    ['to truth or consequences', 'to Truth or Consequences'],
    ['zurich', 'Zürich'],
    ['St Louis', 'St. Louis'],
    ['Um, San Francisco', 'San Francisco'],
    ['to uh New York', 'to New York'],
  ])('%j → %j', (text, expected) => {
    const o = say(text, [cities]);
    expect(o.kind).toBe('match');
    if (o.kind !== 'match') return;
    expect(o.result).toEqual({ grammar: cities.ref.key, utterance: expected, confidence: 0.9, inputmode: 'voice', interpretation: expected, path: 'grammar' });
  });

  it.each(['San', 'New York New York', 'please', 'I want to go to', 'Boston', ''])('%j does not match', (text) => {
    const o = say(text, [cities]);
    expect(o).toEqual({ kind: 'nomatch', utterance: text.trim(), inputmode: 'voice', confidence: 0.9 });
  });
});

describe('repeats, specials and recursion', () => {
  const g = active({
    inline: abnf(`#ABNF 1.0; root $main;
public $main = $digit<2-3> | call $GARBAGE now | $list;
$digit = one | two | three;
$list = item [and $list];`),
  });
  it.each([
    ['one two', 'one two'],
    ['one two three', 'one two three'],
    ['call my mother please now', 'call my mother please now'],
    ['call now', 'call now'],
    ['item and item and item', 'item and item and item'],
  ])('%j matches', (text, utterance) => {
    const o = say(text, [g]);
    expect(o.kind === 'match' && o.result.utterance).toBe(utterance);
  });
  it.each(['one', 'one two three one', 'call', 'item and'])('%j does not match', (text) => {
    expect(say(text, [g]).kind).toBe('nomatch');
  });
  it('$VOID never matches and $NULL matches nothing', () => {
    const v = active({ inline: abnf('#ABNF 1.0; root $r; $r = yes $VOID | no $NULL;') });
    expect(say('yes', [v]).kind).toBe('nomatch');
    expect(interp(say('no', [v]))).toBe('no');
  });
  it('numerals in the transcript match words in the grammar and the other way round', () => {
    const g2 = active({ inline: abnf('#ABNF 1.0; root $r; $r = press one | four five six seven | twenty one | 3 apples;') });
    expect(interp(say('press 1', [g2]))).toBe('press one');
    expect(interp(say('4567', [g2]))).toBe('four five six seven');
    expect(interp(say('21', [g2]))).toBe('twenty one');
    expect(interp(say('three apples', [g2]))).toBe('3 apples');
  });
});

describe('DTMF grammars', () => {
  const menu = active({ inline: grxml('<grammar mode="dtmf" root="m"><rule id="m"><one-of><item>1</item><item>2</item><item>* 9</item><item>0 #</item></one-of></rule></grammar>') });
  const pin = active({ inline: abnf('#ABNF 1.0; mode dtmf; root $pin; $pin = (0|1|2|3|4|5|6|7|8|9)<4>;') });
  const legacy = active({ inline: grxml('<grammar mode="dtmf" root="m"><rule id="m"><one-of><item>123</item><item>star</item><item>pound 1</item></one-of></rule></grammar>') });
  it.each([
    ['1', '1'],
    ['*9', '*9'],
    ['0#', '0#'],
  ])('%j → %j', (digits, interpretation) => {
    const o = press(digits, [menu]);
    expect(o).toEqual({ kind: 'match', result: { grammar: menu.ref.key, utterance: interpretation, confidence: 1, inputmode: 'dtmf', interpretation, path: 'grammar' } });
  });
  it('strips and reports the termchar, but keeps # when the grammar needs it', () => {
    const o = press('1234#', [pin], '#');
    expect(o.kind === 'match' && o.result).toMatchObject({ utterance: '1234', termchar: '#' });
    expect(interp(press('0#', [menu], '#'))).toBe('0#');
  });
  it('reads legacy key-sequence tokens and key names', () => {
    expect(interp(press('123', [legacy]))).toBe('123');
    expect(interp(press('*', [legacy]))).toBe('*');
    expect(interp(press('#1', [legacy]))).toBe('#1');
  });
  it('does not match wrong lengths or keys, and ignores voice grammars', () => {
    expect(press('123', [pin]).kind).toBe('nomatch');
    expect(press('12345', [pin]).kind).toBe('nomatch');
    expect(press('1', [cities]).kind).toBe('nomatch');
  });
  it('speech never matches a DTMF grammar', () => {
    expect(say('one', [menu]).kind).toBe('nomatch');
  });
});

describe('ambiguity and precedence', () => {
  it('prefers the heavier alternative, then the first in document order', () => {
    const g = active({ inline: grxml(`<grammar root="r" tag-format="semantics/1.0-literals"><rule id="r"><one-of>
      <item>bank<tag>first</tag></item>
      <item weight="3">bank<tag>heavy</tag></item>
      <item weight="3">bank<tag>heavy-second</tag></item>
    </one-of></rule></grammar>`) });
    expect(interp(say('bank', [g]))).toBe('heavy');
  });
  it('the first grammar in precedence order that matches wins', () => {
    const a = active({ inline: abnf('#ABNF 1.0; root $r; $r = help {out="field help";};') }, { scope: 'field' });
    const b = active({ inline: abnf('#ABNF 1.0; root $r; $r = help {out="app help";} | operator;') }, { scope: 'application' });
    expect(say('help', [a, b]).kind === 'match' && say('help', [a, b])).toMatchObject({ result: { grammar: a.ref.key, interpretation: 'field help' } });
    expect(say('help', [b, a]).kind === 'match' && say('help', [b, a])).toMatchObject({ result: { grammar: b.ref.key, interpretation: 'app help' } });
    expect(say('operator', [a, b])).toMatchObject({ result: { grammar: b.ref.key } });
  });
  it('tries the recognizer alternatives (n-best) in order', () => {
    const o = engine.recognize({ kind: 'speech', text: 'new yolk', confidence: 0.5, alternatives: [{ text: 'new york', confidence: 0.4 }] }, [cities], none);
    expect(o.kind === 'match' && o.result).toMatchObject({ utterance: 'New York', confidence: 0.4 });
  });
  it('an exact match in a later grammar beats an approximate one', () => {
    const approx = active({ inline: abnf('#ABNF 1.0; root $r; $r = stock quotes | sports scores;') }, { approximate: true });
    const exact = active({ inline: abnf('#ABNF 1.0; root $r; $r = stock;') });
    expect(say('stock', [approx, exact])).toMatchObject({ result: { grammar: exact.ref.key } });
  });
});

describe('accept="approximate"', () => {
  const g = active(
    { inline: grxml(`<grammar root="r" tag-format="semantics/1.0-literals"><rule id="r"><one-of>
      <item>stock quotes<tag>stocks</tag></item>
      <item>sports scores and news<tag>sports</tag></item>
      <item>the weather forecast<tag>weather</tag></item>
    </one-of></rule></grammar>`) },
    { approximate: true },
  );
  it.each([
    ['stock quotes', 'stocks'],
    ['quotes', 'stocks'],
    ['sports news', 'sports'],
    ['weather', 'weather'],
    ['Weather forecast.', 'weather'],
  ])('%j → %j', (text, expected) => {
    const o = say(text, [g]);
    expect(o.kind === 'match' && o.result).toMatchObject({ interpretation: expected, utterance: text.trim() });
  });
  it.each(['news sports', 'the', 'stock market'])('%j does not match', (text) => {
    expect(say(text, [g]).kind).toBe('nomatch');
  });
});
