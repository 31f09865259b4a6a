/**
 * Namelists (<submit>, <subdialog>, <data>, <return>, <exit>): variable values read from the scope chain.
 * Names keep the qualification written in the namelist (`document.x` is sent as `document.x`, §5.3.8).
 */
import type { SubmitField } from '../../contracts/interpreter';
import type { Loc } from '../../contracts/source';
import { ok, type Result } from './flow';
import { isRecording } from './recording';
import { js, type Turn } from './turn';

/** Reads each name as plain data (an undeclared name is error.semantic). */
export function namelistValues(turn: Turn, names: string[] | undefined, loc: Loc): Result<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of names ?? []) {
    const v = js(() => turn.env.toData(turn.env.evaluate(name)), loc);
    if (!v.ok) return v;
    out[name] = v.value;
  }
  return ok(out);
}

/** The same values as submitted form fields: recordings become file parts, objects are sent property by property. */
export function submitFields(turn: Turn, names: string[] | undefined, loc: Loc): Result<SubmitField[]> {
  const fields: SubmitField[] = [];
  for (const name of names ?? []) {
    const v = js(() => turn.env.evaluate(name), loc);
    if (!v.ok) return v;
    const data = js(() => turn.env.toData(v.value), loc);
    if (!data.ok) return data;
    if (isRecording(data.value)) {
      const rec: { uri: string; type?: string } = { uri: data.value.$recording };
      if (data.value.type) rec.type = data.value.type;
      fields.push({ name, recording: rec });
      continue;
    }
    if (typeof data.value === 'object' && data.value !== null && !Array.isArray(data.value)) {
      flatten(name, data.value as Record<string, unknown>, fields);
      continue;
    }
    const s = js(() => turn.env.toString(v.value), loc);
    if (!s.ok) return s;
    fields.push({ name, value: s.value });
  }
  return ok(fields);
}

function flatten(prefix: string, obj: Record<string, unknown>, out: SubmitField[]): void {
  for (const [k, v] of Object.entries(obj)) {
    const name = `${prefix}.${k}`;
    if (isRecording(v)) out.push({ name, recording: { uri: v.$recording } });
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) flatten(name, v as Record<string, unknown>, out);
    else out.push({ name, value: v === undefined ? 'undefined' : v === null ? 'null' : String(v) });
  }
}
