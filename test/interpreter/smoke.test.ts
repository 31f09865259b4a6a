import { Call, vxml } from './harness';

test('hello world', () => {
  const call = new Call({ docs: { 'http://app/main.vxml': vxml('<form><block>Hello <value expr="1+1"/> world</block></form>') } });
  const t = call.start('http://app/main.vxml');
  expect(t.heard).toBe('Hello 2 world');
  expect(t.last).toEqual({ kind: 'hangup', reason: 'end' });
});
