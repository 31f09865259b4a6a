/**
 * `node dist/bench/nlu/probe.js <app> <document#dialog[/item]> "<utterance>"` — what the grammars and then the
 * NLU make of one utterance at one place of a sample application, with the classifier's reading of every term
 * (a debugging aid for the evaluation's misses; it reads no labelled data).
 */
import path from 'node:path';
import { defaultSamplesRoot } from '../../vxml-samples/app-server';
import { NluUnderstanding } from '../../gateway/nlu/index';
import { AppContext } from './app-context';
import { describe, loadOverlays } from './evaluate';

export async function probe(appName: string, where: string, text: string, now = Date.UTC(2025, 2, 10, 12)): Promise<string[]> {
  const app = new AppContext(path.join(defaultSamplesRoot(), appName));
  const { grammars, lang } = app.active(where);
  const lines: string[] = [];
  const g = app.engine.recognize({ kind: 'speech', text, confidence: 0.9 }, grammars, { resolve: app.resolve, now });
  if (g.kind === 'match') return [`grammar: ${describe(g.result, app)}`];
  const nlu = new NluUnderstanding({ overlays: loadOverlays(app.dir), recognizersText: false });
  const voice = grammars.filter((x) => x.decl.mode === 'voice');
  const request = { utterance: { text, confidence: 0.9 }, grammars: voice, engine: app.engine, resolve: app.resolve, lang };
  const d = nlu.decideOffline(request, app.documents, now);
  lines.push(d.accepted ? `accepted: ${d.accepted.method} ${d.accepted.label} (${d.accepted.score}) → ${describe(d.accepted, app)}` : `nomatch: ${d.reason ?? ''}`);
  lines.push(`alternatives: ${d.alternatives.map((a) => `${a.label}=${a.score}`).join(', ')}`);
  for (const r of (d.classification?.ranked ?? []).slice(0, 5)) lines.push(`  ${r.label.name}: ${r.score.toFixed(3)}`);
  for (const t of nlu.explainTerms(request, app.documents)) lines.push(`  term ${t}`);
  return lines;
}

if (require.main === module) {
  const [appName, where, text] = process.argv.slice(2);
  if (!appName || !where || text === undefined) {
    process.stderr.write('usage: probe <app> <document#dialog[/item]> "<utterance>"\n');
    process.exitCode = 2;
  } else {
    probe(appName, where, text).then(
      (lines) => process.stdout.write(`${lines.join('\n')}\n`),
      (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 1;
      },
    );
  }
}
