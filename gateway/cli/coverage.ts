/**
 * `replay --coverage` wiring: observes the interpreter of every in-process driver (its step results carry
 * the trace), remembers which local directory each sample app server serves, and at the end crawls each
 * application from its local entry document (the same crawler as `assess`) to know what there was to cover.
 * `graph --coverage` reads the report back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { compile } from '../compiler/index';
import { step } from '../interpreter/index';
import { crawl } from '../assess/index';
import { computeCoverage, TraceCollector, type CoverageApplication, type CoverageReport } from '../coverage/index';
import type { StepFunction } from '../runtime/call-runtime';
import type { CompileDocument } from '../runtime/document-loader';
import type { StartAppServer } from '../replay/apps';
import { defaultReader, displayUri } from './commands/assess';

export interface CoverageSession {
  overrides: { step: StepFunction; compile: CompileDocument };
  /** Wraps the app server starter so served URLs can be mapped back to the files they come from. */
  startAppServer(base: StartAppServer): StartAppServer;
  finish(): Promise<CoverageReport>;
}

export function startCoverage(cwd: string): CoverageSession {
  const seen = new TraceCollector();
  /** Served URL prefix (with trailing slash) → file: URL prefix of the directory it serves. */
  const served = new Map<string, string>();
  const mapUri = (uri: string): string => {
    for (const [prefix, dir] of served) {
      if (uri.startsWith(prefix)) return dir + uri.slice(prefix.length).split('/').map((s) => encodeURIComponent(decodeURIComponent(s))).join('/');
    }
    return uri;
  };
  return {
    overrides: {
      step: (session, event, ctx, realm) => {
        const out = step(session, event, ctx, realm);
        if (out.status === 'done') {
          if (event.kind === 'start') seen.callStarted(event.entry);
          seen.record(out.trace);
        }
        return out;
      },
      compile: (text, uri) => {
        const graph = compile(text, uri);
        seen.document(uri, graph);
        return graph;
      },
    },
    startAppServer: (base) => async (opts) => {
      const server = await base(opts);
      served.set(`${server.url.replace(/\/+$/, '')}/`, `${pathToFileURL(path.resolve(opts.root)).href}/`);
      return server;
    },
    async finish() {
      const reader = defaultReader();
      const apps: CoverageApplication[] = [];
      for (const entry of seen.entries) {
        const local = mapUri(entry);
        const crawled = await crawl([local], { reader });
        apps.push({ entry: local, documents: crawled.documents.map((d) => ({ uri: d.uri, graph: d.graph })) });
      }
      return computeCoverage(apps, seen, { mapUri, display: displayUri(cwd), cwd });
    },
  };
}

export function writeCoverage(file: string, report: CoverageReport): void {
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

const flag = z.object({ covered: z.boolean() });
const reportSchema = z.object({
  version: z.literal(1),
  cwd: z.string().optional(),
  documents: z.array(
    z.object({
      uri: z.string(),
      dialogs: z.array(flag.extend({ id: z.string() })),
      transitions: z.array(flag.extend({ line: z.number(), col: z.number() })),
    }).passthrough(),
  ),
}).passthrough();

/** Reads a coverage report written by `replay --coverage`; throws with a clear message otherwise. */
export function readCoverage(file: string): CoverageReport {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a coverage report of replay --coverage: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data as unknown as CoverageReport;
}

/** Whether a report's document (relative to the report's cwd) is the drawn document (relative to ours). */
export function sameDocument(reportCwd: string | undefined, cwd: string): (reportUri: string, graphUri: string) => boolean {
  const abs = (uri: string, base: string): string => (/^[a-z][a-z0-9+.-]*:/i.test(uri) ? (uri.startsWith('file:') ? fileURLToPath(uri) : uri) : path.resolve(base, uri));
  return (reportUri, graphUri) => abs(reportUri, reportCwd ?? cwd) === abs(graphUri, cwd);
}
