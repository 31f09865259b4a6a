/**
 * The core's cost per turn, without HTTP: the airline scripts replayed on the sim channel (in-process runtime,
 * memory store, documents and back-end services fetched from the back end's own process), one call at a time.
 * The process's CPU time over the measured rounds divided by the turns (the sim driver's own small share
 * included) is the figure least disturbed by other load on the machine, and the one optimisation commits
 * quote. The interpreter step's share is its share of the turns' wall time (process.cpuUsage costs too much on
 * some virtual machines to call around every step). Steps per turn: one more per fetch (the step is re-run
 * after each).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import type { CallRuntime, InterpreterEvent, SessionState, StepContext } from '../../gateway/index';
import { createRuntime, parseConfig, runScript } from '../../gateway/index';
import type { Realm } from '../../gateway/ecmascript/api';
import { step } from '../../gateway/interpreter/index';
import { SimDriver, SimRecordings } from '../../adapters/sim/index';
import { airlineMix } from '../load/turns';
import { round } from '../lib/stats';

export interface CoreTurns {
  turns: number;
  calls: number;
  failed: string[];
  cpuUsPerTurn: number;
  stepUsPerTurn: number;
  stepsPerTurn: number;
  rounds: number;
  /**
   * The interpreter alone: the steps of one measured round captured with their inputs and re-run in a loop
   * (best of 3 passes): CPU µs per step. Steady and load-resistant — what interpreter/ecmascript changes move.
   */
  replayedSteps: number;
  replayStepUs: number;
}

interface CapturedStep {
  session: SessionState | null;
  event: InterpreterEvent;
  ctx: StepContext;
  realm: Realm;
}

/** Re-runs captured steps `passes` times; CPU µs per step of the best pass. */
function replaySteps(captured: CapturedStep[], passes = 3): number {
  let best = Infinity;
  for (let p = 0; p < passes; p++) {
    const t = cpuUs();
    for (const c of captured) step(c.session, c.event, { ...c.ctx, fetched: [...c.ctx.fetched] }, c.realm);
    best = Math.min(best, (cpuUs() - t) / captured.length);
  }
  return Math.round(best);
}

function cpuUs(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

/** A CPU profile of what runs between start() and stop() (the measured rounds only, not the warm-up). */
function profiler(file: string | undefined): { start(): Promise<void>; stop(): Promise<void> } {
  if (!file) return { start: async () => undefined, stop: async () => undefined };
  const session = new Session();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  return {
    start: async () => {
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    },
    stop: async () => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

export async function measureCoreTurns(samplesRoot: string, backendUrl: string, rounds = 2, profileFile?: string): Promise<CoreTurns> {
  let stepMs = 0;
  let steps = 0;
  let capturing = false;
  const captured: CapturedStep[] = [];
  const timedStep = (session: SessionState | null, event: InterpreterEvent, ctx: StepContext, realm: Realm): ReturnType<typeof step> => {
    let used = ctx;
    if (capturing) {
      // The inputs as this step sees them: the documents it asks for are remembered, the fetched list copied
      // (the runtime appends to it after a `need`); sessions are never mutated by the step.
      const seen = new Map<string, ReturnType<StepContext['documents']>>();
      used = { ...ctx, fetched: [...ctx.fetched], documents: (uri) => (seen.has(uri) ? seen.get(uri) : (seen.set(uri, ctx.documents(uri)), seen.get(uri))) };
      captured.push({ session: session && (JSON.parse(JSON.stringify(session)) as SessionState), event, ctx: { ...used, documents: (uri) => seen.get(uri) }, realm });
    }
    const t = performance.now();
    try {
      return step(session, event, used, realm);
    } finally {
      stepMs += performance.now() - t;
      steps++;
    }
  };
  const config = parseConfig({ app: { allowedOrigins: [backendUrl] }, log: { level: 'error' } });
  const recordings = new SimRecordings();
  const runtime = createRuntime(config, { recordings, step: timedStep });
  let turnMs = 0;
  let turns = 0;
  const timed: CallRuntime = {
    start: async (call) => {
      const t = performance.now();
      const r = await runtime.start(call);
      turnMs += performance.now() - t;
      turns++;
      return r;
    },
    handle: async (callId, event, opts) => {
      const t = performance.now();
      const r = await runtime.handle(callId, event, opts);
      turnMs += performance.now() - t;
      turns++;
      return r;
    },
    has: (callId) => runtime.has(callId),
  };
  const driver = new SimDriver(timed, recordings);
  const mix = airlineMix(samplesRoot, backendUrl);
  const failed = new Set<string>();
  // One untimed round: caches filled, code optimised.
  for (const entry of mix) await runScript(entry.loaded, entry.app, driver);
  turnMs = stepMs = turns = steps = 0;
  let calls = 0;
  const prof = profiler(profileFile);
  await prof.start();
  const cpu0 = cpuUs();
  for (let r = 0; r < rounds; r++) {
    capturing = r === 0;
    for (const entry of mix) {
      const outcome = await runScript(entry.loaded, entry.app, driver);
      calls++;
      if (!outcome.passed) failed.add(path.basename(entry.loaded.file));
    }
  }
  const cpu = cpuUs() - cpu0;
  capturing = false;
  await prof.stop();
  const replayStepUs = replaySteps(captured);
  await runtime.close();
  return {
    turns,
    calls,
    failed: [...failed],
    cpuUsPerTurn: Math.round(cpu / turns),
    stepUsPerTurn: Math.round(((cpu / turns) * stepMs) / turnMs),
    stepsPerTurn: round(steps / turns, 2),
    rounds,
    replayedSteps: captured.length,
    replayStepUs,
  };
}
