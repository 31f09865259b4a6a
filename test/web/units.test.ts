/**
 * The console's pure parts: element source ranges, the laid-out chart and grammar labels of the airline
 * documents, the live store's bounds, eviction and redaction, the rate limiter, token checks, configuration.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compile, FakeClock, type TurnReport, type TurnResult } from '../../gateway/index';
import { buildChartView, consoleConfig, dialable, LiveCalls, loadConsoleConfig, ConsoleConfigError } from '../../adapters/web/index';
import { elementEndLine } from '../../adapters/web/source-range';
import { grammarLabels } from '../../adapters/web/grammar-labels';
import { RateLimiter, bearerToken, sameSecret } from '../../adapters/web/security';
import type { AppDocument } from '../../adapters/web/documents';
import { references } from '../../adapters/web/documents';
import { turnView } from '../../adapters/web/turn-view';

const AIRLINE = path.resolve(__dirname, '../../vxml-samples/airline');
const BASE = 'http://apps.example/airline/';

function airline(): AppDocument[] {
  return ['main', 'root', 'flight_status', 'booking', 'baggage', 'checkin', 'feedback', 'agent', 'claim'].map((name) => {
    const text = fs.readFileSync(path.join(AIRLINE, `${name}.vxml`), 'utf8');
    return { uri: `${BASE}${name}.vxml`, graph: compile(text, `${BASE}${name}.vxml`), lines: text.split('\n') };
  });
}

describe('element source ranges', () => {
  test('an element ends at its matching close tag, whatever it contains', () => {
    const lines = [
      '<form id="a">', //                     1
      '  <block><!-- </form> in a comment -->', // 2
      '    <script><![CDATA[ if (a < b && "</form>") {} ]]></script>', // 3
      '    <prompt attr="x > y">hi</prompt>', // 4
      '  </block>', //                          5
      '  <field name="f"/>', //                  6
      '</form>', //                             7
      '<form id="b"/>', //                      8
    ];
    expect(elementEndLine(lines, { line: 1, col: 1 })).toBe(7);
    expect(elementEndLine(lines, { line: 2, col: 3 })).toBe(5);
    expect(elementEndLine(lines, { line: 6, col: 3 })).toBe(6);
    expect(elementEndLine(lines, { line: 8, col: 1 })).toBe(8);
  });
});

describe('the airline chart', () => {
  const docs = airline();
  const chart = buildChartView(docs);

  test('one box per dialog with its items or choices, in a cluster per document, all laid out', () => {
    const dialogs = chart.boxes.filter((b) => b.kind === 'form' || b.kind === 'menu').map((b) => `${b.uri?.split('/').pop()}#${b.dialog}`);
    expect(dialogs).toEqual(expect.arrayContaining(['main.vxml#welcome', 'main.vxml#main_menu', 'main.vxml#goodbye', 'flight_status.vxml#flight_status', 'agent.vxml#agent', 'claim.vxml#collect_claim']));
    const menu = chart.boxes.find((b) => b.dialog === 'main_menu');
    expect(menu?.rows.map((r) => r.label)).toEqual(['1 flight status', '2 bookings', '3 lost baggage', '4 check in', '5 customer feedback', '6 speak to an agent', '7 end this call']);
    expect(chart.clusters.map((c) => c.label).sort()).toEqual(docs.map((d) => d.uri.split('/').pop()).sort());
    for (const b of chart.boxes) {
      expect(b.width).toBeGreaterThan(0);
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(chart.width);
      expect(b.y + b.height).toBeLessThanOrEqual(chart.height);
    }
  });

  test('transitions become edges between the boxes; back-end submits point at external boxes', () => {
    const id = (dialog: string) => chart.boxes.find((b) => b.dialog === dialog)?.id;
    const edge = (from?: string, to?: string) => chart.edges.find((e) => e.from === from && e.to === to);
    expect(edge(id('main_menu'), id('flight_status'))?.label).toBe('choice flight status');
    expect(edge(id('welcome'), id('main_menu'))?.kind).toBe('goto');
    const feedbackJsp = chart.boxes.find((b) => b.kind === 'external' && b.title === 'feedback.jsp');
    expect(edge(id('feedback'), feedbackJsp?.id)?.kind).toBe('submit');
    for (const e of chart.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  test('grammar labels name the choice or field a grammar belongs to', () => {
    const labels = grammarLabels(docs.map((d) => d.graph));
    const mainMenu = [...labels.entries()].filter(([key]) => key.startsWith(`${BASE}main.vxml#`)).map(([, l]) => l.label);
    expect(mainMenu).toContain('menu main_menu, choice 1 "flight status"');
    expect(mainMenu).toContain('menu main_menu, choice 7 "end this call"');
    expect([...labels.values()].some((l) => l.label.startsWith('field flight_number'))).toBe(true);
    expect([...labels.values()].some((l) => l.label.startsWith('document link'))).toBe(true);
  });

  test('documents are followed by goto, choice, link, subdialog and application, never to back-end submits', () => {
    const main = docs[0].graph;
    expect(references(main)).toEqual(expect.arrayContaining([`${BASE}root.vxml`, `${BASE}flight_status.vxml`, `${BASE}agent.vxml`]));
    const feedback = docs.find((d) => d.uri.endsWith('feedback.vxml'))?.graph;
    expect(references(feedback!).some((u) => u.endsWith('.jsp'))).toBe(false);
  });
});

function report(callId: string, over: Partial<TurnReport>, result: Partial<TurnResult>, input: NonNullable<TurnReport['detail']>['input']): TurnReport {
  const full: TurnResult = { callId, seq: 1, actions: [], ended: false, replayed: false, trace: [], ...result };
  return { callId, channel: 'twilio', ms: 1, started: false, ended: full.ended, events: [], ...over, detail: { entry: 'http://a/app.vxml', input, result: full } };
}

const say = (text: string) => ({ kind: 'play' as const, prompts: [{ segments: [{ kind: 'speak' as const, text }], bargein: true, bargeintype: 'speech' as const, lang: 'en-US' }] });

describe('the live store', () => {
  test('keeps the transcript of each call, redacts input to sensitive items, bounds lines per call', () => {
    const clock = new FakeClock();
    const live = new LiveCalls({ clock, maxCalls: 10, linesPerCall: 5, endedRetentionMs: 1000, sensitiveItems: consoleConfig().sensitiveItems });
    live.turn(report('c1', { started: true }, { actions: [say('Enter your PIN.')], trace: [{ kind: 'item', uri: 'http://a/app.vxml', dialog: 'login', item: 'pin', loc: { line: 3, col: 1 } }] }, { kind: 'start', callId: 'c1', channel: 'twilio', entry: 'http://a/app.vxml' }));
    live.turn(report('c1', {}, { actions: [say('Thank you.')] }, { kind: 'recognized', result: { grammar: 'g', utterance: '1234', confidence: 1, inputmode: 'dtmf', interpretation: '1234', path: 'grammar' } }));
    const lines = live.lines('c1', 0)?.lines.map((l) => `${l.who}: ${l.text}`);
    expect(lines).toEqual(['system: Enter your PIN.', 'caller: [redacted input to pin]', 'system: Thank you.']);
    expect(JSON.stringify(live.list())).not.toContain('1234');
    for (let i = 0; i < 4; i++) live.turn(report('c1', {}, { actions: [say(`line ${i}`)] }, { kind: 'noinput' }));
    const kept = live.lines('c1', 0);
    expect(kept?.lines).toHaveLength(5);
    expect(kept?.truncated).toBe(true);
    expect(kept?.lines.at(-1)?.text).toBe('line 3');
  });

  test('ended calls are evicted after the retention; the cap evicts ended calls first, then the quietest', () => {
    const clock = new FakeClock();
    const live = new LiveCalls({ clock, maxCalls: 2, linesPerCall: 10, endedRetentionMs: 1000, sensitiveItems: /pin/ });
    live.turn(report('ended', { ended: true }, { ended: true, actions: [{ kind: 'hangup', reason: 'end' }] }, { kind: 'hangup' }));
    clock.advance(10);
    live.turn(report('quiet', {}, {}, { kind: 'noinput' }));
    clock.advance(10);
    live.turn(report('busy', {}, {}, { kind: 'noinput' }));
    expect(live.list().map((c) => c.callId)).toEqual(['busy', 'quiet']);
    clock.advance(10);
    live.turn(report('new', {}, {}, { kind: 'noinput' }));
    expect(live.list().map((c) => c.callId)).toEqual(['new', 'busy']);
    live.turn(report('new', { ended: true }, { ended: true }, { kind: 'hangup' }));
    clock.advance(1001);
    expect(live.list().map((c) => c.callId)).toEqual(['busy']);
  });

  test('at the cap, a busy gateway keeps the most recently active calls, the ones still in progress before ended ones', () => {
    const clock = new FakeClock();
    const live = new LiveCalls({ clock, maxCalls: 50, linesPerCall: 10, endedRetentionMs: 60_000, sensitiveItems: /pin/ });
    for (let i = 0; i < 200; i++) {
      clock.advance(1);
      const ended = i % 2 === 0;
      live.turn(report(`c${i}`, ended ? { ended: true } : {}, ended ? { ended: true } : {}, { kind: ended ? 'hangup' : 'noinput' }));
      // An older call in progress is heard from again: it counts as active now.
      if (i === 150) live.turn(report('c1', {}, {}, { kind: 'noinput' }));
    }
    const kept = live.list().map((c) => c.callId);
    expect(kept).toHaveLength(50);
    expect(kept).toContain('c1');
    // 101 calls still in progress compete for 50 places: no ended call is left, and the quietest went first.
    expect(live.list().every((c) => !c.ended)).toBe(true);
    expect(kept.slice(0, 3)).toEqual(['c199', 'c197', 'c195']);
    expect(kept).not.toContain('c3');
  });

  test('turns without detail (another observer source) are ignored', () => {
    const live = new LiveCalls({ clock: new FakeClock(), maxCalls: 2, linesPerCall: 10, endedRetentionMs: 1000, sensitiveItems: /pin/ });
    live.turn({ callId: 'x', channel: 'acs', ms: 1, started: true, ended: false, events: [] });
    expect(live.size).toBe(0);
  });
});

describe('guards', () => {
  test('the rate limiter refills with time and answers the wait', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, 2, 3);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0, 1]);
    clock.advance(500);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 1]);
    expect(limiter.take('b')).toBe(0);
  });

  test('the rate limiter remembers a bounded number of clients, forgetting the least recently seen', () => {
    const limiter = new RateLimiter(new FakeClock(), 1, 1, 2);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 1]);
    expect([limiter.take('b'), limiter.take('a')]).toEqual([0, 1]);
    expect(limiter.take('c')).toBe(0); // evicts b (a was seen after it)
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
  });

  test('secrets compare equal only when equal, whatever their lengths', () => {
    expect(sameSecret('operator-token-1', 'operator-token-1')).toBe(true);
    expect(sameSecret('operator-token-2', 'operator-token-1')).toBe(false);
    expect(sameSecret('', 'operator-token-1')).toBe(false);
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  test('configuration: CONSOLE_TOKEN turns the live view on; bad values name the variable', () => {
    expect(loadConsoleConfig({}).token).toBeUndefined();
    expect(loadConsoleConfig({ CONSOLE_TOKEN: '   ' }).token).toBeUndefined();
    const c = loadConsoleConfig({ CONSOLE_TOKEN: 'a-long-operator-token', CONSOLE_MAX_CALLS: '5', CONSOLE_IDLE_S: '60' });
    expect(c).toMatchObject({ token: 'a-long-operator-token', maxCalls: 5, idleMs: 60_000 });
    expect(() => loadConsoleConfig({ CONSOLE_TOKEN: 'short' })).toThrow(ConsoleConfigError);
    expect(() => loadConsoleConfig({ CONSOLE_MAX_CALLS: 'many' })).toThrow(/CONSOLE_MAX_CALLS: expected a whole number/);
  });

  test('dialable destinations', () => {
    expect(dialable('tel:+18005550199')).toBe(true);
    expect(dialable('sip:agents@pbx.example.com')).toBe(true);
    expect(dialable('1-800-FLY-ACME')).toBe(false);
  });
});

describe('turn views', () => {
  test('a classifier decision shows its path, score, alternatives and the grammar it mapped onto', () => {
    const labels = new Map([['http://a/app.vxml#g3', { label: 'menu main, choice 2 "bookings"', uri: 'http://a/app.vxml', line: 12 }]]);
    const view = turnView(
      {
        callId: 'c',
        seq: 2,
        ended: false,
        replayed: false,
        actions: [{ kind: 'play', prompts: [{ segments: [{ kind: 'speak', text: 'Bookings.' }, { kind: 'pause', ms: 300 }, { kind: 'audio', url: 'http://a/x.wav', fallback: [] }], bargein: true, bargeintype: 'speech', lang: 'en-GB' }] }],
        recognition: { result: { grammar: 'http://a/app.vxml#g3', utterance: 'I want to change my reservation', confidence: 0.8, inputmode: 'voice', interpretation: { choice: 2 }, path: 'classifier', score: 0.83, alternatives: [{ label: 'bookings', score: 0.83 }, { label: 'check in', score: 0.1 }] } },
        trace: [{ kind: 'dialog', uri: 'http://a/b.vxml', dialog: 'booking', loc: { line: 3, col: 3 } }, { kind: 'event', uri: 'http://a/b.vxml', event: 'error.badfetch', message: 'gone' }],
      },
      { labels, suggest: () => [] },
    );
    expect(view.prompts).toEqual([{ text: 'Bookings. [audio x.wav]', lang: 'en-GB' }]);
    expect(view.interpretation).toEqual({
      outcome: 'match',
      path: 'classifier',
      inputmode: 'voice',
      utterance: 'I want to change my reservation',
      confidence: 0.8,
      score: 0.83,
      value: '{"choice":2}',
      grammar: 'http://a/app.vxml#g3',
      grammarLabel: 'menu main, choice 2 "bookings"',
      grammarLine: 12,
      alternatives: [{ label: 'bookings', score: 0.83 }, { label: 'check in', score: 0.1 }],
    });
    expect(view).toMatchObject({ awaiting: 'none', position: { dialog: 'booking' }, events: [{ event: 'error.badfetch', message: 'gone' }] });
  });
});
