/**
 * `vxml-gateway serve` as a child process of a test (the built CLI in dist/, as `npm start` runs it): its own
 * environment only, an ephemeral loopback port read from its "listening on" line, stdout/stderr kept for
 * failure messages. Tests kill instances (SIGKILL) and stop them (SIGTERM) through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A free loopback port (the redis starter's; tests bind the simulators they start there). */
export { freePort } from '../../bench/lib/redis';

export const ROOT = path.join(__dirname, '..', '..');
export const AUTH_TOKEN = 'failover-test-auth-token-0123456789';
export const ACCOUNT_SID = 'AC' + 'f'.repeat(32);

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

export function builtCli(): string {
  const bin = path.join(ROOT, 'bin', 'vxml-gateway.js');
  const built = path.join(ROOT, 'dist', 'gateway', 'cli', 'main.js');
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` (npm test does) before this test`);
  return bin;
}

/** Base environment of a test gateway: signed Twilio webhooks, quiet logs. */
export function gatewayEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID, LOG_LEVEL: 'warn' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export async function startGateway(args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [builtCli(), 'serve', '--port', '0', '--host', '127.0.0.1', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway: no "listening on" line within ${timeoutMs} ms; stdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
    const look = (): void => {
      const m = /listening on (http:\/\/(?:127\.0\.0\.1|localhost):\d+)/.exec(stdout);
      if (m && /sessions:/.test(stdout)) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${code ?? signal}) before listening; stdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  return { url, child, stdout: () => stdout, stderr: () => stderr, exited, kill: (signal) => child.kill(signal) };
}

/** Stops a gateway if it still runs (SIGKILL: tests end promptly). */
export async function stopGateway(g: GatewayProcess | undefined): Promise<void> {
  if (!g || g.child.exitCode !== null || g.child.signalCode !== null) return;
  g.kill('SIGKILL');
  await g.exited;
}
