/**
 * One ECMAScript Realm (node:vm context) per application entry, LRU-bounded: creating a context costs
 * milliseconds, a turn must not. Calls of the same application share the realm; their scopes live in Envs.
 */
import type { Realm } from '../ecmascript/api';
import { Lru } from './lru';

export class RealmCache {
  private readonly realms: Lru<string, Realm>;
  constructor(
    private readonly create: () => Realm,
    capacity: number,
  ) {
    this.realms = new Lru(capacity);
  }

  /** The realm of the application whose entry document is `entry` (fragment ignored). */
  forEntry(entry: string): Realm {
    const key = entry.split('#')[0];
    let realm = this.realms.get(key);
    if (!realm) {
      realm = this.create();
      this.realms.set(key, realm);
    }
    return realm;
  }

  get size(): number {
    return this.realms.size;
  }
}
