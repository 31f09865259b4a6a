/**
 * A real redis-server on a free loopback port with its own temporary directory and no persistence, for the
 * bench's Redis rows and for the tests (test/redis/redis-server.ts builds on this: the bench is compiled with
 * the project, the tests are not, so the shared piece lives here).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningRedis {
  url: string;
  port: number;
  process: ChildProcess;
  /** Stops the server (if it still runs) and removes its directory. */
  stop(): Promise<void>;
}

export interface BenchRedis {
  url: string;
  /** used_memory of the server (bytes), from INFO memory. */
  usedMemory(): Promise<number>;
  stop(): Promise<void>;
}

/** The redis-server binary on the PATH of `env`, or undefined when it is not installed. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const found = spawnSync('/bin/sh', ['-c', 'command -v redis-server'], { encoding: 'utf8', env });
  const bin = found.stdout.trim();
  return found.status === 0 && bin !== '' ? bin : undefined;
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Sends one inline command and resolves with the raw reply once `complete` says it is whole. */
function command(port: number, line: string, complete: (reply: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`redis ${line}: no answer`));
    });
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (complete(reply)) {
        socket.destroy();
        resolve(reply);
      }
    });
    socket.once('connect', () => socket.write(`${line}\r\n`));
  });
}

export interface SpawnRedisOptions {
  /** Prefix of the temporary directory's name. */
  dirPrefix: string;
  /** How `stop()` ends the server: SIGTERM lets it exit cleanly, SIGKILL ends tests promptly. */
  stopSignal: NodeJS.Signals;
  /** Ports tried: another process may take the free port before the server binds it. */
  attempts: number;
}

/** Starts redis-server and waits until it answers PING; throws with the server's output if it never does. */
export async function spawnRedis(bin: string, opts: SpawnRedisOptions): Promise<RunningRedis> {
  let lastError = '';
  for (let attempt = 0; attempt < opts.attempts; attempt++) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), opts.dirPrefix));
    const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(opts.stopSignal);
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    };
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && child.exitCode === null) {
      const up = await command(port, 'PING', (r) => r.includes('\r\n'), 500).then((r) => r.startsWith('+PONG'), () => false);
      if (up) return { url: `redis://127.0.0.1:${port}`, port, process: child, stop };
      await new Promise((r) => setTimeout(r, 50));
    }
    lastError = output.trim() || 'no output';
    await stop();
  }
  throw new Error(`redis-server did not start: ${lastError}`);
}

/** The bench's server: stopped cleanly, with its memory use readable. */
export async function startRedis(bin: string): Promise<BenchRedis> {
  const redis = await spawnRedis(bin, { dirPrefix: 'vxml-bench-redis-', stopSignal: 'SIGTERM', attempts: 1 });
  return {
    url: redis.url,
    stop: () => redis.stop(),
    usedMemory: async () => {
      const reply = await command(redis.port, 'INFO memory', (r) => /used_memory:\d+/.test(r) && r.endsWith('\r\n'), 2000);
      return Number(/used_memory:(\d+)/.exec(reply)?.[1] ?? NaN);
    },
  };
}
