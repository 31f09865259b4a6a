/** In-memory SessionStore and ResponseDocumentStore: the defaults of a single gateway instance. */
import type { Clock, CommitOutcome, ResponseDocument, ResponseDocumentStore, SessionStore, StoredAnswer, StoredCall } from './ports';
import type { LiveCallCounter } from './redis-stores';
import { SessionPacker, type PackedSession } from './session-packing';
import { detached, SharedTexts } from './shared-texts';

/**
 * One call, as JSON: copies in and out like a shared store would, and proves the state serialisable.
 * Memory per parked call is what scales here (issue 9: 10,000 calls waiting at a menu). The session is kept
 * as its differences from a reference session of the same application and dialog (session-packing.ts). The
 * answer kept for retries is split: the parts every caller at the same point was given alike (the actions:
 * prompts, grammar keys, hints; the trace) are held in a shared pool, and only what is the call's own is kept
 * per call. One object per call, every member always present (one shape, no out-of-object properties).
 */
interface Entry {
  session: PackedSession;
  seq: number;
  expiresAt: number;
  /** The session says the call ended (counted out of the calls in progress). */
  ended: boolean;
  /** The stored answer's turn; undefined when the call has none. */
  turn: number | undefined;
  /** The answer's JSON with each shared part written as 0 (its key keeps its place). */
  result: string | undefined;
  /** JSON of the answer's shared parts, held in the store's SharedTexts. */
  actions: string | undefined;
  trace: string | undefined;
}

/** Sweeps expired entries every this many commits, so abandoned calls do not accumulate. */
const SWEEP_EVERY = 256;

/**
 * Also counts the calls in progress for the session cap and the metrics gauge (entries not ended, not expired),
 * so the in-memory gateway needs no CountingSessionStore beside it, with its second map of every call id.
 */
export class MemorySessionStore implements SessionStore, LiveCallCounter {
  private readonly calls = new Map<string, Entry>();
  private readonly shared = new SharedTexts();
  private readonly packer: SessionPacker | undefined;
  private commits = 0;
  /** Entries whose call has not ended (expired ones included until swept). */
  private inProgress = 0;

  constructor(
    private readonly clock: Clock,
    /** Idle time after which a call expires. */
    private readonly ttlS: number,
    /** `packSessions: false` keeps each session's JSON whole (a few µs less CPU per turn, some KB more per call). */
    opts: { packSessions?: boolean } = {},
  ) {
    this.packer = opts.packSessions === false ? undefined : new SessionPacker();
  }

  private live(callId: string): Entry | undefined {
    const entry = this.calls.get(callId);
    if (!entry) return undefined;
    if (entry.expiresAt > this.clock.now()) return entry;
    this.drop(callId, entry);
    return undefined;
  }

  async get(callId: string): Promise<StoredCall | undefined> {
    const entry = this.live(callId);
    if (!entry) return undefined;
    const session = JSON.parse(this.packer ? this.packer.unpack(entry.session) : (entry.session as string)) as StoredCall['session'];
    const last = answerOf(entry);
    return last ? { session, last } : { session };
  }

  async commit(call: StoredCall, expectedSeq: number | null): Promise<CommitOutcome> {
    const callId = call.session.callId;
    const current = this.live(callId);
    if (expectedSeq === null ? current !== undefined : current?.seq !== expectedSeq) return 'conflict';
    const entry = this.entryOf(call);
    if (!entry.ended) this.inProgress++;
    if (current) {
      this.release(current);
      // Map.set keeps the key it already holds.
      this.calls.set(callId, entry);
    } else {
      this.calls.set(detached(callId), entry);
    }
    if (++this.commits % SWEEP_EVERY === 0) this.sweep();
    return 'ok';
  }

  async answer(callId: string, turn: number): Promise<StoredAnswer | undefined> {
    const entry = this.live(callId);
    if (!entry || entry.turn !== turn) return undefined;
    return answerOf(entry);
  }

  async delete(callId: string): Promise<void> {
    const entry = this.calls.get(callId);
    if (entry) this.drop(callId, entry);
  }

  /** Number of live calls (metrics, tests). */
  size(): number {
    this.sweep();
    return this.calls.size;
  }

  async liveCalls(): Promise<number> {
    this.sweep();
    return this.inProgress;
  }

  async storedSessions(): Promise<number> {
    return this.size();
  }

  /** Distinct shared answer parts held (tests, diagnostics). */
  sharedTexts(): number {
    return this.shared.size;
  }

  /** Characters of session data kept for the call itself (tests, diagnostics); undefined when not stored. */
  sessionChars(callId: string): number | undefined {
    const entry = this.calls.get(callId);
    return entry ? SessionPacker.ownChars(entry.session) : undefined;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.calls) if (entry.expiresAt <= now) this.drop(id, entry);
  }

  private drop(callId: string, entry: Entry): void {
    this.calls.delete(callId);
    this.release(entry);
  }

  private entryOf(call: StoredCall): Entry {
    const { session, last } = call;
    const json = JSON.stringify(session);
    // Sessions alike: the same application in a dialog of the same name. (Not the document URI: legacy back
    // ends often put a per-call id in it, which would make every call a family of its own.)
    const packed = this.packer ? this.packer.pack(json, `${session.entry}#${session.interp.exec?.dialog ?? ''}`) : json;
    const entry: Entry = { session: packed, seq: session.seq, expiresAt: this.clock.now() + this.ttlS * 1000, ended: session.ended === true, turn: undefined, result: undefined, actions: undefined, trace: undefined };
    if (!last) return entry;
    const { actions, trace } = last.result;
    entry.turn = last.turn;
    // JSON.stringify drops undefined members: a part that is not an array is left in the result as it was.
    // The copy is flat (the serializer's output is a rope of pieces, each with its own header).
    entry.result = detached(JSON.stringify({ ...last.result, ...(Array.isArray(actions) ? { actions: 0 } : {}), ...(Array.isArray(trace) ? { trace: 0 } : {}) }));
    if (Array.isArray(actions)) entry.actions = this.shared.hold(JSON.stringify(actions));
    if (Array.isArray(trace)) entry.trace = this.shared.hold(JSON.stringify(trace));
    return entry;
  }

  /** The entry leaves the store, or is replaced by the call's next one. */
  private release(entry: Entry): void {
    if (!entry.ended) this.inProgress--;
    if (entry.actions !== undefined) this.shared.release(entry.actions);
    if (entry.trace !== undefined) this.shared.release(entry.trace);
  }
}

function answerOf(entry: Entry): StoredAnswer | undefined {
  if (entry.turn === undefined || entry.result === undefined) return undefined;
  const result = JSON.parse(entry.result) as StoredAnswer['result'];
  // Assigning an existing key keeps its place: the answer reads back member for member as it was stored.
  if (entry.actions !== undefined) result.actions = JSON.parse(entry.actions) as StoredAnswer['result']['actions'];
  if (entry.trace !== undefined) result.trace = JSON.parse(entry.trace) as StoredAnswer['result']['trace'];
  return { turn: entry.turn, result };
}

export class MemoryResponseDocumentStore implements ResponseDocumentStore {
  private readonly byCall = new Map<string, { docs: Map<string, ResponseDocument>; expiresAt: number }>();
  private writes = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlS: number,
  ) {}

  async remember(callId: string, uri: string, doc: ResponseDocument): Promise<void> {
    const now = this.clock.now();
    if (++this.writes % SWEEP_EVERY === 0) for (const [id, e] of this.byCall) if (e.expiresAt <= now) this.byCall.delete(id);
    const entry = this.byCall.get(callId) ?? { docs: new Map<string, ResponseDocument>(), expiresAt: 0 };
    entry.docs.set(uri, doc);
    entry.expiresAt = now + this.ttlS * 1000;
    this.byCall.set(callId, entry);
  }

  async recall(callId: string): Promise<Map<string, ResponseDocument>> {
    const entry = this.byCall.get(callId);
    const now = this.clock.now();
    if (!entry || entry.expiresAt <= now) return new Map();
    entry.expiresAt = now + this.ttlS * 1000;
    return new Map(entry.docs);
  }

  async forget(callId: string): Promise<void> {
    this.byCall.delete(callId);
  }
}
