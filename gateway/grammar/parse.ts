/**
 * Matching input words against a compiled rule, and recovering the preferred parse.
 *
 * `ends(node, pos)` is the ordered list of positions where `node` can stop when started at `pos`, in
 * preference order (alternatives by weight then document order; repeats greedy; GARBAGE lazy). It is
 * memoised per match, which keeps the search polynomial however ambiguous the grammar. A full match is
 * a root parse ending at the last word; `derive` then walks the same tables to rebuild the first
 * (preferred) parse that ends exactly there, as a tree of rule matches with their tokens and tags in order.
 */
import type { CompiledRule, Node, TrieNode } from './compile';
import type { BuiltinMatch } from './builtins/types';

export type MatchItem =
  | { k: 'tok'; text: string; from: number; to: number }
  | { k: 'tag'; text: string }
  | { k: 'rule'; m: RuleMatch }
  | { k: 'garbage'; from: number; to: number }
  | { k: 'builtin'; name: string; value: BuiltinMatch['value']; from: number; to: number };

export interface RuleMatch {
  rule: CompiledRule;
  from: number;
  to: number;
  items: MatchItem[];
}

const EMPTY: readonly number[] = [];

export class Matcher {
  private readonly stride: number;
  // Memo tables, keyed by node id × position (× sequence index / repeat count); one set per match.
  private readonly memo = new Map<number, readonly number[]>();
  // Sequence and repeat memos are two-level (node × position, then item index / repeat count): folding the
  // inner index into one number with a per-node multiplier made keys of different nodes collide, so a parse
  // depended on the node ids earlier compilations had used.
  private readonly seqMemo = new Map<number, (readonly number[] | undefined)[]>();
  private repMemoTable?: Map<number, (readonly number[] | undefined)[]>;
  private builtinMemoTable?: Map<number, BuiltinMatch | null>;
  private readonly active = new Set<number>();

  private get repMemo(): Map<number, (readonly number[] | undefined)[]> {
    return (this.repMemoTable ??= new Map());
  }
  private get builtinMemo(): Map<number, BuiltinMatch | null> {
    return (this.builtinMemoTable ??= new Map());
  }

  /** `words` are normalised voice words or DTMF keys; `joiner` rebuilds builtin input from them. */
  constructor(
    readonly words: readonly string[],
    private readonly joiner: string,
  ) {
    this.stride = words.length + 1;
  }

  /** The preferred parse of the whole input by `rule`, or undefined. */
  parse(rule: CompiledRule): RuleMatch | undefined {
    const n = this.words.length;
    if (!this.ends(rule.body, 0).includes(n)) return undefined;
    const m: RuleMatch = { rule, from: 0, to: n, items: [] };
    this.derive(rule.body, 0, n, m.items);
    return m;
  }

  ends(node: Node, pos: number): readonly number[] {
    const n = this.words.length;
    const info = node.info;
    if (pos === n) {
      if (!info.nullable) return EMPTY;
    } else if (!info.nullable && info.first !== null && !info.first.has(this.words[pos])) {
      return EMPTY;
    }
    switch (node.k) {
      case 'tok':
        return this.tokenAt(node.words, pos) ? [pos + node.words.length] : EMPTY;
      case 'null':
      case 'tag':
        return [pos];
      case 'void':
        return EMPTY;
      case 'garbage': {
        const out: number[] = [];
        for (let e = pos; e <= n; e++) out.push(e);
        return out;
      }
      default:
        break;
    }
    const key = node.id * this.stride + pos;
    const hit = this.memo.get(key);
    if (hit) return hit;
    let result: readonly number[];
    switch (node.k) {
      case 'seq':
        result = this.seqEnds(node, 0, pos);
        break;
      case 'alt': {
        const out: number[] = [];
        if (node.trie) {
          for (const h of this.altHits(node, pos)) if (!out.includes(h.end)) out.push(h.end);
        } else for (const i of this.candidates(node, pos)) addAll(out, this.ends(node.alts[i], pos));
        result = out;
        break;
      }
      case 'rep':
        result = this.repEnds(node, pos, 0);
        break;
      case 'ref': {
        if (!node.rule) {
          result = EMPTY;
          break;
        }
        // Left recursion (forbidden by SRGS) would loop: an active rule at the same position matches nothing.
        const guard = node.rule.body.id * this.stride + pos;
        if (this.active.has(guard)) return EMPTY;
        this.active.add(guard);
        result = this.ends(node.rule.body, pos);
        this.active.delete(guard);
        break;
      }
      case 'builtin': {
        const out: number[] = [];
        for (let e = n; e > pos; e--) if (this.builtinAt(node, pos, e)) out.push(e);
        result = out;
        break;
      }
    }
    this.memo.set(key, result);
    return result;
  }

  private tokenAt(words: string[], pos: number): boolean {
    if (pos + words.length > this.words.length) return false;
    for (let i = 0; i < words.length; i++) if (this.words[pos + i] !== words[i]) return false;
    return true;
  }

  private builtinAt(node: Extract<Node, { k: 'builtin' }>, from: number, to: number): BuiltinMatch | null {
    const key = (node.id * this.stride + from) * this.stride + to;
    const hit = this.builtinMemo.get(key);
    if (hit !== undefined) return hit;
    const r = node.matcher.match(this.words.slice(from, to).join(this.joiner)) ?? null;
    this.builtinMemo.set(key, r);
    return r;
  }

  /** Alternatives worth trying at `pos`, in preference order (the first-word index prunes large one-ofs). */
  private candidates(node: Extract<Node, { k: 'alt' }>, pos: number): Iterable<number> {
    if (!node.index) return node.alts.keys();
    const w = this.words[pos];
    const byWord = w === undefined ? undefined : node.index.get(w);
    if (!byWord || byWord.length === 0) return node.always;
    if (node.always.length === 0) return byWord;
    return mergeSorted(byWord, node.always);
  }

  /**
   * (alternative, end) pairs of a trie-indexed one-of, in preference order: plain word alternatives come
   * from one walk down the trie, the others from the first-word index.
   */
  private altHits(node: Extract<Node, { k: 'alt' }>, pos: number): { alt: number; end: number }[] {
    const hits: { alt: number; end: number }[] = [];
    let t: TrieNode | null | undefined = node.trie;
    for (let p = pos; t && p < this.words.length; ) {
      t = t.next.get(this.words[p]);
      p++;
      if (t) for (const a of t.ends) hits.push({ alt: a, end: p });
    }
    for (const i of this.candidates(node, pos)) for (const e of this.ends(node.alts[i], pos)) hits.push({ alt: i, end: e });
    if (hits.length > 1) hits.sort((a, b) => a.alt - b.alt);
    return hits;
  }

  private seqEnds(node: Extract<Node, { k: 'seq' }>, i: number, pos: number): readonly number[] {
    if (i === node.items.length) return [pos];
    const key = node.id * this.stride + pos;
    const hit = this.seqMemo.get(key)?.[i];
    if (hit) return hit;
    const out: number[] = [];
    for (const e of this.ends(node.items[i], pos)) addAll(out, this.seqEnds(node, i + 1, e));
    // Re-read the row: the recursion (an empty item at the same position) may have created it.
    let row = this.seqMemo.get(key);
    if (!row) this.seqMemo.set(key, (row = []));
    row[i] = out;
    return out;
  }

  /** Greedy: ends reached by one more iteration come before stopping here. */
  private repEnds(node: Extract<Node, { k: 'rep' }>, pos: number, count: number): readonly number[] {
    const cap = node.max === null ? node.min : node.max;
    const c = Math.min(count, cap);
    const key = node.id * this.stride + pos;
    const hit = this.repMemo.get(key)?.[c];
    if (hit) return hit;
    const out: number[] = [];
    if (node.max === null || count < node.max) {
      for (const e of this.ends(node.body, pos)) {
        if (e === pos && count >= node.min) continue; // an empty iteration gains nothing once min is met
        addAll(out, this.repEnds(node, e, count + 1));
      }
    }
    if (count >= node.min && !out.includes(pos)) out.push(pos);
    let row = this.repMemo.get(key);
    if (!row) this.repMemo.set(key, (row = []));
    row[c] = out;
    return out;
  }

  private derive(node: Node, pos: number, end: number, out: MatchItem[]): void {
    switch (node.k) {
      case 'tok':
        out.push({ k: 'tok', text: node.text, from: pos, to: end });
        return;
      case 'tag':
        out.push({ k: 'tag', text: node.text });
        return;
      case 'null':
      case 'void':
        return;
      case 'garbage':
        if (end > pos) out.push({ k: 'garbage', from: pos, to: end });
        return;
      case 'builtin': {
        const b = this.builtinAt(node, pos, end);
        if (b) out.push({ k: 'builtin', name: node.matcher.type, value: b.value, from: pos, to: end });
        return;
      }
      case 'seq': {
        let p = pos;
        const last = node.items.length - 1;
        for (let i = 0; i <= last; i++) {
          const item = node.items[i];
          const choice = this.ends(item, p).find((e) => (i === last ? e === end : this.seqEnds(node, i + 1, e).includes(end)));
          if (choice === undefined) return;
          this.derive(item, p, choice, out);
          p = choice;
        }
        return;
      }
      case 'alt':
        if (node.trie) {
          const hit = this.altHits(node, pos).find((h) => h.end === end);
          if (hit) this.derive(node.alts[hit.alt], pos, end, out);
          return;
        }
        for (const i of this.candidates(node, pos)) {
          if (this.ends(node.alts[i], pos).includes(end)) {
            this.derive(node.alts[i], pos, end, out);
            return;
          }
        }
        return;
      case 'rep':
        this.deriveRep(node, pos, end, 0, out);
        return;
      case 'ref': {
        if (!node.rule) return;
        const m: RuleMatch = { rule: node.rule, from: pos, to: end, items: [] };
        this.derive(node.rule.body, pos, end, m.items);
        out.push({ k: 'rule', m });
        return;
      }
    }
  }

  private deriveRep(node: Extract<Node, { k: 'rep' }>, pos: number, end: number, count: number, out: MatchItem[]): void {
    if (node.max === null || count < node.max) {
      for (const e of this.ends(node.body, pos)) {
        if (e === pos && count >= node.min) continue;
        if (this.repEnds(node, e, count + 1).includes(end)) {
          this.derive(node.body, pos, e, out);
          this.deriveRep(node, e, end, count + 1, out);
          return;
        }
      }
    }
  }
}

function addAll(out: number[], more: readonly number[]): void {
  for (const e of more) if (!out.includes(e)) out.push(e);
}

function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

/**
 * The words a rule match covered, as the grammar wrote them (garbage as the caller said it).
 * DTMF (joiner '') reports the keys themselves: "#1", not the grammar's "pound 1".
 */
export function matchText(m: RuleMatch, words: readonly string[], joiner: string): string {
  if (joiner === '') return words.slice(m.from, m.to).join('');
  const parts: string[] = [];
  const visit = (items: MatchItem[]): void => {
    for (const it of items) {
      if (it.k === 'tok') parts.push(it.text);
      else if (it.k === 'rule') visit(it.m.items);
      else if (it.k === 'garbage' || it.k === 'builtin') parts.push(words.slice(it.from, it.to).join(joiner));
    }
  };
  visit(m.items);
  return parts.join(joiner);
}
