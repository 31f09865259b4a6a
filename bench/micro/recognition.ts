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
import { median, percentile, round } from '../lib/stats';

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'kevin', 'linda', 'mallory', 'nina', 'oscar', 'peggy', 'quentin', 'rupert', 'sybil', 'trent', 'ursula', 'victor', 'wendy', 'xavier', 'yvonne', 'zach', 'amber', 'brian', 'chloe', 'derek', 'emma', 'felix', 'gina', 'hugo', 'iris', 'jack', 'kara', 'leo', 'maya', 'noah', 'olga', 'paul', 'rosa', 'sam', 'tara', 'uri', 'vera', 'will', 'xena', 'yusuf'];
const LAST = ['smith', 'jones', 'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'robinson', 'wright', 'thompson', 'evans', 'walker', 'white', 'roberts', 'green', 'hall', 'wood', 'jackson', 'clarke'];

/**
 * Per-call wall-clock percentiles, and CPU time: a busy machine preempts the process in the middle of some
 * calls, which lands in the wall-clock tail; the CPU figures are what the call itself cost.
 */
export interface Timing {
  p50Us: number;
  p99Us: number;
  meanUs: number;
  /** CPU time per call: mean over the batch, and per-call percentiles (process.cpuUsage around each call,
   *  its own cost measured and subtracted). */
  cpuMeanUs: number;
  cpuP50Us: number;
  cpuP99Us: number;
  n: number;
}

function cpuUs(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

/** What one process.cpuUsage() pair costs here (a system call; slow on some virtual machines). */
function cpuProbeCost(): number {
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = cpuUs();
    samples.push(cpuUs() - t);
  }
  return percentile(samples.sort((a, b) => a - b), 0.5);
}

/** Times `n` calls of `f` (after `warm` untimed ones): per-call wall and CPU, and the batch CPU mean. */
export function timeCalls(n: number, f: (i: number) => void, warm = 0): Timing {
  for (let i = 0; i < warm; i++) f(i);
  const probe = cpuProbeCost();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = cpuUs();
    const t = performance.now();
    f(i);
    wall.push(performance.now() - t);
    cpu.push(Math.max(0, cpuUs() - c - probe));
  }
  const b = cpuUs();
  for (let i = 0; i < n; i++) f(i);
  return summarise(wall, cpu, (cpuUs() - b) / n);
}

function summarise(wallMs: number[], cpuUsSamples: number[], cpuMean: number): Timing {
  const w = [...wallMs].sort((a, b) => a - b);
  const c = [...cpuUsSamples].sort((a, b) => a - b);
  const sum = w.reduce((a, b) => a + b, 0);
  return {
    p50Us: round(percentile(w, 0.5) * 1000, 1),
    p99Us: round(percentile(w, 0.99) * 1000, 1),
    meanUs: round((sum / w.length) * 1000, 1),
    cpuMeanUs: round(cpuMean, 1),
    cpuP50Us: round(percentile(c, 0.5), 1),
    cpuP99Us: round(percentile(c, 0.99), 1),
    n: w.length,
  };
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
  const match = timeCalls(
    n,
    (i) => {
      if (recognize(said[i % said.length]).kind !== 'match') throw new Error('lost a match');
    },
    1000,
  );
  const nomatch = timeCalls(
    n,
    () => {
      if (recognize('I would like to order a pizza with extra cheese').kind !== 'nomatch') throw new Error('false match');
    },
    200,
  );
  return { phrases: phrases.length, prepareMs: round(prepareMs, 1), match, nomatch };
}

export interface NluSpeed extends Timing {
  utterances: number;
  warmUpMs: number;
  apps: string[];
}

/** Every labelled utterance no grammar matched, classified `runs` times each (after one untimed run that trains). */
export async function measureNlu(samplesRoot: string, runs = 5): Promise<NluSpeed> {
  const nlu = new NluUnderstanding({});
  const w = performance.now();
  nlu.warmUp();
  const warmUpMs = performance.now() - w;
  const calls: (() => Promise<unknown>)[] = [];
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
      const call = (): Promise<unknown> => nluForApp.understandWithDetails(request, app.documents, ds.now);
      await call(); // trains the grammar set's model (once per set, as at a call's first visit), JIT
      calls.push(call);
    }
  }
  // Per utterance the median of `runs` calls (a GC pause or a preemption does not make an utterance slow),
  // then percentiles over utterances — the way the NLU's own evaluation reports it.
  const probe = cpuProbeCost();
  const perCall = calls.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  const b = cpuUs();
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < calls.length; i++) {
      const c = cpuUs();
      const t = performance.now();
      await calls[i]();
      perCall[i].wall.push(performance.now() - t);
      perCall[i].cpu.push(Math.max(0, cpuUs() - c - probe));
    }
  }
  const cpuMean = (cpuUs() - b) / (runs * calls.length) - probe;
  const wall = perCall.map((p) => median(p.wall));
  const cpu = perCall.map((p) => median(p.cpu));
  return { ...summarise(wall, cpu, cpuMean), utterances: calls.length, warmUpMs: round(warmUpMs, 0), apps: datasets.map((d) => d.app) };
}
