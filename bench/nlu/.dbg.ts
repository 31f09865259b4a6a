import { AppContext } from '/work/main/bench/nlu/app-context';
import { NluUnderstanding } from '/work/main/gateway/nlu/index';
import { buildModel, DEFAULT_SETTINGS } from '/work/main/gateway/nlu/engine';
const [app, where, ...rest] = process.argv.slice(2);
const ctx = new AppContext(`/work/main/vxml-samples/${app}`);
const { grammars, lang } = ctx.active(where);
const voice = grammars.filter((g) => g.decl.mode === 'voice');
const model = buildModel(voice, ctx.engine, ctx.resolve, ctx.documents, lang, DEFAULT_SETTINGS);
if (rest[0] === '--labels') { for (const l of model.set.labels) console.log(l.id, '|', l.name, '|', l.phrases.map(p=>p.source[0]+':'+p.text).join(' ; ')); process.exit(0); }
const u = new NluUnderstanding();
for (const text of rest) {
  const d = u.decideOffline({ utterance: { text, confidence: 0.9 }, grammars: voice, engine: ctx.engine, resolve: ctx.resolve, lang }, ctx.documents, Date.UTC(2025,2,10,12));
  const a = model.lexicon.analyse(text);
  console.log(JSON.stringify(text), '→', d.accepted ? `${d.accepted.method} ${d.accepted.label} ${d.accepted.score}` : `nomatch (${d.reason})`);
  console.log('   terms', a.terms.map(t => `${t.ids.join('/')}:${t.cls[0]}`).join(' '), '| top', d.classification?.ranked.slice(0,3).map(r => `${r.label.name}=${r.score.toFixed(2)}`).join(' '), 'content', d.classification?.content.toFixed(2));
}
