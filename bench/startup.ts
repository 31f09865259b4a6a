/**
 * Start-up: wall time from spawning `node bin/vxml-gateway.js serve --port 0` (the airline sample with its back
 * end, as a fresh install runs it) until GET /healthz answers 200.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { median, round } from './lib/stats';

function healthz(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => req.destroy());
  });
}

/** One start: ms until healthz answers, or an error with what the process said. */
export async function startOnce(root: string, timeoutMs = 20_000): Promise<number> {
  const started = performance.now();
  // The embedded defaults: in-memory sessions whatever this shell has configured.
  const env = { ...process.env };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [path.join(root, 'bin', 'vxml-gateway.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${timeoutMs} ms: ${output.slice(-500)}`)), timeoutMs);
      const onData = (c: Buffer): void => {
        output += c.toString();
        const m = /listening on (http:\/\/[^\s]+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].replace('localhost', '127.0.0.1'));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited (${code}) before listening: ${output.slice(-500)}`));
      });
    });
    while (!(await healthz(url))) {
      if (performance.now() - started > timeoutMs) throw new Error(`healthz not 200 within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

export interface StartupResult {
  medianMs: number;
  runsMs: number[];
}

export async function measureStartup(root: string, runs = 3): Promise<StartupResult> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await startOnce(root));
  return { medianMs: round(median(times), 0), runsMs: times.map((t) => Math.round(t)) };
}
