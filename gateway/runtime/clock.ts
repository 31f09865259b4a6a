/** Time as a port: the system clock in production, a hand-advanced clock in tests. */
import type { Clock } from './ports';

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand, so TTLs, cache ages and `Date` inside documents are deterministic. */
export class FakeClock implements Clock {
  constructor(private current = Date.UTC(2024, 0, 1, 12, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
