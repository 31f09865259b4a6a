/**
 * The process phase for input (Appendix C): copy results into form item variables (field-level grammar:
 * the slot's value or the whole result; form-level grammar: every property that names an input item's
 * slot — mixed initiative), set the shadow variables, mark <initial> items as done, then run the triggered
 * <filled> elements in document order (mode any/all, namelist).
 */
import type { Filled, FormDialog, FormItem, RecordItem, TransferItem } from '../../contracts/graph';
import type { RecognitionResult } from '../../contracts/grammar';
import type { TransferResult } from '../../contracts/platform';
import { execBody } from './exec';
import type { Flow } from './flow';
import { setShadow } from './lastresult';
import { hangup, SELECT, type Next } from './next';
import { currentForm, findItem, js, type Turn } from './turn';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lookup(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Field-level grammar: the slot's property when the result is a structure holding it, else the result. */
export function slotValue(interpretation: unknown, slot: string): unknown {
  if (!isObject(interpretation)) return interpretation;
  const v = lookup(interpretation, slot);
  return v === undefined ? interpretation : v;
}

function shadowOf(r: RecognitionResult, interpretation: unknown): Record<string, unknown> {
  return { utterance: r.utterance, confidence: r.confidence, inputmode: r.inputmode, interpretation };
}

/**
 * Fills from a recognition. `item` is the form item whose own grammar matched; undefined for a form-level
 * grammar (then each property matching an input item's slot fills that item).
 */
export function processFormResult(turn: Turn, r: RecognitionResult, item: FormItem | undefined): Next {
  const form = currentForm(turn);
  if (!form) return hangup('error');
  const filled: { item: FormItem; value: unknown }[] = [];
  const interp = r.interpretation === undefined ? r.utterance : r.interpretation;
  if (item) {
    filled.push({ item, value: item.kind === 'field' ? slotValue(interp, item.slot) : interp });
  } else if (isObject(interp)) {
    for (const candidate of form.items) {
      if (candidate.kind !== 'field') continue;
      const v = lookup(interp, candidate.slot);
      if (v !== undefined) filled.push({ item: candidate, value: v });
    }
  }
  const just = new Set<string>();
  for (const f of filled) {
    const set = js(() => turn.env.assign(f.item.name, turn.env.fromData(f.value)), f.item.loc);
    if (!set.ok) return { kind: 'flow', flow: set.flow, at: { item: f.item.name } };
    const sh = setShadow(turn, f.item.name, shadowOf(r, f.value));
    if (sh.kind !== 'continue') return { kind: 'flow', flow: sh, at: { item: f.item.name } };
    just.add(f.item.name);
  }
  if (just.size > 0) {
    for (const i of form.items) {
      if (i.kind !== 'initial') continue;
      const set = js(() => turn.env.assign(i.name, true), i.loc);
      if (!set.ok) return { kind: 'flow', flow: set.flow, at: {} };
    }
  }
  return runFilleds(turn, form, just);
}

export function fillRecording(turn: Turn, item: RecordItem, rec: { uri: string; durationMs: number; sizeBytes?: number; type?: string; termchar?: string; maxtime?: boolean }): Next {
  const value: Record<string, unknown> = { $recording: rec.uri, duration: rec.durationMs };
  const type = rec.type ?? item.type;
  if (type !== undefined) value.type = type;
  if (rec.sizeBytes !== undefined) value.size = rec.sizeBytes;
  return fillWith(turn, item, value, {
    duration: rec.durationMs,
    size: rec.sizeBytes ?? 0,
    termchar: rec.termchar ?? null,
    maxtime: rec.maxtime ?? false,
  });
}

export function fillTransfer(turn: Turn, item: TransferItem, result: TransferResult, durationMs: number | undefined, input?: RecognitionResult): Next {
  const shadow: Record<string, unknown> = { duration: Math.round((durationMs ?? 0) / 1000) };
  if (input) Object.assign(shadow, { utterance: input.utterance, inputmode: input.inputmode, confidence: input.confidence, interpretation: input.interpretation });
  return fillWith(turn, item, result, shadow);
}

function fillWith(turn: Turn, item: FormItem, value: unknown, shadow: Record<string, unknown>): Next {
  const form = currentForm(turn);
  if (!form) return hangup('error');
  const at = { item: item.name };
  const set = js(() => turn.env.assign(item.name, turn.env.fromData(value)), item.loc);
  if (!set.ok) return { kind: 'flow', flow: set.flow, at };
  const sh = setShadow(turn, item.name, shadow);
  if (sh.kind !== 'continue') return { kind: 'flow', flow: sh, at };
  return runFilleds(turn, form, new Set([item.name]));
}

/** The subdialog's return value lands in its item variable (an object of the returned names). */
export function fillSubdialog(turn: Turn, itemName: string, values: Record<string, unknown>): Next {
  const form = currentForm(turn);
  const item = findItem(form, itemName);
  if (!form || !item) return hangup('error');
  const set = js(() => turn.env.assign(item.name, turn.env.fromData(values)), item.loc);
  if (!set.ok) return { kind: 'flow', flow: set.flow, at: { item: item.name } };
  return runFilleds(turn, form, new Set([item.name]));
}

const INPUT_KINDS = new Set(['field', 'record', 'transfer', 'object', 'subdialog']);

function compareLoc(a: Filled, b: Filled): number {
  return a.loc.line - b.loc.line || a.loc.col - b.loc.col;
}

/** Runs every triggered <filled> in document order; an event or transition stops the rest. */
export function runFilleds(turn: Turn, form: FormDialog, just: Set<string>): Next {
  if (just.size === 0) return SELECT;
  const all: { filled: Filled; owner?: FormItem }[] = [];
  for (const item of form.items) if ('filleds' in item) for (const filled of item.filleds) all.push({ filled, owner: item });
  for (const filled of form.filleds) all.push({ filled });
  all.sort((a, b) => compareLoc(a.filled, b.filled));
  const inputNames = form.items.filter((i) => INPUT_KINDS.has(i.kind)).map((i) => i.name);
  for (const { filled, owner } of all) {
    const names = filled.namelist ?? (owner ? [owner.name] : inputNames);
    if (!names.some((n) => just.has(n))) continue;
    const isFilled = (n: string) => {
      const v = js(() => turn.env.get(n));
      return v.ok && v.value !== undefined;
    };
    const triggered = filled.mode === 'all' ? names.every(isFilled) : names.some(isFilled);
    if (!triggered) continue;
    const at = owner ? { item: owner.name } : {};
    const open = js(() => turn.env.openAnonymous(), filled.loc);
    if (!open.ok) return { kind: 'flow', flow: open.flow, at };
    const flow: Flow = execBody(turn, filled.body, { level: 'anonymous', ...(owner ? { item: owner } : {}) });
    turn.env.closeAnonymous();
    if (flow.kind !== 'continue') return { kind: 'flow', flow, at };
  }
  return SELECT;
}
