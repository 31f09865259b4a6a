import { AppContext } from './app-context';
import { NluUnderstanding } from '../../gateway/nlu/index';
const ctx = new AppContext('/work/main/vxml-samples/airline');
const { grammars, lang } = ctx.active('flight_status.vxml#flight_status/flight_number');
const voice = grammars.filter((g) => g.decl.mode === 'voice');
const u = new NluUnderstanding();
const orig = ctx.engine.recognize.bind(ctx.engine);
let calls = 0; let t = 0;
(ctx.engine as any).recognize = (...a: any[]) => { calls++; const s = performance.now(); const r = (orig as any)(...a); t += performance.now() - s; return r; };
const req = { utterance: { text: 'uh a a one two three please', confidence: 0.9 }, grammars: voice, engine: ctx.engine, resolve: ctx.resolve, lang };
u.decideOffline(req, ctx.documents, 0);
calls = 0; t = 0;
const s = performance.now(); for (let i = 0; i < 20; i++) u.decideOffline(req, ctx.documents, 0); 
console.log('per decide', ((performance.now() - s) / 20).toFixed(2), 'ms; recognize calls', calls / 20, 'time', (t / 20).toFixed(2));
const fl = voice.filter(g => g.ref.key.includes('flight_status.vxml'));
for (const text of ['a a one two three', 'uh a a one two three please', 'operator']) {
  for (let i = 0; i < 5; i++) orig({ kind: 'speech', text, confidence: 1 }, fl, { resolve: ctx.resolve, now: 0 });
  const s2 = performance.now(); for (let i = 0; i < 20; i++) orig({ kind: 'speech', text, confidence: 1 }, fl, { resolve: ctx.resolve, now: 0 });
  console.log(text, ((performance.now() - s2) / 20).toFixed(3), 'ms', fl.map(g => g.ref.key.split('/').pop()));
}
