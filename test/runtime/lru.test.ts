import { Lru } from '../../gateway/runtime/lru';

test('evicts the least recently used entry', () => {
  const evicted: string[] = [];
  const lru = new Lru<string, number>(2, (k) => evicted.push(k));
  lru.set('a', 1);
  lru.set('b', 2);
  expect(lru.get('a')).toBe(1);
  lru.set('c', 3);
  expect(evicted).toEqual(['b']);
  expect(lru.get('a')).toBe(1);
  expect(lru.get('a')).toBe(1);
  lru.set('d', 4);
  expect(evicted).toEqual(['b', 'c']);
  lru.delete('a');
  lru.set('e', 5);
  expect(lru.peek('d')).toBe(4);
  expect(lru.size).toBe(2);
  expect(() => new Lru(0)).toThrow(/at least 1/);
});
