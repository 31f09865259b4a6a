/**
 * A real redis-server for tests: started on a free loopback port with its own temporary directory, no
 * persistence, stopped (and the directory removed) by `stop()`. Never a mock.
 *
 * redis-server is a Debian package; .ci/run installs it. When it is missing the tests that need it FAIL with
 * the command that installs it — they do not skip silently.
 */
import { findRedisServer, spawnRedis, type RunningRedis } from '../../bench/lib/redis';

export const REDIS_MISSING =
  'redis-server is not installed, and the Redis, two-instance and failover tests need a real one. ' +
  'Install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS); ' +
  '.ci/run installs it automatically.';

export type TestRedis = RunningRedis;

export function redisServerBinary(env: NodeJS.ProcessEnv = process.env): string {
  const bin = findRedisServer(env);
  if (bin === undefined) throw new Error(REDIS_MISSING);
  return bin;
}

/** Starts redis-server (the bench's starter, bench/lib/redis.ts); retries on another port if the chosen one was taken meanwhile. */
export function startRedis(): Promise<TestRedis> {
  return spawnRedis(redisServerBinary(), { dirPrefix: 'vxml-redis-', stopSignal: 'SIGKILL', attempts: 3 });
}
