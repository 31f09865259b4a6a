/**
 * Everything about a call between two turns. JSON-serialisable and versioned: any gateway instance can
 * load it, run one turn and save it. `interp` belongs to the interpreter (documented in its module);
 * everything else is read by the runtime for idempotency, routing and expiry.
 */
import type { Channel } from './platform';

export const SESSION_VERSION = 1 as const;

export interface SessionState {
  v: typeof SESSION_VERSION;
  callId: string;
  channel: Channel;
  /** Completed turns; the store compares-and-sets on it so two instances never both advance a call. */
  seq: number;
  startedAt: number;
  updatedAt: number;
  /** Absolute URI of the application entry document; fetches are confined to its origin plus configured ones. */
  entry: string;
  /** What the call waits for after the last turn. */
  awaiting: 'input' | 'record' | 'transfer' | 'none';
  ended: boolean;
  /** Interpreter-owned state (FIA position, scopes, counters, subdialog stack). */
  interp: unknown;
}
