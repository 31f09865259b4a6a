/**
 * Per-key serialisation within one process: two events for the same call never interleave their turns.
 * (Across instances the SessionStore's compare-and-set on `seq` is what protects a call.)
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // Drop the entry when nobody queued behind us, so the map does not grow with finished calls.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a turn running or queued. */
  get busy(): number {
    return this.tails.size;
  }
}
