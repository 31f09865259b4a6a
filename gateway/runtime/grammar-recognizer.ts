/**
 * The default Recognizer: resolves the pending listen's grammar keys to the compiler's GrammarDecls, fetches
 * and parses external grammars through the DocumentLoader (so the origin policy and caching apply), and asks
 * the grammar engine. Grammar first; the Understanding hook (NLU) only for voice input no grammar matched.
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { DialogGraph } from '../../contracts/graph';
import type { GrammarDecl, SrgsGrammar } from '../../contracts/grammar';
import type { InterpreterEvent } from '../../contracts/interpreter';
import type { ActiveGrammarRef, ListenAction } from '../../contracts/platform';
import { GrammarEngine, parseGrammarDocument, type ActiveGrammar, type GrammarResolver } from '../grammar/index';
import { UNIVERSAL_PREFIX, universalGrammar } from '../interpreter/index';
import type { DocumentLoader } from './document-loader';
import { Lru } from './lru';
import { splitGrammarKey, type RecognitionInput, type RecognizeContext, type Recognizer, type Understanding } from './recognizer';
import { FetchError, stripFragment } from './resource-fetcher';

export interface GrammarRecognizerOptions {
  loader: DocumentLoader;
  understanding?: Understanding;
  cacheEntries: number;
  engine?: GrammarEngine;
  /** Hints given to the platform at most (Twilio accepts a few hundred phrases). */
  maxHints?: number;
  /** Voice grammars whose phrases all fit in this many become ACS `choices`. */
  maxChoicePhrases?: number;
}

/** Rounds of "prepare → fetch what is missing" (external grammars referencing further documents). */
const MAX_FETCH_ROUNDS = 4;

type Ready = { ok: true; resolve: GrammarResolver } | { ok: false; event: string; message: string };

export class GrammarRecognizer implements Recognizer {
  private readonly engine: GrammarEngine;
  /** Parsed external grammar documents by URI (revalidated through the loader's HTTP cache on each fetch). */
  private readonly externals: Lru<string, { hash: string; grammar: SrgsGrammar }>;
  /**
   * Listen fields derived from a set of grammars, with what they were derived from: the compiled graphs, and
   * every external grammar document the engine was handed (by URI; undefined when it was not available).
   */
  private readonly derived: Lru<string, { graphs: (DialogGraph | undefined)[]; externals: Map<string, SrgsGrammar | undefined>; fields: Pick<ListenAction, 'hints' | 'choices' | 'minDigits' | 'maxDigits'> }>;

  constructor(private readonly opts: GrammarRecognizerOptions) {
    this.engine = opts.engine ?? new GrammarEngine({ maxCached: opts.cacheEntries * 4 });
    this.externals = new Lru(opts.cacheEntries);
    this.derived = new Lru(opts.cacheEntries);
  }

  async prepare(listen: ListenAction, ctx: RecognizeContext): Promise<ListenAction> {
    // Most turns listen with the same grammars as before: reuse what was derived from them, as long as the
    // documents they come from are the same compiled graphs and the external grammars, revalidated now
    // through the loader (HTTP caching applies), are the same parsed documents.
    const key = `${listen.modes.join(',')}|${listen.grammars.map((g) => (g.src === undefined ? g.key : `${g.key} ${g.src}`)).join('|')}`;
    // (universal command grammars are a function of their key alone: no document to compare)
    const graphs = listen.grammars.filter((g) => !g.key.startsWith(UNIVERSAL_PREFIX)).map((g) => ctx.documents(splitGrammarKey(g.key).doc));
    const hit = this.derived.get(key);
    const sameGraphs = hit !== undefined && hit.graphs.length === graphs.length && hit.graphs.every((g, i) => g === graphs[i]);
    if (sameGraphs && hit.externals.size === 0) return { ...listen, ...hit.fields };
    const active = this.active(listen.grammars, ctx);
    const ready = await this.ready(active, ctx);
    if (!ready.ok) {
      // The error surfaces as a VoiceXML event when input arrives (recognize); the platform still listens.
      ctx.load.logger.warn('grammar unusable', { event: ready.event, reason: ready.message });
      return listen;
    }
    if (sameGraphs && [...hit.externals].every(([uri, grammar]) => ready.resolve(uri) === grammar)) return { ...listen, ...hit.fields };
    const externals = new Map<string, SrgsGrammar | undefined>();
    const recording: GrammarResolver = (uri) => {
      const grammar = ready.resolve(uri);
      externals.set(uri, grammar);
      return grammar;
    };
    const prepared = this.derive(listen, active, recording);
    if (!graphs.includes(undefined)) {
      const { hints, choices, minDigits, maxDigits } = prepared;
      this.derived.set(key, { graphs, externals, fields: { hints, choices, minDigits, maxDigits } });
    }
    return prepared;
  }

  private derive(listen: ListenAction, active: ActiveGrammar[], resolve: GrammarResolver): ListenAction {
    const out: ListenAction = { ...listen };
    const dtmf = active.filter((g) => g.decl.mode === 'dtmf');
    const voice = active.filter((g) => g.decl.mode === 'voice');
    const bounds = dtmf.length ? this.engine.dtmfBounds(dtmf, resolve) : undefined;
    if (bounds) {
      out.minDigits = bounds.minDigits;
      if (bounds.maxDigits !== null) out.maxDigits = bounds.maxDigits;
    }
    if (voice.length && listen.modes.includes('voice')) {
      const maxHints = this.opts.maxHints ?? 100;
      const hints = new Set<string>();
      let closed = true;
      for (const g of voice) {
        const { phrases, complete } = this.engine.phrases(g, resolve, maxHints);
        closed &&= complete;
        for (const p of phrases) if (hints.size < maxHints) hints.add(p);
      }
      if (hints.size) out.hints = [...hints];
      const maxChoice = this.opts.maxChoicePhrases ?? 30;
      if (closed && hints.size > 0 && hints.size <= maxChoice) out.choices = this.choices(voice, dtmf, resolve, maxChoice);
    }
    return out;
  }

  /** Closed voice sets as labelled choices (label = the interpretation), with the DTMF key of the same label. */
  private choices(voice: ActiveGrammar[], dtmf: ActiveGrammar[], resolve: GrammarResolver, limit: number): NonNullable<ListenAction['choices']> {
    const byLabel = new Map<string, { label: string; phrases: string[]; tone?: string }>();
    const label = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
    for (const g of voice) {
      for (const e of this.engine.examples(g, resolve, limit).examples) {
        const l = label(e.interpretation);
        const entry = byLabel.get(l) ?? { label: l, phrases: [] };
        if (!entry.phrases.includes(e.text)) entry.phrases.push(e.text);
        byLabel.set(l, entry);
      }
    }
    for (const g of dtmf) {
      for (const e of this.engine.examples(g, resolve, 20).examples) {
        const entry = byLabel.get(label(e.interpretation));
        const key = e.text.replace(/\s+/g, '');
        if (entry && entry.tone === undefined && /^[0-9*#]$/.test(key)) entry.tone = key;
      }
    }
    return [...byLabel.values()];
  }

  async recognize(input: RecognitionInput, listen: ListenAction | undefined, ctx: RecognizeContext): Promise<InterpreterEvent> {
    const inputmode = input.kind === 'dtmf' ? 'dtmf' : 'voice';
    const utterance = input.kind === 'dtmf' ? input.digits : input.text;
    if (!listen) return { kind: 'nomatch', inputmode, utterance };
    const active = this.active(listen.grammars, ctx);
    const ready = await this.ready(active, ctx);
    if (!ready.ok) return { kind: 'platform.error', event: ready.event, message: ready.message };
    const outcome = this.engine.recognize(input, active, { resolve: ready.resolve, now: ctx.now, termchar: listen.termchar || undefined });
    switch (outcome.kind) {
      case 'match':
        // Below confidencelevel a voice result is rejected (VoiceXML 2.0 §6.3.2): nomatch.
        if (outcome.result.inputmode === 'voice' && outcome.result.confidence < listen.confidenceLevel) {
          return { kind: 'nomatch', inputmode, utterance: outcome.result.utterance, confidence: outcome.result.confidence };
        }
        return { kind: 'recognized', result: outcome.result };
      case 'error':
        return { kind: 'platform.error', event: outcome.event, message: `grammar ${outcome.grammar}: ${outcome.message}` };
      case 'nomatch': {
        if (input.kind === 'speech' && this.opts.understanding) {
          const voice = active.filter((g) => g.decl.mode === 'voice');
          const understood = voice.length
            ? await this.opts.understanding.understand({ utterance: { text: input.text, confidence: input.confidence }, grammars: voice, engine: this.engine, resolve: ready.resolve, lang: listen.lang }, ctx)
            : undefined;
          if (understood) return { kind: 'recognized', result: understood };
        }
        return { kind: 'nomatch', inputmode: outcome.inputmode, utterance: outcome.utterance, confidence: outcome.confidence };
      }
    }
  }

  /** The pending grammars as the engine wants them; keys whose document is not loaded are skipped (logged). */
  private active(refs: ActiveGrammarRef[], ctx: RecognizeContext): ActiveGrammar[] {
    const out: ActiveGrammar[] = [];
    for (const ref of refs) {
      const universal = universalGrammar(ref.key);
      if (universal) {
        out.push({ ref, decl: universal });
        continue;
      }
      const { doc, id } = splitGrammarKey(ref.key);
      const decl: GrammarDecl | undefined = ctx.documents(doc)?.grammars[id];
      if (decl) out.push({ ref, decl });
      else if (ref.src) out.push({ ref, decl: { id, loc: { line: 1, col: 1 }, mode: ref.mode, origin: 'element', src: ref.src } });
      else ctx.load.logger.warn('active grammar not found in any loaded document', { grammar: ref.key });
    }
    return out;
  }

  /** Prepares the grammars, fetching external documents they need (bounded rounds). */
  private async ready(active: ActiveGrammar[], ctx: RecognizeContext): Promise<Ready> {
    const fetchedNow = new Map<string, SrgsGrammar>();
    // External grammars come through the loader every time (an HTTP-fresh copy costs no request; `externals`
    // only spares the parse of known content): a grammar URL a servlet answers per caller session, or one whose
    // content changed, must not be answered by the copy another call fetched.
    const resolve: GrammarResolver = (uri) => fetchedNow.get(stripFragment(uri));
    for (let round = 0; round <= MAX_FETCH_ROUNDS; round++) {
      const outcome = this.engine.prepare(active, resolve);
      if (outcome.status === 'ready') return { ok: true, resolve };
      if (outcome.status === 'error') return { ok: false, event: outcome.event, message: `grammar ${outcome.grammar}: ${outcome.message}` };
      if (round === MAX_FETCH_ROUNDS) break;
      for (const uri of outcome.uris) {
        try {
          fetchedNow.set(stripFragment(uri), await this.fetchGrammar(uri, ctx));
        } catch (e) {
          if (e instanceof FetchError) return { ok: false, event: e.event, message: e.message };
          throw e;
        }
      }
    }
    return { ok: false, event: 'error.badfetch', message: `grammar references nest deeper than ${MAX_FETCH_ROUNDS} documents` };
  }

  private async fetchGrammar(uri: string, ctx: RecognizeContext): Promise<SrgsGrammar> {
    const res = await this.opts.loader.fetchText(uri, ctx.load, { accept: 'application/srgs+xml, application/srgs, text/plain;q=0.5, */*;q=0.1' });
    const key = stripFragment(uri);
    const hit = this.externals.get(key);
    if (hit && hit.hash === res.hash) return hit.grammar;
    const problems: Diagnostic[] = [];
    const grammar = parseGrammarDocument(res.text, res.uri, res.contentType || undefined, (d) => problems.push(d));
    const errors = problems.filter((d) => d.severity === 'error');
    if (errors.length) throw new FetchError('error.badfetch', `${errors[0].uri}:${errors[0].line}:${errors[0].col}: ${errors[0].message}`);
    this.externals.set(key, { hash: res.hash, grammar });
    return grammar;
  }
}
