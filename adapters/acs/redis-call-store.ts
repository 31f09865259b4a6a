/**
 * The ACS adapter's call state on Redis (the AcsCallStore port of state.ts), so any gateway instance can take
 * any callback of any call:
 *
 *   <prefix>acs:call:<id>            hash  v (version), rec (JSON)   — EXPIRE = ttlS, refreshed on every write
 *   <prefix>acs:alias:<kind>:<key>   string  call id                  — SET NX: the first instance to link wins
 *
 * `create` and `update` are Lua scripts (create-if-absent, compare-and-set on the version), so two instances
 * handling duplicate or racing events never both issue the next operation.
 */
import { LuaScript, type RedisConnection } from '../../gateway/index';
import type { AcsCallRecord, AcsCallStore, AliasKind, Versioned } from './state';

const CREATE = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', '1', 'rec', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
`);

const UPDATE = new LuaScript(`
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(ARGV[1]) + 1), 'rec', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
`);

const LINK = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return ARGV[1] end
return redis.call('GET', KEYS[1])
`);

export class RedisAcsCallStore implements AcsCallStore {
  constructor(private readonly connection: RedisConnection) {}

  private recordKey(id: string): string {
    return `${this.connection.keyPrefix}acs:call:${id}`;
  }

  private aliasKey(kind: AliasKind, key: string): string {
    return `${this.connection.keyPrefix}acs:alias:${kind}:${key}`;
  }

  async get(id: string): Promise<Versioned<AcsCallRecord> | undefined> {
    const [v, rec] = await this.connection.client.hmget(this.recordKey(id), 'v', 'rec');
    if (v === null || rec === null) return undefined;
    return { value: JSON.parse(rec) as AcsCallRecord, version: Number(v) };
  }

  async create(record: AcsCallRecord, ttlS: number): Promise<boolean> {
    return (await CREATE.run(this.connection.client, [this.recordKey(record.id)], [JSON.stringify(record), ttlS])) === 1;
  }

  async update(record: AcsCallRecord, version: number, ttlS: number): Promise<boolean> {
    return (await UPDATE.run(this.connection.client, [this.recordKey(record.id)], [String(version), JSON.stringify(record), ttlS])) === 1;
  }

  async link(kind: AliasKind, key: string, id: string, ttlS: number): Promise<string> {
    const owner = await LINK.run(this.connection.client, [this.aliasKey(kind, key)], [id, ttlS]);
    if (typeof owner !== 'string') throw new Error(`redis: alias ${kind}:${key} has no owner after SET NX`);
    return owner;
  }

  async resolve(kind: AliasKind, key: string): Promise<string | undefined> {
    return (await this.connection.client.get(this.aliasKey(kind, key))) ?? undefined;
  }
}
