/** Latency samples and the figures the report shows (percentiles by nearest rank). */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

/** Rounds for JSON and tables: 3 significant decimals below 10, fewer above. */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Collects request latencies inside a measurement window only: a request counts when it finished inside the
 * window (throughput = completions per second of window; latency = those requests' latencies). Requests still
 * running when the window closes are not counted, nor those that finished during the warm-up.
 */
export class WindowRecorder {
  private samples: number[] = [];
  private errorCount = 0;
  private opensAt = Infinity;
  private closesAt = Infinity;
  readonly errorSamples: string[] = [];

  /** Counts from `start` (performance.now() ms) for `durationMs`. */
  open(start: number, durationMs: number): void {
    this.samples = [];
    this.errorCount = 0;
    this.errorSamples.length = 0;
    this.opensAt = start;
    this.closesAt = start + durationMs;
  }

  inWindow(ended: number): boolean {
    return ended >= this.opensAt && ended <= this.closesAt;
  }

  ok(started: number, ended: number): void {
    if (this.inWindow(ended)) this.samples.push(ended - started);
  }

  error(started: number, ended: number, why: string): void {
    if (!this.inWindow(ended)) return;
    this.errorCount++;
    if (this.errorSamples.length < 5) this.errorSamples.push(why.slice(0, 300));
  }

  /** Failures not tied to one request (a script expectation that failed), counted when they happen in the window. */
  failure(at: number, why: string): void {
    this.error(at, at, why);
  }

  summary(): { count: number; errors: number; p50Ms: number; p99Ms: number; maxMs: number; meanMs: number } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const sum = sorted.reduce((a, b) => a + b, 0);
    return {
      count: sorted.length,
      errors: this.errorCount,
      p50Ms: round(percentile(sorted, 0.5)),
      p99Ms: round(percentile(sorted, 0.99)),
      maxMs: round(sorted[sorted.length - 1] ?? NaN),
      meanMs: round(sorted.length ? sum / sorted.length : NaN),
    };
  }
}
