/**
 * Expectation matching of replay scripts: text comparison ignores case, punctuation and runs of whitespace;
 * `regex` is case-insensitive over the heard text as spoken; `transfer` compares destinations without the
 * `tel:` scheme and phone punctuation; `hangup` means the call has ended.
 */
import type { CallObservation, Expectation } from '../../contracts/replay';

/** Lower case, punctuation → space, runs of whitespace → one space. Letters and digits of every script stay. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function normalizeDestination(dest: string): string {
  return dest
    .trim()
    .toLowerCase()
    .replace(/^tel:/, '')
    .replace(/[\s().-]/g, '');
}

/** What the caller has observed so far, as the runner accumulates it. */
export interface ObservedSoFar {
  /** Prompts heard since the previous caller step. */
  heard: string[];
  /** Transfers requested since the call started. */
  transfers: CallObservation['transfers'];
  ended: boolean;
}

export interface ExpectationFailure {
  expected: string;
  heard: string;
}

export function heardText(observed: ObservedSoFar): string {
  return observed.heard.join(' | ');
}

/** Checks one `expect` step; undefined when it holds. */
export function checkExpectation(expect: string | Expectation, observed: ObservedSoFar): ExpectationFailure | undefined {
  const e: Expectation = typeof expect === 'string' ? { heard: expect } : expect;
  const said = heardText(observed);
  const normalized = normalizeText(observed.heard.join(' '));
  const fail = (expected: string, heard = said || '(nothing)'): ExpectationFailure => ({ expected, heard });
  if (e.heard !== undefined && !normalized.includes(normalizeText(e.heard))) return fail(`heard "${e.heard}"`);
  if (e.notHeard !== undefined && normalized.includes(normalizeText(e.notHeard))) return fail(`not to hear "${e.notHeard}"`);
  if (e.regex !== undefined && !new RegExp(e.regex, 'i').test(observed.heard.join(' '))) return fail(`heard text matching /${e.regex}/i`);
  if (e.transfer !== undefined) {
    const wanted = normalizeDestination(e.transfer);
    if (!observed.transfers.some((t) => normalizeDestination(t.dest) === wanted)) {
      const asked = observed.transfers.length ? observed.transfers.map((t) => `${t.type} transfer to ${t.dest}`).join(', ') : 'no transfer';
      return fail(`a transfer to ${e.transfer}`, asked);
    }
  }
  if (e.hangup === true && !observed.ended) return fail('the call to have ended', `${said || '(nothing)'} — and the call is still up`);
  return undefined;
}
