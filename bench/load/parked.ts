/**
 * Memory per call: N calls placed and left waiting at the airline main menu's <Gather> (their sessions
 * parked in the store), against the same process before they were placed; both after a full GC and a pause
 * in which the collector hands the freed pages back to the system (see `settledFigures`).
 * A few parked calls are then continued, to show they were live and not refused.
 */
import http from 'node:http';
import { TwilioSimCall } from '../../adapters/twilio/simulator/call';
import type { BenchChild } from '../lib/child';
import { WindowRecorder } from '../lib/stats';
import type { Credentials } from './turns';
import { BenchWire } from './wire';

export interface Figures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface ParkedResult {
  store: 'memory' | 'redis';
  /** Calls asked for, and placed before the section's time was up. */
  calls: number;
  placed: number;
  parked: number;
  before: Figures;
  after: Figures;
  rssMiB: number;
  rssGrowthMiB: number;
  heapGrowthMiB: number;
  bytesPerCallRss: number;
  bytesPerCallHeap: number;
  placeSeconds: number;
  continuedOk: number;
  continuedTried: number;
  /** Redis store: the server's used_memory growth per parked call. */
  redisBytesPerCall?: number;
}

const MiB = 2 ** 20;

/** How long V8 takes, after a full GC, to return the pages it freed (its unmapper runs on background threads). */
const SETTLE_MS = 1000;

/**
 * The process's figures after a full GC, once the freed pages are returned: read straight after the GC, RSS
 * still counts pages about to be released (measured: 20-25 MB more with 3,000 parked calls, gone within a
 * second, without any further allocation). The second GC frees nothing new; it reports heap and RSS together.
 */
async function settledFigures(server: BenchChild): Promise<Figures> {
  await server.request('gc');
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return server.request<Figures>('gc');
}

export async function parkCalls(
  server: BenchChild,
  url: string,
  creds: Credentials,
  entryApp: string,
  calls: number,
  concurrency: number,
  /** performance.now() after which no more calls are placed (the figures then cover fewer calls). */
  until: number,
  redis?: { usedMemory(): Promise<number> },
): Promise<ParkedResult> {
  const before = await settledFigures(server);
  const redisBefore = await redis?.usedMemory();
  const recorder = new WindowRecorder();
  recorder.open(performance.now(), 3_600_000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const wire = new BenchWire({ gateway: url, authToken: creds.authToken, agent, recorder });
  const handles: TwilioSimCall[] = [];
  let parked = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls && performance.now() < until) {
        next++;
        const call = new TwilioSimCall(wire, undefined, { accountSid: creds.accountSid, from: '+15551230000', to: '+18005550100' });
        const observed = await call.place(entryApp).catch(() => undefined);
        if (observed?.awaiting === 'input') {
          parked++;
          if (handles.length < 5) handles.push(call);
        }
      }
    }),
  );
  const placeSeconds = (performance.now() - started) / 1000;
  const after = await settledFigures(server);
  const redisAfter = await redis?.usedMemory();
  // Parked means live: a few of them go on to the flight-status field.
  let continuedOk = 0;
  for (const h of handles) {
    const o = await h.dtmf('1').catch(() => undefined);
    if (o && o.heard.join(' ').toLowerCase().includes('flight')) continuedOk++;
  }
  agent.destroy();
  return {
    store: redis ? 'redis' : 'memory',
    calls,
    placed: next,
    parked,
    before,
    after,
    rssMiB: Math.round(after.rss / MiB),
    rssGrowthMiB: Math.round(((after.rss - before.rss) / MiB) * 10) / 10,
    heapGrowthMiB: Math.round(((after.heapUsed - before.heapUsed) / MiB) * 10) / 10,
    bytesPerCallRss: Math.round((after.rss - before.rss) / Math.max(1, parked)),
    bytesPerCallHeap: Math.round((after.heapUsed - before.heapUsed) / Math.max(1, parked)),
    placeSeconds: Math.round(placeSeconds * 10) / 10,
    continuedOk,
    continuedTried: handles.length,
    ...(redisBefore !== undefined && redisAfter !== undefined ? { redisBytesPerCall: Math.round((redisAfter - redisBefore) / Math.max(1, parked)) } : {}),
  };
}
