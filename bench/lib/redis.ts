/** A real redis-server for the Redis rows: a free loopback port, a temp directory, no persistence. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface BenchRedis {
  url: string;
  /** used_memory of the server (bytes), from INFO memory. */
  usedMemory(): Promise<number>;
  stop(): Promise<void>;
}

/** The redis-server binary, or undefined when it is not installed (the Redis rows are then skipped, saying so). */
export function findRedisServer(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = found.stdout.trim();
  return found.status === 0 && bin !== '' ? bin : undefined;
}

function freePort(): Promise<number> {
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
function command(port: number, line: string, complete: (reply: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(2000, () => {
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

export async function startRedis(bin: string): Promise<BenchRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vxml-bench-redis-'));
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && child.exitCode === null) {
    const up = await command(port, 'PING', (r) => r.includes('\r\n')).then((r) => r.startsWith('+PONG'), () => false);
    if (up) {
      return {
        url: `redis://127.0.0.1:${port}`,
        stop,
        usedMemory: async () => {
          const reply = await command(port, 'INFO memory', (r) => /used_memory:\d+/.test(r) && r.endsWith('\r\n'));
          return Number(/used_memory:(\d+)/.exec(reply)?.[1] ?? NaN);
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`redis-server did not answer PING on port ${port}`);
}
