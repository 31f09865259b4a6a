/**
 * SessionStore and ResponseDocumentStore on Redis: every instance of a deployment sees every call, so any
 * instance can serve any turn and a call survives the loss of the instance that served its last turn.
 *
 *   <prefix>call:<id>   hash  seq, session (JSON), last (JSON answer of the last turn), lastTurn — EXPIRE = session TTL
 *   <prefix>docs:<id>   hash  uri → POST-answer document (JSON)                             — EXPIRE = session TTL
 *   <prefix>live        zset  call id → expiry (ms) of calls not ended: the live-call count (cap, metrics)
 *   <prefix>stored      zset  call id → expiry (ms) of every stored session (metrics)
 *
 * `commit` is one Lua script: compare-and-set on `seq`, so two instances that ran the same turn never both
 * advance the call — the loser finds the winner's answer (idempotent retries across instances). Each script
 * touches one key only, so the layout also works on Redis Cluster (the `live` index is updated separately and
 * is only an approximation used for the session cap and the gauge).
 */
import type { Clock, CommitOutcome, ResponseDocument, ResponseDocumentStore, SessionStore, StoredAnswer, StoredCall } from './ports';
import { LuaScript, type RedisConnection } from './redis-connection';

/** Counts the calls in progress (not ended, not expired) in a store: the session cap and the gauge use it. */
export interface LiveCallCounter {
  liveCalls(): Promise<number>;
  /** Sessions kept, ended ones included (metrics). */
  storedSessions?(): Promise<number>;
}

type MultiResult = [Error | null, unknown][] | null;

/** The replies of a MULTI/EXEC, or the first command error thrown. */
function replies(result: MultiResult): unknown[] {
  if (result === null) throw new Error('redis: transaction aborted');
  return result.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

const COMMIT = new LuaScript(`
local current = redis.call('HGET', KEYS[1], 'seq')
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'seq', ARGV[2], 'session', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'last', ARGV[4], 'lastTurn', ARGV[5]) end
redis.call('EXPIRE', KEYS[1], ARGV[6])
return 1
`);

export interface RedisSessionStoreOptions {
  connection: RedisConnection;
  clock: Clock;
  /** Idle time after which a call expires (no turn for this long). */
  ttlS: number;
}

export class RedisSessionStore implements SessionStore, LiveCallCounter {
  private readonly prefix: string;

  constructor(private readonly opts: RedisSessionStoreOptions) {
    this.prefix = opts.connection.keyPrefix;
  }

  private key(callId: string): string {
    return `${this.prefix}call:${callId}`;
  }

  private get liveKey(): string {
    return `${this.prefix}live`;
  }

  private get storedKey(): string {
    return `${this.prefix}stored`;
  }

  async get(callId: string): Promise<StoredCall | undefined> {
    const [session, last] = await this.opts.connection.client.hmget(this.key(callId), 'session', 'last');
    if (session === null) return undefined;
    const call: StoredCall = { session: JSON.parse(session) as StoredCall['session'] };
    if (last !== null) call.last = JSON.parse(last) as StoredAnswer;
    return call;
  }

  async commit(call: StoredCall, expectedSeq: number | null): Promise<CommitOutcome> {
    const { session } = call;
    const written = await COMMIT.run(
      this.opts.connection.client,
      [this.key(session.callId)],
      [expectedSeq === null ? '' : String(expectedSeq), String(session.seq), JSON.stringify(session), call.last ? JSON.stringify(call.last) : '', call.last ? String(call.last.turn) : '', String(this.opts.ttlS)],
    );
    if (written !== 1) return 'conflict';
    const expiresAt = this.opts.clock.now() + this.opts.ttlS * 1000;
    const index = this.opts.connection.client.multi().zadd(this.storedKey, expiresAt, session.callId);
    if (session.ended) index.zrem(this.liveKey, session.callId);
    else index.zadd(this.liveKey, expiresAt, session.callId);
    replies(await index.exec());
    return 'ok';
  }

  async answer(callId: string, turn: number): Promise<StoredAnswer | undefined> {
    const [lastTurn, last] = await this.opts.connection.client.hmget(this.key(callId), 'lastTurn', 'last');
    if (lastTurn === null || last === null || Number(lastTurn) !== turn) return undefined;
    return JSON.parse(last) as StoredAnswer;
  }

  async delete(callId: string): Promise<void> {
    replies(await this.opts.connection.client.multi().del(this.key(callId)).zrem(this.liveKey, callId).zrem(this.storedKey, callId).exec());
  }

  liveCalls(): Promise<number> {
    return this.count(this.liveKey);
  }

  storedSessions(): Promise<number> {
    return this.count(this.storedKey);
  }

  /** Members of an expiry index, after dropping those whose session expired (abandoned calls). */
  private async count(key: string): Promise<number> {
    const [, n] = replies(await this.opts.connection.client.multi().zremrangebyscore(key, '-inf', this.opts.clock.now()).zcard(key).exec());
    return typeof n === 'number' ? n : 0;
  }

  /** The connection is shared with the other stores; its owner closes it. */
  async close(): Promise<void> {}
}

export class RedisResponseDocumentStore implements ResponseDocumentStore {
  private readonly prefix: string;

  constructor(
    private readonly connection: RedisConnection,
    private readonly ttlS: number,
  ) {
    this.prefix = connection.keyPrefix;
  }

  private key(callId: string): string {
    return `${this.prefix}docs:${callId}`;
  }

  async remember(callId: string, uri: string, doc: ResponseDocument): Promise<void> {
    replies(await this.connection.client.multi().hset(this.key(callId), uri, JSON.stringify(doc)).expire(this.key(callId), this.ttlS).exec());
  }

  async recall(callId: string): Promise<Map<string, ResponseDocument>> {
    const key = this.key(callId);
    const [all] = replies(await this.connection.client.multi().hgetall(key).expire(key, this.ttlS).exec());
    const out = new Map<string, ResponseDocument>();
    if (typeof all !== 'object' || all === null) return out;
    for (const [uri, json] of Object.entries(all as Record<string, string>)) out.set(uri, JSON.parse(json) as ResponseDocument);
    return out;
  }

  async forget(callId: string): Promise<void> {
    await this.connection.client.del(this.key(callId));
  }
}
