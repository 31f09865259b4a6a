import type { Loc } from './source';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about a document, printed as `uri:line:col severity code message`.
 * `code` is stable (tests and suppressions refer to it); `message` says what is wrong and what to do.
 */
export interface Diagnostic extends Loc {
  uri: string;
  severity: Severity;
  code: string;
  message: string;
}
