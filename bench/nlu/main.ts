/**
 * `npm run eval:nlu [-- --split dev|test|all] [--batch 1..9] [--app <name>] [--approach gateway|nlpjs] [--no-overlay] [--verbose]
 *   [--min-score x] [--min-margin y]`
 *
 * Scores the NLU on the labelled utterance sets shipped with the samples: in-scope accuracy, off-topic
 * rejection, NLU latency (median, p99). Exits 1 when the selected split misses a target
 * (≥ 95 % accuracy, ≥ 90 % rejection, p99 < 2 ms), 2 on bad arguments.
 */
import { defaultSamplesRoot } from '../../vxml-samples/app-server';
import { sampleDatasets, type Split } from './dataset';
import { evaluate, score, type Approach, type Row, type Scores } from './evaluate';
import { gatewayApproach } from './gateway-approach';

export const TARGETS = { accuracy: 0.95, rejection: 0.9, p99Ms: 2 };

export function meetsTargets(s: Scores): boolean {
  return s.accuracy >= TARGETS.accuracy && s.rejection >= TARGETS.rejection && s.p99Ms < TARGETS.p99Ms;
}

export function formatScores(label: string, s: Scores): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(6);
  return `${label.padEnd(14)} in-scope ${pct(s.accuracy)} (${s.correct}/${s.inScope})   off-topic rejected ${pct(s.rejection)} (${s.rejected}/${s.offTopic})   NLU latency median ${s.medianMs.toFixed(3)} ms, p99 ${s.p99Ms.toFixed(3)} ms (${s.nluCalls} calls)`;
}

async function approachNamed(name: string, argv: string[]): Promise<Approach> {
  if (name === 'gateway') {
    // Calibration on the dev split: --min-score / --min-margin override the defaults.
    const num = (flag: string): number | undefined => {
      const i = argv.indexOf(flag);
      return i >= 0 ? Number(argv[i + 1]) : undefined;
    };
    const minScore = num('--min-score');
    const minMargin = num('--min-margin');
    return gatewayApproach({ ...(minScore === undefined ? {} : { minScore }), ...(minMargin === undefined ? {} : { minMargin }) });
  }
  if (name === 'nlpjs') {
    // A devDependency, loaded only for the comparison.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { nlpjsApproach } = require('./nlpjs-approach') as typeof import('./nlpjs-approach');
    const t = argv.indexOf('--threshold');
    return nlpjsApproach(t >= 0 ? Number(argv[t + 1]) : 0.5);
  }
  throw new Error(`--approach must be gateway or nlpjs, not "${name}"`);
}

export async function main(argv: string[]): Promise<number> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const splitArg = arg('--split') ?? 'all';
  if (!['dev', 'test', 'all'].includes(splitArg)) {
    process.stderr.write(`--split must be dev, test or all\n`);
    return 2;
  }
  const splits: Split[] = splitArg === 'all' ? ['dev', 'test'] : [splitArg as Split];
  const only = arg('--app');
  const batch = arg('--batch');
  const verbose = argv.includes('--verbose');
  let approach: Approach;
  try {
    approach = await approachNamed(arg('--approach') ?? 'gateway', argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const datasets = sampleDatasets(defaultSamplesRoot())
    .filter((d) => !only || d.app === only)
    .map((d) => (batch === undefined ? d : { ...d, utterances: d.utterances.filter((u) => u.batch === batch) }));
  const started = performance.now();
  const rows = await evaluate(datasets, approach, { splits, overlays: !argv.includes('--no-overlay'), explain: verbose });
  const out = (l: string): boolean => process.stdout.write(`${l}\n`);
  out(`NLU evaluation: ${approach.name}; split ${splitArg}${batch === undefined ? '' : `, batch ${batch}`}; ${rows.length} utterances (${((performance.now() - started) / 1000).toFixed(1)} s including training)`);
  for (const ds of datasets) out(formatScores(ds.app, score(rows.filter((r) => r.u.app === ds.app))));
  const total = score(rows);
  out(formatScores('all', total));
  const paths = (p: Row['path']): number => rows.filter((r) => r.path === p).length;
  out(`decided by: grammar ${paths('grammar')}, NLU ${paths('nlu')}, nomatch ${paths('nomatch')}`);
  if (verbose) {
    for (const r of rows.filter((x) => !x.ok)) out(`  MISS ${r.u.app}/${r.u.context} [${r.u.split}] "${r.u.text}" expected ${r.u.expectText}, got ${r.got ?? 'nomatch'} (${r.path})${r.why ? `\n       ${r.why}` : ''}`);
  }
  const ok = meetsTargets(total);
  out(ok ? 'targets met' : `BELOW TARGETS (accuracy ≥ ${TARGETS.accuracy * 100}%, rejection ≥ ${TARGETS.rejection * 100}%, p99 < ${TARGETS.p99Ms} ms)`);
  return ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}


