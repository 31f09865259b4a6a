/**
 * The ACS call state machine: CloudEvents in, runtime turns and SDK calls out.
 *
 * Correlation: every operation carries `<turn>:<op>` as operationContext and the call state remembers the
 * one pending step. An event is acted on only if it echoes that exact context; events of a superseded
 * step (stale), repeated deliveries (CloudEvent id seen) and events for another callConnectionId are
 * dropped. The step is written BEFORE its SDK call, so an event that overtakes the SDK response finds it.
 * Events of one call are serialised in-process (KeyedMutex) and across instances (compare-and-set on the
 * record, and the runtime's own `turn` check), so nothing advances a call twice.
 */
import type { PlatformEvent } from '../../contracts/platform';
import { KeyedMutex, UnknownCallError, type CallRuntime, type Clock, type Logger, type TurnResult } from './deps';
import type { AcsCallbackEvent, GridEvent } from './events';
import { canceledWithoutResult, elapsedSince, eventFitsStep, inputOf, recordedEvent, windowEnd, type RecordEnd } from './interpret';
import { classifyPlayFailure, classifyRecognizeFailure, transferFailureResult, type RecognizeFailure } from './outcomes';
import { cancelMedia, issueStep, removeTarget, restFailure, StepError, watchBridgeKeys, type OperationsDeps } from './operations';
import { hangupStep, planTurn, parseDestination, terminalStep, type PlanSettings } from './plan';
import { sourcesAfterFailure } from './play-sources';
import { operationContext, SEEN_LIMIT, type AcsCallStore, type PendingStep } from './state';
import type { AcsTimers } from './timers';
import { tonesToDigits } from './tones';
import { GONE_SUBCODES, MAX_ERROR_CHAIN, StaleCallState, Tx } from './tx';

export interface ControllerDeps {
  runtime: CallRuntime;
  store: AcsCallStore;
  ops: OperationsDeps;
  plan: PlanSettings;
  logger: Logger;
  clock: Clock;
  ttlS: number;
  recordFileWaitMs: number;
  timers: AcsTimers;
}

/** Runs of one event on fresh state before the instance gives up on it. */
const MAX_STALE_RETRIES = 5;

export class AcsCallController {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly deps: ControllerDeps) {}

  /**
   * Runs `work` on a call's record under its lock (false when there is no record). When another instance
   * wrote the record meanwhile, the work is run again on the current record (bounded): a runtime turn it
   * already ran is answered from the session store (`turn`), so nothing advances twice.
   */
  async withCall(id: string, work: (tx: Tx) => Promise<void>): Promise<boolean> {
    return this.mutex.run(id, async () => {
      for (let attempt = 1; ; attempt++) {
        const got = await this.deps.store.get(id);
        if (!got) return false;
        try {
          await work(new Tx(got.value, got.version, this.deps, attempt));
          return true;
        } catch (err: unknown) {
          if (!(err instanceof StaleCallState)) throw err;
          if (attempt >= MAX_STALE_RETRIES) {
            this.deps.logger.warn('acs: call state keeps changing elsewhere; this instance leaves the event to the other', { acsCall: id, attempts: attempt });
            return true;
          }
          this.deps.logger.debug('acs: call state changed elsewhere; running the event again on the current state', { acsCall: id, attempt });
        }
      }
    });
  }

  /** One CloudEvent of a call's callback batch. */
  async onCallback(id: string, ev: AcsCallbackEvent): Promise<void> {
    await this.withCall(id, async (tx) => {
      const rec = tx.rec;
      const log = this.deps.logger.child({ callId: rec.callConnectionId ?? ev.callConnectionId, acsCall: id, event: ev.type, context: ev.operationContext });
      // On a run again after a lost race the id may be there from this event's own first run; the pending
      // step's operationContext still tells a stale event from the one to act on.
      if (rec.seen.includes(ev.id) && tx.attempt === 1) return log.debug('acs: duplicate event dropped');
      if (ev.callConnectionId && rec.callConnectionId && ev.callConnectionId !== rec.callConnectionId) {
        return log.warn('acs: event for another callConnectionId dropped', { expected: rec.callConnectionId });
      }
      if (!rec.seen.includes(ev.id)) rec.seen = [...rec.seen, ev.id].slice(-SEEN_LIMIT);
      rec.callConnectionId ??= ev.callConnectionId;
      rec.serverCallId ??= ev.serverCallId;
      rec.correlationId ??= ev.correlationId;
      await this.dispatch(tx, ev, log);
    });
  }

  private async dispatch(tx: Tx, ev: AcsCallbackEvent, log: Logger): Promise<void> {
    const rec = tx.rec;
    switch (ev.type) {
      case 'CallConnected':
        return this.connected(tx, log);
      case 'CallDisconnected':
        return this.disconnected(tx, log);
      case 'RecordingStateChanged':
      case 'Other':
        log.debug('acs: informational event', { state: ev.type === 'RecordingStateChanged' ? ev.state : ev.name });
        await tx.save();
        return;
      case 'ParticipantsUpdated': {
        const t = rec.step?.transfer;
        // The far end left on its own (not removed by us for maxtime or at the caller's request).
        if (rec.step?.op === 'add' && t?.target && t.connectedAt !== undefined && !t.ending && !ev.participants.includes(t.target)) {
          await this.bridgeEnded(tx, rec.step, log);
          return this.advance(tx, { kind: 'transfer.done', result: 'far_end_disconnect', durationMs: this.elapsed(t.connectedAt, ev.time) }, log);
        }
        await tx.save();
        return;
      }
      default:
        break;
    }
    const step = rec.step;
    // ACS echoes the operationContext of the request that caused an event. An event without one (a sender that
    // leaves the optional field out) is taken for the pending step when it is the kind of event that step awaits.
    const echoes = step !== undefined && (ev.operationContext === step.context || (ev.operationContext === undefined && eventFitsStep(ev.type, step.op)));
    if (rec.status === 'ended' || !step || !echoes) {
      log.debug('acs: stale or unrelated event dropped', { pending: step?.context });
      await tx.save();
      return;
    }
    if (ev.operationContext === undefined) log.info('acs: event without operationContext taken for the pending step', { pending: step.context });
    switch (ev.type) {
      case 'PlayCompleted':
        return step.op === 'play' ? this.afterPlay(tx, step, log) : this.ignore(tx, log);
      case 'PlayFailed':
      case 'PlayCanceled':
        if (step.op !== 'play') return this.ignore(tx, log);
        return this.failed(tx, step, ev.type === 'PlayCanceled' ? { kind: 'canceled' } : classifyPlayFailure(ev.result ?? {}), ev.type === 'PlayFailed' ? ev.failedPlaySourceIndex : undefined, log);
      case 'RecognizeCompleted':
        // 400/8508 "the operation was canceled" is documented for RecognizeCompleted too: no input, reissue.
        if (canceledWithoutResult(ev)) {
          if (step.op === 'recwindow') return this.recordWindowEnded(tx, step, windowEnd(8508, step.record?.vad === true), undefined, log);
          if (step.op !== 'recognize') return this.ignore(tx, log);
          return this.failed(tx, step, { kind: 'canceled' }, undefined, log);
        }
        if (step.op === 'recwindow') {
          const keys = ev.tones ? tonesToDigits(ev.tones).digits : '';
          return this.recordWindowEnded(tx, step, keys ? 'dtmf' : 'silence', keys, log);
        }
        if (step.op !== 'recognize') return this.ignore(tx, log);
        {
          const { event, unknownTones } = inputOf(ev, step.listen?.action);
          if (unknownTones.length > 0) log.warn('acs: unknown DTMF tone names ignored', { tones: unknownTones });
          return this.advance(tx, event, log);
        }
      case 'RecognizeFailed':
      case 'RecognizeCanceled':
        if (step.op === 'recwindow') return this.recordWindowEnded(tx, step, windowEnd(ev.type === 'RecognizeFailed' ? ev.result?.subCode : 8508, step.record?.vad === true), undefined, log);
        if (step.op !== 'recognize') return this.ignore(tx, log);
        return this.failed(tx, step, ev.type === 'RecognizeCanceled' ? { kind: 'canceled' } : classifyRecognizeFailure(ev.result ?? {}, step.listen?.action.modes ?? []), ev.type === 'RecognizeFailed' ? ev.failedPlaySourceIndex : undefined, log);
      case 'CallTransferAccepted':
        if (step.op !== 'transfer') return this.ignore(tx, log);
        rec.status = 'transferred';
        return this.advance(tx, { kind: 'transfer.done', result: 'accepted' }, log);
      case 'CallTransferFailed':
      case 'AddParticipantFailed':
        if (step.op !== (ev.type === 'CallTransferFailed' ? 'transfer' : 'add')) return this.ignore(tx, log);
        return this.advance(tx, { kind: 'transfer.done', result: transferFailureResult(ev.result ?? {}) }, log);
      case 'AddParticipantSucceeded':
        if (step.op !== 'add' || !step.transfer || step.transfer.connectedAt !== undefined) return this.ignore(tx, log);
        step.transfer.connectedAt = ev.time ? Date.parse(ev.time) || this.deps.clock.now() : this.deps.clock.now();
        if (!(await tx.save())) return;
        if (step.transfer.maxMs > 0) this.arm(rec.id, step.transfer.maxMs, () => this.endBridge(rec.id, step.context, 'maxtime'));
        await watchBridgeKeys(this.deps.ops, rec, step, true).catch((err: unknown) => log.warn('acs: cannot watch the caller keys during the bridge', { error: restFailure(err).message }));
        return;
      case 'ContinuousDtmfRecognitionToneReceived':
        if (step.op !== 'add' || step.transfer?.connectedAt === undefined || step.transfer.ending) return this.ignore(tx, log);
        await tx.save();
        // * ends the outgoing leg and returns the caller to the application (near_end_disconnect).
        if (ev.tone?.toLowerCase() === 'asterisk') await this.removeBridged(tx, step, 'caller', log);
        return;
      case 'RemoveParticipantSucceeded':
        if (step.op !== 'add' || !step.transfer?.connectedAt || !step.transfer.ending) return this.ignore(tx, log);
        await this.bridgeEnded(tx, step, log);
        return this.advance(tx, { kind: 'transfer.done', result: step.transfer.ending === 'caller' ? 'near_end_disconnect' : 'maxtime_disconnect', durationMs: this.elapsed(step.transfer.connectedAt, ev.time) }, log);
      case 'RemoveParticipantFailed':
        return this.ignore(tx, log);
    }
  }

  private async ignore(tx: Tx, log: Logger): Promise<void> {
    log.debug('acs: event does not apply to the pending step', { pending: tx.rec.step?.op });
    await tx.save();
  }

  private elapsed(from: number, time: string | undefined): number {
    return elapsedSince(from, time, this.deps.clock.now());
  }

  private async failed(tx: Tx, step: PendingStep, failure: RecognizeFailure, failedIndex: number | undefined, log: Logger): Promise<void> {
    switch (failure.kind) {
      case 'event':
        return this.advance(tx, failure.event, log);
      case 'call-gone':
        log.info('acs: operation failed because the call is gone');
        await tx.save();
        return;
      case 'prompt-failed': {
        // VoiceXML <audio>: a file that cannot be played is replaced by its alternate content.
        const rest = sourcesAfterFailure(step.sources ?? [], failedIndex);
        log.info('acs: prompt could not be played; continuing with the fallback content', { index: failedIndex });
        if (step.op === 'play' && rest.length === 0) return this.afterPlay(tx, step, log);
        return this.begin(tx, { ...step, sources: rest, attempt: step.attempt + 1, context: operationContext(step.turn, step.op, step.attempt + 1) }, log, 0);
      }
      case 'canceled':
        if (step.attempt >= 2) return this.advance(tx, { kind: 'platform.error', event: 'error.noresource', message: `ACS canceled the ${step.op} repeatedly` }, log);
        log.info('acs: media operation canceled by the platform; reissuing it');
        return this.begin(tx, { ...step, attempt: step.attempt + 1, context: operationContext(step.turn, step.op, step.attempt + 1) }, log, 0);
    }
  }

  private async afterPlay(tx: Tx, step: PendingStep, log: Logger): Promise<void> {
    const next = step.then ? terminalStep(step.turn, step.then, [], step.promptTimeouts ?? []) : undefined;
    if (!next) {
      tx.rec.step = undefined;
      log.warn('acs: prompts played and the turn asked for nothing else; waiting for the caller to hang up');
      await tx.save();
      return;
    }
    return this.begin(tx, next, log, 0);
  }

  private async connected(tx: Tx, log: Logger): Promise<void> {
    const rec = tx.rec;
    // Run again after a lost race, this event's own first run may have marked the call started without issuing
    // its first step: start again (the runtime answers a started call with its stored first turn).
    const resumed = tx.attempt > 1 && rec.started && rec.status === 'connected' && rec.step === undefined;
    if ((rec.started && !resumed) || rec.status === 'ended') {
      await tx.save();
      return;
    }
    rec.status = 'connected';
    rec.started = true;
    if (!(await tx.save())) return;
    if (!rec.callConnectionId) return log.error('acs: CallConnected without callConnectionId');
    let result: TurnResult;
    try {
      result = await this.deps.runtime.start({
        callId: rec.callConnectionId,
        channel: 'acs',
        entry: rec.entry,
        ...(rec.from ? { from: rec.from } : {}),
        ...(rec.to ? { to: rec.to } : {}),
        extra: Object.fromEntries(Object.entries({ serverCallId: rec.serverCallId, correlationId: rec.correlationId }).filter((e): e is [string, string] => typeof e[1] === 'string')),
      });
    } catch (err) {
      log.error('acs: the application could not start; hanging up', { error: err instanceof Error ? err.message : String(err) });
      return this.begin(tx, hangupStep(rec.turn), log, MAX_ERROR_CHAIN);
    }
    return this.execute(tx, result, log, 0);
  }

  private async disconnected(tx: Tx, log: Logger): Promise<void> {
    const rec = tx.rec;
    const feed = rec.started && !rec.sessionEnded && rec.callConnectionId;
    rec.status = 'ended';
    rec.sessionEnded = true;
    rec.step = undefined;
    this.disarm(rec.id);
    if (!(await tx.save()) || !feed || !rec.callConnectionId) return;
    try {
      const r = await this.deps.runtime.handle(rec.callConnectionId, { kind: 'hangup' }, { turn: rec.turn });
      log.info('acs: caller hung up; application finished its disconnect handling', { ended: r.ended, actionsDropped: r.actions.length });
    } catch (err) {
      if (!(err instanceof UnknownCallError)) throw err;
    }
  }

  /** Feeds one event of the pending step to the runtime and executes the answer. */
  private async advance(tx: Tx, event: PlatformEvent, log: Logger, chain = 0): Promise<void> {
    const rec = tx.rec;
    this.disarm(rec.id);
    const turn = rec.step?.turn ?? rec.turn;
    rec.step = undefined;
    if (!rec.callConnectionId) return log.error('acs: cannot advance a call without callConnectionId');
    if (rec.sessionEnded) {
      // The application already finished (its last prompts failed to play, say): only the hang-up is left.
      log.info('acs: the VoiceXML session already ended; finishing the call', { input: event.kind });
      return this.begin(tx, hangupStep(turn), log, MAX_ERROR_CHAIN);
    }
    let result: TurnResult;
    try {
      result = await this.deps.runtime.handle(rec.callConnectionId, event, { turn });
    } catch (err) {
      if (!(err instanceof UnknownCallError)) throw err;
      log.warn('acs: the runtime no longer knows this call; hanging up');
      rec.sessionEnded = true;
      return this.begin(tx, hangupStep(turn), log, MAX_ERROR_CHAIN);
    }
    log.info('acs: turn', { input: event.kind, turn, seq: result.seq, replayed: result.replayed, actions: result.actions.map((a) => a.kind) });
    return this.execute(tx, result, log, chain);
  }

  private async execute(tx: Tx, result: TurnResult, log: Logger, chain: number): Promise<void> {
    const rec = tx.rec;
    if (result.replayed && result.seq <= rec.turn) {
      log.debug('acs: the runtime replayed a turn already executed here');
      await tx.save();
      return;
    }
    rec.turn = result.seq;
    if (result.ended) rec.sessionEnded = true;
    if (rec.status === 'transferred' || rec.status === 'ended') {
      // Our leg has left the call (blind transfer accepted, caller gone): nothing can be played any more.
      rec.step = undefined;
      log.info('acs: the call has left ACS; dropping the actions of the disconnect handling', { actions: result.actions.map((a) => a.kind) });
      await tx.save();
      return;
    }
    const step = planTurn(result.seq, result.actions, result.ended, this.deps.plan);
    if (!step) {
      rec.step = undefined;
      log.warn('acs: the turn asked for nothing; waiting');
      await tx.save();
      return;
    }
    return this.begin(tx, step, log, chain);
  }

  /** Writes the step, then issues its SDK call; an SDK failure goes back to the application as an event. */
  private async begin(tx: Tx, step: PendingStep, log: Logger, chain: number): Promise<void> {
    const rec = tx.rec;
    if (step.transfer) {
      const dest = parseDestination(step.transfer.dest);
      if (dest.ok) step.transfer.target = dest.rawId;
    }
    rec.step = step;
    if (!(await tx.save())) return;
    try {
      const learned = await issueStep(this.deps.ops, rec, step);
      if (step.op === 'hangup') {
        rec.status = 'ended';
        rec.sessionEnded = true;
        rec.step = undefined;
        await tx.save();
      } else if (step.op === 'record') {
        step.record = { ...step.record!, recordingId: learned.recordingId, startedAt: this.deps.clock.now(), vad: this.deps.ops.config.cognitiveServicesEndpoint !== undefined };
        if (rec.serverCallId) await this.deps.store.link('serverCall', rec.serverCallId, rec.id, this.deps.ttlS);
        // The file notification names the recording (data.recordingId, or the subject in older payloads).
        if (learned.recordingId) await this.deps.store.link('recording', learned.recordingId, rec.id, this.deps.ttlS);
        return this.begin(tx, { ...step, op: 'recwindow', context: operationContext(step.turn, 'recwindow', 0), attempt: 0 }, log, chain);
      } else if (step.op === 'recwindow' && step.record?.vad) {
        // Speech recognition cannot time maxtime: the adapter ends the window itself.
        this.arm(rec.id, Math.max(1000, step.record.maxMs), () => this.recordMaxtime(rec.id, step.context));
      } else if (step.op === 'recfile') {
        // The caller never spoke: the recording is discarded and the application gets noinput at once.
        if (step.record?.endedBy === 'noinput') return this.advance(tx, { kind: 'noinput' }, log, chain);
        this.arm(rec.id, this.deps.recordFileWaitMs, () => this.recordFileMissing(rec.id, step.context));
      }
    } catch (err) {
      return this.stepFailed(tx, step, err, log, chain);
    }
  }

  private async stepFailed(tx: Tx, step: PendingStep, err: unknown, log: Logger, chain: number): Promise<void> {
    const f = restFailure(err);
    if (step.op === 'hangup' || f.status === 404 || (f.subCode !== undefined && GONE_SUBCODES.has(f.subCode))) {
      log.info('acs: the call is gone; waiting for CallDisconnected', { op: step.op, status: f.status, error: f.message });
      tx.rec.step = undefined;
      await tx.save();
      return;
    }
    const event = err instanceof StepError ? err.event : 'error.noresource';
    log.error('acs: ACS refused an operation', { op: step.op, status: f.status, error: f.message, event });
    if (chain >= MAX_ERROR_CHAIN) {
      return this.begin(tx, hangupStep(step.turn), log, chain + 1);
    }
    return this.advance(tx, { kind: 'platform.error', event, message: f.message }, log, chain + 1);
  }

  // ------------------------------------------------------------------------------------ record
  //
  // GAP (for the assessment): ACS has no single-utterance recording. <record> is emulated with CALL
  // recording started at the record window and stopped when a recognize watching the window ends it
  // (speech end = finalsilence, a key = dtmfterm, no speech within `timeout` = noinput, our timer = maxtime).
  // The file holds all audio of the window (not the caller's channel alone), arrives later through Event
  // Grid (RecordingFileStatusUpdated), and its contentLocation needs ACS credentials to download.
  // ACS_RECORD_MODE=unsupported makes <record> throw error.unsupported.record instead. See docs/acs.md §5.


  private async recordWindowEnded(tx: Tx, step: PendingStep, endedBy: RecordEnd, digits: string | undefined, log: Logger): Promise<void> {
    this.disarm(tx.rec.id);
    const record = { ...step.record!, endedBy, ...(digits ? { termchar: digits.slice(-1) } : {}) };
    log.info('acs: record window ended', { endedBy });
    return this.begin(tx, { ...step, op: 'recfile', context: operationContext(step.turn, 'recfile', 0), attempt: 0, record }, log, 0);
  }

  /** Event Grid RecordingFileStatusUpdated for a call whose record window ended. */
  async onRecordingFile(ev: Extract<GridEvent, { type: 'RecordingFileStatusUpdated' }>): Promise<void> {
    const id =
      (ev.recordingId ? await this.deps.store.resolve('recording', ev.recordingId) : undefined) ??
      (ev.serverCallId ? await this.deps.store.resolve('serverCall', ev.serverCallId) : undefined);
    if (!id) return this.deps.logger.info('acs: recording file for a call this gateway did not record', { serverCallId: ev.serverCallId });
    await this.withCall(id, async (tx) => {
      const log = this.deps.logger.child({ callId: tx.rec.callConnectionId, acsCall: id, event: 'RecordingFileStatusUpdated' });
      const step = tx.rec.step;
      if (tx.rec.seen.includes(ev.id) || step?.op !== 'recfile' || !step.record) return log.debug('acs: recording file not awaited (stale or duplicate)');
      tx.rec.seen = [...tx.rec.seen, ev.id].slice(-SEEN_LIMIT);
      const r = step.record;
      const durationMs = ev.durationMs ?? (r.startedAt !== undefined ? this.deps.clock.now() - r.startedAt : 0);
      return this.advance(tx, recordedEvent(r, ev.contentLocation, durationMs), log);
    });
  }

  private async recordFileMissing(id: string, context: string): Promise<void> {
    await this.withCall(id, async (tx) => {
      if (tx.rec.step?.context !== context) return;
      const log = this.deps.logger.child({ callId: tx.rec.callConnectionId, acsCall: id });
      log.error('acs: the recording file was not delivered in time');
      return this.advance(tx, { kind: 'platform.error', event: 'error.noresource', message: 'ACS did not deliver the recording file in time' }, log);
    });
  }

  private async recordMaxtime(id: string, context: string): Promise<void> {
    await this.withCall(id, async (tx) => {
      if (tx.rec.step?.context !== context || tx.rec.step.op !== 'recwindow') return;
      // RecognizeCanceled follows and ends the window as maxtime.
      await cancelMedia(this.deps.ops, tx.rec);
    });
  }

  /** The bridge's maxtime passed: the gateway removes the far party (RemoveParticipantSucceeded follows). */
  private async endBridge(id: string, context: string, why: 'maxtime' | 'caller'): Promise<void> {
    await this.withCall(id, async (tx) => {
      const step = tx.rec.step;
      if (step?.context !== context || step.op !== 'add' || step.transfer?.ending) return;
      await this.removeBridged(tx, step, why, this.deps.logger.child({ callId: tx.rec.callConnectionId, acsCall: id }));
    });
  }

  private async removeBridged(tx: Tx, step: PendingStep, why: 'maxtime' | 'caller', log: Logger): Promise<void> {
    if (!step.transfer) return;
    step.transfer.ending = why;
    if (!(await tx.save())) return;
    log.info('acs: ending the bridged leg', { why });
    await removeTarget(this.deps.ops, tx.rec, step);
  }

  /** The bridge is over: stop its timer and the key watch (best effort: the call may be gone). */
  private async bridgeEnded(tx: Tx, step: PendingStep, log: Logger): Promise<void> {
    this.disarm(tx.rec.id);
    await watchBridgeKeys(this.deps.ops, tx.rec, step, false).catch((err: unknown) => log.debug('acs: stopping the key watch failed', { error: restFailure(err).message }));
  }

  // ------------------------------------------------------------------------------------ timers

  /** One timer per call (a step waits on at most one); see timers.ts for why they are best effort. */
  private arm(id: string, ms: number, fire: () => Promise<void>): void {
    this.deps.timers.set(id, ms, () => {
      fire().catch((err: unknown) => this.deps.logger.error('acs: timer failed', { acsCall: id, error: err instanceof Error ? err.message : String(err) }));
    });
  }

  private disarm(id: string): void {
    this.deps.timers.clear(id);
  }

  close(): void {
    this.deps.timers.clearAll();
  }
}
