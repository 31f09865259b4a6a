/** Without redis-server the Redis tests fail loudly with the way to install it; they never skip. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REDIS_MISSING, redisServerBinary } from './redis-server';

test('a missing redis-server is an error that says how to install it', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-redis-'));
  try {
    expect(() => redisServerBinary({ PATH: empty })).toThrow(REDIS_MISSING);
    expect(REDIS_MISSING).toMatch(/apt-get install -y redis-server/);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test('redis-server is installed here (CI installs it in .ci/run)', () => {
  expect(redisServerBinary()).toMatch(/redis-server$/);
});
