/** vxml_turns_in_flight and vxml_turn_work_waiting: read when the metrics are scraped. */
import { GatewayMetrics } from '../../gateway/runtime/metrics';

function inFlight(text: string): number {
  const line = text.split('\n').find((l) => l.startsWith('vxml_turns_in_flight '));
  if (!line) throw new Error('vxml_turns_in_flight is missing:\n' + text);
  return Number(line.split(' ')[1]);
}

test('counts the turns inside track(), failed ones included once they end', async () => {
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  expect(inFlight(await metrics.render())).toBe(0);
  let finish: () => void = () => undefined;
  const first = metrics.track(() => new Promise<string>((resolve) => (finish = () => resolve('done'))));
  let fail: () => void = () => undefined;
  const second = metrics.track(() => new Promise<string>((_resolve, reject) => (fail = () => reject(new Error('turn failed')))));
  expect(inFlight(await metrics.render())).toBe(2);
  fail();
  await expect(second).rejects.toThrow('turn failed');
  expect(inFlight(await metrics.render())).toBe(1);
  finish();
  await expect(first).resolves.toBe('done');
  expect(inFlight(await metrics.render())).toBe(0);
  expect(await metrics.render()).toContain('# HELP vxml_turns_in_flight Turns running on this instance now');
});

test('vxml_turn_work_waiting reports the turn work waiting for an event-loop slice', async () => {
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  const gauge = (text: string): number => Number(text.split('\n').find((l) => l.startsWith('vxml_turn_work_waiting '))?.split(' ')[1]);
  expect(gauge(await metrics.render())).toBe(0);
  const slices = { queued: 3 };
  metrics.watchSlices(slices);
  expect(gauge(await metrics.render())).toBe(3);
  slices.queued = 0;
  expect(gauge(await metrics.render())).toBe(0);
});
