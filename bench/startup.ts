/**
 * Start-up: wall time from spawning `node bin/vxml-gateway.js serve --port 0` (the airline sample with its back
 * end, as a fresh install runs it) until GET /healthz answers 200.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { median, round } from './lib/stats';
import { IMAGE_LAUNCH } from './lib/launch';

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

/**
 * CPU time (ms) a process has used so far, from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms);
 * undefined where there is no /proc. On a shared machine this is what start-up costs, whatever the wait.
 */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state: utime and stime are 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** One start: ms until healthz answers (and the process's CPU ms by then), or an error with what it said. */
export async function startOnce(root: string, timeoutMs = 20_000): Promise<{ wallMs: number; cpuMs?: number }> {
  const started = performance.now();
  // The embedded defaults: in-memory sessions whatever this shell has configured; launched as `npm start` and
  // the image launch it.
  const env: NodeJS.ProcessEnv = { ...process.env, ...IMAGE_LAUNCH.env };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [...IMAGE_LAUNCH.flags, path.join(root, 'bin', 'vxml-gateway.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
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
    return { wallMs: performance.now() - started, cpuMs: cpuMsOf(child.pid) };
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
  /** CPU the process used until ready (Linux), median. */
  cpuMedianMs?: number;
}

export async function measureStartup(root: string, runs = 3, deadline = Infinity): Promise<StartupResult> {
  const times: { wallMs: number; cpuMs?: number }[] = [];
  // At least one start; more while the section's time lasts.
  for (let i = 0; i < runs && (i === 0 || performance.now() < deadline); i++) times.push(await startOnce(root));
  const cpu = times.flatMap((t) => (t.cpuMs === undefined ? [] : [t.cpuMs]));
  return { medianMs: round(median(times.map((t) => t.wallMs)), 0), runsMs: times.map((t) => Math.round(t.wallMs)), cpuMedianMs: cpu.length ? median(cpu) : undefined };
}
