/**
 * The sample apps' replay scripts together exercise every dialog, every form item and every event handler of
 * every static sample document (the promise of the samples: a migration team can see each behaviour run).
 * Each script is replayed on the simulated channel through a runtime wrapper that keeps the interpreter's
 * trace; the union of the traces is compared with the compiled documents.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TraceEntry } from '../../contracts/interpreter';
import type { Catch, DialogGraph } from '../../contracts/graph';
import { SimDriver, SimRecordings } from '../../adapters/sim/index';
import { AppResolver, compile, createRuntime, loadScript, MemoryLogger, parseConfig, runScript, formatOutcome } from '../../gateway/index';
import type { CallRuntime } from '../../gateway/runtime/api';
import { listSampleApps, startAppServer } from '../../vxml-samples/app-server';

const apps = listSampleApps();

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** `<app>/<path>` of every static VoiceXML document, with its compiled graph. */
const documents = new Map<string, DialogGraph>();
for (const app of apps) {
  for (const file of walk(app.dir).filter((f) => f.endsWith('.vxml'))) {
    const key = `${app.id}/${path.relative(app.dir, file).split(path.sep).join('/')}`;
    documents.set(key, compile(fs.readFileSync(file, 'utf8'), `http://samples.invalid/${key}`));
  }
}

function catchesOf(graph: DialogGraph): Catch[] {
  const all = [...graph.catches];
  for (const d of graph.dialogs) {
    all.push(...d.catches);
    if (d.kind === 'form') for (const item of d.items) if ('catches' in item) all.push(...item.catches);
  }
  return all;
}

const at = (loc: { line: number; col: number }): string => `${loc.line}:${loc.col}`;

/** Everything that must be exercised, as "<doc> dialog <id>", "<doc> item <dialog>.<name>", "<doc> handler <tag> @line:col". */
function universe(): Set<string> {
  const all = new Set<string>();
  for (const [doc, graph] of documents) {
    for (const d of graph.dialogs) {
      all.add(`${doc} dialog ${d.id}`);
      if (d.kind === 'form') for (const item of d.items) all.add(`${doc} item ${d.id}.${item.name}`);
    }
    for (const c of catchesOf(graph)) all.add(`${doc} handler ${c.tag}${c.events.length ? ' ' + c.events.join(' ') : ''} @${at(c.loc)}`);
  }
  return all;
}

/** The static document key of a trace URI, or undefined for generated documents and other origins. */
function docKey(uri: string, base: string): string | undefined {
  if (!uri.startsWith(base + '/')) return undefined;
  const key = decodeURIComponent(uri.slice(base.length + 1).split(/[?#]/)[0] ?? '');
  return documents.has(key) ? key : undefined;
}

/** The application root document of a static document, if it names one. */
function rootOf(doc: string): string | undefined {
  const app = documents.get(doc)?.application;
  if (!app) return undefined;
  return new URL(app, `http://x/${doc}`).pathname.slice(1);
}

function covered(traces: { entry: TraceEntry; base: string }[]): Set<string> {
  const seen = new Set<string>();
  for (const { entry: t, base } of traces) {
    if (t.kind !== 'dialog' && t.kind !== 'item' && t.kind !== 'handler') continue;
    const doc = docKey(t.uri, base);
    if (t.kind === 'dialog') {
      if (doc) seen.add(`${doc} dialog ${t.dialog}`);
    } else if (t.kind === 'item') {
      if (doc) seen.add(`${doc} item ${t.dialog}.${t.item}`);
    } else {
      // A handler runs in the context of the leaf document; it may be declared there or in its root.
      const candidates = doc ? [doc, rootOf(doc)] : [...documents.keys()].filter((k) => k.endsWith('root.vxml'));
      for (const c of candidates) {
        const graph = c ? documents.get(c) : undefined;
        const h = graph ? catchesOf(graph).find((x) => x.loc.line === t.loc.line && x.loc.col === t.loc.col) : undefined;
        if (c && h) {
          seen.add(`${c} handler ${h.tag}${h.events.length ? ' ' + h.events.join(' ') : ''} @${at(h.loc)}`);
          break;
        }
      }
    }
  }
  return seen;
}

test('the replay scripts exercise every dialog, form item and event handler of every sample document', async () => {
  const traces: { entry: TraceEntry; base: string }[] = [];
  let base = '';
  const recordings = new SimRecordings();
  const inner = createRuntime(parseConfig({ log: { level: 'warn' } }), { recordings, logger: new MemoryLogger() });
  const tracing: CallRuntime = {
    start: async (call) => {
      base = new URL(call.entry).origin;
      const r = await inner.start(call);
      traces.push(...r.trace.map((entry) => ({ entry, base })));
      return r;
    },
    handle: async (callId, event, opts) => {
      const r = await inner.handle(callId, event, opts);
      traces.push(...r.trace.map((entry) => ({ entry, base })));
      return r;
    },
    has: (callId) => inner.has(callId),
  };
  const driver = new SimDriver(tracing, recordings);
  const resolver = new AppResolver(startAppServer);
  const failures: string[] = [];
  try {
    for (const app of apps) {
      const dir = path.join(app.dir, 'replays');
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
        const loaded = loadScript(path.join(dir, file));
        const outcome = await runScript(loaded, await resolver.resolve(loaded.script.app, path.join(dir, file)), driver);
        if (!outcome.passed) failures.push(formatOutcome(outcome, false));
      }
    }
  } finally {
    await resolver.close();
  }
  // Whether each script passes is test/replay/samples-sim.test.ts's business; a failing script shows up here
  // only when it leaves something unexercised, and then its failure explains why.
  const seen = covered(traces);
  const missing = [...universe()].filter((u) => !seen.has(u)).sort();
  if (missing.length > 0) {
    throw new Error(`not exercised by any replay script:\n  ${missing.join('\n  ')}${failures.length ? `\nfailing scripts:\n  ${failures.join('\n  ')}` : ''}`);
  }
  expect(seen.size).toBeGreaterThan(300);
}, 120_000);
