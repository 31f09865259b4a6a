/**
 * What a compiled rule can say: bounded phrase expansion (recognizer hints, ACS choices, NLU training,
 * approximate matching) and the length bounds of DTMF input (Twilio numDigits, ACS maxTonesToCollect).
 */
import type { CompiledRule, Node } from './compile';

export interface Expansion {
  /** Each phrase as its tokens, as the grammar wrote them. */
  phrases: string[][];
  /** False when the grammar says more than was listed (limit hit, unbounded repeats, GARBAGE, recursion). */
  complete: boolean;
}

const MAX_DEPTH = 12;

/** Up to `limit` phrases of `rule`, preferred alternatives first. Repeats expand at their minimum (at least once). */
export function expandRule(rule: CompiledRule, limit: number): Expansion {
  const state = { complete: true, limit };
  const phrases = expand(rule.body, state, 0).filter((p) => p.length > 0);
  const seen = new Set<string>();
  const unique: string[][] = [];
  for (const p of phrases) {
    const k = p.join(' ').toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      unique.push(p);
    }
  }
  return { phrases: unique.slice(0, limit), complete: state.complete && unique.length <= limit };
}

function capped(list: string[][], state: { complete: boolean; limit: number }): string[][] {
  if (list.length > state.limit) {
    state.complete = false;
    return list.slice(0, state.limit);
  }
  return list;
}

function product(a: string[][], b: string[][], state: { complete: boolean; limit: number }): string[][] {
  const out: string[][] = [];
  for (const x of a) {
    for (const y of b) {
      if (out.length >= state.limit) {
        state.complete = false;
        return out;
      }
      out.push(x.concat(y));
    }
  }
  return out;
}

function expand(n: Node, state: { complete: boolean; limit: number }, depth: number): string[][] {
  switch (n.k) {
    case 'tok':
      return [[n.text]];
    case 'tag':
    case 'null':
      return [[]];
    case 'void':
      return [];
    case 'garbage':
      state.complete = false;
      return [[]];
    case 'builtin':
      state.complete = false;
      return n.matcher.examples.slice(0, 3).map((e) => e.split(' '));
    case 'seq': {
      let acc: string[][] = [[]];
      for (const item of n.items) acc = product(acc, expand(item, state, depth), state);
      return acc;
    }
    case 'alt': {
      const out: string[][] = [];
      for (const a of n.alts) {
        out.push(...expand(a, state, depth));
        if (out.length > state.limit) break;
      }
      return capped(out, state);
    }
    case 'rep': {
      if (n.max === 0) return [[]];
      const body = expand(n.body, state, depth);
      const times = Math.max(n.min, 1);
      if (n.max === null || n.max > times) state.complete = false;
      let acc: string[][] = [[]];
      for (let i = 0; i < times; i++) acc = product(acc, body, state);
      return n.min === 0 ? capped(acc.concat([[]]), state) : acc;
    }
    case 'ref':
      if (!n.rule) return [];
      if (depth >= MAX_DEPTH) {
        state.complete = false;
        return [];
      }
      return expand(n.rule.body, state, depth + 1);
  }
}

export interface LengthBounds {
  min: number;
  /** null = unbounded. */
  max: number | null;
}

/** Token-count bounds of `rule` (DTMF keys for a DTMF grammar). */
export function ruleBounds(rule: CompiledRule): LengthBounds {
  const memo = new Map<CompiledRule, LengthBounds>();
  const active = new Set<CompiledRule>();
  const ofRule = (r: CompiledRule): LengthBounds => {
    const hit = memo.get(r);
    if (hit) return hit;
    if (active.has(r)) return { min: Infinity, max: null }; // recursion: at least as long as its base case, unbounded
    active.add(r);
    const b = ofNode(r.body);
    active.delete(r);
    memo.set(r, b);
    return b;
  };
  const ofNode = (n: Node): LengthBounds => {
    switch (n.k) {
      case 'tok':
        return { min: n.words.length, max: n.words.length };
      case 'tag':
      case 'null':
        return { min: 0, max: 0 };
      case 'void':
        return { min: Infinity, max: 0 };
      case 'garbage':
        return { min: 0, max: null };
      case 'builtin':
        return n.matcher.dtmfBounds;
      case 'seq': {
        let min = 0;
        let max: number | null = 0;
        for (const i of n.items) {
          const b = ofNode(i);
          min += b.min;
          max = max === null || b.max === null ? null : max + b.max;
        }
        return { min, max };
      }
      case 'alt': {
        let min = Infinity;
        let max: number | null = 0;
        for (const a of n.alts) {
          const b = ofNode(a);
          if (b.min === Infinity) {
            if (b.max === null) max = null; // a recursive branch: unbounded
            continue;
          }
          min = Math.min(min, b.min);
          max = max === null || b.max === null ? null : Math.max(max, b.max);
        }
        return { min, max };
      }
      case 'rep': {
        const b = ofNode(n.body);
        const min = n.min === 0 ? 0 : b.min * n.min;
        const max = n.max === null ? (b.max === 0 ? 0 : null) : b.max === null ? null : b.max * n.max;
        return { min, max };
      }
      case 'ref':
        return n.rule ? ofRule(n.rule) : { min: Infinity, max: 0 };
    }
  };
  return ofRule(rule);
}
