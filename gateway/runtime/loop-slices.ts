/**
 * Time slices for turn work, so a busy gateway keeps its event loop turning.
 *
 * Node 20's libuv (≥ 1.45, libuv#3696) accepts ONE new connection per event-loop iteration, and an iteration
 * runs the callbacks of every socket that is ready. Under load the turns of 64 calls made one iteration last
 * 60–100 ms, so a burst of new connections — new calls' first webhooks, a platform's proxies reconnecting —
 * was accepted at one per iteration: the last of 64 waited 3 s before its request was even read, and a health
 * check waited as long. Turn work now passes a gate at its boundaries (a webhook before its body is parsed,
 * the start of a turn, after each fetch, before the save). While the current iteration has used less than its
 * slice, work goes on at once (one clock read); past it, work waits in arrival order and later iterations let
 * it through a slice at a time, so each iteration stays near the slice and connections, health checks and
 * timers are served between slices. The work done is the same (throughput within a few percent, measured in
 * docs/performance.md); what ends is the starvation of new work behind work in progress.
 */
/** What an HTTP route needs of LoopSlices: its gate. */
export interface SliceGate {
  pass(): Promise<void> | undefined;
}

/**
 * A webhook's gate as a middleware continuation: `next` runs at once within the slice, else when the
 * request's turn comes (waits never fail). No slices: at once.
 */
export function afterSlice(slices: SliceGate | undefined, next: () => void): void {
  const wait = slices?.pass();
  if (wait) void wait.then(next);
  else next();
}

export class LoopSlices {
  /** performance.now() at the first gate of the current iteration; -1 until one is passed. */
  private sliceStartedAt = -1;
  /** Pieces of turns already under way (after a fetch, before the save): they go before new turns. */
  private readonly continuing: (() => void)[] = [];
  private readonly waiting: (() => void)[] = [];
  private resetScheduled = false;
  private releaseScheduled = false;

  constructor(
    /** Work one iteration may run through the gates before the rest waits for later ones; 0 = no gating. */
    private readonly sliceMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * undefined: go on now. A promise: await it, then go on (it resolves later, in arrival order; pieces of turns
   * under way — `continuing` — before new turns, so a turn that has started is not queued behind every turn
   * that arrives after it: same mean latency, a shorter tail). A call is also the end of the caller's previous
   * piece: while the slice lasts, the first waiting piece goes on now. Returning undefined instead of a
   * resolved promise keeps the common case free of a microtask hop.
   */
  pass(kind: 'new' | 'continuing' = 'new'): Promise<void> | undefined {
    if (this.sliceMs <= 0) return undefined;
    const within = this.withinSlice();
    // Work already waiting goes first, whatever is left of the slice.
    if (this.queued === 0 && within) return undefined;
    const mine = new Promise<void>((resolve) => {
      (kind === 'continuing' ? this.continuing : this.waiting).push(resolve);
    });
    if (within) this.next()?.();
    // At least one piece per iteration goes on, even if no piece ends to hand the slice on.
    this.scheduleRelease();
    return mine;
  }

  /** A piece of work ended without another gate (a turn's last piece): what is left of the slice goes on. */
  done(): void {
    if (this.sliceMs <= 0 || this.queued === 0) return;
    if (this.withinSlice()) this.next()?.();
  }

  /** Pieces of work waiting for a later iteration (metrics, tests). */
  get queued(): number {
    return this.continuing.length + this.waiting.length;
  }

  /** The next piece to go on: a turn under way before a new one, each in arrival order. */
  private next(): (() => void) | undefined {
    return this.continuing.shift() ?? this.waiting.shift();
  }

  private withinSlice(): boolean {
    const now = this.now();
    if (this.sliceStartedAt < 0) {
      this.sliceStartedAt = now;
      this.scheduleReset();
    }
    return now - this.sliceStartedAt < this.sliceMs;
  }

  /** The next iteration starts a new slice: an immediate runs once per iteration, after its I/O callbacks. */
  private scheduleReset(): void {
    if (this.resetScheduled) return;
    this.resetScheduled = true;
    setImmediate(() => {
      this.resetScheduled = false;
      this.sliceStartedAt = -1;
    });
  }

  /**
   * A new slice in a later iteration, its first piece let through (the pieces it runs hand the rest of the
   * slice on): an immediate scheduled while immediates run goes to the next iteration, so between two slices
   * the loop polls (accepts a connection, reads requests, runs timers).
   */
  private scheduleRelease(): void {
    if (this.releaseScheduled) return;
    this.releaseScheduled = true;
    setImmediate(() => {
      this.releaseScheduled = false;
      const next = this.next();
      if (this.queued > 0) this.scheduleRelease();
      // The released piece counts against the slice of the iteration it runs in.
      this.sliceStartedAt = this.now();
      this.scheduleReset();
      next?.();
    });
  }
}
