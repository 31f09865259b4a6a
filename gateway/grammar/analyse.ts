/**
 * Analysis of compiled rules: which nodes can match nothing (nullable) and which words each can start
 * with (first-sets), solved as a fixpoint over mutually recursive rules; then the indexes that let the
 * matcher skip alternatives: a first-word index and a word trie for large one-ofs.
 */
import type { CompiledRule, Node, NodeInfo, TrieNode } from './compile';

/** Token first-sets are single words: one shared, never-mutated set per word. */
const wordSets = new Map<string, Set<string>>();
function wordSet(w: string): Set<string> {
  let s = wordSets.get(w);
  if (!s) {
    if (wordSets.size > 50_000) wordSets.clear();
    wordSets.set(w, (s = new Set([w])));
  }
  return s;
}

/** Solves nullable/first for `rules` (rules outside the list are final already) and builds the indexes. */
export function analyseRules(rules: CompiledRule[]): void {
    for (const r of rules) markDynamic(r.body);
    const ruleInfo = new Map<CompiledRule, NodeInfo>(rules.map((r) => [r, { nullable: false, first: EMPTY_FIRST }]));
    const infoOf = (rule: CompiledRule): NodeInfo => ruleInfo.get(rule) ?? rule.body.info;
    let changed = true;
    let rounds = 0;
    while (changed && rounds++ < 1000) {
      changed = false;
      for (const r of rules) {
        const before = ruleInfo.get(r);
        const after = computeInfo(r.body, infoOf);
        if (before && !sameInfo(before, after)) {
          ruleInfo.set(r, after);
          changed = true;
        }
      }
    }
    for (const r of rules) {
      computeInfo(r.body, infoOf);
      buildIndexes(r.body);
    }
  }

/** The empty first-set, shared; sets held by NodeInfo are never mutated after analysis builds them. */
const EMPTY_FIRST: Set<string> = new Set();

function sameInfo(a: NodeInfo, b: NodeInfo): boolean {
  if (a.nullable !== b.nullable) return false;
  if (a.first === null || b.first === null) return a.first === b.first;
  if (a.first.size !== b.first.size) return false;
  for (const w of a.first) if (!b.first.has(w)) return false;
  return true;
}

function union(into: NodeInfo, from: NodeInfo): void {
  if (into.first === null) return;
  if (from.first === null) into.first = null;
  else for (const w of from.first) into.first.add(w);
}

/** Computes (and stores) the info of `n` and its descendants; rule references read `infoOf`. */
function computeInfo(n: Node, infoOf: (r: CompiledRule) => NodeInfo): NodeInfo {
  if (n.done && !n.dyn) return n.info;
  const info: NodeInfo = { nullable: false, first: EMPTY_FIRST };
  switch (n.k) {
    case 'tok':
      info.first = wordSet(n.words[0]);
      break;
    case 'seq': {
      info.nullable = true;
      let shared = true; // while only one item contributed, share its set instead of copying
      for (const item of n.items) {
        const ii = computeInfo(item, infoOf);
        if (info.nullable) {
          if (info.first === EMPTY_FIRST && shared) info.first = ii.first;
          else {
            if (shared) {
              info.first = info.first === null ? null : new Set(info.first);
              shared = false;
            }
            union(info, ii);
          }
        }
        info.nullable = info.nullable && ii.nullable;
      }
      break;
    }
    case 'alt':
      info.first = new Set();
      for (const a of n.alts) {
        const ai = computeInfo(a, infoOf);
        union(info, ai);
        info.nullable = info.nullable || ai.nullable;
      }
      break;
    case 'rep': {
      const bi = computeInfo(n.body, infoOf);
      info.first = n.max === 0 ? EMPTY_FIRST : bi.first;
      info.nullable = n.min === 0 || bi.nullable;
      break;
    }
    case 'ref':
      if (n.rule) {
        const ri = infoOf(n.rule);
        info.nullable = ri.nullable;
        info.first = ri.first;
      }
      break;
    case 'null':
    case 'tag':
      info.nullable = true;
      break;
    case 'void':
      break;
    case 'garbage':
      info.nullable = true;
      info.first = null;
      break;
    case 'builtin':
      info.first = null;
      break;
  }
  n.info = info;
  n.done = true;
  return info;
}

/** Marks nodes that contain rule references (their info depends on the rule analysis). */
function markDynamic(n: Node): boolean {
  let dyn = false;
  switch (n.k) {
    case 'ref':
      dyn = true;
      break;
    case 'seq':
      for (const i of n.items) dyn = markDynamic(i) || dyn;
      break;
    case 'alt':
      for (const a of n.alts) dyn = markDynamic(a) || dyn;
      break;
    case 'rep':
      dyn = markDynamic(n.body);
      break;
    default:
      break;
  }
  n.dyn = dyn;
  return dyn;
}

/** Alternatives of large one-ofs are indexed by first word, so a match looks at a handful, not all. */
function buildIndexes(n: Node): void {
  walk(n, (x) => {
    if (x.k !== 'alt' || x.alts.length < 8) return;
    const index = new Map<string, number[]>();
    const always: number[] = [];
    const trie: TrieNode = { next: new Map(), ends: [] };
    let inTrie = 0;
    x.alts.forEach((a, i) => {
      const words = plainWords(a);
      if (words !== undefined && words.length > 0) {
        let t = trie;
        for (const w of words) {
          let nx = t.next.get(w);
          if (!nx) t.next.set(w, (nx = { next: new Map(), ends: [] }));
          t = nx;
        }
        t.ends.push(i);
        inTrie++;
        return;
      }
      if (a.info.nullable || a.info.first === null) {
        always.push(i);
        return;
      }
      for (const w of a.info.first) {
        let list = index.get(w);
        if (!list) index.set(w, (list = []));
        list.push(i);
      }
    });
    x.index = index;
    x.always = always;
    x.trie = inTrie > 0 ? trie : null;
  });
}

/** The words of an alternative made only of tokens and tags, else undefined. */
function plainWords(n: Node): string[] | undefined {
  if (n.k === 'tok') return n.words;
  if (n.k !== 'seq') return undefined;
  const out: string[] = [];
  for (const i of n.items) {
    if (i.k === 'tok') out.push(...i.words);
    else if (i.k !== 'tag') return undefined;
  }
  return out;
}

/** Visits `n` and its descendants within one rule body (does not follow references). */
export function walk(n: Node, visit: (n: Node) => void): void {
  visit(n);
  switch (n.k) {
    case 'seq':
      for (const i of n.items) walk(i, visit);
      break;
    case 'alt':
      for (const a of n.alts) walk(a, visit);
      break;
    case 'rep':
      walk(n.body, visit);
      break;
    default:
      break;
  }
}
