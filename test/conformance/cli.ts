/**
 * `npm run conformance [-- --suite <path>] [--only id,id] [--verbose] [--no-report]`
 * Runs the W3C VoiceXML IR tests end to end, writes test/conformance/report.md (unless --no-report or
 * --only), raises the baseline when more tests pass, and prints `N passed, M failed, K skipped` last.
 * Exit code 1 when fewer tests pass than the baseline, 2 on bad usage or a missing suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readBaseline, renderReport, summaryLine, writeBaseline } from './report';
import { runSuite, tally, type TestResult } from './runner';

const REPO = path.resolve(__dirname, '..', '..');
export const DEFAULT_SUITE = path.resolve(REPO, '..', 'shared', 'conformance', 'w3c-vxml');
export const REPORT_FILE = path.join(__dirname, 'report.md');
export const BASELINE_FILE = path.join(__dirname, 'baseline.json');

interface Args {
  suite: string;
  only?: string[];
  verbose: boolean;
  report: boolean;
  concurrency: number;
}

function usage(problem: string): never {
  process.stderr.write(`conformance: ${problem}\nusage: npm run conformance -- [--suite <path>] [--only vxml20:216,vxml21:5] [--verbose] [--no-report] [--concurrency N]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { suite: DEFAULT_SUITE, verbose: false, report: true, concurrency: 8 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--suite':
        args.suite = path.resolve(value());
        break;
      case '--only':
        args.only = value().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--verbose':
        args.verbose = true;
        break;
      case '--no-report':
        args.report = false;
        break;
      case '--concurrency': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) usage('--concurrency needs a positive integer');
        args.concurrency = n;
        break;
      }
      default:
        usage(`unknown argument ${a}`);
    }
  }
  return args;
}

function line(r: TestResult, verbose: boolean): string {
  const head = `${r.status.toUpperCase().padEnd(4)} ${r.test.id} ${r.test.start || '(no start document)'}${r.reason && r.status !== 'pass' ? `: ${r.reason}` : ''}`;
  if (!verbose || r.status === 'skip') return head;
  return [
    head,
    `     tester: ${r.inputs.join(', ') || 'no input'}`,
    `     heard:  ${r.heard.join(' / ') || 'nothing'}`,
    `     events: ${r.events.join('; ') || 'none'}`,
    `     fetches: ${r.requests.map((q) => `${q.method} ${q.path} ${q.status}`).join(', ')}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(args.suite, 'manifest-summary.tsv'))) usage(`no W3C suite at ${args.suite} (expected its manifest-summary.tsv); pass --suite <path>`);
  const started = performance.now();
  const results = await runSuite({ suite: args.suite, only: args.only, concurrency: args.concurrency });
  for (const r of results) if (r.status !== 'pass' || args.verbose) process.stdout.write(line(r, args.verbose) + '\n');
  const { passed } = tally(results);
  const baseline = readBaseline(BASELINE_FILE);
  if (args.report && !args.only) {
    const label = path.relative(REPO, args.suite) || args.suite;
    fs.writeFileSync(REPORT_FILE, renderReport(results, label.split(path.sep).join('/')));
    if (passed > baseline.passed) writeBaseline(BASELINE_FILE, { passed });
    process.stdout.write(`report: ${path.relative(process.cwd(), REPORT_FILE)} (${Math.round(performance.now() - started)} ms)\n`);
  }
  const regressed = !args.only && passed < baseline.passed;
  if (regressed) process.stdout.write(`fewer tests pass than the baseline (${passed} < ${baseline.passed})\n`);
  process.stdout.write(summaryLine(results) + '\n');
  process.exitCode = regressed ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`conformance: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
