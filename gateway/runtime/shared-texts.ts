/**
 * Memory of parked calls: texts that many calls hold identically are kept once, and keys kept for a long time
 * own their characters.
 */

/**
 * A reference-counted pool of texts. Callers waiting at the same menu were all given the same answer (the
 * same prompts, grammar keys and hints, several KB of JSON): each call holds the pool's one copy instead of
 * its own. `hold` costs a hash of the text, which V8 computes once per string.
 */
export class SharedTexts {
  private readonly texts = new Map<string, { text: string; holders: number }>();

  /** The pool's copy of `text` (this one, if it is the first), held once more until `release`. */
  hold(text: string): string {
    const entry = this.texts.get(text);
    if (entry) {
      entry.holders++;
      return entry.text;
    }
    this.texts.set(text, { text, holders: 1 });
    return text;
  }

  /** One holder of `text` lets go; the text leaves the pool with its last holder. */
  release(text: string): void {
    const entry = this.texts.get(text);
    if (!entry) return;
    if (--entry.holders <= 0) this.texts.delete(text);
  }

  /** Distinct texts held (tests, diagnostics). */
  get size(): number {
    return this.texts.size;
  }
}

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 represents a substring of 13 or more
 * characters as a slice of its parent: a call id parsed out of a webhook's form body keeps the whole body
 * (hundreds of bytes) alive for as long as the id is a map key. A JSON round trip builds a new flat string.
 */
export function detached(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
