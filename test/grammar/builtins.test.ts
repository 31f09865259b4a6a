import type { BuiltinType } from '../../contracts/grammar';
import type { InputMode } from '../../contracts/platform';
import { GrammarEngine, createBuiltin } from '../../gateway/grammar';
import { abnf, active } from './helpers';

type Row = [string, unknown];
const run = (type: BuiltinType, mode: InputMode, input: string, params: Record<string, string> = {}): unknown =>
  createBuiltin(type, params, mode).match(input, { now: Date.UTC(2024, 2, 23, 12) })?.value;

const voice: Record<BuiltinType, Row[]> = {
  boolean: [
    ['yes', true], ['Yeah.', true], ['yep', true], ['sure', true], ['uh huh', true], ["that's right", true], ['yes please', true],
    ['okay', true], ['correct', true], ['no', false], ['nope', false], ['No thanks', false], ['no thank you', false],
    ['nah', false], ['negative', false], ['um no', false], ['maybe', undefined], ['yes no', undefined], ['', undefined],
  ],
  digits: [
    ['four five six seven', '4567'], ['4567', '4567'], ['4 5 6 7', '4567'], ['oh one two', '012'], ['zero one two', '012'],
    ['double two', '22'], ['triple five', '555'], ['one double oh seven', '1007'], ['forty five sixty seven', '4567'],
    ["it's one two three", '123'], ['4-5-6', '456'], ['four five six seven please', '4567'], ['four apples', undefined], ['double', undefined],
  ],
  phone: [
    ['five five five one two three four', '5551234'], ['eight hundred five five five one two one two', '8005551212'],
    ['(800) 555-1212', '8005551212'], ['+1 800 555 1212', '18005551212'],
    ['five five five one two one two extension four five', '5551212x45'], ['555-1212 ext 45', '5551212x45'],
    ['my number is 212 555 0100', '2125550100'], ['one two', undefined], ['call me', undefined],
  ],
  number: [
    ['five', '5'], ['one hundred twenty three', '123'], ['one hundred and twenty three', '123'], ['minus five', '-5'],
    ['negative twelve', '-12'], ['plus seven', '+7'], ['one point five', '1.5'], ['point five', '0.5'], ['three point one four', '3.14'],
    ['2', '2'], ['-5', '-5'], ['1.5', '1.5'], ['1,200', '1200'], ['007', '7'], ['two thousand and five', '2005'], ['a million', '1000000'],
    ['two and a half', '2.5'], ['twenty one', '21'], ['three apples', undefined], ['point', undefined],
  ],
  currency: [
    ['one hundred and twenty dollars', 'USD120.00'], ['twelve dollars fifty', 'USD12.50'], ['twelve dollars and fifty cents', 'USD12.50'],
    ['$120', 'USD120.00'], ['$12.50', 'USD12.50'], ['$ 12.5', 'USD12.50'], ['fifty cents', 'USD0.50'], ['twelve fifty', '12.50'],
    ['12 euros', 'EUR12.00'], ['five pounds', 'GBP5.00'], ['a hundred bucks', 'USD100.00'], ['twenty', '20.00'],
    ['dollars', undefined], ['twelve dollars and ninety nine thousand cents', undefined],
  ],
  date: [
    ['twenty third of March', '????0323'], ['the twenty third of March', '????0323'], ['March the twenty third', '????0323'],
    ['March twenty third', '????0323'], ['March 23rd', '????0323'], ['March 23', '????0323'], ['23rd March', '????0323'],
    ['March twenty three', '????0323'], ['March 23rd, 2024', '20240323'], ['March twenty third twenty twenty four', '20240323'],
    ['the first of january two thousand and five', '20050101'], ['december twenty fifth nineteen ninety nine', '19991225'],
    ['3/23/2024', '20240323'], ['2024-03-23', '20240323'], ['march', '????03??'], ['march 2024', '202403??'],
    ['the twenty third', '??????23'], ['today', '20240323'], ['tomorrow', '20240324'], ['yesterday', '20240322'],
    ['February 30th', undefined], ['February 29 2023', undefined], ['thirty second of May', undefined], ['banana', undefined],
  ],
  time: [
    ['three thirty p m', '0330p'], ['3:30 PM', '0330p'], ['3:30 p.m.', '0330p'], ['three thirty', '0330?'], ['half past three', '0330?'],
    ['quarter to four', '0345?'], ['quarter past ten', '1015?'], ['ten to six', '0550?'], ['twenty minutes past seven', '0720?'],
    ['noon', '1200p'], ['twelve noon', '1200p'], ['midnight', '1200a'], ['three o\'clock', '0300?'], ['three o clock in the afternoon', '0300p'],
    ['seven in the evening', '0700p'], ['9am', '0900a'], ['nine a m', '0900a'], ['fifteen hundred hours', '1500h'], ['oh nine thirty', '0930h'],
    ['fifteen thirty', '1530h'], ['twenty one fifteen', '2115h'], ['15:30', '1530h'], ['at four fifteen', '0415?'], ['one oh five', '0105?'],
    ['thirteen thirty p m', undefined], ['three seventy', undefined], ['lunch time', undefined],
  ],
};

const dtmf: Record<BuiltinType, Row[]> = {
  boolean: [['1', true], ['2', false], ['3', undefined], ['11', undefined]],
  digits: [['1234', '1234'], ['0', '0'], ['12*4', undefined], ['#', undefined]],
  phone: [['8005551212', '8005551212'], ['5551212*45', '5551212x45'], ['12', undefined], ['555**1', undefined]],
  number: [['42', '42'], ['1*5', '1.5'], ['007', '7'], ['*5', '0.5'], ['1*', undefined], ['#', undefined]],
  currency: [['12', '12.00'], ['12*50', '12.50'], ['12*5', '12.50'], ['12*505', undefined]],
  date: [['20240323', '20240323'], ['20241301', undefined], ['2024032', undefined], ['20240230', undefined]],
  time: [['1530', '1530h'], ['0930', '0930?'], ['0000', '0000h'], ['2460', undefined], ['930', undefined]],
};

describe.each(Object.keys(voice) as BuiltinType[])('builtin %s', (type) => {
  it.each(voice[type])('voice %j → %j', (input, expected) => {
    expect(run(type, 'voice', input)).toEqual(expected);
  });
  it.each(dtmf[type])('dtmf %j → %j', (input, expected) => {
    expect(run(type, 'dtmf', input)).toEqual(expected);
  });
});

describe('builtin parameters', () => {
  it('digits length/minlength/maxlength, both modes', () => {
    expect(run('digits', 'dtmf', '1234', { length: '4' })).toBe('1234');
    expect(run('digits', 'dtmf', '123', { length: '4' })).toBeUndefined();
    expect(run('digits', 'voice', 'one two three', { minlength: '4' })).toBeUndefined();
    expect(run('digits', 'voice', 'one two three four five', { maxlength: '4' })).toBeUndefined();
    expect(run('digits', 'voice', 'one two three four', { minlength: '2', maxlength: '4' })).toBe('1234');
    expect(createBuiltin('digits', { minlength: '3', maxlength: '5' }, 'dtmf').dtmfBounds).toEqual({ min: 3, max: 5 });
    expect(createBuiltin('digits', { minlength: '5', maxlength: '3' }, 'dtmf').problems).toHaveLength(1);
    expect(createBuiltin('digits', { size: '3' }, 'dtmf').problems).toEqual(['builtin digits has no parameter "size"; ignored']);
  });
  it('boolean y and n keys', () => {
    expect(run('boolean', 'dtmf', '7', { y: '7', n: '9' })).toBe(true);
    expect(run('boolean', 'dtmf', '9', { y: '7', n: '9' })).toBe(false);
    expect(run('boolean', 'dtmf', '1', { y: '7', n: '9' })).toBeUndefined();
  });
  it('currency follows the language for dollars', () => {
    expect(createBuiltin('currency', {}, 'voice', 'en-CA').match('five dollars')?.value).toBe('CAD5.00');
  });
});

describe('builtins through the engine', () => {
  const engine = new GrammarEngine();
  const none = { resolve: () => undefined };
  it('a field type grammar (GrammarDecl.builtin) matches speech and DTMF in its mode', () => {
    const v = active({ builtin: { type: 'date', params: {} }, mode: 'voice' });
    const d = active({ builtin: { type: 'date', params: {} }, mode: 'dtmf' });
    const o = engine.recognize({ kind: 'speech', text: 'March 23rd', confidence: 0.6 }, [v, d], none);
    expect(o).toEqual({ kind: 'match', result: { grammar: v.ref.key, utterance: 'March 23rd', confidence: 0.6, inputmode: 'voice', interpretation: '????0323', path: 'grammar' } });
    const k = engine.recognize({ kind: 'dtmf', digits: '20240323#' }, [v, d], { ...none, termchar: '#' });
    expect(k).toEqual({ kind: 'match', result: { grammar: d.ref.key, utterance: '20240323', confidence: 1, inputmode: 'dtmf', interpretation: '20240323', path: 'grammar', termchar: '#' } });
  });
  it('src="builtin:dtmf/digits?length=3" and builtin:grammar/boolean', () => {
    const d = active({ src: 'builtin:dtmf/digits?length=3', mode: 'dtmf' });
    expect(engine.recognize({ kind: 'dtmf', digits: '123' }, [d], none)).toMatchObject({ kind: 'match', result: { interpretation: '123' } });
    expect(engine.recognize({ kind: 'dtmf', digits: '1234' }, [d], none).kind).toBe('nomatch');
    const b = active({ src: 'builtin:grammar/boolean', mode: 'voice' });
    expect(engine.recognize({ kind: 'speech', text: 'yup', confidence: 1 }, [b], none)).toMatchObject({ result: { interpretation: true } });
  });
  it('an unknown builtin is error.unsupported.builtin', () => {
    const x = active({ src: 'builtin:nosuch', mode: 'voice' });
    expect(engine.prepare([x], () => undefined)).toMatchObject({ status: 'error', event: 'error.unsupported.builtin' });
  });
  it('a builtin referenced from SRGS ($<builtin:digits>) matches inside a rule and its value reaches SISR', () => {
    const g = active({ inline: abnf('#ABNF 1.0; root $r; tag-format <semantics/1.0>; $r = account $<builtin:voice/digits?minlength=3> {out.acct = rules.latest();} please;') });
    const o = engine.recognize({ kind: 'speech', text: 'account four five six seven please', confidence: 1 }, [g], none);
    expect(o).toMatchObject({ result: { interpretation: { acct: '4567' } } });
    expect(engine.recognize({ kind: 'speech', text: 'account four five please', confidence: 1 }, [g], none).kind).toBe('nomatch');
  });
});
