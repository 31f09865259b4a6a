/**
 * Sessions of one application parked in memory are near copies of each other: the same document functions and
 * constants in their scopes, the same positions; only ids, numbers and a few variables differ. Each session is
 * kept as its differences from a reference session of its application: runs copied from the reference, and
 * the call's own characters. Of the airline main menu's 3.5 KB session a parked call keeps 120-220 bytes.
 *
 * Why not zlib with the reference as preset dictionary (130 bytes): it costs some 30 µs per commit and 9 µs
 * per load (the dictionary is hashed again for every stream), against 7-12 µs and 1 µs here (measured on
 * airline sessions, 2-core EPYC); a turn should not pay that much for memory.
 */

/** The reference session a packed session is expressed against (kept alive by the sessions that use it). */
interface Reference {
  readonly json: string;
}

/**
 * A session as the memory store keeps it: JSON as is, or its differences from a reference. `ops` holds
 * (literal, copy shift, copy length) triples: so many of the call's own characters, then so many of the
 * reference's, starting `shift` characters away from where the last copy ended plus the literal (0 when a
 * difference kept its length). A literal is 2 × its length, then either nothing (the next characters of
 * `own`) or, plus 1, followed by where in `own` the same characters were already kept (the call id recurs in
 * a session). Numbers are written 7 bits per character (a one-byte string), high bit set on all but the last
 * character of a number; shifts zigzag-coded.
 */
export type PackedSession = string | { readonly reference: Reference; readonly ops: string; readonly own: string };

/** A session this small is kept as JSON. */
const MIN_PACKED = 256;
/** Runs shorter than this are kept as the call's own characters (a copy costs 3 or more bytes of ops). */
const MIN_COPY = 8;
/** Literals this long are looked up among the ones already kept before being kept again. */
const MIN_REPEAT = 12;
/** Characters compared to find where the session and the reference agree again after a difference. */
const ANCHOR = 12;
/** How far a same-length difference (an id, a number, a timestamp) is looked past before searching. */
const SAME_LENGTH_SPAN = 80;
/** Anchors tried near the difference when it changes the length (a longer variable), then one further on. */
const SEARCHES = 6;
/** The window of the reference searched for an anchor, around where the difference began. */
const NEAR_BEHIND = 64;
const NEAR_AHEAD = 256;
/** Families whose reference is remembered; more are forgotten oldest first (their sessions keep theirs). */
const MAX_FAMILIES = 1024;
/** A session that keeps more than this share of its characters takes over as its family's reference. */
const POOR_RATIO = 0.3;

export class SessionPacker {
  private readonly references = new Map<string, Reference>();

  /**
   * `json` is JSON.stringify of the session; `family` names the sessions expected to be alike, whose first
   * becomes their reference (the memory store uses the application and the dialog the call is in).
   */
  pack(json: string, family: string): PackedSession {
    if (json.length < MIN_PACKED) return json;
    const reference = this.references.get(family) ?? this.adopt(family, json);
    const packed = differences(json, reference);
    const own = packed.ops.length + packed.own.length;
    if (own > json.length * POOR_RATIO) {
      // The family's calls moved on (other variables): this session is the better reference for the next
      // ones. This one stays expressed against the old reference, which it keeps alive.
      this.adopt(family, json);
      if (own >= json.length) return json;
    }
    return packed;
  }

  unpack(packed: PackedSession): string {
    if (typeof packed === 'string') return packed;
    const { ops, own } = packed;
    const ref = packed.reference.json;
    let out = '';
    let at = 0;
    let refEnd = 0;
    const reader = { ops, i: 0 };
    while (reader.i < ops.length) {
      const field = readNumber(reader);
      const literal = Math.floor(field / 2);
      if (field % 2 === 1) {
        const from = readNumber(reader);
        out += own.slice(from, from + literal);
      } else if (literal > 0) {
        out += own.slice(at, at + literal);
        at += literal;
      }
      const shift = unzigzag(readNumber(reader));
      const length = readNumber(reader);
      if (length > 0) {
        const start = refEnd + literal + shift;
        out += ref.slice(start, start + length);
        refEnd = start + length;
      }
    }
    return out;
  }

  /** Characters a packed session holds of its own (tests, diagnostics). */
  static ownChars(packed: PackedSession): number {
    return typeof packed === 'string' ? packed.length : packed.ops.length + packed.own.length;
  }

  private adopt(family: string, json: string): Reference {
    // A copy: `json` may be a rope of the serializer's pieces, and a reference is read by index many times.
    const reference = { json: flat(json) };
    this.references.delete(family);
    if (this.references.size >= MAX_FAMILIES) this.references.delete(this.references.keys().next().value as string);
    this.references.set(flat(family), reference);
    return reference;
  }
}

/**
 * `target` as runs of `reference` and literal characters, in order. Every copied run was compared character
 * by character, and every literal is the target's own text, so unpacking gives back exactly `target`.
 */
function differences(target: string, reference: Reference): { reference: Reference; ops: string; own: string } {
  const ref = reference.json;
  const ops: number[] = [];
  const own: string[] = [];
  let ownLength = 0;
  const kept = new Map<string, number>();
  /** Writes the literal target[from, to) and keeps its characters, unless the same were kept already. */
  const literal = (from: number, to: number): void => {
    if (to - from < MIN_REPEAT) {
      writeNumber(ops, 2 * (to - from));
      if (to > from) own.push(target.slice(from, to));
      ownLength += to - from;
      return;
    }
    const text = target.slice(from, to);
    const at = kept.get(text);
    if (at !== undefined) {
      writeNumber(ops, 2 * (to - from) + 1);
      writeNumber(ops, at);
      return;
    }
    writeNumber(ops, 2 * (to - from));
    kept.set(text, ownLength);
    own.push(text);
    ownLength += to - from;
  };
  let t = 0;
  let r = 0;
  let refEnd = 0;
  // Start of the target's characters not yet covered by an op: they become the next op's literal.
  let pending = 0;
  while (t < target.length) {
    const runStart = t;
    const run = agreement(target, t, ref, r);
    t += run;
    r += run;
    if (t - runStart >= MIN_COPY) {
      const start = r - (t - runStart);
      literal(pending, runStart);
      writeNumber(ops, zigzag(start - (refEnd + runStart - pending)));
      writeNumber(ops, t - runStart);
      pending = t;
      refEnd = r;
    }
    if (t >= target.length) break;
    const next = resync(target, ref, t, r);
    if (!next) break;
    t = next.t;
    r = next.r;
  }
  if (pending < target.length) {
    literal(pending, target.length);
    writeNumber(ops, 0);
    writeNumber(ops, 0);
  }
  // Slices would keep the whole target alive: the call's own characters are copied into one new string.
  return { reference, ops: charsOf(ops), own: own.length === 1 ? flat(own[0]) : own.join('') };
}

/** Characters compared at once by `agreement`: equality of two short substrings is native, a loop is not. */
const CHUNK = 32;

/** How many characters target (from t) and ref (from r) have in common. */
function agreement(target: string, t: number, ref: string, r: number): number {
  const max = Math.min(target.length - t, ref.length - r);
  let n = 0;
  while (n + CHUNK <= max && target.substr(t + n, CHUNK) === ref.substr(r + n, CHUNK)) n += CHUNK;
  while (n < max && target.charCodeAt(t + n) === ref.charCodeAt(r + n)) n++;
  return n;
}

/** Where target (from t) and ref agree again for ANCHOR characters, past the difference at (t, r). */
function resync(target: string, ref: string, t: number, r: number): { t: number; r: number } | undefined {
  // A difference of the same length: the next agreement is at the same distance in both.
  for (let d = 1; d <= SAME_LENGTH_SPAN && t + d + ANCHOR <= target.length && r + d + ANCHOR <= ref.length; d++) {
    if (target.charCodeAt(t + d) === ref.charCodeAt(r + d) && agrees(target, t + d, ref, r + d, ANCHOR)) return { t: t + d, r: r + d };
  }
  // A longer or shorter difference: search the reference near here for what follows it (a window, so an
  // anchor that is still inside the difference costs a short scan, not the whole reference).
  for (let i = 0, a = t + 1; i < SEARCHES && a + ANCHOR <= target.length; i++, a += ANCHOR) {
    const lo = Math.max(0, r - NEAR_BEHIND);
    const found = ref.slice(lo, Math.min(ref.length, r + (a - t) + NEAR_AHEAD)).indexOf(target.substr(a, ANCHOR));
    if (found >= 0) return { t: a, r: lo + found };
  }
  // Further away (a variable much longer or shorter than the reference's): one search of the whole reference.
  const a = t + 1 + SEARCHES * ANCHOR;
  if (a + ANCHOR > target.length) return undefined;
  const found = ref.indexOf(target.substr(a, ANCHOR));
  return found >= 0 ? { t: a, r: found } : undefined;
}

function agrees(target: string, t: number, ref: string, r: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (target.charCodeAt(t + i) !== ref.charCodeAt(r + i)) return false;
  return true;
}

/** Appends `n` (a non-negative integer) 7 bits per character, the last character without the high bit. */
function writeNumber(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

function readNumber(reader: { ops: string; i: number }): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    if (reader.i >= reader.ops.length) throw new Error('packed session: its ops end inside a number');
    const c = reader.ops.charCodeAt(reader.i++);
    n += (c & 0x7f) * scale;
    if (c < 0x80) return n;
    scale *= 0x80;
  }
}

/** Character codes (each below 256) as a one-byte string; in slices, as a call takes so many arguments. */
function charsOf(codes: number[]): string {
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

const zigzag = (n: number): number => (n < 0 ? -2 * n - 1 : 2 * n);
const unzigzag = (n: number): number => (n % 2 === 1 ? -(n + 1) / 2 : n / 2);

/** A flat copy of a string (V8 keeps JSON.stringify's output as a rope of pieces until it is flattened). */
function flat(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
