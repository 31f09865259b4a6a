/**
 * Redaction of what callers key in or say to sensitive fields (PIN, card number, CVV, SSN, password…), in ONE
 * place for the whole gateway:
 *
 *  - `redactTurn` runs at the runtime's output boundary (DefaultCallRuntime.finish): the answer every consumer
 *    sees — the stored answer, adapters, turn observers (metrics, the web console's live feed), the replay and
 *    call transcripts, `<log>` lines — carries `[redacted]` instead of the input to a sensitive field. The
 *    interpreter itself still received the real input (the application must be able to submit it).
 *  - `redactText` / `redactValue` back the logger's format: values under sensitive keys, sensitive query
 *    parameters in URLs (`?card_number=…` of a GET submit) and card-number-like digit runs (Luhn) are masked
 *    in every log line, whoever wrote it.
 *
 * A field is sensitive when its name contains one of the configured words as a word part (`pin`, `user_pin`,
 * `cardNumber`, `creditcard`, `cvv2`; not `shipping` or `opinion`), or is listed by name in configuration.
 */
import type { InterpreterEvent, TraceEntry } from '../../contracts/interpreter';
import type { SessionState } from '../../contracts/session';
import type { TurnResult } from './api';

export const REDACTED = '[redacted]';

export { DEFAULT_SENSITIVE_WORDS } from '../config';

export interface RedactionOptions {
  /** Word parts (see above). */
  words: readonly string[];
  /** Exact field names marked sensitive in configuration (SENSITIVE_FIELDS). */
  fields: readonly string[];
}

/** `cardNumber2` → ['card', 'number', '2']; `user_pin` → ['user', 'pin']. */
function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/)
    .filter((p) => p.length > 0)
    .map((p) => p.toLowerCase());
}

/** Luhn check of a digit string (payment card numbers). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * 13–19 digits, maybe grouped by spaces or dashes; not the fraction of a decimal number, and not a run inside
 * a word: platform identifiers (Twilio CallSids are "CA" and 32 hex digits, ACS ids are GUIDs) often hold a
 * Luhn-valid run of decimal digits, and masking it broke the call ids that tie log lines together.
 */
const CARD_LIKE = /(?<![0-9A-Za-z.])[0-9](?:[ -]?[0-9]){12,18}(?![0-9A-Za-z])/g;

export class Redactor {
  private readonly words: string[];
  private readonly fields: Set<string>;
  private readonly queryParam: RegExp;
  private readonly cache = new Map<string, boolean>();

  constructor(opts: RedactionOptions) {
    this.words = opts.words.map((w) => w.toLowerCase()).filter((w) => w.length > 0);
    this.fields = new Set(opts.fields);
    // name=value pairs of URL queries and form bodies; the name is checked by isSensitive.
    this.queryParam = /([?&;]|^|\s)([A-Za-z_][\w.-]*)=([^&#\s"']*)/g;
  }

  /** Whether input collected by a field (or a variable, parameter, log key) of this name must be hidden. */
  isSensitive(name: string): boolean {
    const known = this.cache.get(name);
    if (known !== undefined) return known;
    let verdict = this.fields.has(name);
    if (!verdict) {
      for (const part of nameParts(name)) {
        if (this.words.some((w) => part === w || (part.length > w.length && (part.startsWith(w) || part.endsWith(w))))) {
          verdict = true;
          break;
        }
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(name, verdict);
    return verdict;
  }

  /** The field that was waiting for this turn's input, when it is sensitive. */
  sensitiveItem(previous: SessionState | null): string | undefined {
    const item = previous?.interp.wait?.item;
    return item && this.isSensitive(item) ? item : undefined;
  }

  /**
   * The turn as every consumer outside the interpreter sees it. When the input went to a sensitive field, the
   * utterance and interpretation are replaced, and the secret is masked in trace messages (`<log>` output,
   * event messages). Returns the same objects when there is nothing to hide (no copy on the common path).
   */
  redactTurn(previous: SessionState | null, input: InterpreterEvent, result: TurnResult): { input: InterpreterEvent; result: TurnResult } {
    const item = this.sensitiveItem(previous);
    const secrets = item ? secretsOf(input) : [];
    const trace = result.trace.map((t) => this.redactTrace(t, item !== undefined, secrets));
    const changedTrace = trace.some((t, i) => t !== result.trace[i]);
    if (!item && !changedTrace) return { input, result };
    const redacted: TurnResult = { ...result, trace };
    if (item && result.recognition) {
      const r = result.recognition;
      redacted.recognition = {
        ...(r.result ? { result: { ...r.result, utterance: REDACTED, interpretation: REDACTED, alternatives: undefined } } : {}),
        ...(r.nomatch ? { nomatch: { utterance: r.nomatch.utterance === undefined ? undefined : REDACTED } } : {}),
      };
    }
    return { input: item ? redactInput(input) : input, result: redacted };
  }

  private redactTrace(t: TraceEntry, sensitiveInput: boolean, secrets: string[]): TraceEntry {
    switch (t.kind) {
      case 'recognition':
        return sensitiveInput ? { ...t, result: { ...t.result, utterance: REDACTED, interpretation: REDACTED, alternatives: undefined } } : t;
      case 'log': {
        const message = this.redactText(t.message, secrets);
        return message === t.message ? t : { ...t, message };
      }
      case 'event': {
        if (t.message === undefined) return t;
        const message = this.redactText(t.message, secrets);
        return message === t.message ? t : { ...t, message };
      }
      case 'unplayed':
      case 'dialog':
      case 'item':
      case 'handler':
      case 'transition':
        return t;
    }
  }

  /** Masks known secret values, sensitive `name=value` pairs and card-number-like digit runs in free text. */
  redactText(text: string, secrets: readonly string[] = []): string {
    let out = text;
    for (const s of secrets) if (s.length >= 2 && out.includes(s)) out = out.split(s).join(REDACTED);
    if (out.includes('=')) out = out.replace(this.queryParam, (whole, lead: string, name: string, value: string) => (value && this.isSensitive(name) ? `${lead}${name}=${REDACTED}` : whole));
    return out.replace(CARD_LIKE, (run) => (luhnValid(run.replace(/[ -]/g, '')) ? REDACTED : run));
  }

  /** A log value: sensitive keys hidden entirely, strings scanned, objects and arrays walked (bounded depth). */
  redactValue(value: unknown, key?: string, depth = 0): unknown {
    if (key !== undefined && this.isSensitive(key) && value !== undefined && value !== null && value !== '') return REDACTED;
    if (typeof value === 'string') return this.redactText(value);
    if (depth > 6 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, undefined, depth + 1));
    if (value instanceof Error) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.redactValue(v, k, depth + 1);
    return out;
  }
}

/** What the caller gave this turn, as strings that may appear verbatim elsewhere (digits, words, SISR values). */
function secretsOf(input: InterpreterEvent): string[] {
  switch (input.kind) {
    case 'recognized': {
      const out = [input.result.utterance, input.result.utterance.replace(/\s+/g, '')];
      const i = input.result.interpretation;
      if (typeof i === 'string' || typeof i === 'number') out.push(String(i));
      return out.filter((s) => s.length > 0);
    }
    case 'nomatch':
      return input.utterance ? [input.utterance, input.utterance.replace(/\s+/g, '')] : [];
    case 'start':
    case 'noinput':
    case 'recorded':
    case 'transferred':
    case 'hangup':
    case 'platform.error':
      return [];
  }
}

function redactInput(input: InterpreterEvent): InterpreterEvent {
  switch (input.kind) {
    case 'recognized':
      return { kind: 'recognized', result: { ...input.result, utterance: REDACTED, interpretation: REDACTED, alternatives: undefined } };
    case 'nomatch':
      return { ...input, utterance: input.utterance === undefined ? undefined : REDACTED };
    case 'start':
    case 'noinput':
    case 'recorded':
    case 'transferred':
    case 'hangup':
    case 'platform.error':
      return input;
  }
}
