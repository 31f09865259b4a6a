/**
 * `npm run bench [-- --seconds 3 --warmup 1 --concurrency 16,64,256 --parked 10000 --parked-redis 2000
 *   --only compile,recognition,core,startup,turns,memory --no-redis --budget 165 --profile <dir>
 *   --node-flags "--max-semi-space-size=4" --variant LOOP_SLICE_MS=0 --variant-launch "--max-semi-space-size=8 MALLOC_ARENA_MAX=2" --pace-ms 500 --server-warmup 2]`
 *
 * Bounded in time: each section has a share of the budget (`--budget`, seconds); a load row that would not
 * fit is skipped and parking stops when the memory section's time is up — the results say what was cut.
 *
 * Issue 9's measurements in one bounded run, loopback only: compile and recognition speed (a fresh process),
 * start-up, turn throughput and latency of airline transactions against the bare-Express ceiling (memory and
 * Redis stores), session sizes, memory of parked calls. Writes bench/results.json and prints a table.
 * This process is the load generator: every server it measures runs in a child process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { defaultSamplesRoot } from '../vxml-samples/app-server';
import { newSid } from '../adapters/twilio/simulator/call';
import { startRecordingHost, type RecordingHost } from '../adapters/twilio/simulator/recording-host';
import { BenchChild } from './lib/child';
import { IMAGE_LAUNCH, parseLaunch, withLaunch, type Launch } from './lib/launch';
import { machineFacts } from './lib/machine';
import { findRedisServer, startRedis, type BenchRedis } from './lib/redis';
import { median } from './lib/stats';
import { parkCalls, type ParkedResult } from './load/parked';
import { airlineMix, BenchDriver, ceilingRun, keepAliveAgent, transactionRun, verifyMix, type Credentials, type LoadRow, type MixEntry, type WindowSpec } from './load/turns';
import { BenchWire } from './load/wire';
import { WindowRecorder } from './lib/stats';
import type { CompileSpeed } from './micro/compile-speed';
import type { CoreTurns } from './micro/core-turns';
import type { GrammarSpeed, NluSpeed } from './micro/recognition';
import type { SandboxCosts } from './micro/sandbox';
import { formatTable, judgeTargets, MEMORY_CONFIG, pacedConfig, type BenchResults, type SessionSizes, type TurnRatio } from './report';
import { measureStartup } from './startup';
import type { ServerArg } from './procs/server';

const SECTIONS = ['compile', 'recognition', 'core', 'startup', 'turns', 'memory'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  warmupS: number;
  measureS: number;
  concurrency: number[];
  parked: number;
  /** Calls parked on the Redis-store gateway (its per-call figures need fewer to be clear). */
  parkedRedis: number;
  only: Set<Section>;
  /** Directory for CPU profiles: the core turns' measured rounds and each gateway row's measured window. */
  profileDir?: string;
  redis: boolean;
  /** The whole run (after the build) stays within this many seconds: later work is cut, and says so. */
  budgetS: number;
  /** Extra Node flags for every server process (e.g. "--max-semi-space-size=4"), to compare launch options. */
  nodeFlags: string[];
  /**
   * A second memory-store gateway with these environment settings (e.g. LOOP_SLICE_MS=0), measured in the same
   * run as the first: settings are compared under the same machine load, not across runs.
   */
  variant?: Record<string, string>;
  /**
   * How the variant gateway's process is launched (its Node flags and process environment, e.g.
   * "--max-semi-space-size=8 MALLOC_ARENA_MAX=2"): launch options compared in one run.
   */
  variantLaunch: Launch;
  /** A row of 64 callers who answer this long after each prompt (0: no such row). */
  paceMs: number;
  /** Unmeasured load each server gets before its first row (JIT warm-up), seconds. */
  serverWarmupS: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, dflt: number): number => {
    const v = value(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} takes a positive number, not "${v}"`);
    return n;
  };
  const only = value('--only')?.split(',') ?? [...SECTIONS];
  for (const s of only) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only takes ${SECTIONS.join(',')}, not "${s}"`);
  return {
    warmupS: num('--warmup', 1),
    measureS: num('--seconds', 3),
    concurrency: (value('--concurrency') ?? '16,64,256').split(',').map(Number),
    parked: num('--parked', 10000),
    parkedRedis: num('--parked-redis', 2000),
    only: new Set(only as Section[]),
    redis: !argv.includes('--no-redis'),
    budgetS: num('--budget', 165),
    nodeFlags: (value('--node-flags') ?? '').split(/\s+/).filter(Boolean),
    profileDir: value('--profile') ? path.resolve(value('--profile') as string) : undefined,
    variant: value('--variant') === undefined ? (value('--variant-launch') === undefined ? undefined : {}) : parseVariant(value('--variant') as string),
    variantLaunch: parseLaunch(value('--variant-launch') ?? ''),
    paceMs: value('--pace-ms') === '0' ? 0 : num('--pace-ms', 500),
    serverWarmupS: value('--server-warmup') === '0' ? 0 : num('--server-warmup', 2),
  };
}

/** "NAME=value,NAME=value" → environment settings of the variant gateway. */
function parseVariant(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair.trim());
    if (!m) throw new Error(`--variant takes NAME=value pairs separated by commas (e.g. LOOP_SLICE_MS=0), not "${pair}"`);
    env[m[1]] = m[2];
  }
  return env;
}

/** The package root (where package.json is), from dist/bench or bench. */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find package.json above ' + __dirname);
    dir = up;
  }
  return dir;
}

const proc = (name: string): string => path.join(__dirname, 'procs', `${name}.js`);
const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

let profileDir: string | undefined;

/** performance.now() by which the run must be done. */
let runDeadline = Infinity;
const remainingMs = (): number => runDeadline - performance.now();
/** The deadline of a section: `shareMs` from now, but never past the run's, less what later sections need. */
const sectionDeadline = (shareMs: number, reservedAfterMs = 0): number => Math.min(performance.now() + shareMs, runDeadline - reservedAfterMs);

let nodeFlags: string[] = [];

/** A server process, launched as the container image launches the gateway (lib/launch.ts), plus `extra`. */
async function startServer(name: string, arg: ServerArg, extra: Launch = { flags: [], env: {} }): Promise<BenchChild> {
  const launch = withLaunch(IMAGE_LAUNCH, extra);
  return BenchChild.start(name, proc('server'), arg, { execArgv: ['--expose-gc', ...nodeFlags, ...launch.flags], env: launch.env, timeoutMs: 60_000 });
}

/** With --profile, the gateway rows' measured windows are profiled (not start-up, verification or warm-up). */
function windowProfile(config: string, concurrency: number): string | undefined {
  if (!profileDir || !config.startsWith('gateway')) return undefined;
  return path.join(profileDir, `turns-k${concurrency}-${config.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`);
}

function sizesOf(sizes: { session: number; stored: number }[]): SessionSizes {
  const sessions = sizes.map((s) => s.session);
  const stored = sizes.map((s) => s.stored);
  return {
    turns: sizes.length,
    sessionMedianBytes: median(sessions),
    sessionMaxBytes: Math.max(...sessions),
    storedMedianBytes: median(stored),
    storedMaxBytes: Math.max(...stored),
  };
}

interface Rig {
  creds: Credentials;
  backend: BenchChild;
  backendUrl: string;
  recordings: RecordingHost;
  mix: MixEntry[];
  gatewayArg(redisUrl?: string, env?: Record<string, string>): ServerArg;
  driverFor(url: string): BenchDriver;
}

async function startRig(): Promise<Rig> {
  const creds: Credentials = { authToken: randomBytes(16).toString('hex'), accountSid: newSid('AC') };
  const backend = await BenchChild.start('backend', proc('backend'), {});
  const backendUrl = String(backend.ready.url);
  const recordings = await startRecordingHost({ ...creds, maxKept: 8192 });
  const mix = airlineMix(defaultSamplesRoot(), backendUrl);
  return {
    creds,
    backend,
    backendUrl,
    recordings,
    mix,
    gatewayArg: (redisUrl, env) => ({ mode: 'gateway', app: `${backendUrl}/airline/main.vxml`, allowedOrigins: [backendUrl], recordingOrigin: recordings.origin, authToken: creds.authToken, accountSid: creds.accountSid, redisUrl, env }),
    driverFor: (url) => new BenchDriver(new BenchWire({ gateway: url, authToken: creds.authToken, agent: keepAliveAgent(1), recorder: new WindowRecorder() }), recordings, creds),
  };
}

async function turnsSection(rig: Rig, opts: Options, results: BenchResults, deadline: number): Promise<void> {
  const spec: WindowSpec = { warmupMs: opts.warmupS * 1000, measureMs: opts.measureS * 1000, profileFile: windowProfile };
  const notes: string[] = [];
  const failing: { server: string; name: string; why: string }[] = [];
  const children: BenchChild[] = [];
  let redis: BenchRedis | undefined;
  try {
    const bare = await startServer('bare', { mode: 'bare' });
    children.push(bare);
    const bareStatic = await startServer('bare-static', { mode: 'bare-static' });
    children.push(bareStatic);
    const memory = await startServer('gateway-memory', rig.gatewayArg());
    children.push(memory);
    const servers: { config: string; child: BenchChild; mix: MixEntry[] }[] = [];

    log(`verifying ${rig.mix.length} airline scripts on the memory-store gateway (session sizes recorded)`);
    await memory.request('sizes:on');
    const verified = await verifyMix(rig.mix, rig.driverFor(String(memory.ready.url)));
    results.sessions = sizesOf(await memory.request('sizes:take'));
    failing.push(...verified.failing.map((f) => ({ server: 'memory', ...f })));
    servers.push({ config: MEMORY_CONFIG, child: memory, mix: verified.passing });
    if (opts.variant) {
      const settings = { ...opts.variant, ...opts.variantLaunch.env };
      const label = `gateway, memory, ${[...Object.entries(settings).map(([k, v]) => `${k}=${v}`), ...opts.variantLaunch.flags].join(' ')}`;
      const variant = await startServer('gateway-variant', rig.gatewayArg(undefined, opts.variant), opts.variantLaunch);
      children.push(variant);
      log(`verifying the airline scripts on the variant gateway (${label})`);
      const v = await verifyMix(rig.mix, rig.driverFor(String(variant.ready.url)));
      failing.push(...v.failing.map((f) => ({ server: 'variant', ...f })));
      servers.push({ config: label, child: variant, mix: v.passing });
    }

    const redisBin = opts.redis ? findRedisServer() : undefined;
    if (!opts.redis) notes.push('Redis rows not run (--no-redis).');
    else if (!redisBin) notes.push('Redis rows skipped: redis-server is not installed (apt-get install redis-server).');
    else {
      redis = await startRedis(redisBin);
      const onRedis = await startServer('gateway-redis', rig.gatewayArg(redis.url));
      children.push(onRedis);
      log('verifying the airline scripts on the Redis-store gateway');
      const v = await verifyMix(rig.mix, rig.driverFor(String(onRedis.ready.url)));
      failing.push(...v.failing.map((f) => ({ server: 'redis', ...f })));
      servers.push({ config: 'gateway, Redis store', child: onRedis, mix: v.passing });
    }
    if (failing.length) notes.push(`${failing.length} script run(s) failed verification and are left out of the mix: ${failing.map((f) => `${f.server}/${f.name}`).join(', ')}`);

    // Every server first runs its load unmeasured for a while: V8 optimises a server's code as it runs, and the
    // gateway's is large — after verification alone its first measured row cost 30–50 % more CPU per turn
    // than the same row measured later (the bare route warms up within its rows' own warm-up).
    if (opts.serverWarmupS > 0) {
      const warm: WindowSpec = { warmupMs: 0, measureMs: opts.serverWarmupS * 1000 };
      log(`warming up every server for ${opts.serverWarmupS} s at K=64 (not measured)`);
      await ceilingRun('warm-up', bare, String(bare.ready.url), rig.creds, 64, warm);
      await ceilingRun('warm-up', bareStatic, String(bareStatic.ready.url), rig.creds, 64, warm);
      for (const s of servers) await transactionRun('warm-up', s.child, String(s.child.ready.url), rig.creds, rig.recordings, s.mix, 64, warm);
    }

    const rows: LoadRow[] = [];
    const ratios: TurnRatio[] = [];
    // Throughput ratio as measured, and by CPU per request: on a machine shared with other work the CPU the
    // server gets varies from row to row, while on a dedicated one a saturated server's throughput is the
    // inverse of its CPU per request — so the second is the steadier estimate of the first.
    const ratioOf = (k: number, config: string, row: LoadRow, ceiling: LoadRow): TurnRatio => ({
      concurrency: k,
      config,
      ratio: Math.round((row.turnsPerS / Math.max(1, ceiling.turnsPerS)) * 100) / 100,
      cpuRatio: Math.round((ceiling.serverCpuUsPerTurn / Math.max(1, row.serverCpuUsPerTurn)) * 100) / 100,
    });
    // The target's concurrency first, so a run short of time still measures it.
    const order = [...opts.concurrency].sort((a, b) => (a === 64 ? -1 : b === 64 ? 1 : a - b));
    const rowMs = spec.warmupMs + spec.measureMs + 1500;
    const fits = (n: number): boolean => performance.now() + n * rowMs <= deadline;
    for (const k of order) {
      if (!fits(1 + servers.length)) {
        notes.push(`K=${k} not measured: the time budget ran out (--budget)`);
        continue;
      }
      log(`K=${k}: bare Express ceiling`);
      const ceiling = await ceilingRun('bare Express + VoiceResponse', bare, String(bare.ready.url), rig.creds, k, spec);
      rows.push(ceiling);
      if (k === 64 && fits(1 + servers.length)) {
        log(`K=${k}: bare Express, static TwiML`);
        const s = await ceilingRun('bare Express, static TwiML', bareStatic, String(bareStatic.ready.url), rig.creds, k, spec);
        rows.push(s);
        ratios.push(ratioOf(k, s.config, s, ceiling));
      }
      for (const s of servers) {
        if (!fits(1)) {
          notes.push(`K=${k} ${s.config} not measured: the time budget ran out (--budget)`);
          continue;
        }
        log(`K=${k}: ${s.config} (${s.mix.length} scripts)`);
        const row = await transactionRun(s.config, s.child, String(s.child.ready.url), rig.creds, rig.recordings, s.mix, k, spec, rig.backend);
        rows.push(row);
        ratios.push(ratioOf(k, s.config, row, ceiling));
        if (k === 64 && s.config === MEMORY_CONFIG && opts.paceMs > 0 && fits(1)) {
          // The same calls at a caller's pace: the latency a caller hears when the gateway is not saturated.
          const config = pacedConfig(opts.paceMs);
          log(`K=${k}: ${config}`);
          rows.push(await transactionRun(config, s.child, String(s.child.ready.url), rig.creds, rig.recordings, s.mix, k, spec, rig.backend, opts.paceMs));
        }
      }
    }
    if (rows.some((r) => r.clientCpuShare > 0.9)) notes.push('the load generator used > 90 % of a core in some rows: those figures may be limited by the client, not the server');
    rows.sort((a, b) => a.concurrency - b.concurrency);
    results.turns = { rows, ratios, mix: { scripts: rig.mix.length, failing }, notes };
  } finally {
    for (const c of children) await c.stop();
    await redis?.stop();
  }
}

async function memorySection(rig: Rig, opts: Options, results: BenchResults, deadline: number): Promise<void> {
  const redisBin = opts.redis ? findRedisServer() : undefined;
  const park = async (name: string, calls: number, until: number, redis?: BenchRedis): Promise<ParkedResult> => {
    const server = await startServer(name, rig.gatewayArg(redis?.url));
    try {
      const url = String(server.ready.url);
      log(`memory (${name}): warming the gateway with one pass of the airline scripts`);
      await verifyMix(rig.mix, rig.driverFor(url));
      log(`memory (${name}): parking ${calls} calls at the main menu`);
      return await parkCalls(server, url, rig.creds, `${rig.backendUrl}/airline/main.vxml`, calls, 64, until, redis);
    } finally {
      await server.stop();
    }
  };
  // The memory store gets most of the section's time: its 10,000 calls are the target's figure.
  const share = redisBin ? 0.75 : 1;
  results.parked = [await park('gateway-parked', opts.parked, performance.now() + (deadline - performance.now()) * share)];
  if (redisBin) {
    const redis = await startRedis(redisBin);
    try {
      results.parked.push(await park('gateway-parked-redis', opts.parkedRedis, deadline, redis));
    } finally {
      await redis.stop();
    }
  }
}

async function microSection(opts: Options, results: BenchResults, backendUrl: string | undefined, deadline: number): Promise<void> {
  const micro = await BenchChild.start('micro', proc('micro'), {});
  const late = (what: string): boolean => {
    if (performance.now() < deadline) return false;
    results.notes.push(`${what} not measured: the time budget ran out (--budget)`);
    return true;
  };
  try {
    if (opts.only.has('recognition') && !late('grammar match speed')) {
      log('grammar match speed');
      results.grammar = await micro.request<GrammarSpeed>('grammar');
    }
    if (opts.only.has('recognition') && !late('NLU classification speed')) {
      log('NLU classification speed');
      results.nlu = await micro.request<NluSpeed>('nlu');
    }
    if (opts.only.has('core') && !late('sandbox costs')) {
      log('ECMAScript sandbox costs');
      results.sandbox = await micro.request<SandboxCosts>('sandbox');
    }
    if (opts.only.has('compile') && !late('compile speed')) {
      log('compile speed');
      results.compile = await micro.request<CompileSpeed>('compile');
    }
    if (opts.only.has('core') && backendUrl && !late('core turn cost')) {
      log('core turn cost (sim channel, one call at a time)');
      const profileFile = opts.profileDir ? path.join(opts.profileDir, `core-${Date.now()}.cpuprofile`) : undefined;
      results.core = await micro.request<CoreTurns>('core', { backendUrl, profileFile }, 300_000);
    }
  } finally {
    await micro.stop();
  }
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  profileDir = opts.profileDir;
  nodeFlags = opts.nodeFlags;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  runDeadline = performance.now() + opts.budgetS * 1000;
  const root = packageRoot();
  const started = performance.now();
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    seconds: 0,
    machine: machineFacts(),
    loadAverageEnd: [],
    options: { ...opts, only: [...opts.only] },
    launch: { flags: [...IMAGE_LAUNCH.flags, ...opts.nodeFlags], env: IMAGE_LAUNCH.env },
    targets: [],
    failures: [],
    notes: [],
  };
  const section = async (name: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (e) {
      results.failures.push({ section: name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      log(`section ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  let rig: Rig | undefined;
  if (opts.only.has('core') || opts.only.has('turns') || opts.only.has('memory')) {
    await section('rig', async () => {
      rig = await startRig();
    });
  }
  try {
    // Shares of the budget: what the load sections need is kept back from the measurements before them.
    const later = (opts.only.has('turns') ? 0.45 : 0) + (opts.only.has('memory') ? 0.25 : 0);
    if (opts.only.has('compile') || opts.only.has('recognition') || opts.only.has('core')) {
      await section('micro', () => microSection(opts, results, rig?.backendUrl, sectionDeadline(Infinity, (later + (opts.only.has('startup') ? 0.08 : 0)) * opts.budgetS * 1000)));
    }
    if (opts.only.has('startup')) {
      log('start-up');
      await section('startup', async () => {
        results.startup = await measureStartup(root, 3, sectionDeadline(Infinity, later * opts.budgetS * 1000));
      });
    }
    const r = rig;
    const memoryReserve = opts.only.has('memory') ? 0.3 * remainingMs() : 0;
    if (r && opts.only.has('turns')) await section('turns', () => turnsSection(r, opts, results, sectionDeadline(Infinity, memoryReserve)));
    if (r && opts.only.has('memory')) await section('memory', () => memorySection(r, opts, results, sectionDeadline(Infinity)));
  } finally {
    await rig?.backend.stop();
    await rig?.recordings.close();
  }
  results.loadAverageEnd = machineFacts().loadAverage;
  results.seconds = Math.round((performance.now() - started) / 1000);
  results.targets = judgeTargets(results);
  const file = path.join(root, 'bench', 'results.json');
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(formatTable(results) + `\n\nwritten: ${path.relative(process.cwd(), file) || file}\n`);
  return results.failures.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
