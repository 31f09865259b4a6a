/**
 * The pure VoiceXML interpreter: one caller turn = one `step`.
 * See contracts/interpreter.ts for the contract (fetch protocol, outcome shape).
 */
import type { InterpreterEvent, StepContext, StepOutcome } from '../../contracts/interpreter';
import type { SessionState } from '../../contracts/session';
import type { Realm } from '../ecmascript/api';

export type { InterpreterState } from '../../contracts/session';

export function step(session: SessionState | null, event: InterpreterEvent, ctx: StepContext, realm: Realm): StepOutcome {
  void session;
  void event;
  void ctx;
  void realm;
  throw new Error('interpreter: step is being built (helper D); signature is final');
}
