/** The acorn-based syntax checks behind script-syntax and invalid-name. */
import { checkExpression, checkProgram, isIdentifier, isVariablePath } from '../../gateway/compiler/script-check';

test.each([
  'x', 'application.lastresult$[0].utterance', "'it''s'".slice(0, 4), '"a"', '42', '3.14', 'true', 'this', 'a.b.c;', ' x ',
  "x == '123'", 'f(1, 2) + g()', '{a: 1}', '[1, 2].length', 'a ? b : c', 'new Date().getFullYear()', '(function () { return 1; })()',
  "'x' // comment",
])('valid expression %j', (src) => {
  expect(checkExpression(src)).toBeUndefined();
});

test.each([
  ['', 0], ['   ', 0], ['a ==', 4], ['var', 0], ['a b', 2], ["'unterminated", 0], ['f(1,', 4], ['a; b', 3], ['1 +* 2', 3], ['class', 5],
])('invalid expression %j (error near %d)', (src, pos) => {
  const p = checkExpression(src);
  expect(p).toBeDefined();
  expect(p?.pos).toBe(pos);
});

test('programs', () => {
  expect(checkProgram('var a = 1;\nfunction f(x) { return x * 2; }')).toBeUndefined();
  expect(checkProgram('var a = ;')).toMatchObject({ pos: 8 });
});

test('names', () => {
  expect(['x', '_x', '$x', 'x1', 'café'].every(isIdentifier)).toBe(true);
  expect(['1x', 'a-b', 'var', 'a.b', ''].some(isIdentifier)).toBe(false);
  expect(isVariablePath('application.x.y')).toBe(true);
  expect(isVariablePath('application..x')).toBe(false);
});
