/**
 * Runs replay scripts against ReplayDrivers (one per channel) and reports one line per script, then
 * `N passed, M failed`. Drivers come from a registry keyed by channel, filled by the composition root.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Channel } from '../../contracts/platform';
import type { CallObservation, ReplayCallHandle, ReplayDriver, ReplayStep } from '../../contracts/replay';
import type { GatewayConfig } from '../config';
import type { StepFunction } from '../runtime/call-runtime';
import type { CompileDocument } from '../runtime/document-loader';
import { AppResolver, type StartAppServer } from './apps';
import { checkExpectation, heardText, type ObservedSoFar } from './expect';
import { loadScript, ScriptError, type LoadedScript } from './script';

export interface DriverContext {
  config: GatewayConfig;
  /** `--gateway` URLs: drivers of external gateways send successive turns to them in turn. */
  gateways?: string[];
  /** In-process runtime wiring a driver passes to createRuntime (replay --coverage observes the interpreter). */
  overrides?: { step?: StepFunction; compile?: CompileDocument };
}
export type DriverFactory = (ctx: DriverContext) => ReplayDriver | Promise<ReplayDriver>;
export type DriverRegistry = Partial<Record<Channel, DriverFactory>>;

export interface ScriptOutcome {
  file: string;
  name: string;
  channel: Channel;
  passed: boolean;
  /** 1-based step number and line of the failing step. */
  failure?: { step: number; line?: number; expected: string; heard: string };
  /** The script could not run at all (invalid, app missing, driver failure). */
  error?: string;
  ms: number;
}

export interface ReplaySummary {
  passed: number;
  failed: number;
  outcomes: ScriptOutcome[];
}

/** Time one caller step may take before the script fails (a hung gateway must not hang the run). */
const STEP_TIMEOUT_MS = 30_000;

/** Expands directory arguments into their *.yaml / *.yml / *.json scripts (sorted). */
export function expandInputs(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new Error(`${input}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      const found = fs
        .readdirSync(input)
        .filter((f) => /\.(ya?ml|json)$/i.test(f))
        .sort()
        .map((f) => path.join(input, f));
      if (found.length === 0) throw new Error(`${input}: no *.yaml or *.json scripts in this directory`);
      files.push(...found);
    } else files.push(input);
  }
  return files;
}

function stepLabel(step: ReplayStep): string {
  return Object.keys(step)[0];
}

async function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function perform(call: ReplayCallHandle, step: Exclude<ReplayStep, { expect: unknown }>): Promise<CallObservation> {
  if ('dtmf' in step) return call.dtmf(step.dtmf);
  if ('say' in step) return typeof step.say === 'string' ? call.say(step.say, 0.9) : call.say(step.say.text, step.say.confidence ?? 0.9);
  if ('silence' in step) return call.silence();
  if ('hangup' in step) return call.hangup();
  if ('transferResult' in step) return call.transferResult(step.transferResult);
  return call.record(step.record.seconds, step.record.dtmf);
}

/** Runs one script's steps on a placed call. */
export async function runScript(loaded: LoadedScript, app: string, driver: ReplayDriver): Promise<ScriptOutcome> {
  const started = performance.now();
  const { script, file, stepLines } = loaded;
  const outcome = (rest: Partial<ScriptOutcome>): ScriptOutcome => ({ file, name: script.name, channel: driver.channel, passed: false, ms: Math.round(performance.now() - started), ...rest });
  let call: ReplayCallHandle | undefined;
  try {
    const placed = await withTimeout(driver.start({ app, from: script.caller?.from, to: script.caller?.to }), 'placing the call');
    call = placed.call;
    let observed: ObservedSoFar = { heard: placed.observed.heard, transfers: [...placed.observed.transfers], ended: placed.observed.ended };
    for (let i = 0; i < script.steps.length; i++) {
      const step = script.steps[i];
      const fail = (expected: string, heard: string): ScriptOutcome => outcome({ failure: { step: i + 1, line: stepLines[i], expected, heard } });
      if ('expect' in step) {
        const failure = checkExpectation(step.expect, observed);
        if (failure) return fail(failure.expected, failure.heard);
        continue;
      }
      if (observed.ended) return fail(`the call to accept ${stepLabel(step)}`, `${heardText(observed) || '(nothing)'} — but the call had ended`);
      let next: CallObservation;
      try {
        next = await withTimeout(perform(call, step), `step ${i + 1} (${stepLabel(step)})`);
      } catch (e) {
        return fail(`the gateway to take ${stepLabel(step)}`, e instanceof Error ? e.message : String(e));
      }
      observed = { heard: next.heard, transfers: [...observed.transfers, ...next.transfers], ended: next.ended };
    }
    return outcome({ passed: true });
  } catch (e) {
    return outcome({ error: e instanceof Error ? e.message : String(e) });
  } finally {
    if (call) await call.close().catch(() => undefined);
  }
}

export interface ReplayOptions {
  inputs: string[];
  /** Channels to run on (each must be registered). */
  channels: Channel[];
  registry: DriverRegistry;
  config: GatewayConfig;
  gateways?: string[];
  /** Passed to every driver (see DriverContext.overrides). */
  overrides?: DriverContext['overrides'];
  startAppServer?: StartAppServer;
  /** Receives each result line as it is decided. */
  onLine?: (line: string) => void;
  /** Called after each script (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export function formatOutcome(o: ScriptOutcome, multiChannel: boolean): string {
  const where = `${o.name} (${o.file})${multiChannel ? ` [${o.channel}]` : ''}`;
  if (o.passed) return `PASS ${where}`;
  if (o.error) return `FAIL ${where}: ${o.error.replace(/\n/g, '\n     ')}`;
  const f = o.failure;
  if (!f) return `FAIL ${where}`;
  return `FAIL ${where} step ${f.step}${f.line ? ` (line ${f.line})` : ''}: expected ${f.expected}; heard: ${f.heard}`;
}

/** Loads every script, runs each on every channel, and returns the outcomes (lines go to `onLine`). */
export async function runReplay(opts: ReplayOptions): Promise<ReplaySummary> {
  const files = expandInputs(opts.inputs);
  const multiChannel = opts.channels.length > 1;
  const outcomes: ScriptOutcome[] = [];
  const apps = new AppResolver(opts.startAppServer);
  const total = files.length * opts.channels.length;
  const emit = (o: ScriptOutcome): void => {
    outcomes.push(o);
    opts.onLine?.(formatOutcome(o, multiChannel));
    opts.onProgress?.(outcomes.length, total);
  };
  try {
    const loaded = files.map((file): LoadedScript | ScriptError => {
      try {
        return loadScript(file);
      } catch (e) {
        if (e instanceof ScriptError) return e;
        throw e;
      }
    });
    for (const channel of opts.channels) {
      const factory = opts.registry[channel];
      if (!factory) throw new Error(`no replay driver for channel "${channel}" (available: ${Object.keys(opts.registry).join(', ')})`);
      const driver = await factory({ config: opts.config, gateways: opts.gateways, ...(opts.overrides ? { overrides: opts.overrides } : {}) });
      try {
        for (const script of loaded) {
          if (script instanceof ScriptError) {
            emit({ file: script.file, name: path.basename(script.file), channel, passed: false, error: `invalid script:\n${script.problems.join('\n')}`, ms: 0 });
            continue;
          }
          let app: string;
          try {
            app = await apps.resolve(script.script.app, script.file);
          } catch (e) {
            emit({ file: script.file, name: script.script.name, channel, passed: false, error: e instanceof Error ? e.message : String(e), ms: 0 });
            continue;
          }
          emit({ ...(await runScript(script, app, driver)), channel });
        }
      } finally {
        await driver.close();
      }
    }
  } finally {
    await apps.close();
  }
  const passed = outcomes.filter((o) => o.passed).length;
  return { passed, failed: outcomes.length - passed, outcomes };
}
