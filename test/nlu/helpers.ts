/** Sample-app contexts for NLU tests: the grammars active at a menu or field, and one call to the NLU. */
import path from 'node:path';
import { AppContext } from '../../bench/nlu/app-context';
import { describe } from '../../bench/nlu/evaluate';
import { NluUnderstanding, type NluOptions, type UnderstandOutcome } from '../../gateway/nlu/index';

const SAMPLES = path.resolve(__dirname, '../../vxml-samples');
const apps = new Map<string, AppContext>();

export function app(name: string): AppContext {
  let a = apps.get(name);
  if (!a) {
    a = new AppContext(path.join(SAMPLES, name));
    apps.set(name, a);
  }
  return a;
}

/** 2025-03-10 (a Monday), noon UTC. */
export const NOW = Date.UTC(2025, 2, 10, 12);

export class Probe {
  readonly nlu: NluUnderstanding;
  constructor(opts: NluOptions = {}) {
    this.nlu = new NluUnderstanding({ recognizersText: false, ...opts });
  }

  /** What the NLU makes of `text` at `where` (grammars are NOT asked first: this is the NLU alone). */
  async at(appName: string, where: string, text: string): Promise<UnderstandOutcome> {
    const a = app(appName);
    const { grammars, lang } = a.active(where);
    const voice = grammars.filter((g) => g.decl.mode === 'voice');
    return this.nlu.understandWithDetails({ utterance: { text, confidence: 0.8 }, grammars: voice, engine: a.engine, resolve: a.resolve, lang }, a.documents, NOW);
  }

  /** Where the result leads (choice/link destination relative to the app), or the value it fills. */
  async outcome(appName: string, where: string, text: string): Promise<string> {
    const out = await this.at(appName, where, text);
    const r = out.result;
    if (!r) return 'nomatch';
    return describe(r, app(appName));
  }
}
