/** The gateway's own NLU (gateway/nlu) as an evaluation approach: one NluUnderstanding per overlay set. */
import type { NluOverlay } from '../../contracts/nlu';
import { NluUnderstanding, type NluOptions } from '../../gateway/nlu/index';
import type { Approach, ApproachInput } from './evaluate';

export function gatewayApproach(opts: NluOptions = {}): Approach & { instance(overlays: NluOverlay[]): NluUnderstanding } {
  const byOverlays = new Map<NluOverlay[], NluUnderstanding>();
  const instance = (overlays: NluOverlay[]): NluUnderstanding => {
    let u = byOverlays.get(overlays);
    if (!u) {
      u = new NluUnderstanding({ ...opts, overlays });
      byOverlays.set(overlays, u);
    }
    return u;
  };
  return {
    name: 'gateway (spans + yes/no + label TF-IDF coverage classifier)',
    instance,
    warmUp() {
      instance([]).warmUp();
    },
    async prepare(input: ApproachInput) {
      instance(input.overlays).prepare(
        { utterance: { text: input.text, confidence: 0.9 }, grammars: input.grammars, engine: input.app.engine, resolve: input.app.resolve, lang: input.lang },
        input.app.documents,
      );
    },
    async understand(input: ApproachInput) {
      const u = instance(input.overlays);
      const out = await u.understandWithDetails(
        { utterance: { text: input.text, confidence: 0.9 }, grammars: input.grammars, engine: input.app.engine, resolve: input.app.resolve, lang: input.lang },
        input.app.documents,
        input.now,
      );
      return out.result ? { grammar: out.result.grammar, interpretation: out.result.interpretation } : undefined;
    },
    async explain(input: ApproachInput) {
      const u = instance(input.overlays);
      const d = u.decideOffline({ utterance: { text: input.text, confidence: 0.9 }, grammars: input.grammars, engine: input.app.engine, resolve: input.app.resolve, lang: input.lang }, input.app.documents, input.now);
      const top = (d.classification?.ranked ?? []).slice(0, 3).map((r) => `${r.label.name}=${r.score.toFixed(2)}`).join(', ');
      return `${d.accepted ? `${d.accepted.method} ${d.accepted.label} ${d.accepted.score}` : d.reason ?? 'nomatch'}; content ${d.classification?.content.toFixed(2) ?? '-'}; ${top}`;
    },
  };
}
