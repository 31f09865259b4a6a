/**
 * Calls in progress on this gateway instance, whatever their channel, for the operators' live view: fed by
 * the runtime's turn observer, kept in bounded memory (a ring buffer of lines per call, a cap on calls,
 * ended calls evicted after a short retention). Input to form items that look sensitive (PIN, card number…)
 * is redacted before it is stored.
 */
import { detached, type Clock, type TurnObserver, type TurnReport } from '../../gateway/index';
import { callerLine, promptView, visitedOf, type Position } from './turn-view';

export interface LiveLine {
  /** Increasing per call: the browser asks for lines after the last one it has. */
  n: number;
  at: number;
  who: 'caller' | 'system' | 'event' | 'note';
  text: string;
  /** Recognition path of a caller line (grammar, classifier, llm, nomatch). */
  path?: string;
}

export interface LiveSummary {
  callId: string;
  channel: string;
  entry: string;
  startedAt: number;
  updatedAt: number;
  turns: number;
  ended: boolean;
  position?: Position;
  lastLine?: string;
}

interface LiveCall extends LiveSummary {
  lines: LiveLine[];
  next: number;
}

export interface LiveOptions {
  clock: Clock;
  maxCalls: number;
  linesPerCall: number;
  endedRetentionMs: number;
  sensitiveItems: RegExp;
}

export class LiveCalls implements TurnObserver {
  /**
   * In order of last update (a call is moved to the end on each turn), so the quietest calls come first; the
   * ended ones are also listed in `ended`, in the same order. Eviction then takes calls from the front instead
   * of scanning and sorting every call on every turn (at 500 kept calls that sort was a visible share of a
   * webhook's CPU under load).
   */
  private readonly calls = new Map<string, LiveCall>();
  private readonly ended = new Map<string, LiveCall>();

  constructor(private readonly opts: LiveOptions) {}

  turn(report: TurnReport): void {
    const detail = report.detail;
    if (!detail) return;
    const now = this.opts.clock.now();
    let call = this.calls.get(report.callId);
    if (call) {
      // Moved to the end: the map stays in order of last update.
      this.calls.delete(call.callId);
      this.ended.delete(call.callId);
    } else {
      // (the id may be a slice of a webhook body: a detached copy keeps the body from living as long as the entry)
      const callId = detached(report.callId);
      call = { callId, channel: report.channel, entry: detail.entry, startedAt: now, updatedAt: now, turns: 0, ended: false, lines: [], next: 1 };
    }
    this.calls.set(call.callId, call);
    // The caller's input belongs to the item that was waiting for it: where the previous turn left the call.
    const said = callerLine(detail.input);
    if (said !== undefined) {
      const secret = call.position?.item !== undefined && this.opts.sensitiveItems.test(call.position.item);
      const path = detail.input.kind === 'recognized' ? detail.input.result.path : detail.input.kind === 'nomatch' ? 'nomatch' : undefined;
      this.push(call, now, 'caller', secret && (detail.input.kind === 'recognized' || detail.input.kind === 'nomatch') ? `[redacted input to ${call.position?.item}]` : said, path);
    }
    for (const t of detail.result.trace) if (t.kind === 'event') this.push(call, now, 'event', t.message ? `${t.event}: ${t.message}` : t.event);
    for (const action of detail.result.actions) {
      switch (action.kind) {
        case 'play':
          for (const p of action.prompts) {
            const text = promptView(p).text;
            if (text) this.push(call, now, 'system', text);
          }
          break;
        case 'transfer':
          this.push(call, now, 'note', `${action.type} transfer to ${action.dest}`);
          break;
        case 'hangup':
          this.push(call, now, 'note', `the application hung up (${action.reason})`);
          break;
        case 'record':
          this.push(call, now, 'note', 'recording the caller');
          break;
        case 'listen':
          break;
      }
    }
    const visited = visitedOf(detail.result.trace);
    if (visited.length > 0) call.position = visited[visited.length - 1];
    call.turns++;
    call.updatedAt = now;
    call.ended = call.ended || report.ended;
    if (call.ended) this.ended.set(call.callId, call);
    this.evict(now);
  }

  private push(call: LiveCall, at: number, who: LiveLine['who'], text: string, path?: string): void {
    call.lines.push({ n: call.next++, at, who, text: text.length > 2000 ? `${text.slice(0, 1999)}…` : text, path });
    if (call.lines.length > this.opts.linesPerCall) call.lines.splice(0, call.lines.length - this.opts.linesPerCall);
    call.lastLine = text;
  }

  /** Ended calls past their retention go; over the cap, ended calls go first, then the calls quiet the longest. */
  private evict(now: number): void {
    for (const call of this.ended.values()) {
      if (now - call.updatedAt <= this.opts.endedRetentionMs) break;
      this.remove(call);
    }
    while (this.calls.size > this.opts.maxCalls) {
      const oldest = this.ended.values().next().value ?? this.calls.values().next().value;
      if (!oldest) break;
      this.remove(oldest);
    }
  }

  private remove(call: LiveCall): void {
    this.calls.delete(call.callId);
    this.ended.delete(call.callId);
  }

  /** Every call still shown, most recently active first. */
  list(): LiveSummary[] {
    this.evict(this.opts.clock.now());
    return [...this.calls.values()].sort((a, b) => b.updatedAt - a.updatedAt).map(summary);
  }

  /** One call's lines after line `after` (all kept lines when 0); `truncated` when older lines were dropped. */
  lines(callId: string, after: number): { call: LiveSummary; lines: LiveLine[]; truncated: boolean } | undefined {
    const call = this.calls.get(callId);
    if (!call) return undefined;
    const lines = call.lines.filter((l) => l.n > after);
    return { call: summary(call), lines, truncated: call.lines.length > 0 && call.lines[0].n > after + 1 };
  }

  get size(): number {
    return this.calls.size;
  }
}

function summary(call: LiveCall): LiveSummary {
  const { lines: _lines, next: _next, ...rest } = call;
  return rest;
}
