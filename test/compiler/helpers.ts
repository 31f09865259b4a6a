/** Small helpers for compiler tests: compile a snippet wrapped in <vxml>, and pick diagnostics by code. */
import type { DialogGraph, FormDialog, MenuDialog } from '../../contracts/graph';
import { compile } from '../../gateway/compiler';

export const VXML_OPEN = '<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">';

/** Compiles `body` inside a <vxml> element (which starts on line 1). */
export function compileBody(body: string, uri = 'test/doc.vxml'): DialogGraph {
  return compile(`${VXML_OPEN}${body}</vxml>`, uri);
}

export function codes(g: DialogGraph): string[] {
  return g.diagnostics.map((d) => d.code);
}

/** `code@line:col` of every diagnostic, for compact assertions. */
export function where(g: DialogGraph): string[] {
  return g.diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`);
}

export function form(g: DialogGraph, i = 0): FormDialog {
  const d = g.dialogs[i];
  if (!d || d.kind !== 'form') throw new Error(`dialog ${i} is not a form`);
  return d;
}

export function menu(g: DialogGraph, i = 0): MenuDialog {
  const d = g.dialogs[i];
  if (!d || d.kind !== 'menu') throw new Error(`dialog ${i} is not a menu`);
  return d;
}
