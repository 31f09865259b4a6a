/**
 * A replayed caller on the fake ACS: each step acts on the call (keys, speech, silence, hang-up, transfer
 * outcome, a recorded message) and returns once the gateway waits for the caller again — every event post
 * answered and ACS collecting input, awaiting a transfer outcome, or the call ended. A gateway that asks
 * for nothing further settles as `awaiting: 'none'` after a short quiet period.
 */
import type { TransferResult } from '../../../contracts/platform';
import type { CallObservation, ReplayCallHandle } from '../../../contracts/replay';
import type { FakeAcs } from './fake-acs';
import type { FakeCall } from './fake-call';

export class AcsSimCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcsSimCallError';
  }
}

export interface SettleOptions {
  /** No operation pending and nothing in flight for this long → the gateway asked for nothing more. */
  idleMs: number;
  /** A step that does not settle in time fails with the requests seen so far. */
  timeoutMs: number;
}

export class AcsSimCall implements ReplayCallHandle {
  private transfersSeen = 0;
  private awaitingRemoval = false;

  constructor(
    private readonly acs: FakeAcs,
    readonly call: FakeCall,
    private readonly settle: SettleOptions,
    /** Lets the gateway's pending timers run out (simulated time); absent for external gateways. */
    private readonly passTime?: () => void,
  ) {}

  private awaiting(): CallObservation['awaiting'] {
    if (this.call.status === 'disconnected') return 'none';
    if (this.call.transfer) return 'transfer';
    if (this.call.input) return this.call.recording?.active ? 'record' : 'input';
    return 'none';
  }

  private observation(): CallObservation {
    const transfers = this.call.transfers.slice(this.transfersSeen);
    this.transfersSeen = this.call.transfers.length;
    const heard = this.call.heard;
    this.call.heard = [];
    return { heard, transfers, ended: this.call.status === 'disconnected', awaiting: this.awaiting() };
  }

  /** Waits until the gateway waits for the caller (or ended), then reports what the caller observed. */
  private async settled(): Promise<CallObservation> {
    const started = Date.now();
    let idleSince: number | undefined;
    for (;;) {
      const quiet = this.acs.inflight === 0;
      const waiting = this.call.status === 'disconnected' || this.call.input !== undefined || this.call.transfer !== undefined;
      if (quiet && waiting && !(this.awaitingRemoval && this.call.bridged)) return this.observation();
      const idle = quiet && !this.call.bridged;
      if (idle) idleSince ??= Date.now();
      else idleSince = undefined;
      if (idleSince !== undefined && Date.now() - idleSince >= this.settle.idleMs) return this.observation();
      if (Date.now() - started > this.settle.timeoutMs) {
        const last = this.acs.requests.slice(-3).map((r) => `${r.method} ${r.path}`).join(', ');
        throw new AcsSimCallError(`the gateway did not settle within ${this.settle.timeoutMs} ms (last ACS requests: ${last || 'none'})`);
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          this.acs.off('change', done);
          resolve();
        };
        const t = setTimeout(done, 20);
        this.acs.on('change', done);
      });
    }
  }

  /** Rings the gateway (asking for `app` when given) and returns what the caller hears until it first waits. */
  async place(opts: { app?: string } = {}): Promise<CallObservation> {
    await this.acs.ring(this.call, opts);
    return this.settled();
  }

  private require(what: CallObservation['awaiting'][], step: string): void {
    const now = this.awaiting();
    if (this.call.status === 'disconnected') throw new AcsSimCallError(`the call already ended; cannot send ${step}`);
    if (!what.includes(now)) throw new AcsSimCallError(`the application is not waiting for ${what.join(' or ')} (ACS waits for ${now}); cannot send ${step}`);
  }

  async dtmf(digits: string): Promise<CallObservation> {
    this.require(['input'], 'dtmf');
    this.call.heard = [];
    await this.call.pressKeys(digits);
    return this.settled();
  }

  async say(text: string, confidence: number): Promise<CallObservation> {
    this.require(['input'], 'say');
    this.call.heard = [];
    await this.call.speak(text, confidence);
    return this.settled();
  }

  async silence(): Promise<CallObservation> {
    this.require(['input', 'record'], 'silence');
    this.call.heard = [];
    await this.call.silence();
    return this.settled();
  }

  async hangup(): Promise<CallObservation> {
    if (this.call.status === 'disconnected') throw new AcsSimCallError('the call already ended; cannot hang up');
    this.call.heard = [];
    await this.call.hangUp();
    return this.settled();
  }

  async transferResult(result: TransferResult): Promise<CallObservation> {
    this.require(['transfer'], 'transferResult');
    this.call.heard = [];
    this.awaitingRemoval = (await this.call.transferOutcome(result)) === 'awaiting-removal';
    // The bridge lasts until the transfer's maxtime: let that time pass instead of waiting for it.
    if (this.awaitingRemoval) this.passTime?.();
    try {
      return await this.settled();
    } finally {
      this.awaitingRemoval = false;
    }
  }

  async record(seconds: number, dtmf?: string): Promise<CallObservation> {
    this.require(['record'], 'record');
    this.call.heard = [];
    await this.call.record(seconds, dtmf);
    return this.settled();
  }

  async close(): Promise<void> {
    if (this.call.status === 'connected') {
      await this.call.hangUp();
      await this.settled();
    }
  }
}
