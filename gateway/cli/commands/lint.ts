/**
 * `vxml-gateway lint <file|dir|url>...` — compile every document, print each diagnostic as
 * `file:line:col severity code message`, check references between the documents (and to local documents
 * they name), print a summary; exit 1 when any error was found.
 */
import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../../contracts/diagnostics';
import type { DialogGraph } from '../../../contracts/graph';
import { checkDocumentRefs, compile, formatDiagnostic, localDocumentRefs, sortDiagnostics } from '../../compiler';
import { decode, expandInputs, readInput, type InputRef } from '../sources';

export interface LintOptions {
  /** Print errors only (the summary still counts everything). */
  errorsOnly?: boolean;
  format?: 'text' | 'json';
}

export interface CliIo {
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface LintResult {
  exitCode: 0 | 1;
  diagnostics: Diagnostic[];
  documents: number;
}

export async function runLint(inputs: string[], opts: LintOptions, io: CliIo): Promise<LintResult> {
  const { refs, problems } = expandInputs(inputs, io.cwd);
  const all: Diagnostic[] = problems.map((p) => ioDiagnostic(p.input, p.message));
  const graphs = new Map<string, DialogGraph>();
  for (const ref of refs) {
    const read = await readInput(ref);
    if (!read.ok) {
      all.push(ioDiagnostic(ref.display, read.message));
      continue;
    }
    const g = compile(read.text, ref.display);
    graphs.set(ref.display, g);
    all.push(...g.diagnostics);
  }
  all.push(...crossDocument(graphs, refs, io.cwd));

  const ordered = sortByDocument(all, refs);
  if (opts.format === 'json') io.out(JSON.stringify({ documents: graphs.size, diagnostics: ordered }, null, 2));
  else {
    for (const d of ordered) if (!opts.errorsOnly || d.severity === 'error') io.out(formatDiagnostic(d));
    io.out(summary(graphs.size, ordered));
  }
  const failed = ordered.some((d) => d.severity === 'error');
  return { exitCode: failed ? 1 : 0, diagnostics: ordered, documents: graphs.size };
}

/** References to local documents: linted together, or found on disk (compiled once, never printed). */
function crossDocument(graphs: Map<string, DialogGraph>, refs: InputRef[], cwd: string): Diagnostic[] {
  const local = refs.some((r) => r.kind === 'file');
  if (!local) return [];
  const extra = new Map<string, DialogGraph | null>();
  const lookup = (doc: string): DialogGraph | null => {
    const known = graphs.get(doc) ?? extra.get(doc);
    if (known !== undefined) return known;
    const abs = path.resolve(cwd, doc.startsWith('file:') ? new URL(doc).pathname : doc);
    let g: DialogGraph | null = null;
    try {
      if (fs.statSync(abs).isFile()) g = compile(decode(fs.readFileSync(abs), undefined), doc);
    } catch {
      g = null; // no such file: the reference is reported as unknown-document
    }
    extra.set(doc, g);
    return g;
  };
  const out: Diagnostic[] = [];
  for (const g of graphs.values()) out.push(...checkDocumentRefs(localDocumentRefs(g), lookup));
  return out;
}

function ioDiagnostic(uri: string, message: string): Diagnostic {
  return { uri, line: 1, col: 1, severity: 'error', code: 'io-error', message: `cannot read the document: ${message}` };
}

function sortByDocument(ds: Diagnostic[], refs: InputRef[]): Diagnostic[] {
  const order = new Map(refs.map((r, i) => [r.display, i]));
  const byDoc = new Map<string, Diagnostic[]>();
  for (const d of ds) {
    const list = byDoc.get(d.uri) ?? [];
    list.push(d);
    byDoc.set(d.uri, list);
  }
  const docs = [...byDoc.keys()].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1));
  return docs.flatMap((u) => sortDiagnostics(byDoc.get(u) ?? []));
}

function summary(documents: number, ds: Diagnostic[]): string {
  const n = (s: Diagnostic['severity']): number => ds.filter((d) => d.severity === s).length;
  const plural = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${plural(documents, 'document')} checked: ${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'info')}`;
}

export function register(program: Command): void {
  program
    .command('lint')
    .description('check VoiceXML documents (files, directories of *.vxml, or http(s) URLs); exit 1 on any error')
    .argument('<inputs...>', 'files, directories or URLs')
    .option('--errors-only', 'print only errors')
    .option('--format <format>', 'text or json', 'text')
    .action(async (inputs: string[], options: { errorsOnly?: boolean; format: string }) => {
      if (options.format !== 'text' && options.format !== 'json') program.error(`lint: --format must be text or json, not "${options.format}"`, { exitCode: 2 });
      const result = await runLint(inputs, { errorsOnly: options.errorsOnly === true, format: options.format === 'json' ? 'json' : 'text' }, {
        cwd: process.cwd(),
        out: (l) => process.stdout.write(`${l}\n`),
        err: (l) => process.stderr.write(`${l}\n`),
      });
      process.exitCode = result.exitCode;
    });
}
