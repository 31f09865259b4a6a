/**
 * Client CPU of one back-end exchange (gateway/runtime/http-client.ts) per loopback GET and POST, beside a floor:
 * a bare Node http.request on a keep-alive agent that only collects the body. The server runs in a child
 * process so that process.cpuUsage() counts the client alone. Requests are sequential (as a call's are);
 * the figure is the best of several rounds (the minimum filters out GC pauses and a busy machine).
 *
 *   node bench/build.js && node dist/bench/micro/http-client.js [requests-per-round] [rounds] [other-client.js]
 *
 * other-client.js: a compiled http-client.js of another version (e.g. the raw Node one of 84423f7, built into
 * /tmp), measured in the same run for a like-for-like ratio on a busy machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyBytes, exchange } from '../../gateway/runtime/http-client';

const DOCUMENT = Buffer.from('<vxml version="2.1"><form><block>' + 'hello '.repeat(300) + '</block></form></vxml>');
const SUBMIT = 'account=12345678&pin=4321&amount=12.50&caller=%2B15551230000';

function serve(): void {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/voicexml+xml');
      res.setHeader('set-cookie', ['JSESSIONID=abc123; Path=/']);
      res.end(DOCUMENT);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

const floorAgent = new http.Agent({ keepAlive: true });
function floor(method: 'GET' | 'POST', url: URL, body?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: '*/*' };
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(body.length);
    }
    const req = http.request(url, { method, headers, agent: floorAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

type Call = () => Promise<unknown>;

/** Best-of-rounds client CPU (user + system) and wall time per request, µs. */
async function measure(call: Call, n: number, rounds: number): Promise<{ cpuUs: number; wallUs: number }> {
  for (let i = 0; i < Math.min(n, 200); i++) await call();
  let cpuUs = Infinity;
  let wallUs = Infinity;
  for (let r = 0; r < rounds; r++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < n; i++) await call();
    const used = process.cpuUsage(cpu);
    cpuUs = Math.min(cpuUs, (used.user + used.system) / n);
    wallUs = Math.min(wallUs, ((performance.now() - t) * 1000) / n);
  }
  return { cpuUs: Math.round(cpuUs), wallUs: Math.round(wallUs) };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const rounds = Number(process.argv[3] ?? 5);
  const child: ChildProcess = fork(__filename, ['--server'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const url = new URL(`http://127.0.0.1:${port}/app/menu.jsp`);
  const submit = (await bodyBytes(SUBMIT)).bytes;
  const headers = { accept: '*/*' };
  const form = { 'content-type': 'application/x-www-form-urlencoded', accept: '*/*' };
  const other = process.argv[4] ? (require(process.argv[4]) as { exchange: typeof exchange }).exchange : undefined;
  const calls: Record<string, Call> = {
    'exchange GET': () => exchange({ method: 'GET', url, headers, deadline: performance.now() + 10_000, maxBytes: 1 << 20 }),
    'exchange POST': () => exchange({ method: 'POST', url, headers: form, body: submit, deadline: performance.now() + 10_000, maxBytes: 1 << 20 }),
    ...(other && {
      'other GET': () => other({ method: 'GET', url, headers, deadline: performance.now() + 10_000, maxBytes: 1 << 20 }),
      'other POST': () => other({ method: 'POST', url, headers: form, body: submit, deadline: performance.now() + 10_000, maxBytes: 1 << 20 }),
    }),
    'node floor GET': () => floor('GET', url),
    'node floor POST': () => floor('POST', url, submit),
  };
  // rounds interleaved across the clients, so that a burst of load elsewhere hits them alike
  const results: Record<string, { cpuUs: number; wallUs: number }> = {};
  for (let round = 0; round < rounds; round++)
    for (const [name, call] of Object.entries(calls)) {
      const r = await measure(call, n, 1);
      const best = results[name];
      results[name] = best ? { cpuUs: Math.min(best.cpuUs, r.cpuUs), wallUs: Math.min(best.wallUs, r.wallUs) } : r;
    }
  for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(16)} client CPU ${String(r.cpuUs).padStart(4)} µs/request   wall ${String(r.wallUs).padStart(4)} µs`);
  child.disconnect();
  floorAgent.destroy();
}

if (process.argv.includes('--server')) serve();
else
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
