/**
 * SrgsGrammar → a linked, analysed node graph the matcher walks. Done once per grammar and cached:
 * tokens are normalised, alternatives are ordered by preference (weight, then document order) and
 * indexed by their first word, every node knows whether it can match nothing and which words it can
 * start with, and rule references (local, external, builtin) point straight at their target.
 */
import type { InputMode } from '../../contracts/platform';
import type { SrgsExpansion, SrgsGrammar } from '../../contracts/grammar';
import { parseBuiltinUri, splitRuleUri } from './srgs-common';
import { dtmfKeysOfToken, normalizeWords } from './tokens';
import type { BuiltinMatcher } from './builtins/types';
import { analyseRules } from './analyse';

export { walk } from './analyse';

export interface NodeInfo {
  nullable: boolean;
  /** Words the node can start with; null = any word (GARBAGE, builtins). */
  first: Set<string> | null;
}

interface Base {
  id: number;
  info: NodeInfo;
  /** Contains a rule reference (its info may change while rules are analysed); else computed once. */
  dyn?: boolean;
  done?: boolean;
}

/** Alternatives that are plain word sequences (tags allowed) live in a word trie: `ends` lists the alternatives ending here. */
export interface TrieNode {
  next: Map<string, TrieNode>;
  ends: number[];
}
export type Node =
  | (Base & { k: 'tok'; words: string[]; text: string })
  | (Base & { k: 'seq'; items: Node[] })
  | (Base & { k: 'alt'; alts: Node[]; index: Map<string, number[]> | null; always: number[]; trie: TrieNode | null })
  | (Base & { k: 'rep'; min: number; max: number | null; body: Node })
  | (Base & { k: 'ref'; label: string; rule: CompiledRule | null })
  | (Base & { k: 'null' })
  | (Base & { k: 'void' })
  | (Base & { k: 'garbage' })
  | (Base & { k: 'tag'; text: string })
  | (Base & { k: 'builtin'; matcher: BuiltinMatcher });

export interface CompiledRule {
  name: string;
  scope: 'public' | 'private';
  grammar: CompiledGrammar;
  body: Node;
}

export interface CompiledGrammar {
  /** Absolute URI the grammar's relative references resolve against. */
  uri: string;
  mode: InputMode;
  tagFormat?: string;
  globalTags: string[];
  rules: Map<string, CompiledRule>;
  root?: CompiledRule;
  /** Whether any rule reachable from this grammar carries a tag (else the interpretation is the text). */
  hasTags: boolean;
  /** Other grammars this one references. */
  deps: Set<CompiledGrammar>;
}

/** Fetched and parsed external grammar documents, by absolute URI without fragment. */
export type GrammarResolver = (uri: string) => SrgsGrammar | undefined;
export type BuiltinFactory = (type: string, params: Record<string, string>, mode: InputMode) => BuiltinMatcher;

export interface CompileOutcome {
  grammar: CompiledGrammar;
  /** External documents referenced but not (yet) available from the resolver. */
  missing: string[];
  /** Problems found while linking (private rule referenced from outside, unknown rule in a document…). */
  problems: string[];
}

let nextId = 1;
/** Placeholder info until analysis; never mutated (analysis replaces it). */
const PENDING: NodeInfo = Object.freeze({ nullable: false, first: new Set<string>() }) as NodeInfo;
const fresh = (): NodeInfo => PENDING;
/** Resolves `ref` against `base`; leaves it as written when either is not a hierarchical URL. */
export function resolveUri(ref: string, base: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

/** Compiles grammars and their external closure; compiled documents are shared through `cache`. */
export class GrammarCompiler {
  /** Completed external documents: parsed grammar object → uri → compiled grammar. */
  private readonly cache = new WeakMap<SrgsGrammar, Map<string, CompiledGrammar>>();

  constructor(private readonly builtin: BuiltinFactory) {}

  compile(source: SrgsGrammar, uri: string, resolve: GrammarResolver): CompileOutcome {
    const unit = new CompileUnit(this.cache, this.builtin, resolve);
    const grammar = unit.grammar(source, uri);
    unit.finish();
    return { grammar, missing: [...unit.missing], problems: unit.problems };
  }
}

class CompileUnit {
  readonly missing = new Set<string>();
  readonly problems: string[] = [];
  private readonly pending: { source: SrgsGrammar; uri: string; compiled: CompiledGrammar }[] = [];
  private readonly refs: { node: Extract<Node, { k: 'ref' }>; from: CompiledGrammar; uri?: string; rule?: string }[] = [];

  constructor(
    private readonly cache: WeakMap<SrgsGrammar, Map<string, CompiledGrammar>>,
    private readonly builtin: BuiltinFactory,
    private readonly resolve: GrammarResolver,
  ) {}

  grammar(source: SrgsGrammar, uri: string): CompiledGrammar {
    const cached = this.cache.get(source)?.get(uri) ?? this.pending.find((p) => p.source === source && p.uri === uri)?.compiled;
    if (cached) return cached;
    const base = source.base !== undefined ? resolveUri(source.base, uri) : uri;
    const g: CompiledGrammar = { uri: base, mode: source.mode, globalTags: source.globalTags ?? [], rules: new Map(), hasTags: false, deps: new Set() };
    if (source.tagFormat !== undefined) g.tagFormat = source.tagFormat;
    this.pending.push({ source, uri, compiled: g });
    for (const r of Object.values(source.rules)) {
      g.rules.set(r.id, { name: r.id, scope: r.scope, grammar: g, body: { id: 0, k: 'null', info: fresh() } });
    }
    for (const r of Object.values(source.rules)) {
      const rule = g.rules.get(r.id);
      if (rule) rule.body = this.node(r.expansion, g);
    }
    if (source.root !== undefined) g.root = g.rules.get(source.root);
    return g;
  }

  private node(e: SrgsExpansion, g: CompiledGrammar): Node {
    const id = nextId++;
    const info = fresh();
    switch (e.kind) {
      case 'token': {
        const words = g.mode === 'dtmf' ? dtmfKeysOfToken(e.text) : normalizeWords(e.text);
        if (words === undefined) {
          this.problems.push(`"${e.text}" is not a DTMF key (0-9, *, #, A-D); it can never match`);
          return { id, info, k: 'void' };
        }
        if (words.length === 0) return { id, info, k: 'null' };
        return { id, info, k: 'tok', words, text: e.text };
      }
      case 'seq':
        return { id, info, k: 'seq', items: e.items.map((i) => this.node(i, g)) };
      case 'oneof': {
        // Preference: higher weight first, then document order (stable sort).
        const order = e.alternatives.map((a, i) => ({ a, i })).sort((x, y) => y.a.weight - x.a.weight || x.i - y.i);
        return { id, info, k: 'alt', alts: order.map((o) => this.node(o.a.expansion, g)), index: null, always: [], trie: null };
      }
      case 'repeat':
        return { id, info, k: 'rep', min: e.min, max: e.max, body: this.node(e.expansion, g) };
      case 'tag':
        g.hasTags = true;
        return { id, info, k: 'tag', text: e.text };
      case 'ruleref': {
        if (e.special === 'NULL') return { id, info, k: 'null' };
        if (e.special === 'VOID') return { id, info, k: 'void' };
        if (e.special === 'GARBAGE') return { id, info, k: 'garbage' };
        if (e.uri !== undefined && e.uri.startsWith('builtin:')) {
          const b = parseBuiltinUri(e.uri);
          if (!b || !b.ok) {
            this.problems.push(`"${e.uri}" names no builtin grammar`);
            return { id, info, k: 'void' };
          }
          return { id, info, k: 'builtin', matcher: this.builtin(b.type, b.params, b.mode ?? g.mode) };
        }
        const node: Extract<Node, { k: 'ref' }> = { id, info, k: 'ref', label: e.rule ?? e.uri ?? '?', rule: null };
        this.refs.push({ node, from: g, uri: e.uri, rule: e.rule });
        return node;
      }
    }
  }

  /** Links references (compiling external documents on the way), then analyses every new rule. */
  finish(): void {
    for (let i = 0; i < this.refs.length; i++) this.link(this.refs[i]);
    this.analyse();
    for (const p of this.pending) {
      p.compiled.hasTags = p.compiled.hasTags || this.reachesTags(p.compiled);
      if (this.missing.size === 0) {
        let byUri = this.cache.get(p.source);
        if (!byUri) this.cache.set(p.source, (byUri = new Map()));
        byUri.set(p.uri, p.compiled);
      }
    }
  }

  private link(r: { node: Extract<Node, { k: 'ref' }>; from: CompiledGrammar; uri?: string; rule?: string }): void {
    if (r.uri === undefined) {
      r.node.rule = r.rule !== undefined ? r.from.rules.get(r.rule) ?? null : null;
      if (!r.node.rule) this.problems.push(`rule "${r.rule}" is not defined`);
      return;
    }
    const abs = resolveUri(r.uri, r.from.uri);
    const doc = splitRuleUri(abs).uri ?? abs;
    const source = this.resolve(doc);
    if (!source) {
      this.missing.add(doc);
      return;
    }
    const target = this.grammar(source, doc);
    if (target !== r.from) r.from.deps.add(target);
    if (r.rule === undefined) {
      r.node.rule = target.root ?? null;
      if (!target.root) this.problems.push(`${doc} has no root rule, so it cannot be referenced without #rule`);
      r.node.label = target.root?.name ?? r.node.label;
      return;
    }
    const rule = target.rules.get(r.rule);
    if (!rule) {
      this.problems.push(`${doc} defines no rule "${r.rule}"`);
      return;
    }
    if (rule.scope !== 'public' && rule !== target.root) {
      this.problems.push(`rule "${r.rule}" of ${doc} is private and cannot be referenced from another grammar`);
      return;
    }
    r.node.rule = rule;
  }

  private reachesTags(g: CompiledGrammar): boolean {
    const seen = new Set<CompiledGrammar>();
    const visit = (x: CompiledGrammar): boolean => {
      if (seen.has(x)) return false;
      seen.add(x);
      if (x.hasTags) return true;
      for (const d of x.deps) if (visit(d)) return true;
      return false;
    };
    return visit(g);
  }

  /** Fixpoint of nullable/first over the rules of this unit (rules compiled earlier are already final). */
  private analyse(): void {
    const rules: CompiledRule[] = [];
    for (const p of this.pending) rules.push(...p.compiled.rules.values());
    analyseRules(rules);
  }

}
