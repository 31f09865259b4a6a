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

/** What the caller observed between two caller steps. */
export interface CallObservation {
  /** Prompt texts in the order heard (audio files as `[audio <url>]` unless their fallback text was played). */
  heard: string[];
  /** Transfers the application asked for, in order. */
  transfers: { dest: string; type: 'blind' | 'bridge' | 'consultation' }[];
  /** The application (or the caller) ended the call. */
  ended: boolean;
  /** What the call waits for now. */
  awaiting: 'input' | 'record' | 'transfer' | 'none';
}

/** A placed call, driven step by step; every method returns once the platform waits for the caller again. */
export interface ReplayCallHandle {
  dtmf(digits: string): Promise<CallObservation>;
  say(text: string, confidence: number): Promise<CallObservation>;
  silence(): Promise<CallObservation>;
  hangup(): Promise<CallObservation>;
  transferResult(result: TransferResult): Promise<CallObservation>;
  record(seconds: number, dtmf?: string): Promise<CallObservation>;
  close(): Promise<void>;
}

/** One platform (sim, twilio, acs) as seen by the replay runner. */
export interface ReplayDriver {
  readonly channel: 'sim' | 'twilio' | 'acs';
  /** Places a call to `app` (absolute URI) and runs until it first waits for the caller or ends. */
  start(call: { app: string; from?: string; to?: string }): Promise<{ call: ReplayCallHandle; observed: CallObservation }>;
  close(): Promise<void>;
}
