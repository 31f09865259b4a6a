/**
 * The pure NLU (gateway/nlu) plugged into the Recognizer as its Understanding hook — the impure half: it
 * times each decision and writes the call-log line (`nlu`: path, method, label, score, alternatives, reason,
 * the LLM's say and the time taken). The decision itself, and whether to ask the LLM port, are the NLU's.
 */
import type { RecognitionResult } from '../../contracts/grammar';
import type { NluUnderstanding } from '../nlu/index';
import type { RecognizeContext, Understanding, UnderstandingRequest } from './recognizer';

export class NluHook implements Understanding {
  constructor(readonly nlu: NluUnderstanding) {}

  async understand(request: UnderstandingRequest, ctx: RecognizeContext): Promise<RecognitionResult | undefined> {
    const started = performance.now();
    const outcome = await this.nlu.understandWithDetails(request, ctx.documents, ctx.now);
    const d = outcome.decision;
    ctx.load.logger.info('nlu', {
      utterance: request.utterance.text,
      path: outcome.result?.path ?? 'nomatch',
      method: d.accepted?.method,
      label: d.accepted?.label,
      score: outcome.result?.score,
      alternatives: d.alternatives.map((a) => `${a.label}=${a.score}`).join(', '),
      reason: outcome.result ? undefined : d.reason,
      llm: outcome.llm,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
    return outcome.result;
  }
}
