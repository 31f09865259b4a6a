/**
 * GrammarDecl (+ its fetched external document) → a prepared grammar: a compiled SRGS rule, a builtin
 * matcher, a list of documents still to fetch, or the VoiceXML error the grammar raises. Cached per
 * recognizer key; a re-fetched document (new objects with different content) is recompiled.
 */
import type { BuiltinType, GrammarDecl, SrgsGrammar } from '../../contracts/grammar';
import type { ActiveGrammarRef, InputMode } from '../../contracts/platform';
import { createBuiltin, isBuiltinType, type BuiltinMatcher } from './builtins';
import { GrammarCompiler, resolveUri, type CompiledGrammar, type CompiledRule, type GrammarResolver } from './compile';
import { expandRule } from './expand';
import { parseBuiltinUri, splitRuleUri } from './srgs-common';
import { normalizeWords } from './tokens';
import { grammarTypeSupport } from './legacy/index';

/** An active grammar as the runtime hands it over: the interpreter's reference and the compiler's declaration. */
export interface ActiveGrammar {
  ref: ActiveGrammarRef;
  decl: GrammarDecl;
}

export interface ApproxPhrase {
  text: string;
  words: string[];
}

export type Prepared =
  | { kind: 'srgs'; key: string; mode: InputMode; grammar: CompiledGrammar; rule: CompiledRule; approximate?: ApproxPhrase[] }
  | { kind: 'builtin'; key: string; mode: InputMode; matcher: BuiltinMatcher }
  | { kind: 'need'; key: string; uris: string[] }
  | { kind: 'error'; key: string; event: string; message: string };

interface Entry {
  decl: GrammarDecl;
  src: string | undefined;
  external: SrgsGrammar | undefined;
  /** JSON of `decl`, computed only when another object arrives under the same key. */
  fingerprint?: string;
  prepared: Prepared;
}

export interface PrepareSettings {
  lang: string;
  approximateLimit: number;
  maxCached: number;
}

/** Document URI of a recognizer key `<documentUri>#<id>`. */
export function documentOfKey(key: string): string {
  const hash = key.lastIndexOf('#');
  return hash < 0 ? key : key.slice(0, hash);
}

export class GrammarPreparer {
  private readonly compiler: GrammarCompiler;
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly settings: PrepareSettings) {
    this.compiler = new GrammarCompiler((type, params, mode) =>
      createBuiltin(type as BuiltinType, params, mode, settings.lang),
    );
  }

  prepare(g: ActiveGrammar, resolve: GrammarResolver): Prepared {
    const key = g.ref.key;
    const src = this.srcOf(g);
    const docPart = src !== undefined && !src.startsWith('builtin:') ? splitRuleUri(src).uri ?? src : undefined;
    const external = docPart !== undefined ? resolve(docPart) : undefined;
    const hit = this.cache.get(key);
    if (hit && hit.src === src && hit.external === external) {
      if (hit.decl === g.decl) return hit.prepared;
      hit.fingerprint ??= JSON.stringify(hit.decl);
      const fp = JSON.stringify(g.decl);
      if (fp === hit.fingerprint) {
        hit.decl = g.decl;
        return hit.prepared;
      }
    }
    const prepared = this.build(g, key, src, external, resolve);
    if (prepared.kind !== 'need') {
      if (this.cache.size >= this.settings.maxCached) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.delete(key);
      this.cache.set(key, { decl: g.decl, src, external, prepared });
    }
    return prepared;
  }

  /** The absolute src of an external grammar (srcexpr already evaluated into ref.src by the interpreter). */
  private srcOf(g: ActiveGrammar): string | undefined {
    if (g.ref.src !== undefined) return g.ref.src;
    if (g.decl.inline !== undefined || g.decl.builtin !== undefined || g.decl.src === undefined) return undefined;
    return g.decl.src.startsWith('builtin:') ? g.decl.src : resolveUri(g.decl.src, documentOfKey(g.ref.key));
  }

  private build(g: ActiveGrammar, key: string, src: string | undefined, external: SrgsGrammar | undefined, resolve: GrammarResolver): Prepared {
    const { decl } = g;
    if (decl.builtin !== undefined) return this.builtin(key, decl.builtin.type, decl.builtin.params, decl.mode);
    if (src !== undefined && src.startsWith('builtin:')) {
      const b = parseBuiltinUri(src);
      if (!b || !b.ok || !isBuiltinType(b.type)) {
        return { kind: 'error', key, event: 'error.unsupported.builtin', message: `"${src}" names no builtin grammar (boolean, date, digits, currency, number, phone, time)` };
      }
      return this.builtin(key, b.type, b.params, b.mode ?? decl.mode);
    }
    if (decl.inline !== undefined) return this.srgs(key, decl.inline, documentOfKey(key), undefined, resolve, decl.approximate === true);
    if (decl.type !== undefined && grammarTypeSupport(decl.type) === 'unsupported') {
      // VoiceXML 2.0 §5.2.6: a grammar format the platform does not support raises error.unsupported.format.
      return { kind: 'error', key, event: 'error.unsupported.format', message: `grammar type "${decl.type}" is not supported (SRGS XML/ABNF, Nuance GSL and JSGF are)` };
    }
    if (src === undefined) {
      return { kind: 'error', key, event: 'error.badfetch', message: 'the grammar has neither content nor a src to fetch it from' };
    }
    const { uri: docPart, rule } = splitRuleUri(src);
    if (external === undefined) return { kind: 'need', key, uris: [docPart ?? src] };
    return this.srgs(key, external, docPart ?? src, rule, resolve, decl.approximate === true);
  }

  private builtin(key: string, type: BuiltinType, params: Record<string, string>, mode: InputMode): Prepared {
    const matcher = createBuiltin(type, params, mode, this.settings.lang);
    return { kind: 'builtin', key, mode, matcher };
  }

  private srgs(key: string, source: SrgsGrammar, uri: string, fragment: string | undefined, resolve: GrammarResolver, approximate: boolean): Prepared {
    const out = this.compiler.compile(source, uri, resolve);
    if (out.missing.length > 0) return { kind: 'need', key, uris: out.missing };
    const g = out.grammar;
    let rule: CompiledRule | undefined;
    if (fragment !== undefined) {
      rule = g.rules.get(fragment);
      if (!rule) return { kind: 'error', key, event: 'error.badfetch', message: `${uri} defines no rule "${fragment}"` };
      if (rule.scope !== 'public' && rule !== g.root) {
        return { kind: 'error', key, event: 'error.badfetch', message: `rule "${fragment}" of ${uri} is private; only public rules can be referenced from outside` };
      }
    } else {
      // A grammar without root is diagnosed by the parser; match through its first public rule (else first rule).
      const rules = [...g.rules.values()];
      rule = g.root ?? rules.find((r) => r.scope === 'public') ?? rules[0];
      if (!rule) return { kind: 'error', key, event: 'error.badfetch', message: `${uri}: the grammar defines no rule` };
    }
    const prepared: Prepared = { kind: 'srgs', key, mode: source.mode, grammar: g, rule };
    if (approximate) {
      prepared.approximate = expandRule(rule, this.settings.approximateLimit).phrases.map((p) => {
        const text = p.join(' ');
        return { text, words: normalizeWords(text) };
      });
    }
    return prepared;
  }
}
