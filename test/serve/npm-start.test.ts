/**
 * `npm start` smoke test: the package's start script (the built CLI) serves on an ephemeral port, and a signed
 * incoming-call webhook answers valid TwiML. Runs the compiled dist/ that `npm test` builds first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import twilio from 'twilio';
import { readTwiml } from '../../adapters/twilio/simulator/twiml-reader';

const ROOT = path.join(__dirname, '..', '..');
const AUTH_TOKEN = 'npm-start-smoke-token';
const ACCOUNT_SID = 'AC' + '2'.repeat(32);

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

test('npm start serves the default application and answers a signed webhook with TwiML', async () => {
  const built = path.join(ROOT, 'dist', 'gateway', 'cli', 'main.js');
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` (npm test does) before this test`);
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.split(/\s+/);
  child = spawn(command, [...args, '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT_SID, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within 20 s; stdout: ${stdout}\nstderr: ${stderr}`)), 20_000);
    child?.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m && stdout.includes('/twilio/status')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child?.once('exit', (code) => reject(new Error(`the server exited (${code}); stderr: ${stderr}`)));
  });
  expect(stdout).toContain(`${url}/twilio/voice`);

  const form = { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: 'CA' + 'e'.repeat(32), CallStatus: 'ringing', Direction: 'inbound', From: '+15551230000', To: '+18005550100' };
  const res = await fetch(`${url}/twilio/voice`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${url}/twilio/voice`, form) },
    body: new URLSearchParams(form).toString(),
  });
  expect(res.status).toBe(200);
  const verbs = readTwiml(await res.text());
  expect(verbs.some((v) => v.kind === 'gather')).toBe(true);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
}, 30_000);
