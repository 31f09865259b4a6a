/**
 * One ioredis connection for every shared store of an instance (sessions, POST-answer documents, the ACS call
 * state), plus the helpers the stores share: Lua scripts run by SHA with a fallback on NOSCRIPT, and a
 * bounded readiness probe for /readyz.
 *
 * Commands are bounded in time: a Redis that stops answering must fail a turn quickly (the platform retries,
 * the caller hears the apology at worst), never hang it past Twilio's 15 s.
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { Logger } from './ports';

export interface RedisConnectionOptions {
  url: string;
  /** Prefix of every key this deployment writes (several deployments may share one Redis). */
  keyPrefix: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  logger: Logger;
}

export interface RedisConnection {
  readonly client: Redis;
  readonly keyPrefix: string;
  /** Resolves true when Redis answers PING within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The URL without its password, for logs and error messages. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

export function connectRedis(opts: RedisConnectionOptions): RedisConnection {
  const shown = redactRedisUrl(opts.url);
  // ioredis (about 50 modules) is loaded by the instances that use Redis only, not at every start-up.
  const RedisClient = (require('ioredis') as typeof import('ioredis')).default;
  const client = new RedisClient(opts.url, {
    connectTimeout: opts.connectTimeoutMs,
    commandTimeout: opts.commandTimeoutMs,
    // A command fails after a couple of reconnection attempts instead of waiting forever in the offline queue.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    lazyConnect: false,
  });
  let lastError = '';
  // ioredis emits 'error' on every failed reconnection; log each distinct problem once, not in a loop.
  client.on('error', (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    opts.logger.error(`redis: ${err.message}`, { redis: shown });
  });
  client.on('ready', () => {
    if (lastError) opts.logger.info('redis: connection restored', { redis: shown });
    lastError = '';
  });
  let closed = false;
  return {
    client,
    keyPrefix: opts.keyPrefix,
    ping: async (timeoutMs = 1000) => {
      if (closed) return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        const answer = await Promise.race([
          client.ping(),
          new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), timeoutMs);
          }),
        ]);
        return answer === 'PONG';
      } catch (err: unknown) {
        opts.logger.debug('redis: ping failed', { error: err instanceof Error ? err.message : String(err) });
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // Never connected (or reconnecting): nothing to flush, and QUIT would wait in the offline queue.
      if (client.status !== 'ready') {
        client.disconnect();
        return;
      }
      try {
        await client.quit();
      } catch (err: unknown) {
        // QUIT on a broken connection fails; the socket is dropped either way.
        opts.logger.warn(`redis: quit failed (${err instanceof Error ? err.message : String(err)}); disconnecting`);
        client.disconnect();
      }
    },
  };
}

/** A Lua script run with EVALSHA, loaded with EVAL the first time a server does not know it. */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err: unknown) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
