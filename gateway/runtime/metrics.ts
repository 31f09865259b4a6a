/**
 * Prometheus metrics of one gateway instance (prom-client, own registry so tests can run several):
 *
 *   vxml_active_calls                      calls in progress in the session store (deployment-wide with Redis)
 *   vxml_sessions_in_store                 sessions kept, ended ones included (retained for idempotent retries)
 *   vxml_turns_in_flight                   turns this instance is running now
 *   vxml_turn_work_waiting                 pieces of turn work waiting for an event-loop slice (saturation)
 *   vxml_turns_total{channel}              turns processed
 *   vxml_turn_duration_seconds{channel}    turn latency (load → recognise → step → save)
 *   vxml_calls_started_total{channel} / vxml_calls_ended_total{channel} / vxml_calls_refused_total{reason}
 *   vxml_error_events_total{event}         VoiceXML error.* events thrown, by name
 *   vxml_recognitions_total{path}          how caller input was understood: grammar, classifier, llm, nomatch
 *   vxml_fetch_duration_seconds{kind,outcome}  document/script/data/grammar fetches
 *   vxml_http_requests_total{route,status} HTTP answers by route family
 *   + the process metrics prom-client collects by default (CPU, memory, event-loop lag)
 *
 * Label values are bounded: channels and recognition paths are closed sets, error event names are cut to
 * their first three parts (error.badfetch.http → one series for every HTTP status), routes are families.
 */
import client from 'prom-client';
import type { FetchRequest, FetchResult } from '../../contracts/interpreter';
import type { DocumentLoader } from './document-loader';
import type { TurnObserver, TurnReport } from './ports';

export interface StoreCounts {
  liveCalls(): Promise<number>;
  storedSessions?(): Promise<number>;
}

const TURN_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];
const FETCH_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** `error.badfetch.http.404` → `error.badfetch.http`; anything not an error event → undefined. */
export function errorEventLabel(event: string): string | undefined {
  if (!event.startsWith('error.')) return undefined;
  return event.split('.').slice(0, 3).join('.').slice(0, 64);
}

export class GatewayMetrics implements TurnObserver {
  readonly registry = new client.Registry();
  private readonly turns: client.Counter<'channel'>;
  private readonly turnSeconds: client.Histogram<'channel'>;
  private readonly started: client.Counter<'channel'>;
  private readonly ended: client.Counter<'channel'>;
  private readonly refused: client.Counter<'reason'>;
  private readonly errors: client.Counter<'event'>;
  private readonly recognitions: client.Counter<'path'>;
  private readonly fetchSeconds: client.Histogram<'kind' | 'outcome'>;
  private readonly http: client.Counter<'route' | 'status'>;
  /** Turns running now (the in-flight gauge's value). */
  private running = 0;
  /** The runtime's event-loop slices, once the runtime exists (watchSlices). */
  private slices?: { readonly queued: number };

  constructor(opts: { store?: StoreCounts; defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) client.collectDefaultMetrics({ register: this.registry });
    this.turns = new client.Counter({ name: 'vxml_turns_total', help: 'Caller turns processed', labelNames: ['channel'], registers });
    this.turnSeconds = new client.Histogram({ name: 'vxml_turn_duration_seconds', help: 'Latency of one caller turn (load, recognise, step, save)', labelNames: ['channel'], buckets: TURN_BUCKETS, registers });
    this.started = new client.Counter({ name: 'vxml_calls_started_total', help: 'Calls started', labelNames: ['channel'], registers });
    this.ended = new client.Counter({ name: 'vxml_calls_ended_total', help: 'Calls ended', labelNames: ['channel'], registers });
    this.refused = new client.Counter({ name: 'vxml_calls_refused_total', help: 'New calls refused (capacity, shutdown)', labelNames: ['reason'], registers });
    this.errors = new client.Counter({ name: 'vxml_error_events_total', help: 'VoiceXML error events thrown, by name', labelNames: ['event'], registers });
    this.recognitions = new client.Counter({ name: 'vxml_recognitions_total', help: 'Caller inputs by recognition path', labelNames: ['path'], registers });
    this.fetchSeconds = new client.Histogram({ name: 'vxml_fetch_duration_seconds', help: 'Document, script, data and grammar fetches', labelNames: ['kind', 'outcome'], buckets: FETCH_BUCKETS, registers });
    this.http = new client.Counter({ name: 'vxml_http_requests_total', help: 'HTTP answers by route family and status', labelNames: ['route', 'status'], registers });
    // Counted in a plain number and read at scrape time: prom-client's inc/dec hash the (empty) label set
    // on every call, twice per turn.
    scrapedGauge(registers, 'vxml_turns_in_flight', 'Turns running on this instance now', () => this.running);
    scrapedGauge(registers, 'vxml_turn_work_waiting', 'Pieces of turn work waiting for an event-loop slice (LOOP_SLICE_MS): above zero the instance is saturated', () => this.slices?.queued ?? 0);
    const store = opts.store;
    scrapedGauge(registers, 'vxml_active_calls', 'Calls in progress in the session store (this instance with memory sessions, the deployment with Redis)', () => store?.liveCalls());
    if (store?.storedSessions) {
      const stored = store.storedSessions.bind(store);
      scrapedGauge(registers, 'vxml_sessions_in_store', 'Sessions in the store, ended calls kept for idempotent retries included', () => stored());
    }
  }

  /** Reports the runtime's waiting turn work (the runtime is made after the metrics it reports to). */
  watchSlices(slices: { readonly queued: number }): void {
    this.slices = slices;
  }

  turn(report: TurnReport): void {
    this.turns.inc({ channel: report.channel });
    this.turnSeconds.observe({ channel: report.channel }, report.ms / 1000);
    if (report.started) this.started.inc({ channel: report.channel });
    if (report.ended) this.ended.inc({ channel: report.channel });
    if (report.recognition) this.recognitions.inc({ path: report.recognition });
    for (const event of report.events) {
      const label = errorEventLabel(event);
      if (label) this.errors.inc({ event: label });
    }
  }

  callRefused(reason: string): void {
    this.refused.inc({ reason });
  }

  fetched(kind: string, outcome: string, seconds: number): void {
    this.fetchSeconds.observe({ kind, outcome }, seconds);
  }

  httpAnswered(route: string, status: number): void {
    this.http.inc({ route, status: String(status) });
  }

  /** Brackets one turn (in-flight gauge). */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
    }
  }

  /** The loader with every fetch timed (kind: document/script/data/grammar; outcome: ok or the event). */
  timeLoader(inner: DocumentLoader): DocumentLoader {
    const observe = (kind: string, outcome: string, started: number): void => this.fetched(kind, outcome, (performance.now() - started) / 1000);
    return {
      cached: (uri, ctx) => inner.cached(uri, ctx),
      cachedScript: (uri, ctx, directives) => inner.cachedScript(uri, ctx, directives),
      lastKnown: (uri, ctx) => inner.lastKnown(uri, ctx),
      compile: (text, uri) => inner.compile(text, uri),
      fetch: async (request: FetchRequest, ctx): Promise<FetchResult> => {
        const started = performance.now();
        const result = await inner.fetch(request, ctx);
        observe(request.kind, result.ok ? 'ok' : errorEventLabel(result.event) ?? 'error', started);
        return result;
      },
      fetchText: async (uri, ctx, opts) => {
        const started = performance.now();
        try {
          const text = await inner.fetchText(uri, ctx, opts);
          observe('grammar', 'ok', started);
          return text;
        } catch (err: unknown) {
          observe('grammar', 'error.badfetch', started);
          throw err;
        }
      },
    };
  }

  contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** A gauge whose value is read when Prometheus scrapes (undefined: left as it was), so nothing is updated per turn. */
function scrapedGauge(registers: client.Registry[], name: string, help: string, read: () => number | undefined | Promise<number | undefined>): void {
  new client.Gauge({
    name,
    help,
    registers,
    async collect() {
      const value = await read();
      if (value !== undefined) this.set(value);
    },
  });
}
