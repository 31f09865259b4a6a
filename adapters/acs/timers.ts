/**
 * Timers for what ACS cannot time itself: a bridged transfer's maxtime, the maxtime of a record window
 * watched by speech recognition, the arrival of a recording file. They are in-process and best effort (a
 * call whose instance dies loses them and ends when the caller hangs up). A port so the replay simulator
 * can let simulated time pass instead of waiting 30 real minutes for a maxtime.
 */
export interface AcsTimers {
  /** (Re)arms the timer `key`; a previous one with that key is cancelled. */
  set(key: string, ms: number, fire: () => void): void;
  clear(key: string): void;
  clearAll(): void;
}

export class RealTimers implements AcsTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  set(key: string, ms: number, fire: () => void): void {
    this.clear(key);
    const t = setTimeout(() => {
      this.timers.delete(key);
      fire();
    }, ms);
    t.unref();
    this.timers.set(key, t);
  }

  clear(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** Timers that fire only when told to (simulated time). */
export class ManualTimers implements AcsTimers {
  private readonly pending = new Map<string, { ms: number; fire: () => void }>();

  set(key: string, ms: number, fire: () => void): void {
    this.pending.set(key, { ms, fire });
  }

  clear(key: string): void {
    this.pending.delete(key);
  }

  clearAll(): void {
    this.pending.clear();
  }

  /** Lets all pending timers run out, as if their time had passed. Returns how many fired. */
  fireAll(): number {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.fire();
    return due.length;
  }

  get size(): number {
    return this.pending.size;
  }
}
