/**
 * What the interpreter does next within a turn. The driver (machine.ts) loops over these until the call
 * waits for the platform (listen/record/transfer) or ends (hangup).
 */
import type { RecognitionResult } from '../../contracts/grammar';
import type { InterpreterEvent } from '../../contracts/interpreter';
import type { PlatformAction } from '../../contracts/platform';
import type { Flow } from './flow';

/** Where an event is handled: at a form item (its catches first) or, without one, at the dialog. */
export interface At {
  item?: string;
}

export type Next =
  /** One FIA iteration in the current form, or the collect phase of the current menu. */
  | { kind: 'select' }
  /** Executable content ended with `flow` while running at `at`. */
  | { kind: 'flow'; flow: Flow; at: At }
  /** Enter a dialog of the current document (initialization phase), optionally with input to process. */
  | { kind: 'enter'; dialog: string; carry?: RecognitionResult; params?: Record<string, unknown> }
  /** Platform input for what the last turn waited for. */
  | { kind: 'input'; event: InterpreterEvent }
  /** The turn ends with this action (listen/record/transfer/hangup). */
  | { kind: 'stop'; action: PlatformAction };

export const SELECT: Next = { kind: 'select' };

export function hangup(reason: 'exit' | 'disconnect' | 'end' | 'error'): Next {
  return { kind: 'stop', action: { kind: 'hangup', reason } };
}
