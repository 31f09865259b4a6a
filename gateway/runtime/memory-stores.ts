/** In-memory SessionStore and ResponseDocumentStore: the defaults of a single gateway instance. */
import type { Clock, CommitOutcome, ResponseDocument, ResponseDocumentStore, SessionStore, StoredAnswer, StoredCall } from './ports';

interface Entry {
  /** The call as JSON: copies in and out like a shared store would, and proves the state serialisable. */
  json: string;
  seq: number;
  lastTurn?: number;
  expiresAt: number;
}

/** Sweeps expired entries every this many commits, so abandoned calls do not accumulate. */
const SWEEP_EVERY = 256;

export class MemorySessionStore implements SessionStore {
  private readonly calls = new Map<string, Entry>();
  private commits = 0;

  constructor(
    private readonly clock: Clock,
    /** Idle time after which a call expires. */
    private readonly ttlS: number,
  ) {}

  private live(callId: string): Entry | undefined {
    const entry = this.calls.get(callId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.calls.delete(callId);
      return undefined;
    }
    return entry;
  }

  async get(callId: string): Promise<StoredCall | undefined> {
    const entry = this.live(callId);
    return entry ? (JSON.parse(entry.json) as StoredCall) : undefined;
  }

  async commit(call: StoredCall, expectedSeq: number | null): Promise<CommitOutcome> {
    const current = this.live(call.session.callId);
    if (expectedSeq === null ? current !== undefined : current?.seq !== expectedSeq) return 'conflict';
    this.calls.set(call.session.callId, { json: JSON.stringify(call), seq: call.session.seq, lastTurn: call.last?.turn, expiresAt: this.clock.now() + this.ttlS * 1000 });
    if (++this.commits % SWEEP_EVERY === 0) this.sweep();
    return 'ok';
  }

  async answer(callId: string, turn: number): Promise<StoredAnswer | undefined> {
    const entry = this.live(callId);
    if (!entry || entry.lastTurn !== turn) return undefined;
    return (JSON.parse(entry.json) as StoredCall).last;
  }

  async delete(callId: string): Promise<void> {
    this.calls.delete(callId);
  }

  /** Number of live calls (metrics, tests). */
  size(): number {
    this.sweep();
    return this.calls.size;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.calls) if (entry.expiresAt <= now) this.calls.delete(id);
  }
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
