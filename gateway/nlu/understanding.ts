/**
 * The NLU for the runtime's Understanding hook: asked only for voice input no active grammar matched, it
 * answers with the result the grammars would have produced (path 'classifier', or 'llm' when the optional
 * LLM decided), or undefined (nomatch), with everything that led to it. Models are built per grammar set on
 * first need and cached, keyed by the grammar keys and the identity of the compiled documents and fetched
 * grammars they came from. Pure: the LLM is an injected port (it does the I/O and keeps its own deadline),
 * and logging and timing are the shell's (gateway/runtime/nlu-hook.ts).
 */
import type { RecognitionResult } from '../../contracts/grammar';
import type { DialogGraph } from '../../contracts/graph';
import type { ActiveGrammar, GrammarEngine, GrammarResolver } from '../grammar/index';
import { DEFAULT_SETTINGS, buildModel, decide, type Decision, type Model, type NluSettings } from './engine';
import { consultLlm, type LlmLabel, type LlmPort } from './llm';
import { warmUpRecognizers } from './recognizers';

/** What the runtime's Recognizer hands over (structurally its UnderstandingRequest: nlu does not import the runtime). */
export interface UnderstandingRequest {
  utterance: { text: string; confidence: number };
  /** Active voice grammars, highest precedence first. */
  grammars: ActiveGrammar[];
  engine: GrammarEngine;
  resolve: GrammarResolver;
  lang: string;
}

export interface LlmSettings {
  /** Performs the consultation (and enforces its deadline): on rejection the offline decision stands. */
  port: LlmPort;
  /** Consulted when nothing was accepted offline, or the classifier accepted with a score below this. */
  consultBelow: number;
}

export interface NluOptions extends Partial<NluSettings> {
  /** Grammar sets whose models are kept. */
  cacheEntries?: number;
  llm?: LlmSettings;
}

interface CacheEntry {
  graphs: (DialogGraph | undefined)[];
  externals: unknown[];
  model: Model;
}

export interface UnderstandOutcome {
  result?: RecognitionResult;
  decision: Decision;
  llm?: string;
}

export class NluUnderstanding {
  readonly settings: NluSettings;
  private readonly models = new Map<string, CacheEntry>();
  private readonly maxModels: number;

  constructor(private readonly opts: NluOptions = {}) {
    const { cacheEntries, llm, ...settings } = opts;
    void llm;
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.maxModels = cacheEntries ?? 500;
  }

  /** The LLM consulted when the offline classifier is unsure (undefined: offline only, no network). */
  get llm(): LlmSettings | undefined {
    return this.opts.llm;
  }

  /** Loads Recognizers-Text now (about 5 s of CPU) instead of during a caller's turn. */
  warmUp(): void {
    if (this.settings.recognizersText) warmUpRecognizers();
  }

  /** The decision with everything that led to it (the runtime hook logs it; the eval and the tests read it). */
  async understandWithDetails(request: UnderstandingRequest, documents: (uri: string) => DialogGraph | undefined, now: number): Promise<UnderstandOutcome> {
    const decision = this.decideOffline(request, documents, now);
    const llm = this.opts.llm;
    const accepted = decision.accepted;
    const unsure = !accepted || (accepted.method === 'classifier' && accepted.score < (llm?.consultBelow ?? 0));
    if (llm && unsure && decision.classification && decision.classification.content > 0) {
      const asked = await this.askLlm(llm, request, decision);
      if (asked.result) return { result: asked.result, decision, llm: asked.note };
      if (asked.none) return { decision: { ...decision, accepted: undefined, reason: `the LLM chose none (${asked.note})` }, llm: asked.note };
      return { result: accepted ? this.result(request, decision) : undefined, decision, llm: asked.note };
    }
    return { result: accepted ? this.result(request, decision) : undefined, decision };
  }

  /** Builds (or finds) the model of a grammar set now: training happens here, not in the timed decision. */
  prepare(request: UnderstandingRequest, documents: (uri: string) => DialogGraph | undefined): void {
    this.model(request, documents);
  }

  decideOffline(request: UnderstandingRequest, documents: (uri: string) => DialogGraph | undefined, now: number): Decision {
    const model = this.model(request, documents);
    return decide(model, { text: request.utterance.text, now, lang: request.lang }, request.engine, request.resolve, this.settings);
  }

  /** The classifier's reading of each term of the utterance (words, ids, weight, known by labels): for debugging. */
  explainTerms(request: UnderstandingRequest, documents: (uri: string) => DialogGraph | undefined): string[] {
    const model = this.model(request, documents);
    return model.classifier.weigh(model.lexicon.analyse(request.utterance.text)).map(({ term, known, weight, argument }) => {
      return `${term.ids.join('/')} [${term.cls}${argument ? ', argument' : ''}] ${weight.toFixed(2)}${known.length ? ` known ${known.join('/')}` : ' unexplained'}`;
    });
  }

  private result(request: UnderstandingRequest, decision: Decision): RecognitionResult | undefined {
    const a = decision.accepted;
    if (!a) return undefined;
    return {
      grammar: a.grammar,
      utterance: request.utterance.text.trim(),
      confidence: request.utterance.confidence,
      inputmode: 'voice',
      interpretation: a.interpretation,
      path: 'classifier',
      score: a.score,
      alternatives: decision.alternatives.filter((x) => x.label !== a.label),
    };
  }

  private async askLlm(llm: LlmSettings, request: UnderstandingRequest, decision: Decision): Promise<{ result?: RecognitionResult; none?: boolean; note: string }> {
    const ranked = decision.classification?.ranked ?? [];
    const offered: LlmLabel[] = ranked.map((r, i) => ({
      id: `L${i + 1}`,
      name: r.label.name,
      examples: [...new Set(r.label.phrases.filter((p) => p.source !== 'prompt').map((p) => p.text))].slice(0, 8),
    }));
    const context = [...new Set(ranked.flatMap((r) => r.label.phrases.filter((p) => p.source === 'prompt').map((p) => p.text)))];
    const outcome = await consultLlm(llm.port, { utterance: request.utterance.text, lang: request.lang, context, labels: offered });
    switch (outcome.kind) {
      case 'label': {
        const chosen = ranked[Number(outcome.id.slice(1)) - 1];
        const t = chosen.label.targets[0];
        const score = Math.round((outcome.confidence ?? 1) * 1000) / 1000;
        return {
          note: `${llm.port.name}: ${chosen.label.name}`,
          result: {
            grammar: t.grammar,
            utterance: request.utterance.text.trim(),
            confidence: request.utterance.confidence,
            inputmode: 'voice',
            interpretation: t.interpretation,
            path: 'llm',
            score,
            alternatives: decision.alternatives.filter((x) => x.label !== chosen.label.name),
          },
        };
      }
      case 'none':
        return { none: true, note: `${llm.port.name}: none` };
      case 'invalid':
      case 'failed':
        return { note: `${llm.port.name} ignored: ${outcome.reason}` };
    }
  }

  private model(request: UnderstandingRequest, documents: (uri: string) => DialogGraph | undefined): Model {
    const grammars = request.grammars;
    const key = `${request.lang}|${grammars.map((g) => g.ref.key).join('|')}`;
    const graphs = grammars.map((g) => documents(docOf(g.ref.key)));
    const externals = grammars.map((g) => (g.ref.src ? request.resolve(g.ref.src.replace(/#.*$/, '')) : undefined));
    const hit = this.models.get(key);
    if (hit && hit.graphs.every((g, i) => g === graphs[i]) && hit.externals.every((e, i) => e === externals[i])) {
      // Most recently used last (Map order), so the oldest is evicted first.
      this.models.delete(key);
      this.models.set(key, hit);
      return hit.model;
    }
    const model = buildModel(grammars, request.engine, request.resolve, documents, request.lang, this.settings);
    if (this.models.size >= this.maxModels) {
      const oldest = this.models.keys().next().value;
      if (oldest !== undefined) this.models.delete(oldest);
    }
    this.models.set(key, { graphs, externals, model });
    return model;
  }
}

function docOf(key: string): string {
  const at = key.lastIndexOf('#');
  return at < 0 ? key : key.slice(0, at);
}
