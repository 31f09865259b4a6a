/**
 * LoopSlices: turn work goes on at once while the event-loop iteration's slice lasts, then waits in arrival
 * order for later iterations; a piece that ends hands what is left of the slice to the first waiting one.
 * The clock is a fake one (the slice is judged by it); iterations are real (setImmediate).
 */
import net from 'node:net';
import { LoopSlices } from '../../gateway/runtime/loop-slices';

/** Resolves in the next event-loop iteration's check phase (after the immediates already scheduled). */
const nextIteration = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * 5 ms slices on a fake clock, the current slice already used up, and a way to queue pieces of work: each
 * records its name when it goes on, uses `costMs` of the clock, then ends.
 */
function busyLoop() {
  const clock = { t: 0 };
  const slices = new LoopSlices(5, () => clock.t);
  expect(slices.pass()).toBeUndefined();
  clock.t = 6;
  const order: string[] = [];
  const queue = (name: string, costMs: number, kind: 'new' | 'continuing' = 'new'): Promise<void> => {
    const wait = slices.pass(kind);
    expect(wait).toBeInstanceOf(Promise);
    return (wait as Promise<void>).then(() => {
      order.push(name);
      clock.t += costMs;
      slices.done();
    });
  };
  return { slices, clock, order, queue };
}

describe('LoopSlices', () => {
  test('work goes on at once while the slice lasts; 0 turns slicing off', async () => {
    let t = 0;
    const slices = new LoopSlices(5, () => t);
    expect(slices.pass()).toBeUndefined();
    t = 4.9;
    expect(slices.pass()).toBeUndefined();
    const off = new LoopSlices(0, () => t);
    t = 1000;
    expect(off.pass()).toBeUndefined();
    expect(off.queued).toBe(0);
  });

  test('past the slice, work waits and goes on in arrival order, one slice per later iteration', async () => {
    const { slices, order, queue } = busyLoop();
    // Each piece uses up a whole slice: the next one must wait for another iteration.
    const pieces = ['a', 'b', 'c'].map((name) => queue(name, 6));
    expect(slices.queued).toBe(3);
    // At most one piece per iteration, in arrival order.
    const seen: number[] = [];
    for (let i = 0; i < 10 && order.length < 3; i++) {
      await nextIteration();
      seen.push(order.length);
    }
    expect(seen.every((n, i) => n - (i > 0 ? seen[i - 1] : 0) <= 1)).toBe(true);
    await Promise.all(pieces);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(slices.queued).toBe(0);
  });

  test('new work queues behind waiting work, even with slice left, and lets the first waiting piece go on', async () => {
    const { slices, clock, order } = busyLoop();
    const first = (slices.pass() as Promise<void>).then(() => order.push('first'));
    // Still the same slice, with time left in it again (a fake clock): "first" waits, so "second" queues
    // behind it and hands it the rest of the slice instead of overtaking it.
    clock.t = 1;
    const second = slices.pass();
    expect(second).toBeInstanceOf(Promise);
    expect(slices.queued).toBe(1);
    await first;
    expect(order).toEqual(['first']);
    await (second as Promise<void>).then(() => order.push('second'));
    expect(order).toEqual(['first', 'second']);
  });

  test('a piece that ends hands the rest of its slice to the next waiting piece, in the same iteration', async () => {
    const { order, queue } = busyLoop();
    // Cheap pieces: three fit in one slice.
    const pieces = ['a', 'b', 'c'].map((name) => queue(name, 1));
    await nextIteration();
    await nextIteration();
    expect(order).toEqual(['a', 'b', 'c']);
    await Promise.all(pieces);
  });

  test('pieces of turns under way go before new turns, each kind in arrival order', async () => {
    const { slices, order, queue } = busyLoop();
    // A whole slice each: one piece per iteration, so the order is the queue's.
    const pieces = [queue('new 1', 6), queue('under way 1', 6, 'continuing'), queue('new 2', 6), queue('under way 2', 6, 'continuing')];
    expect(slices.queued).toBe(4);
    await Promise.all(pieces);
    expect(order).toEqual(['under way 1', 'under way 2', 'new 1', 'new 2']);
  });

  test('under sliced load, a new connection is accepted before the waiting work is done', async () => {
    // Real clock: the point is the event loop itself. 40 pieces of 3 ms of synchronous work are queued at
    // once; with 5 ms slices the loop polls between slices and accepts the connection long before the 120 ms
    // of work is through (without slicing it would be accepted only after all of it).
    const slices = new LoopSlices(5);
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    let piecesDone = 0;
    let doneWhenAccepted = -1;
    server.on('connection', () => {
      doneWhenAccepted = piecesDone;
    });
    const burn = (ms: number): void => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const work = Array.from({ length: 40 }, async () => {
      const wait = slices.pass();
      if (wait) await wait;
      burn(3);
      piecesDone++;
      slices.done();
    });
    const client = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await Promise.all(work);
    await closed;
    server.close();
    expect(doneWhenAccepted).toBeGreaterThanOrEqual(0);
    expect(doneWhenAccepted).toBeLessThan(40);
  });
});
