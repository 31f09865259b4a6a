/**
 * What the ACS adapter remembers about a call between events, and the store port that keeps it.
 * The record is JSON-serialisable so another gateway instance can pick the call up (a Redis store
 * implements the same port); writes are compare-and-set on `version` so two instances never both
 * issue the next operation.
 */
import type { ListenAction, RecordAction, TransferAction } from '../../contracts/platform';
import type { Clock } from './deps';
import type { PlannedSource } from './play-sources';

/** ACS operations the adapter waits on. */
export type StepOp = 'play' | 'recognize' | 'hangup' | 'transfer' | 'add' | 'record' | 'recwindow' | 'recfile';

/** What the call does after a play completes (the turn's terminal action). */
export type AfterPlay = { kind: 'listen'; listen: ListenAction } | RecordAction | TransferAction | { kind: 'hangup' } | { kind: 'none' };

export interface PendingStep {
  /** Runtime turn (TurnResult.seq) whose actions this step executes; passed back as `turn`. */
  turn: number;
  op: StepOp;
  /** operationContext sent to ACS: `<turn>:<op>` (`#<n>` appended on a retry). Events must echo it. */
  context: string;
  attempt: number;
  /** Sources of a play/recognize, for a retry with an <audio> fallback. */
  sources?: PlannedSource[];
  /** For a play: what to do once it completed, and the prompts' `timeout` attributes (null = none). */
  then?: AfterPlay;
  promptTimeouts?: (number | null)[];
  /** For a recognize: what was asked (options are derived from it; results are interpreted with it). */
  listen?: { action: ListenAction; noinputMs: number };
  /** `target` is the rawId of the participant dialled (set when the destination parses). */
  transfer?: {
    dest: string;
    type: TransferAction['type'];
    maxMs: number;
    connectTimeoutMs: number;
    target?: string;
    connectedAt?: number;
    /** Why the gateway removed the bridged party: its maxtime, or the caller pressed * (near end). */
    ending?: 'maxtime' | 'caller';
  };
  record?: {
    maxMs: number;
    /** Silence before speech that makes the recording a noinput, and silence after speech that ends it. */
    timeoutMs: number;
    finalSilenceMs: number;
    dtmfterm: boolean;
    type?: string;
    /** The window is watched by speech recognition (voice activity); else only timed by a DTMF recognize. */
    vad?: boolean;
    recordingId?: string;
    startedAt?: number;
    endedBy?: 'dtmf' | 'silence' | 'maxtime' | 'noinput';
    termchar?: string;
  };
}

export interface AcsCallRecord {
  /** Our key for the call: the path segment of its callback URI. */
  id: string;
  /** Per-call secret carried by the callback URI (query `secret`), compared in constant time. */
  secret: string;
  /** Absolute URI of the application entry document. */
  entry: string;
  from?: string;
  to?: string;
  /** rawId of the caller: the target participant of recognize operations. */
  callerRawId?: string;
  callConnectionId?: string;
  serverCallId?: string;
  correlationId?: string;
  /** answering → connected → ended. `transferred`: a blind transfer was accepted, our leg is leaving. */
  status: 'answering' | 'connected' | 'transferred' | 'ended';
  /** runtime.start was called (guards duplicate CallConnected). */
  started: boolean;
  /** The VoiceXML session ended (exit/hangup processed); later events must not be fed to the runtime. */
  sessionEnded: boolean;
  /** Turn of the step being executed. */
  turn: number;
  step?: PendingStep;
  /** Ids of recently processed CloudEvents (bounded), to drop duplicate deliveries across instances. */
  seen: string[];
  createdAt: number;
  updatedAt: number;
}

export const SEEN_LIMIT = 64;

export interface Versioned<T> {
  value: T;
  version: number;
}

/** Secondary keys that lead to a call. */
export type AliasKind = 'connection' | 'serverCall' | 'incoming' | 'recording';

/** The adapter's call state store (3–7 methods, like the runtime's ports). */
export interface AcsCallStore {
  get(id: string): Promise<Versioned<AcsCallRecord> | undefined>;
  /** Writes a new record; false when the id is taken. */
  create(record: AcsCallRecord, ttlS: number): Promise<boolean>;
  /** Compare-and-set: writes only if the stored version is still `version`; false otherwise. */
  update(record: AcsCallRecord, version: number, ttlS: number): Promise<boolean>;
  /** Maps a secondary key to a call id unless it is mapped already; returns the id it maps to now. */
  link(kind: AliasKind, key: string, id: string, ttlS: number): Promise<string>;
  resolve(kind: AliasKind, key: string): Promise<string | undefined>;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** In-memory AcsCallStore (single instance). Records are deep-copied so callers never share state. */
export class MemoryAcsCallStore implements AcsCallStore {
  private readonly records = new Map<string, Entry<Versioned<AcsCallRecord>>>();
  private readonly aliases = new Map<string, Entry<string>>();

  constructor(private readonly clock: Clock = { now: () => Date.now() }) {}

  private live<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    const e = map.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.clock.now()) {
      map.delete(key);
      return undefined;
    }
    return e.value;
  }

  async get(id: string): Promise<Versioned<AcsCallRecord> | undefined> {
    const v = this.live(this.records, id);
    return v ? structuredClone(v) : undefined;
  }

  async create(record: AcsCallRecord, ttlS: number): Promise<boolean> {
    if (this.live(this.records, record.id)) return false;
    this.records.set(record.id, { value: { value: structuredClone(record), version: 1 }, expiresAt: this.clock.now() + ttlS * 1000 });
    return true;
  }

  async update(record: AcsCallRecord, version: number, ttlS: number): Promise<boolean> {
    const current = this.live(this.records, record.id);
    if (!current || current.version !== version) return false;
    this.records.set(record.id, { value: { value: structuredClone(record), version: version + 1 }, expiresAt: this.clock.now() + ttlS * 1000 });
    return true;
  }

  async link(kind: AliasKind, key: string, id: string, ttlS: number): Promise<string> {
    const k = `${kind}:${key}`;
    const existing = this.live(this.aliases, k);
    if (existing !== undefined) return existing;
    this.aliases.set(k, { value: id, expiresAt: this.clock.now() + ttlS * 1000 });
    return id;
  }

  async resolve(kind: AliasKind, key: string): Promise<string | undefined> {
    return this.live(this.aliases, `${kind}:${key}`);
  }

  /** Calls held (tests, metrics). */
  get size(): number {
    return this.records.size;
  }
}

/** `<turn>:<op>[#attempt]` → its parts; undefined for contexts the adapter did not write. */
export function parseOperationContext(ctx: string | undefined): { turn: number; op: string } | undefined {
  if (!ctx) return undefined;
  const m = /^(\d+):([a-z]+)(?:#\d+)?$/.exec(ctx);
  return m ? { turn: Number(m[1]), op: m[2] } : undefined;
}

export function operationContext(turn: number, op: StepOp, attempt: number): string {
  return attempt > 0 ? `${turn}:${op}#${attempt}` : `${turn}:${op}`;
}
