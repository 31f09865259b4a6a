/**
 * `vxml-gateway graph <file|url> --format mermaid|dot|json` — draw an application's dialogs and transitions.
 * For a local file the static references to other local documents are followed (each document becomes a
 * subgraph) unless --no-follow; json prints the given document's DialogGraph.
 */
import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DialogGraph } from '../../../contracts/graph';
import { buildChart, compile, formatDiagnostic, localDocumentRefs, toDot, toMermaid } from '../../compiler';
import { decode, expandInputs, readInput } from '../sources';
import type { CliIo } from './lint';
import { chartCoverage, shadeDot, shadeMermaid } from '../../coverage/index';
import { readCoverage, sameDocument } from '../coverage';

export type GraphFormat = 'mermaid' | 'dot' | 'json';

export interface GraphOptions {
  format: GraphFormat;
  follow: boolean;
  /** A report of `replay --coverage`: shade what the calls exercised. */
  coverage?: string;
}

/** Returns the exit code: 0 drawn, 1 the document could not be read (problems go to io.err). */
export async function runGraph(input: string, opts: GraphOptions, io: CliIo): Promise<0 | 1> {
  const { refs, problems } = expandInputs([input], io.cwd);
  if (problems.length > 0 || refs.length !== 1) {
    io.err(`graph: ${input}: ${problems[0]?.message ?? 'give one document, not a directory'}`);
    return 1;
  }
  const ref = refs[0];
  const read = await readInput(ref);
  if (!read.ok) {
    io.err(`graph: ${ref.display}: ${read.message}`);
    return 1;
  }
  const entry = compile(read.text, ref.display);
  for (const d of entry.diagnostics) if (d.severity === 'error') io.err(formatDiagnostic(d));
  if (opts.format === 'json') {
    io.out(JSON.stringify(entry, null, 2));
    return 0;
  }
  const graphs = opts.follow && ref.kind === 'file' ? followLocal(entry, io.cwd) : [entry];
  const chart = buildChart(graphs);
  const drawn = opts.format === 'dot' ? toDot(chart) : toMermaid(chart);
  if (!opts.coverage) {
    io.out(drawn);
    return 0;
  }
  let report;
  try {
    report = readCoverage(opts.coverage);
  } catch (e) {
    io.err(`graph: --coverage ${(e as Error).message}`);
    return 1;
  }
  const cov = chartCoverage(chart, graphs, report, sameDocument(report.cwd, io.cwd));
  io.out(opts.format === 'dot' ? shadeDot(drawn, cov) : shadeMermaid(drawn, cov));
  return 0;
}

/** Breadth-first over static references to local VoiceXML documents that exist. */
function followLocal(entry: DialogGraph, cwd: string): DialogGraph[] {
  const graphs = [entry];
  const seen = new Set([entry.uri]);
  for (let i = 0; i < graphs.length; i++) {
    for (const r of localDocumentRefs(graphs[i])) {
      if (seen.has(r.doc)) continue;
      seen.add(r.doc);
      const abs = path.resolve(cwd, r.doc.startsWith('file:') ? new URL(r.doc).pathname : r.doc);
      if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) continue;
      graphs.push(compile(decode(fs.readFileSync(abs), undefined), r.doc));
    }
  }
  return graphs;
}

export function register(program: Command): void {
  program
    .command('graph')
    .description('draw the dialogs of a VoiceXML document (and, for local files, the documents it links to)')
    .argument('<input>', 'file or http(s) URL of a VoiceXML document')
    .option('--format <format>', 'mermaid, dot or json', 'mermaid')
    .option('--no-follow', 'draw only the given document')
    .option('--coverage <report>', 'shade the dialogs and transitions a `replay --coverage` report says were exercised')
    .action(async (input: string, options: { format: string; follow: boolean; coverage?: string }) => {
      const format = options.format;
      if (format !== 'mermaid' && format !== 'dot' && format !== 'json') {
        program.error(`graph: --format must be mermaid, dot or json, not "${format}"`, { exitCode: 2 });
        return;
      }
      if (options.coverage && format === 'json') {
        program.error('graph: --coverage shades a drawing: use --format mermaid or dot', { exitCode: 2 });
        return;
      }
      process.exitCode = await runGraph(input, { format, follow: options.follow, ...(options.coverage ? { coverage: options.coverage } : {}) }, {
        cwd: process.cwd(),
        out: (l) => process.stdout.write(l.endsWith('\n') ? l : `${l}\n`),
        err: (l) => process.stderr.write(`${l}\n`),
      });
    });
}
