/**
 * The comparison approach: the same labels and training text (grammar phrases, choice/option text, prompt
 * wording, overlays) and the same span and yes/no readers as the gateway, but the label classifier replaced by
 * an nlp.js (@nlpjs/nlp, a small neural intent classifier) model trained per grammar set. An nlp.js answer is
 * accepted when its intent is not None and its score reaches `threshold`.
 */
import type { NluOverlay } from '../../contracts/nlu';
import { buildLabels, type Label } from '../../gateway/nlu/labels';
import { NluUnderstanding } from '../../gateway/nlu/index';
import type { Approach, ApproachInput } from './evaluate';

interface NlpResult {
  intent: string;
  score: number;
}
interface NlpModel {
  addLanguage(l: string): void;
  addDocument(l: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(l: string, text: string): Promise<NlpResult>;
}

async function newNlp(lang: string): Promise<NlpModel> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { containerBootstrap } = require('@nlpjs/core') as { containerBootstrap: () => Promise<{ use(x: unknown): void; get(n: string): NlpModel & { settings: Record<string, unknown> } }> };
  const { Nlp } = require('@nlpjs/nlp') as { Nlp: unknown };
  const { LangEn } = require('@nlpjs/lang-en') as { LangEn: unknown };
  const { LangEs } = require('@nlpjs/lang-es') as { LangEs: unknown };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  container.use(LangEs);
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.log = false;
  nlp.addLanguage(lang);
  return nlp;
}

export function nlpjsApproach(threshold = 0.5): Approach {
  // The gateway with its classifier switched off: spans and yes/no only.
  const readers = new Map<NluOverlay[], NluUnderstanding>();
  const models = new Map<string, { nlp: NlpModel; labels: Label[] }>();
  return {
    name: `nlp.js classifier (threshold ${threshold}) + the gateway's span and yes/no readers`,
    async understand(input: ApproachInput) {
      let reader = readers.get(input.overlays);
      if (!reader) {
        reader = new NluUnderstanding({ overlays: input.overlays, minScore: 2 });
        readers.set(input.overlays, reader);
      }
      const req = { utterance: { text: input.text, confidence: 0.9 }, grammars: input.grammars, engine: input.app.engine, resolve: input.app.resolve, lang: input.lang };
      const offline = await reader.understandWithDetails(req, input.app.documents, input.now);
      if (offline.result) return { grammar: offline.result.grammar, interpretation: offline.result.interpretation };
      const lang = /^es/i.test(input.lang) ? 'es' : 'en';
      const key = `${lang}|${input.grammars.map((g) => g.ref.key).join('|')}`;
      let m = models.get(key);
      if (!m) {
        const set = buildLabels(input.grammars, input.app.engine, input.app.resolve, input.app.documents, { maxPhrases: 300, maxLabelsPerGrammar: 60, overlays: input.overlays });
        if (set.labels.length === 0) return undefined;
        const nlp = await newNlp(lang);
        set.labels.forEach((l, i) => {
          for (const p of l.phrases) nlp.addDocument(lang, p.text, `L${i}`);
        });
        await nlp.train();
        m = { nlp, labels: set.labels };
        models.set(key, m);
      }
      const r = await m.nlp.process(lang, input.text);
      if (!r.intent || r.intent === 'None' || r.score < threshold) return undefined;
      const label = m.labels[Number(r.intent.slice(1))];
      const t = label?.targets[0];
      return t ? { grammar: t.grammar, interpretation: t.interpretation } : undefined;
    },
  };
}
