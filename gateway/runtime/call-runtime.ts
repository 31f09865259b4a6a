/**
 * The turn loop: load session → recognise input → step the interpreter (servicing its fetch requests,
 * bounded) → save with compare-and-set → answer. Nothing about a call stays in process memory between
 * turns except caches, so any instance can serve any turn.
 */
import type { DialogGraph } from '../../contracts/graph';
import type { FetchResult, InterpreterEvent, StepContext, StepOutcome, TraceEntry } from '../../contracts/interpreter';
import { awaitingAfter, type ListenAction, type PlatformAction, type PlatformEvent } from '../../contracts/platform';
import type { SessionState } from '../../contracts/session';
import type { Realm } from '../ecmascript/api';
import { UNIVERSAL_PREFIX } from '../interpreter/index';
import { UnknownCallError, type CallRuntime, type CallStart, type TurnResult } from './api';
import type { DocumentLoader, LoadContext } from './document-loader';
import { COOKIE_JAR_KEY, CookieJar } from './cookie-jar';
import { KeyedMutex } from './keyed-mutex';
import type { LoopSlices } from './loop-slices';
import { OriginPolicy } from './origin-policy';
import type { Clock, LogContext, Logger, ResponseDocumentStore, SessionStore, StoredCall, TurnObserver } from './ports';
import type { RealmCache } from './realm-cache';
import type { Redactor } from './redaction';
import { splitGrammarKey, type RecognitionInput, type Recognizer } from './recognizer';
import { describeTrace, pinnedDocuments, seedFor } from './turn-support';

/** The interpreter's step (gateway/interpreter). */
export type StepFunction = (session: SessionState | null, event: InterpreterEvent, ctx: StepContext, realm: Realm) => StepOutcome;

export interface RuntimeLimits {
  turnTimeoutMs: number;
  maxTransitionsPerTurn: number;
  scriptTimeoutMs: number;
  maxFetchesPerTurn: number;
}

export interface CallRuntimeDeps {
  step: StepFunction;
  sessions: SessionStore;
  responses: ResponseDocumentStore;
  loader: DocumentLoader;
  recognizer: Recognizer;
  realms: RealmCache;
  clock: Clock;
  logger: Logger;
  limits: RuntimeLimits;
  allowedOrigins: readonly string[];
  /** Platform property defaults handed to the interpreter (timeout, interdigittimeout, termchar, language…). */
  defaults: Record<string, string>;
  /** Metrics hook (prom-client in `serve`); optional. */
  observer?: TurnObserver;
  /** Hides input to sensitive fields from everything downstream of the interpreter (redaction.ts). */
  redactor?: Redactor;
  /** Time slices of the event loop: turn work waits at its boundaries once an iteration's slice is used (loop-slices.ts). */
  slices?: LoopSlices;
}

/** Another instance advanced the call while this one ran the same turn; the platform should retry. */
export class ConcurrentTurnError extends Error {
  constructor(readonly callId: string, readonly turn: number) {
    super(`call ${callId}: turn ${turn} was processed concurrently elsewhere`);
    this.name = 'ConcurrentTurnError';
  }
}

export class DefaultCallRuntime implements CallRuntime {
  private readonly mutex = new KeyedMutex();
  private readonly policies = new Map<string, OriginPolicy>();
  private inflight = 0;
  private drained: (() => void)[] = [];

  constructor(private readonly deps: CallRuntimeDeps) {}

  /** Resolves once no turn is running (graceful shutdown). */
  drain(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private async tracked<T>(work: () => Promise<T>): Promise<T> {
    this.inflight++;
    try {
      const wait = this.deps.slices?.pass();
      if (wait) await wait;
      return await work();
    } finally {
      this.deps.slices?.done();
      if (--this.inflight === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  async has(callId: string): Promise<boolean> {
    return (await this.deps.sessions.get(callId)) !== undefined;
  }

  start(call: CallStart): Promise<TurnResult> {
    return this.tracked(() => this.mutex.run(call.callId, async () => {
      const existing = await this.deps.sessions.get(call.callId);
      if (existing) return this.replay(existing, 0);
      const event: InterpreterEvent = { kind: 'start', callId: call.callId, channel: call.channel, entry: call.entry, from: call.from, to: call.to, extra: call.extra };
      return this.turn(null, { callId: call.callId, entry: call.entry, channel: call.channel }, event);
    }));
  }

  handle(callId: string, event: PlatformEvent, opts: { turn?: number } = {}): Promise<TurnResult> {
    return this.tracked(() => this.mutex.run(callId, async () => {
      const stored = await this.deps.sessions.get(callId);
      if (!stored) throw new UnknownCallError(callId);
      const { session } = stored;
      if (opts.turn !== undefined && opts.turn < session.seq) return this.replay(stored, opts.turn);
      if (session.ended || event.kind === 'call.start') return this.replay(stored, session.seq - 1);
      const started = performance.now();
      const log = this.deps.logger.child(turnContext(session, callId));
      const load = await this.loadContext(session.callId, session.entry, log);
      const realm = this.deps.realms.forEntry(session.entry);
      const pending = pendingListen(stored);
      if (pending) await this.ensureDocuments(pending, load);
      const translated = await this.translate(event, pending, { load, realm, budgetMs: this.deps.limits.scriptTimeoutMs, now: this.deps.clock.now(), documents: this.anyVersion(load) });
      return this.turn(session, { callId, entry: session.entry, channel: session.channel }, translated.event, translated.recognition, load, started);
    }));
  }

  /**
   * The pending listen's grammars live in compiled documents; another instance may have served the last turn,
   * so this one loads any it does not hold yet (through the cache, the origin policy and the turn deadline).
   */
  private async ensureDocuments(listen: ListenAction, load: LoadContext): Promise<void> {
    // Universal command grammars (builtin:universal/…) belong to no document: nothing to fetch.
    const docs = new Set(listen.grammars.filter((g) => !g.key.startsWith(UNIVERSAL_PREFIX)).map((g) => splitGrammarKey(g.key).doc));
    for (const uri of docs) {
      if (this.deps.loader.cached(uri, load) ?? this.deps.loader.lastKnown(uri, load)) continue;
      const result = await this.deps.loader.fetch(
        { kind: 'document', uri, method: 'get', enctype: 'application/x-www-form-urlencoded', purpose: 'goto', origin: { uri, loc: { line: 1, col: 1 } } },
        load,
      );
      if (!result.ok) load.logger.warn('grammar document unavailable on this instance', { uri, event: result.event, reason: result.message });
    }
  }

  /** The stored answer to `turn` (or the latest one when that turn is no longer kept), marked replayed. */
  private async replay(stored: StoredCall, turn: number): Promise<TurnResult> {
    const answer = (await this.deps.sessions.answer(stored.session.callId, turn)) ?? stored.last;
    if (answer) return { ...answer.result, replayed: true };
    return { callId: stored.session.callId, seq: stored.session.seq, actions: [{ kind: 'hangup', reason: 'end' }], ended: true, replayed: true, trace: [] };
  }

  private async translate(
    event: PlatformEvent,
    pending: ListenAction | undefined,
    rctx: Parameters<Recognizer['recognize']>[2],
  ): Promise<{ event: InterpreterEvent; recognition?: TurnResult['recognition'] }> {
    switch (event.kind) {
      case 'dtmf':
      case 'speech': {
        const input: RecognitionInput = event;
        let recognized: InterpreterEvent;
        try {
          recognized = await this.deps.recognizer.recognize(input, pending, rctx);
        } catch (e) {
          // A recognizer defect must not drop the call: the caller is simply not understood this time.
          rctx.load.logger.error('recognizer failed; treating the input as nomatch', { error: e instanceof Error ? e.stack ?? e.message : String(e) });
          recognized = { kind: 'nomatch', inputmode: input.kind === 'dtmf' ? 'dtmf' : 'voice', utterance: input.kind === 'dtmf' ? input.digits : input.text };
        }
        const recognition = recognized.kind === 'recognized' ? { result: recognized.result } : recognized.kind === 'nomatch' ? { nomatch: { utterance: recognized.utterance } } : undefined;
        return { event: recognized, recognition };
      }
      case 'nomatch':
        return { event: { kind: 'nomatch', inputmode: event.inputmode, utterance: event.utterance }, recognition: { nomatch: { utterance: event.utterance } } };
      case 'noinput':
        return { event: { kind: 'noinput' } };
      case 'recorded':
        return { event: { ...event, kind: 'recorded' } };
      case 'transfer.done':
        // A blind transfer the platform accepted ends the caller's leg: the interpreter throws
        // connection.disconnect.transfer for a blind wait whatever the result says.
        return { event: { kind: 'transferred', result: event.result === 'accepted' ? 'unknown' : event.result, durationMs: event.durationMs } };
      case 'hangup':
        return { event: { kind: 'hangup' } };
      case 'platform.error':
        return { event: { kind: 'platform.error', event: event.event, message: event.message } };
      case 'call.start':
        throw new Error('call.start is handled by start()');
    }
  }

  /**
   * The recognizer's view of the documents for one recognition or one listen's preparation: a fresh cached
   * copy, else the last compiled one. A graph found once is kept while it works (it asks once per grammar,
   * most of them in the same document); a miss is asked again.
   */
  private anyVersion(load: LoadContext): (uri: string) => DialogGraph | undefined {
    const found = new Map<string, DialogGraph>();
    return (uri) => {
      const known = found.get(uri);
      if (known) return known;
      const graph = this.deps.loader.cached(uri, load) ?? this.deps.loader.lastKnown(uri, load);
      if (graph) found.set(uri, graph);
      return graph;
    };
  }

  private async loadContext(callId: string, entry: string, logger: Logger): Promise<LoadContext> {
    const responseDocs = await this.deps.responses.recall(callId);
    return {
      callId,
      policy: this.policyFor(entry),
      deadline: performance.now() + this.deps.limits.turnTimeoutMs,
      responseDocs,
      logger,
      // Legacy app servers keep the caller's state in a cookie session; the jar lives beside the call's POST answers.
      cookies: CookieJar.fromJson(responseDocs.get(COOKIE_JAR_KEY)?.text),
    };
  }

  private policyFor(entry: string): OriginPolicy {
    const key = entry.split('#')[0];
    let policy = this.policies.get(key);
    if (!policy) {
      policy = new OriginPolicy(key, this.deps.allowedOrigins);
      if (this.policies.size > 1000) this.policies.clear();
      this.policies.set(key, policy);
    }
    return policy;
  }

  private async turn(
    session: SessionState | null,
    call: { callId: string; entry: string; channel: SessionState['channel'] },
    event: InterpreterEvent,
    recognition?: TurnResult['recognition'],
    preloaded?: LoadContext,
    started = performance.now(),
  ): Promise<TurnResult> {
    const seq = session?.seq ?? 0;
    const log = this.deps.logger.child(turnContext(session, call.callId));
    const load = preloaded ?? (await this.loadContext(call.callId, call.entry, log));
    const realm = this.deps.realms.forEntry(call.entry);
    const pinned = pinnedDocuments(session);
    const now = this.deps.clock.now();
    const fetched: FetchResult[] = [];
    // Answers are memoised for the turn: the interpreter re-steps the turn after each fetch and must see the
    // same cache answers every time, or its request positions would shift.
    const seen = new Map<string, DialogGraph | undefined>();
    const documents = (uri: string): DialogGraph | undefined => {
      if (seen.has(uri)) return seen.get(uri);
      const graph = this.deps.loader.cached(uri, load) ?? (pinned.has(uri.split('#')[0]) ? this.deps.loader.lastKnown(uri, load) : undefined);
      seen.set(uri, graph);
      return graph;
    };
    const scriptsSeen = new Map<string, { uri: string; text: string } | undefined>();
    const scripts: StepContext['scripts'] = (uri, directives) => {
      const key = `${directives.maxageS ?? ''} ${directives.maxstaleS ?? ''} ${uri}`;
      if (!scriptsSeen.has(key)) scriptsSeen.set(key, this.deps.loader.cachedScript(uri, load, directives));
      return scriptsSeen.get(key);
    };
    const ctx: StepContext = {
      documents,
      scripts,
      fetched,
      now,
      seed: seedFor(call.callId, seq),
      limits: { maxTransitionsPerTurn: this.deps.limits.maxTransitionsPerTurn, scriptTimeoutMs: this.deps.limits.scriptTimeoutMs },
      defaults: this.deps.defaults,
    };

    let outcome: StepOutcome;
    try {
      outcome = await this.runSteps(session, event, ctx, realm, load, log);
      // Saving and answering is the turn's last piece of work; a turn under way goes before new ones (loop-slices.ts).
      const wait = this.deps.slices?.pass('continuing');
      if (wait) await wait;
    } catch (e) {
      // An interpreter defect must not crash the gateway or leave the caller in silence: end the call politely.
      log.error('interpreter failed; ending the call', { error: e instanceof Error ? e.stack ?? e.message : String(e) });
      return this.finish(session, call, { status: 'done', session: endedSession(session, call, now), actions: [{ kind: 'hangup', reason: 'error' }], trace: [] }, recognition, log, started, realm, load, fetched.length, event);
    }
    return this.finish(session, call, outcome, recognition, log, started, realm, load, fetched.length, event);
  }

  /** Steps until the interpreter is done, servicing its requests (bounded by count and the turn deadline). */
  private async runSteps(session: SessionState | null, event: InterpreterEvent, ctx: StepContext, realm: Realm, load: LoadContext, log: Logger): Promise<Extract<StepOutcome, { status: 'done' }>> {
    for (;;) {
      const outcome = this.deps.step(session, event, ctx, realm);
      if (outcome.status === 'done') return outcome;
      const request = outcome.request;
      let result: FetchResult;
      if (ctx.fetched.length >= this.deps.limits.maxFetchesPerTurn) {
        result = { ok: false, event: 'error.badfetch', message: `more than ${this.deps.limits.maxFetchesPerTurn} fetches in one turn (MAX_FETCHES_PER_TURN); refused ${request.uri}` };
      } else if (performance.now() > load.deadline) {
        result = { ok: false, event: 'error.badfetch', message: `the turn exceeded its deadline of ${this.deps.limits.turnTimeoutMs} ms (TURN_TIMEOUT_MS); refused ${request.uri}` };
      } else {
        result = await this.deps.loader.fetch(request, load);
      }
      if (ctx.fetched.length > this.deps.limits.maxFetchesPerTurn * 2) throw new Error(`the interpreter kept requesting after ${ctx.fetched.length} refused fetches`);
      log.debug('serviced fetch', { kind: request.kind, uri: request.uri, ok: result.ok, at: `${request.origin.uri}:${request.origin.loc.line}` });
      ctx.fetched.push(result);
      // The step runs again with the answer: a boundary where other work may go first (loop-slices.ts).
      const wait = this.deps.slices?.pass('continuing');
      if (wait) await wait;
    }
  }

  private async finish(
    previous: SessionState | null,
    call: { callId: string; entry: string; channel: SessionState['channel'] },
    outcome: Extract<StepOutcome, { status: 'done' }>,
    recognition: TurnResult['recognition'],
    log: Logger,
    started: number,
    realm: Realm,
    load: LoadContext,
    fetches: number,
    input: InterpreterEvent,
  ): Promise<TurnResult> {
    const turn = previous?.seq ?? 0;
    const actions = await this.prepareActions(outcome.actions, realm, load);
    const last = actions[actions.length - 1];
    const ended = outcome.session.ended || last?.kind === 'hangup';
    const session: SessionState = {
      ...outcome.session,
      callId: call.callId,
      entry: outcome.session.entry || call.entry,
      channel: call.channel,
      seq: turn + 1,
      startedAt: previous?.startedAt ?? this.deps.clock.now(),
      updatedAt: this.deps.clock.now(),
      awaiting: awaitingAfter(actions, ended),
      ended,
    };
    const raw: TurnResult = { callId: call.callId, seq: session.seq, actions, ended, replayed: false, recognition, trace: outcome.trace };
    const { input: shownInput, result } = this.deps.redactor?.redactTurn(previous, input, raw) ?? { input, result: raw };
    const committed = await this.deps.sessions.commit({ session, last: { turn, result } }, previous ? previous.seq : null);
    if (committed === 'conflict') {
      const winner = await this.deps.sessions.answer(call.callId, turn);
      if (winner) {
        log.warn('turn already processed concurrently; returning its answer');
        return { ...winner.result, replayed: true };
      }
      throw new ConcurrentTurnError(call.callId, turn);
    }
    if (ended) await this.deps.responses.forget(call.callId);
    const where = describeTrace(outcome.trace);
    for (const t of result.trace) {
      if (t.kind === 'log') log.info(t.message, { at: `${t.uri}:${t.loc.line}`, label: t.label, vxmlLog: true });
      else if (t.kind === 'event' && t.event.startsWith('error.')) log.warn(t.event, { at: t.loc ? `${t.uri}:${t.loc.line}` : t.uri, reason: t.message });
    }
    const ms = performance.now() - started;
    this.deps.observer?.turn({
      callId: call.callId,
      channel: call.channel,
      ms,
      started: previous === null,
      ended,
      recognition: recognition?.result ? recognition.result.path : recognition?.nomatch ? 'nomatch' : undefined,
      events: outcome.trace.flatMap((t) => (t.kind === 'event' ? [t.event] : [])),
      detail: { entry: session.entry, input: shownInput, result },
    });
    log.info('turn', {
      ...where,
      ms: Math.round(ms * 10) / 10,
      actions: actions.map((a) => a.kind).join(','),
      recognition: recognition?.result ? recognition.result.path : recognition?.nomatch ? 'nomatch' : undefined,
      fetches,
      ended,
    });
    return result;
  }

  /** Lets the recognizer fill the listen action (hints, choices, digit bounds). */
  private async prepareActions(actions: PlatformAction[], realm: Realm, load: LoadContext): Promise<PlatformAction[]> {
    const out: PlatformAction[] = [];
    const documents = this.anyVersion(load);
    for (const action of actions) {
      if (action.kind !== 'listen') {
        out.push(action);
        continue;
      }
      try {
        out.push(await this.deps.recognizer.prepare(action, { load, realm, budgetMs: this.deps.limits.scriptTimeoutMs, now: this.deps.clock.now(), documents }));
      } catch (e) {
        // Hints and bounds are an optimisation: listen without them rather than fail the turn.
        load.logger.error('preparing the listen action failed', { error: e instanceof Error ? e.stack ?? e.message : String(e) });
        out.push(action);
      }
    }
    return out;
  }
}

/** Every log line of a turn names the call, the turn, and where the call stood when the turn began. */
function turnContext(session: SessionState | null, callId: string): LogContext {
  if (!session) return { callId, turn: 0 };
  return { callId, turn: session.seq, dialog: session.interp.exec?.dialog, at: session.interp.exec?.doc };
}

function pendingListen(stored: StoredCall): ListenAction | undefined {
  const actions = stored.last?.result.actions ?? [];
  const last = actions[actions.length - 1];
  return last?.kind === 'listen' ? last : undefined;
}

function endedSession(previous: SessionState | null, call: { callId: string; entry: string; channel: SessionState['channel'] }, now: number): SessionState {
  return {
    v: 1,
    callId: call.callId,
    channel: call.channel,
    seq: previous?.seq ?? 0,
    startedAt: previous?.startedAt ?? now,
    updatedAt: now,
    entry: call.entry,
    awaiting: 'none',
    ended: true,
    interp: previous?.interp ?? { v: 1, scopes: { v: 1 }, exec: { doc: call.entry, dialog: '', prompts: {}, events: {} }, stack: [], done: true },
  };
}

export type { TraceEntry };
