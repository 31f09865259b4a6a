import { GrammarEngine } from '../../gateway/grammar';
import { abnf, active, grxml } from './helpers';

const engine = new GrammarEngine();
const resolve = (): undefined => undefined;

describe('phrases', () => {
  it('lists a closed grammar completely, preferred alternatives first, repeats at their minimum', () => {
    const g = active({ inline: abnf('#ABNF 1.0; root $r; $r = [please] (/2/ check balance | transfer funds | $who) ; $who = agent | operator;') });
    expect(engine.phrases(g, resolve, 50)).toEqual({
      complete: true,
      phrases: ['please check balance', 'please transfer funds', 'please agent', 'please operator', 'check balance', 'transfer funds', 'agent', 'operator'],
    });
  });
  it('reports incompleteness: limits, unbounded repeats, GARBAGE, recursion, builtins', () => {
    expect(engine.phrases(active({ inline: abnf('#ABNF 1.0; root $r; $r = a | b | c;') }), resolve, 2)).toEqual({ phrases: ['a', 'b'], complete: false });
    expect(engine.phrases(active({ inline: abnf('#ABNF 1.0; root $r; $r = go<1->;') }), resolve, 10)).toEqual({ phrases: ['go'], complete: false });
    expect(engine.phrases(active({ inline: abnf('#ABNF 1.0; root $r; $r = call $GARBAGE;') }), resolve, 10)).toEqual({ phrases: ['call'], complete: false });
    expect(engine.phrases(active({ inline: abnf('#ABNF 1.0; root $r; $r = x | x $r;') }), resolve, 5).complete).toBe(false);
    const b = engine.phrases(active({ builtin: { type: 'boolean', params: {} }, mode: 'voice' }), resolve, 3);
    expect(b).toEqual({ phrases: ['yes', 'no', 'yeah'], complete: false });
  });
  it('examples pair each phrase with the interpretation the grammar gives it', () => {
    const g = active({ inline: grxml(`<grammar root="r" tag-format="semantics/1.0"><rule id="r"><one-of>
      <item>checking<tag>out = "chk";</tag></item><item>savings<tag>out = "sav";</tag></item><item>my savings account<tag>out = "sav";</tag></item>
    </one-of></rule></grammar>`) });
    expect(engine.examples(g, resolve, 10)).toEqual({
      complete: true,
      examples: [
        { text: 'checking', interpretation: 'chk' },
        { text: 'savings', interpretation: 'sav' },
        { text: 'my savings account', interpretation: 'sav' },
      ],
    });
  });
});

describe('choices (ACS) from small closed grammars', () => {
  const voice = active({ inline: grxml(`<grammar root="r" tag-format="semantics/1.0-literals"><rule id="r"><one-of>
    <item>sales<tag>sales</tag></item><item>the sales team<tag>sales</tag></item><item>support<tag>support</tag></item>
  </one-of></rule></grammar>`) });
  const keys = active({ inline: grxml(`<grammar root="r" mode="dtmf" tag-format="semantics/1.0-literals"><rule id="r"><one-of>
    <item>1<tag>sales</tag></item><item>2<tag>support</tag></item></one-of></rule></grammar>`) });
  it('groups phrases by interpretation and attaches the DTMF tone of the same meaning', () => {
    expect(engine.choices([voice, keys], resolve)).toEqual([
      { label: 'sales', phrases: ['sales', 'the sales team'], tone: 'one' },
      { label: 'support', phrases: ['support'], tone: 'two' },
    ]);
  });
  it('is undefined for open grammars or too many choices', () => {
    expect(engine.choices([active({ builtin: { type: 'number', params: {} }, mode: 'voice' })], resolve)).toBeUndefined();
    expect(engine.choices([active({ inline: abnf('#ABNF 1.0; root $r; $r = a | b | c;') })], resolve, 2)).toBeUndefined();
    expect(engine.choices([keys], resolve)).toBeUndefined();
  });
});

describe('DTMF length bounds', () => {
  const bounds = (...texts: string[]) =>
    engine.dtmfBounds(texts.map((t) => (t.startsWith('builtin:') ? active({ src: t, mode: 'dtmf' }) : active({ inline: abnf(t) }))), resolve);
  it.each([
    [['#ABNF 1.0; mode dtmf; root $r; $r = (0|1|2|3|4|5|6|7|8|9)<4>;'], { minDigits: 4, maxDigits: 4, endsOnTermchar: false }],
    [['#ABNF 1.0; mode dtmf; root $r; $r = 1 | 2 | 3 * 9;'], { minDigits: 1, maxDigits: 3, endsOnTermchar: false }],
    [['#ABNF 1.0; mode dtmf; root $r; $r = 1<2->;'], { minDigits: 2, maxDigits: null, endsOnTermchar: true }],
    [['#ABNF 1.0; mode dtmf; root $r; $r = 1 | 2 $r;'], { minDigits: 1, maxDigits: null, endsOnTermchar: true }],
    [['builtin:dtmf/digits?minlength=3;maxlength=6'], { minDigits: 3, maxDigits: 6, endsOnTermchar: false }],
    [['builtin:dtmf/date', '#ABNF 1.0; mode dtmf; root $r; $r = 0;'], { minDigits: 1, maxDigits: 8, endsOnTermchar: false }],
    [['builtin:dtmf/boolean', 'builtin:dtmf/number'], { minDigits: 1, maxDigits: null, endsOnTermchar: true }],
  ])('%j → %j', (texts, expected) => {
    expect(bounds(...texts)).toEqual(expected);
  });
  it('is undefined without DTMF grammars', () => {
    expect(engine.dtmfBounds([active({ inline: abnf('#ABNF 1.0; root $r; $r = yes;') })], resolve)).toBeUndefined();
  });
});
