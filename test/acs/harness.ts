/**
 * Test harness: the ACS router on a loopback port over a CallRuntime (real or scripted), the fake ACS the
 * real SDK talks to, and helpers to post hand-made events. Also a scripted CallRuntime that implements the
 * `turn` contract (older turns get their stored answer, replayed) and records every event it was fed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { parseAcsConfig, type AcsConfig, type AcsConfigInput } from '../../adapters/acs/config';
import { createAcsAdapter, type AcsAdapter } from '../../adapters/acs/router';
import { AcsSimCall } from '../../adapters/acs/simulator/caller';
import { FakeAcs, type FakeAcsOptions } from '../../adapters/acs/simulator/fake-acs';
import type { FakeCall } from '../../adapters/acs/simulator/fake-call';
import { cloudEvent, type ResultInformation } from '../../adapters/acs/simulator/wire';
import { ManualTimers } from '../../adapters/acs/timers';
import { MemoryLogger, type CallRuntime, type CallStart, type PlatformAction, type PlatformEvent, type TurnResult } from '../../gateway/index';

export const EVENT_GRID_SECRET = 'test-event-grid-secret-0123456789';

export interface Harness {
  fake: FakeAcs;
  gateway: string;
  adapter: AcsAdapter;
  config: AcsConfig;
  logger: MemoryLogger;
  timers: ManualTimers;
  /** Rings the gateway and waits until it first waits for the caller. */
  call(who?: { from?: string; to?: string }): Promise<AcsSimCall>;
  /** Posts hand-made CloudEvents to a call's callback URI; resolves with the HTTP status. */
  post(call: FakeCall, ...events: Record<string, unknown>[]): Promise<number>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  runtime: CallRuntime;
  fake?: FakeAcsOptions;
  /** Adapter configuration on top of the harness's (may depend on the fake, e.g. its JWKS). */
  acs?: Partial<AcsConfigInput> | ((fake: FakeAcs) => Partial<AcsConfigInput>);
  /** serve's default application; null = none. */
  app?: string | null;
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const fake = await FakeAcs.start(opts.fake);
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = parseAcsConfig({
    connectionString: fake.connectionString,
    publicBaseUrl: gateway,
    cognitiveServicesEndpoint: 'https://test-ai.cognitiveservices.azure.com/',
    eventGridSecret: EVENT_GRID_SECRET,
    ...(typeof opts.acs === 'function' ? opts.acs(fake) : opts.acs),
  });
  const logger = new MemoryLogger();
  const timers = new ManualTimers();
  const defaultApp = opts.app === null ? undefined : (opts.app ?? 'https://apps.example/main.vxml');
  const adapter = createAcsAdapter({ runtime: opts.runtime, config, logger, timers, ...(defaultApp ? { defaultApp } : {}) });
  app.use(adapter.router);
  fake.eventGridUrl = `${gateway}/acs/incoming?secret=${EVENT_GRID_SECRET}`;
  return {
    fake,
    gateway,
    adapter,
    config,
    logger,
    timers,
    async call(who = {}) {
      const c = new AcsSimCall(fake, fake.newCall({ from: who.from ?? '+14255550123', to: who.to ?? '+18005550100' }), { idleMs: 150, timeoutMs: 10_000 }, () => void timers.fireAll());
      await c.place();
      return c;
    },
    post: (call, ...events) => fake.postCallback(call, events),
    async close() {
      adapter.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    },
  };
}

/** A CloudEvent for a call, as ACS would post it. */
export function event(call: FakeCall, type: string, operationContext: string | undefined, data: Record<string, unknown> = {}, result: ResultInformation = { code: 200, subCode: 0, message: 'ok' }): Record<string, unknown> {
  return cloudEvent(type, call.ids, { resultInformation: result, ...data }, operationContext);
}

const say = (text: string): PlatformAction => ({ kind: 'play', prompts: [{ segments: [{ kind: 'speak', text }], bargein: true, bargeintype: 'speech', lang: 'en-US' }] });
export const prompts = { say };
export const dtmfListen: PlatformAction = {
  kind: 'listen',
  modes: ['dtmf'],
  grammars: [],
  timeoutMs: 5000,
  interdigitMs: 2000,
  termtimeoutMs: 0,
  completetimeoutMs: 0,
  incompletetimeoutMs: 0,
  maxspeechtimeoutMs: 0,
  termchar: '#',
  confidenceLevel: 0.5,
  maxDigits: 4,
  bargein: true,
  lang: 'en-US',
};
export const hangup: PlatformAction = { kind: 'hangup', reason: 'exit' };

/**
 * A CallRuntime answering from a script: turns[0] answers start, turns[k] the k-th event. It keeps the
 * answers by turn, so an event for an older turn is answered with the stored result (replayed), exactly
 * as the real runtime promises adapters.
 */
export class ScriptedRuntime implements CallRuntime {
  readonly fed: { callId: string; event: PlatformEvent; turn?: number }[] = [];
  readonly started: CallStart[] = [];
  private readonly sessions = new Map<string, { seq: number; answers: Map<number, TurnResult>; ended: boolean }>();

  constructor(private readonly turns: PlatformAction[][]) {}

  private answer(callId: string, seq: number): TurnResult {
    const actions = this.turns[Math.min(seq - 1, this.turns.length - 1)];
    const ended = actions.some((a) => a.kind === 'hangup');
    return { callId, seq, actions, ended, replayed: false, trace: [] };
  }

  async start(call: CallStart): Promise<TurnResult> {
    this.started.push(call);
    const result = this.answer(call.callId, 1);
    this.sessions.set(call.callId, { seq: 1, answers: new Map([[1, result]]), ended: result.ended });
    return result;
  }

  async handle(callId: string, event: PlatformEvent, opts: { turn?: number } = {}): Promise<TurnResult> {
    const s = this.sessions.get(callId);
    if (!s) throw new Error(`unknown call ${callId}`);
    this.fed.push({ callId, event, turn: opts.turn });
    if (opts.turn !== undefined && opts.turn < s.seq) return { ...s.answers.get(opts.turn + 1)!, replayed: true };
    if (s.ended) return { callId, seq: s.seq, actions: [], ended: true, replayed: false, trace: [] };
    s.seq += 1;
    const result = event.kind === 'hangup' ? { callId, seq: s.seq, actions: [], ended: true, replayed: false, trace: [] } : this.answer(callId, s.seq);
    s.answers.set(s.seq, result);
    s.ended = result.ended;
    return result;
  }

  async has(callId: string): Promise<boolean> {
    return this.sessions.has(callId);
  }

  /** The events fed, as `kind` strings (digits/text inline), for compact assertions. */
  get inputs(): string[] {
    return this.fed.map(({ event: e }) => (e.kind === 'dtmf' ? `dtmf:${e.digits}` : e.kind === 'speech' ? `speech:${e.text}` : e.kind === 'platform.error' ? `error:${e.event}` : e.kind === 'transfer.done' ? `transfer:${e.result}` : e.kind === 'nomatch' ? `nomatch:${e.inputmode}` : e.kind));
  }
}
