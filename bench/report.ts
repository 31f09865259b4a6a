/** The results file's shape, the targets of issue 9 judged against it, and the table printed at the end. */
import type { Launch } from './lib/launch';
import type { MachineFacts } from './lib/machine';
import type { LoadRow } from './load/turns';
import type { ParkedResult } from './load/parked';
import type { CompileSpeed } from './micro/compile-speed';
import type { CoreTurns } from './micro/core-turns';
import type { GrammarSpeed, NluSpeed } from './micro/recognition';
import type { SandboxCosts } from './micro/sandbox';
import type { StartupResult } from './startup';

export interface SessionSizes {
  turns: number;
  sessionMedianBytes: number;
  sessionMaxBytes: number;
  /** The stored record: the session plus the last answer kept for retried webhooks. */
  storedMedianBytes: number;
  storedMaxBytes: number;
}

export interface BenchResults {
  startedAt: string;
  seconds: number;
  machine: MachineFacts;
  loadAverageEnd: number[];
  options: Record<string, unknown>;
  /** How every server process was launched (as the image launches the gateway, plus --node-flags). */
  launch: Launch;
  turns?: { rows: LoadRow[]; ratios: TurnRatio[]; mix: { scripts: number; failing: { server: string; name: string; why: string }[] }; notes: string[] };
  sessions?: SessionSizes;
  parked?: ParkedResult[];
  compile?: CompileSpeed;
  core?: CoreTurns;
  grammar?: GrammarSpeed;
  sandbox?: SandboxCosts;
  nlu?: NluSpeed;
  startup?: StartupResult;
  targets: Target[];
  failures: { section: string; error: string }[];
  /** What the run left out or cut short (the time budget), and why. */
  notes: string[];
}

/** A row against the bare-Express ceiling of the same concurrency: by throughput, and by server CPU per request. */
export interface TurnRatio {
  concurrency: number;
  config: string;
  ratio: number;
  cpuRatio: number;
}

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean | null;
}

const KiB = 1024;

/** The gateway row the targets are judged on, and the paced row beside it. */
export const MEMORY_CONFIG = 'gateway, memory store';
export const pacedConfig = (paceMs: number): string => `gateway, memory, paced ${paceMs / 1000} s`;

export function judgeTargets(r: BenchResults): Target[] {
  const out: Target[] = [];
  const add = (what: string, target: string, measured: string | undefined, met: boolean | undefined): void => {
    out.push({ what, target, measured: measured ?? 'not measured', met: met ?? null });
  };
  const at64 = r.turns?.ratios.find((x) => x.concurrency === 64 && x.config === MEMORY_CONFIG);
  const row64 = r.turns?.rows.find((x) => x.concurrency === 64 && x.config === MEMORY_CONFIG);
  // Shown beside the target, never judged: the target is the saturating load's p99.
  const paced = r.turns?.rows.find((x) => x.concurrency === 64 && x.config.startsWith('gateway, memory, paced'));
  add('turn throughput at 64 calls (memory store) vs bare Express', '≥ 0.70 ×', at64 ? `${at64.ratio.toFixed(2)} × (by CPU per request ${at64.cpuRatio.toFixed(2)} ×)` : undefined, at64 ? at64.ratio >= 0.7 : undefined);
  const pacedNote = paced ? ` (callers ${paced.config.replace('gateway, memory, ', '')}: p99 ${paced.p99Ms} ms)` : '';
  add('turn latency p99 at 64 calls (memory store)', '< 25 ms', row64 ? `${row64.p99Ms} ms${pacedNote}` : undefined, row64 ? row64.p99Ms < 25 : undefined);
  add('serialized session, median', '≤ 4 KB', r.sessions ? `${(r.sessions.sessionMedianBytes / KiB).toFixed(2)} KB` : undefined, r.sessions ? r.sessions.sessionMedianBytes <= 4 * KiB : undefined);
  const pm = r.parked?.find((p) => p.store === 'memory');
  if (pm && pm.parked < pm.calls) {
    // Cut short by the time budget: the figure for the target's count is extrapolated, and says so.
    const at = Math.round((pm.before.rss + pm.bytesPerCallRss * pm.calls) / 2 ** 20);
    add(`RSS with ${pm.calls} parked calls (memory store)`, '≤ 150 MB', `${at} MB extrapolated from ${pm.parked} parked (${pm.rssMiB} MB measured)`, at <= 150);
  } else add(`RSS with ${pm?.calls ?? 10000} parked calls (memory store)`, '≤ 150 MB', pm ? `${pm.rssMiB} MB (${pm.parked} parked)` : undefined, pm ? pm.rssMiB <= 150 : undefined);
  add('compile of ~1 MB VoiceXML vs bare parse', '≤ 3 ×', r.compile ? `${r.compile.ratio} ×` : undefined, r.compile ? r.compile.ratio <= 3 : undefined);
  // Wall-clock tails on a shared machine are the scheduler's (the process preempted mid-call): the CPU time
  // of the call is judged, the wall-clock figure shown beside it.
  const g = r.grammar?.match;
  add('grammar match, 1,000 phrases (CPU per match)', '< 0.2 ms', g ? `${(g.cpuMeanUs / 1000).toFixed(3)} ms (wall p50 ${(g.p50Us / 1000).toFixed(3)}, p99 ${(g.p99Us / 1000).toFixed(3)} ms)` : undefined, g ? g.cpuMeanUs < 200 : undefined);
  const n = r.nlu;
  add('NLU classification p99 (CPU)', '< 2 ms', n ? `${(n.cpuP99Us / 1000).toFixed(3)} ms (p50 ${(n.cpuP50Us / 1000).toFixed(3)}; wall p50 ${(n.p50Us / 1000).toFixed(3)}, p99 ${(n.p99Us / 1000).toFixed(3)} ms)` : undefined, n ? n.cpuP99Us < 2000 : undefined);
  add('start-up to healthz', '< 1.5 s', r.startup ? `${(r.startup.medianMs / 1000).toFixed(2)} s${r.startup.cpuMedianMs !== undefined ? ` (CPU ${(r.startup.cpuMedianMs / 1000).toFixed(2)} s)` : ''}` : undefined, r.startup ? r.startup.medianMs < 1500 : undefined);
  return out;
}

function signed(x: number): string {
  return x >= 0 ? `+${x}` : String(x);
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

export function formatTable(r: BenchResults): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(`vxml-gateway bench — ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; load average ${m.loadAverage.join(' ')} → ${r.loadAverageEnd.join(' ')}; ${r.seconds} s`);
  if (r.turns) {
    lines.push('');
    const launch = [...r.launch.flags, ...Object.entries(r.launch.env).map(([k, v]) => `${k}=${v}`)].join(' ');
    lines.push(`Turns: airline transactions over signed Twilio webhooks (client and server in separate processes; servers launched with ${launch || 'node defaults'})`);
    lines.push(`${pad('K', 4, true)}  ${pad('server', 34)} ${pad('turns/s', 8, true)} ${pad('p50 ms', 7, true)} ${pad('p99 ms', 7, true)} ${pad('errors', 6, true)} ${pad('× ceiling', 9, true)} ${pad('× by CPU', 8, true)} ${pad('srv µs/turn', 11, true)} ${pad('srv CPU', 7, true)} ${pad('client CPU', 10, true)} ${pad('backend CPU', 11, true)}`);
    for (const row of r.turns.rows) {
      const ratio = r.turns.ratios.find((x) => x.concurrency === row.concurrency && x.config === row.config);
      const errs = row.errors + (row.failedCalls ?? 0);
      lines.push(
        `${pad(String(row.concurrency), 4, true)}  ${pad(row.config, 34)} ${pad(String(row.turnsPerS), 8, true)} ${pad(row.p50Ms.toFixed(2), 7, true)} ${pad(row.p99Ms.toFixed(2), 7, true)} ${pad(String(errs), 6, true)} ${pad(ratio ? ratio.ratio.toFixed(2) : '', 9, true)} ${pad(ratio ? ratio.cpuRatio.toFixed(2) : '', 8, true)} ${pad(String(row.serverCpuUsPerTurn), 11, true)} ${pad(row.serverCpuShare.toFixed(2), 7, true)} ${pad(row.clientCpuShare.toFixed(2), 10, true)} ${pad(row.backendCpuShare !== undefined ? row.backendCpuShare.toFixed(2) : '', 11, true)}`,
      );
    }
    for (const n of r.turns.notes) lines.push(`  note: ${n}`);
  }
  lines.push('');
  if (r.sessions) lines.push(`Session size over ${r.sessions.turns} turns: median ${r.sessions.sessionMedianBytes} B, max ${r.sessions.sessionMaxBytes} B (stored with last answer: median ${r.sessions.storedMedianBytes} B, max ${r.sessions.storedMaxBytes} B)`);
  for (const p of r.parked ?? []) {
    if (p.placed === 0) {
      lines.push(`Parked calls (${p.store} store): none placed — the time budget ran out (--budget)`);
      continue;
    }
    lines.push(
      `Parked calls (${p.store} store): ${p.parked} waiting at the main menu (${p.placed === p.calls ? `of ${p.calls}` : `of ${p.placed} placed before the time budget ran out; ${p.calls} asked`}) → gateway RSS ${p.rssMiB} MB (${signed(p.rssGrowthMiB)} MB, ${p.bytesPerCallRss} B/call), heap ${signed(p.heapGrowthMiB)} MB (${p.bytesPerCallHeap} B/call)` +
        `${p.redisBytesPerCall !== undefined ? `, Redis +${p.redisBytesPerCall} B/call` : ''}; placed in ${p.placeSeconds} s; ${p.continuedOk}/${p.continuedTried} continued`,
    );
  }
  if (r.core) {
    const c = r.core;
    lines.push(`Core turn (sim channel, no HTTP, one call at a time): ${c.cpuUsPerTurn} µs CPU per turn, of which interpreter step ${c.stepUsPerTurn} µs (${c.stepsPerTurn} steps per turn; re-run alone: ${c.replayStepUs} µs per step over ${c.replayedSteps} steps); ${c.turns} turns, ${c.calls} calls${c.failed.length ? `, FAILED: ${c.failed.join(', ')}` : ''}`);
  }
  if (r.compile) {
    const c = r.compile;
    lines.push(`Compile: ${(c.documentBytes / 1024 / 1024).toFixed(2)} MB, ${c.dialogs} dialogs in ${c.compileMs} ms vs bare fast-xml-parser ${c.bareParseMs} ms = ${c.ratio} × (validator alone ${c.validateMs} ms, ordered parse ${c.orderedParseMs} ms)`);
  }
  if (r.sandbox) {
    lines.push(`ECMAScript sandbox (best-of-7 mean): ${Object.entries(r.sandbox.operationsUs).map(([k, v]) => `${k} ${v} µs`).join('; ')}; 1e6 loop iterations ${r.sandbox.loopMillionMs} ms`);
  }
  if (r.grammar) {
    const g = r.grammar;
    lines.push(`Grammar: ${g.phrases} phrases; match CPU ${g.match.cpuMeanUs} µs (wall p50 ${g.match.p50Us} µs, p99 ${g.match.p99Us} µs); nomatch CPU ${g.nomatch.cpuMeanUs} µs (wall p50 ${g.nomatch.p50Us} µs); prepare ${g.prepareMs} ms once`);
  }
  if (r.nlu) lines.push(`NLU: ${r.nlu.utterances} utterances (${r.nlu.apps.join(', ')}), median of runs per utterance: CPU p50 ${r.nlu.cpuP50Us} µs, p99 ${r.nlu.cpuP99Us} µs, mean ${r.nlu.cpuMeanUs} µs; wall p50 ${r.nlu.p50Us} µs, p99 ${r.nlu.p99Us} µs (Recognizers-Text warm-up ${r.nlu.warmUpMs} ms once)`);
  if (r.startup) lines.push(`Start-up to healthz: median ${r.startup.medianMs} ms (runs ${r.startup.runsMs.join(', ')} ms)${r.startup.cpuMedianMs !== undefined ? `; CPU used by then ${r.startup.cpuMedianMs} ms` : ''}`);
  lines.push('');
  lines.push('Targets:');
  for (const t of r.targets) lines.push(`  ${t.met === null ? '  ?' : t.met ? ' ok' : 'MISS'}  ${pad(t.what, 62)} ${pad(t.target, 9)} ${t.measured}`);
  for (const f of r.failures) lines.push(`  FAILED section ${f.section}: ${f.error.split('\n')[0]}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
