/**
 * Matching speed on a 1,000-phrase grammar. Reports the figures (no timed assertions: machines differ);
 * asserts only that every measured recognition returned the right answer.
 */
import { GrammarEngine, parseAbnf } from '../../gateway/grammar';
import { active } from './helpers';

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'uma', 'victor', 'wendy'];
const LAST = ['smith', 'jones', 'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'robinson', 'wright', 'thompson', 'evans', 'walker', 'white', 'roberts', 'green', 'hall', 'wood', 'jackson', 'clarke'];
const DEPT = ['sales', 'support', 'billing', 'shipping', 'legal'];

function grammarText(): { text: string; phrases: string[] } {
  const phrases: string[] = [];
  const alts: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const p = `${FIRST[i % 20]} ${LAST[Math.floor(i / 20) % 20]} in ${DEPT[Math.floor(i / 400) % 5]} ${i < 500 ? 'office' : 'team'}`;
    phrases.push(p);
    alts.push(`${p} {out = "ext${1000 + i}";}`);
  }
  return { text: `#ABNF 1.0; root $call; tag-format <semantics/1.0>;\n$call = [please] [connect me to | call] (${alts.join('\n | ')}) [please];`, phrases };
}

/** CPU time (µs) per call: less disturbed than wall time when other processes share the machine. */
function time(n: number, f: () => void): number {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e3;
}

it('matches a transcript against a 1,000-phrase grammar (reports µs per match)', () => {
  const { text, phrases } = grammarText();
  const t0 = process.cpuUsage();
  const srgs = parseAbnf(text, { uri: 'bench:', loc: { line: 1, col: 1 }, report: (d) => { throw new Error(d.message); } });
  const parseMs = cpuMs(t0);
  const g = active({ inline: srgs });
  const engine = new GrammarEngine();
  const resolve = (): undefined => undefined;
  const t1 = process.cpuUsage();
  expect(engine.prepare([g], resolve)).toEqual({ status: 'ready' });
  const compileMs = cpuMs(t1);

  const said = [`Connect me to ${phrases[912]}, please.`, `call ${phrases[29]}`, phrases[877].toUpperCase()];
  // Duplicated phrases resolve to the first alternative in document order.
  const expected = [912, 29, 877].map((i) => `ext${1000 + phrases.indexOf(phrases[i])}`);
  const recognize = (s: string) => engine.recognize({ kind: 'speech', text: s, confidence: 0.9 }, [g], { resolve });
  said.forEach((s, i) => expect(recognize(s)).toMatchObject({ kind: 'match', result: { interpretation: expected[i] } }));

  for (let i = 0; i < 2000; i++) recognize(said[i % 3]); // warm up the JIT
  const n = 5000;
  let k = 0;
  const matchUs = time(n, () => {
    const o = recognize(said[k++ % 3]);
    if (o.kind !== 'match') throw new Error('lost a match');
  });
  const nomatchUs = time(n, () => {
    if (recognize('I would like to order a pizza with extra cheese').kind !== 'nomatch') throw new Error('false match');
  });
  // eslint-disable-next-line no-console
  console.log(
    `1,000-phrase grammar: parse ${parseMs.toFixed(1)} ms, compile ${compileMs.toFixed(1)} ms; ` +
      `match ${matchUs.toFixed(1)} µs, nomatch ${nomatchUs.toFixed(1)} µs per recognition, CPU time (out="…" tags evaluated natively)`,
  );
});
