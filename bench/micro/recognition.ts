/**
 * Recognition speed. Grammar: a transcript matched against a 1,000-phrase SRGS grammar (a directory-dialling
 * field: 50 first names × 20 surnames, each with its SISR out tag, optional carrier phrases), compiled by the
 * VoiceXML compiler as the runtime gets it. NLU: the gateway's offline classifier on the samples' labelled
 * utterances that no grammar matched — the only ones a call hands to the NLU.
 */
import { compile } from '../../gateway/compiler/index';
import { GrammarEngine, type ActiveGrammar } from '../../gateway/grammar/index';
import { NluUnderstanding } from '../../gateway/nlu/index';
import { AppContext } from '../nlu/app-context';
import { sampleDatasets } from '../nlu/dataset';
import { loadOverlays } from '../nlu/evaluate';
import { percentile, round } from '../lib/stats';

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'kevin', 'linda', 'mallory', 'nina', 'oscar', 'peggy', 'quentin', 'rupert', 'sybil', 'trent', 'ursula', 'victor', 'wendy', 'xavier', 'yvonne', 'zach', 'amber', 'brian', 'chloe', 'derek', 'emma', 'felix', 'gina', 'hugo', 'iris', 'jack', 'kara', 'leo', 'maya', 'noah', 'olga', 'paul', 'rosa', 'sam', 'tara', 'uri', 'vera', 'will', 'xena', 'yusuf'];
const LAST = ['smith', 'jones', 'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'robinson', 'wright', 'thompson', 'evans', 'walker', 'white', 'roberts', 'green', 'hall', 'wood', 'jackson', 'clarke'];

export interface Timing {
  p50Us: number;
  p99Us: number;
  meanUs: number;
  n: number;
}

function timing(samplesMs: number[]): Timing {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { p50Us: round(percentile(sorted, 0.5) * 1000, 1), p99Us: round(percentile(sorted, 0.99) * 1000, 1), meanUs: round((sum / sorted.length) * 1000, 1), n: sorted.length };
}

function directoryDocument(): { text: string; phrases: string[] } {
  const phrases: string[] = [];
  const items: string[] = [];
  for (const f of FIRST) {
    for (const l of LAST) {
      phrases.push(`${f} ${l}`);
      items.push(`<item>${f} ${l}<tag>out = "ext${1000 + phrases.length - 1}";</tag></item>`);
    }
  }
  const text = `<?xml version="1.0" encoding="UTF-8"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" xml:lang="en-US">
  <form id="directory">
    <field name="person">
      <grammar type="application/srgs+xml" root="call" version="1.0" mode="voice" xml:lang="en-US" tag-format="semantics/1.0">
        <rule id="call" scope="public">
          <item repeat="0-1"><one-of><item>connect me to</item><item>call</item><item>i want to speak to</item></one-of></item>
          <ruleref uri="#person"/><tag>out = rules.person;</tag>
          <item repeat="0-1">please</item>
        </rule>
        <rule id="person"><one-of>${items.join('')}</one-of></rule>
      </grammar>
      <prompt>Who would you like to call?</prompt>
    </field>
  </form>
</vxml>`;
  return { text, phrases };
}

export interface GrammarSpeed {
  phrases: number;
  prepareMs: number;
  match: Timing;
  nomatch: Timing;
}

export function measureGrammar(n = 4000): GrammarSpeed {
  const { text, phrases } = directoryDocument();
  const uri = 'http://bench.example/directory.vxml';
  const graph = compile(text, uri);
  const errors = graph.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`directory grammar: ${errors[0].message}`);
  const [id, decl] = Object.entries(graph.grammars)[0];
  const active: ActiveGrammar[] = [{ ref: { key: `${uri}#${id}`, mode: decl.mode, scope: 'field' }, decl }];
  const engine = new GrammarEngine();
  const resolve = (): undefined => undefined;
  const t = performance.now();
  const prepared = engine.prepare(active, resolve);
  const prepareMs = performance.now() - t;
  if (prepared.status !== 'ready') throw new Error(`directory grammar not ready: ${JSON.stringify(prepared)}`);
  const said = [`connect me to ${phrases[912]} please`, `call ${phrases[29]}`, phrases[577].toUpperCase(), `I want to speak to ${phrases[311]}.`];
  const expected = [912, 29, 577, 311].map((i) => `ext${1000 + i}`);
  const recognize = (s: string) => engine.recognize({ kind: 'speech', text: s, confidence: 0.9 }, active, { resolve });
  said.forEach((s, i) => {
    const o = recognize(s);
    if (o.kind !== 'match' || o.result.interpretation !== expected[i]) throw new Error(`"${s}" should match ${expected[i]}: ${JSON.stringify(o)}`);
  });
  for (let i = 0; i < 1000; i++) recognize(said[i % said.length]);
  const matchMs: number[] = [];
  const nomatchMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = said[i % said.length];
    const t0 = performance.now();
    const o = recognize(s);
    matchMs.push(performance.now() - t0);
    if (o.kind !== 'match') throw new Error('lost a match');
    const t1 = performance.now();
    const q = recognize('I would like to order a pizza with extra cheese');
    nomatchMs.push(performance.now() - t1);
    if (q.kind !== 'nomatch') throw new Error('false match');
  }
  return { phrases: phrases.length, prepareMs: round(prepareMs, 1), match: timing(matchMs), nomatch: timing(nomatchMs) };
}

export interface NluSpeed extends Timing {
  utterances: number;
  warmUpMs: number;
  apps: string[];
}

/** Every labelled utterance no grammar matched, classified `runs` times each (after one untimed run). */
export async function measureNlu(samplesRoot: string, runs = 5): Promise<NluSpeed> {
  const nlu = new NluUnderstanding({});
  const w = performance.now();
  nlu.warmUp();
  const warmUpMs = performance.now() - w;
  const samples: number[] = [];
  let utterances = 0;
  const datasets = sampleDatasets(samplesRoot);
  for (const ds of datasets) {
    const app = new AppContext(ds.dir);
    const overlays = loadOverlays(ds.dir);
    const nluForApp = overlays.length ? new NluUnderstanding({ overlays }) : nlu;
    for (const u of ds.utterances) {
      const { grammars, lang } = app.active(u.where);
      const voice = grammars.filter((g) => g.decl.mode === 'voice');
      if (voice.length === 0) continue;
      const g = app.engine.recognize({ kind: 'speech', text: u.text, confidence: 0.9 }, grammars, { resolve: app.resolve, now: ds.now });
      if (g.kind !== 'nomatch') continue;
      const request = { utterance: { text: u.text, confidence: 0.9 }, grammars: voice, engine: app.engine, resolve: app.resolve, lang };
      await nluForApp.understandWithDetails(request, app.documents, ds.now); // trains the grammar set's model, JIT
      utterances++;
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        await nluForApp.understandWithDetails(request, app.documents, ds.now);
        samples.push(performance.now() - t);
      }
    }
  }
  return { ...timing(samples), utterances, warmUpMs: round(warmUpMs, 0), apps: datasets.map((d) => d.app) };
}
