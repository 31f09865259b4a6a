/**
 * The processes a run starts: the server under test, the sample back end, the micro-benchmarks. Each is a
 * forked Node process (the load generator never shares an event loop with what it measures), talks over IPC
 * (`ready` once listening, then request/answer pairs), and writes its stderr (the gateway's logs) to a temp
 * file whose tail is shown when it fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ChildMessage {
  type: 'ready' | 'answer' | 'failed';
  id?: number;
  value?: unknown;
  error?: string;
}

export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly logFile: string,
    /** What the child said when ready (its URL, …). */
    readonly ready: Record<string, unknown>,
  ) {
    proc.on('message', (m: ChildMessage) => {
      if (m.type !== 'answer' && m.type !== 'failed') return;
      const p = m.id !== undefined ? this.pending.get(m.id) : undefined;
      if (!p || m.id === undefined) return;
      this.pending.delete(m.id);
      if (m.type === 'answer') p.resolve(m.value);
      else p.reject(new Error(`${name}: ${m.error ?? 'failed'}`));
    });
    proc.once('exit', (code, signal) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${signal ?? code}) ${this.tail()}`));
      this.pending.clear();
    });
  }

  /**
   * Forks `script` (compiled JS) with a JSON argument; resolves once it sends `ready`, within `timeoutMs`.
   * `env` is added to this process's environment for the child.
   */
  static async start(name: string, script: string, arg: unknown, opts: { execArgv?: string[]; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<BenchChild> {
    const logFile = path.join(os.tmpdir(), `vxml-bench-${name}-${process.pid}-${Date.now()}.log`);
    const log = fs.openSync(logFile, 'w');
    const proc = fork(script, [JSON.stringify(arg)], { execArgv: opts.execArgv ?? [], env: { ...process.env, ...opts.env }, stdio: ['ignore', log, log, 'ipc'] });
    fs.closeSync(log);
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`${name} not ready within ${opts.timeoutMs ?? 20000} ms: ${tailOf(logFile)}`));
      }, opts.timeoutMs ?? 20000);
      proc.on('message', (m: ChildMessage) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          resolve((m.value ?? {}) as Record<string, unknown>);
        } else if (m.type === 'failed' && m.id === undefined) {
          clearTimeout(timer);
          reject(new Error(`${name} failed to start: ${m.error ?? ''}`));
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited before it was ready (${signal ?? code}): ${tailOf(logFile)}`));
      });
    });
    return new BenchChild(name, proc, logFile, ready);
  }

  request<T>(cmd: string, arg?: unknown, timeoutMs = 120_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited ${this.tail()}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.send({ id, cmd, arg });
    });
  }

  tail(): string {
    return tailOf(this.logFile);
  }

  /** Asks the child to exit, kills it if it does not within 5 s; removes its log unless `keepLog`. */
  async stop(keepLog = false): Promise<void> {
    if (!this.exited) {
      const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      this.proc.send({ id: 0, cmd: 'exit' });
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    if (!keepLog && !process.env.BENCH_KEEP_LOGS) fs.rmSync(this.logFile, { force: true });
  }
}

function tailOf(file: string): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.length > 1500 ? '…' + text.slice(-1500) : text;
  } catch (e) {
    return `(no log: ${(e as Error).message})`;
  }
}

/** The child side: answers the parent's commands; `exit` ends the process after `onExit`. */
export function serveParent(handlers: Record<string, (arg: unknown) => unknown>, onExit: () => Promise<void> = async () => undefined): void {
  process.on('message', (m: { id: number; cmd: string; arg?: unknown }) => {
    if (m.cmd === 'exit') {
      onExit().finally(() => process.exit(0));
      return;
    }
    const handler = handlers[m.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${m.cmd}`);
        return handler(m.arg);
      })
      .then(
        (value) => process.send?.({ type: 'answer', id: m.id, value }),
        (e: unknown) => process.send?.({ type: 'failed', id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
  });
  // The parent went away (Ctrl-C, a crash): do not linger as an orphan holding ports.
  process.on('disconnect', () => {
    onExit().finally(() => process.exit(0));
  });
}

export function tellReady(value: Record<string, unknown>): void {
  process.send?.({ type: 'ready', value });
}

/** The child's argument (JSON in argv[2]). */
export function childArg<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

/** Process figures a child reports: CPU time since start and memory now. */
export function processFigures(): { cpuUs: number; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number } {
  const c = process.cpuUsage();
  const m = process.memoryUsage();
  return { cpuUs: c.user + c.system, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}
