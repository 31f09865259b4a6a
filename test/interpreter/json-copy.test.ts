/** jsonCopy: the interpreter state's per-turn copy is exactly a JSON round trip, without the text. */
import { jsonCopy } from '../../gateway/interpreter/index';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

test.each([
  ['a typical state', { v: 1, scopes: null, exec: { doc: 'http://x/a.vxml', dialog: 'main', prompts: { f: 2 }, events: { f: { nomatch: 1 }, '': { noinput: 2 } } }, stack: [{ exec: { doc: 'http://x/b.vxml', dialog: 'd', prompts: {}, events: {} }, scopes: { v: 1, heap: [['n', [['x', 1]]]] }, item: 's' }], wait: { kind: 'input', item: 'f' } }],
  ['undefined, functions and symbols', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t'), 2], e: 'kept' }],
  ['non-finite numbers', { a: NaN, b: Infinity, c: [-Infinity, -0, 0.5] }],
  ['nested arrays and empty containers', [[], {}, [[1, [2, [3]]]], null, true, false, '']],
  ['a primitive', 'text'],
])('%s', (_name, value) => {
  expect(jsonCopy(value)).toStrictEqual(roundTrip(value));
});

test('a key named __proto__ stays data, as JSON.parse leaves it', () => {
  const parsed = JSON.parse('{"events":{"__proto__":{"nomatch":1}},"x":1}') as Record<string, unknown>;
  const copy = jsonCopy(parsed) as { events: Record<string, unknown> };
  expect(Object.getPrototypeOf(copy.events)).toBe(Object.prototype);
  expect(Object.keys(copy.events)).toEqual(['__proto__']);
  expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
});

test('the copy shares nothing with the original', () => {
  const original = { exec: { prompts: { f: 1 } }, stack: [{ item: 'a' }] };
  const copy = jsonCopy(original) as typeof original;
  copy.exec.prompts.f = 2;
  copy.stack[0].item = 'b';
  expect(original).toEqual({ exec: { prompts: { f: 1 } }, stack: [{ item: 'a' }] });
});
