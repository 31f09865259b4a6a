/**
 * A replay script: one recorded caller transaction, replayed against the gateway on any channel.
 * YAML or JSON. Each step has exactly one key. Text comparison ignores case, punctuation and runs of whitespace.
 */
import type { TransferResult } from './platform';

export interface ReplayScript {
  name: string;
  /** Entry document: http(s) URL, or a path relative to the script file. May carry #dialog. */
  app: string;
  /** Feeds session.connection.remote/local (and platform equivalents). */
  caller?: { from?: string; to?: string };
  steps: ReplayStep[];
}

export interface Expectation {
  /** Heard since the previous caller step contains this text. */
  heard?: string;
  /** Heard since the previous caller step does not contain this text. */
  notHeard?: string;
  /** Heard since the previous caller step matches this regular expression (case-insensitive). */
  regex?: string;
  /** The application asked to transfer to this destination. */
  transfer?: string;
  /** The application ended the call by now. */
  hangup?: boolean;
}

export type ReplayStep =
  | { expect: string | Expectation }
  | { dtmf: string }
  | { say: string | { text: string; confidence?: number } }
  | { silence: true }
  | { hangup: true }
  | { transferResult: TransferResult }
  | { record: { seconds: number; dtmf?: string } };
