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
    /** 1, or the run of an event again after a lost race (its own earlier writes may already be stored). */
    readonly attempt = 1,
  ) {}

  /**
   * Writes the record if nobody else did since it was loaded. A lost race throws StaleCallState: the work stops
   * before it issues anything on an outdated view, and AcsCallController.withCall runs it again on the current
   * record (where the event may turn out to be a duplicate or stale — or still the one to act on, when the
   * other instance only noted an informational event).
   */
  async save(): Promise<boolean> {
    this.rec.updatedAt = this.deps.clock.now();
    const ok = await this.deps.store.update(this.rec, this.version, this.deps.ttlS);
    if (!ok) throw new StaleCallState(this.rec.id);
    this.version += 1;
    return true;
  }
}

/** The call's record changed elsewhere (another instance) since this event loaded it. */
export class StaleCallState extends Error {
  constructor(readonly id: string) {
    super(`acs: call ${id} changed elsewhere`);
    this.name = 'StaleCallState';
  }
}

/** SDK failures that mean the call no longer exists; CallDisconnected ends the session. */
export const GONE_SUBCODES = new Set([8501, 8522, 8528, 8543, 8585]);
/** How many platform errors may be fed back in a row before the adapter hangs up on its own. */
export const MAX_ERROR_CHAIN = 3;
