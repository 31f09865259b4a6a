/**
 * The sample apps' replay scripts together exercise every dialog, every form item and every event handler of
 * every sample application (the promise of the samples: a migration team can see each behaviour run) —
 * measured the way users measure it, with `replay --coverage` on the simulated channel. Transitions are
 * reported, not required. The same report then shades the airline graph (`graph --coverage`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReplayCommand } from '../../gateway/cli/commands/replay';
import { runGraph } from '../../gateway/cli/commands/graph';
import { parseConfig } from '../../gateway/index';
import { listSampleApps } from '../../vxml-samples/app-server';
import type { CoverageReport } from '../../gateway/coverage/index';

const ROOT = path.resolve(__dirname, '../..');
const apps = listSampleApps();
let report: CoverageReport;
let lines: string[] = [];
let file: string;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

beforeAll(async () => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-')), 'coverage.json');
  const inputs = apps.map((a) => path.join(a.dir, 'replays'));
  const config = parseConfig({ log: { level: 'error' } });
  await runReplayCommand(inputs, { channel: 'sim', coverage: file, cwd: ROOT }, config, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  report = JSON.parse(fs.readFileSync(file, 'utf8')) as CoverageReport;
}, 180_000);

afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

test('every sample document is in the report, found by crawling from the entry documents', () => {
  const expected = apps.flatMap((a) => walk(a.dir).filter((f) => f.endsWith('.vxml')).map((f) => path.relative(ROOT, f).split(path.sep).join('/')));
  expect(report.documents.map((d) => d.uri).sort()).toEqual(expected.sort());
});

test('the replays exercise 100 % of the dialogs, form items and handlers of every sample application', () => {
  const missing = report.documents.flatMap((d) => [
    ...d.dialogs.filter((x) => !x.covered).map((x) => `${d.uri}:${x.line} dialog ${x.id}`),
    ...d.items.filter((x) => !x.covered).map((x) => `${d.uri}:${x.line} item ${x.dialog}.${x.name}`),
    ...d.handlers.filter((x) => !x.covered).map((x) => `${d.uri}:${x.line}:${x.col} ${x.tag} ${x.events.join(' ')}`),
  ]);
  expect(missing).toEqual([]);
  for (const a of report.applications) {
    expect({ entry: a.entry, dialogs: a.totals.dialogs.percent, items: a.totals.items.percent, handlers: a.totals.handlers.percent }).toEqual({ entry: a.entry, dialogs: 100, items: 100, handlers: 100 });
    expect(a.totals.transitions.total).toBeGreaterThan(0);
  }
  expect(report.totals.handlers.total).toBeGreaterThan(50);
  expect(report.totals.items.total).toBeGreaterThan(50);
  expect(report.calls).toBeGreaterThan(50);
});

test('the percentages are printed before the pass/fail line', () => {
  const last = lines[lines.length - 1];
  expect(last).toMatch(/^\d+ passed, \d+ failed$/);
  const cov = lines.filter((l) => l.startsWith('coverage '));
  expect(cov).toHaveLength(report.applications.length + 1);
  expect(cov[0]).toMatch(/^coverage vxml-samples\/\w+\/\w+\.vxml: dialogs 100% \(\d+\/\d+\), form items 100% \(\d+\/\d+\), handlers 100% \(\d+\/\d+\), transitions [\d.]+% \(\d+\/\d+\)$/);
  expect(lines.indexOf(cov[cov.length - 1])).toBeLessThan(lines.length - 1);
});

test('graph --coverage shades the airline dialogs (all reached) and the transitions made', async () => {
  let out = '';
  const code = await runGraph('vxml-samples/airline/main.vxml', { format: 'mermaid', follow: true, coverage: file }, { cwd: ROOT, out: (l) => (out += l), err: (l) => (out += l) });
  expect(code).toBe(0);
  const covered = /\n {2}class (\S+) covered\n/.exec(out)?.[1].split(',') ?? [];
  const airline = report.documents.filter((d) => d.uri.startsWith('vxml-samples/airline/'));
  expect(covered).toHaveLength(airline.reduce((n, d) => n + d.dialogs.length, 0));
  expect(out).not.toMatch(/class \S+ uncovered/);
  expect(out).toMatch(/\n {2}linkStyle \d+(,\d+)* stroke:#2e7d32,stroke-width:3px\n/);

  let dot = '';
  await runGraph('vxml-samples/airline/main.vxml', { format: 'dot', follow: true, coverage: file }, { cwd: ROOT, out: (l) => (dot += l), err: (l) => (dot += l) });
  expect(dot.match(/fillcolor="#c8e6c9"/g)).toHaveLength(covered.length);
  expect(dot).toMatch(/-> \w+ \[label=.*, color="#2e7d32", penwidth=2\];/);
});


test('--coverage cannot observe gateways running elsewhere: usage error', async () => {
  const err: string[] = [];
  const code = await runReplayCommand([path.join(apps[0].dir, 'replays')], { channel: 'sim', coverage: file, gateway: 'http://127.0.0.1:9' }, parseConfig({ log: { level: 'error' } }), { out: () => undefined, err: (l) => err.push(l) });
  expect(code).toBe(2);
  expect(err.join('\n')).toMatch(/--coverage .* cannot be combined with --gateway/);
});

test('the Twilio and ACS channels are observed too (their in-process gateways run the same interpreter)', async () => {
  const script = path.join(apps.find((a) => a.id === 'airline')!.dir, 'replays', 'flight-status-dtmf.yaml');
  const out = path.join(path.dirname(file), 'channels.json');
  const seen: string[] = [];
  const code = await runReplayCommand([script], { channel: 'all', coverage: out, cwd: ROOT }, parseConfig({ log: { level: 'error' } }), { out: (l) => seen.push(l), err: (l) => seen.push(l) });
  expect(seen[seen.length - 1]).toBe('3 passed, 0 failed');
  expect(code).toBe(0);
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as CoverageReport;
  expect(r.calls).toBe(3);
  const status = r.documents.find((d) => d.uri === 'vxml-samples/airline/flight_status.vxml');
  expect(status?.dialogs.every((d) => d.covered)).toBe(true);
}, 120_000);
