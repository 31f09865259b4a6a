/**
 * One call's record loaded for an event, and the compare-and-set write that makes a step visible to every
 * gateway instance (a lost race means another instance moved the call on: this one stops).
 */
import type { Clock, Logger } from './deps';
import type { AcsCallRecord, AcsCallStore } from './state';

export interface TxDeps {
  store: AcsCallStore;
  logger: Logger;
  clock: Clock;
  ttlS: number;
}

export class Tx {
  constructor(
    readonly rec: AcsCallRecord,
    private version: number,
    private readonly deps: TxDeps,
  ) {}

  async save(): Promise<boolean> {
    this.rec.updatedAt = this.deps.clock.now();
    const ok = await this.deps.store.update(this.rec, this.version, this.deps.ttlS);
    if (ok) this.version += 1;
    else this.deps.logger.warn('acs: call state changed elsewhere; this instance stops here', { callId: this.rec.callConnectionId, acsCall: this.rec.id });
    return ok;
  }
}

/** SDK failures that mean the call no longer exists; CallDisconnected ends the session. */
export const GONE_SUBCODES = new Set([8501, 8522, 8528, 8543, 8585]);
/** How many platform errors may be fed back in a row before the adapter hangs up on its own. */
export const MAX_ERROR_CHAIN = 3;
