/**
 * Document-wide checks that need the whole graph: duplicate dialog ids, references to dialogs that do not
 * exist in this document, and <goto nextitem> / <filled namelist> names that are not items of their form.
 */
import type { DialogGraph } from '../../contracts/graph';
import type { CompileContext } from './context';

export function checkReferences(ctx: CompileContext, g: DialogGraph): void {
  const dialogs = new Map<string, DialogGraph['dialogs'][number]>();
  for (const d of g.dialogs) {
    if (d.anonymous) continue;
    const seen = dialogs.get(d.id);
    if (seen) ctx.r.report('duplicate-dialog-id', d.loc, { id: d.id, line: String(seen.loc.line) });
    else dialogs.set(d.id, d);
  }
  const known = [...dialogs.keys()].join(', ');
  for (const ref of ctx.refs) {
    if (ref.kind === 'bare-name') {
      if (dialogs.has(ref.target)) ctx.r.report('bare-dialog-name', ref.loc, { element: ref.element, id: ref.target });
      continue;
    }
    if (ref.kind === 'dialog') {
      // `#` alone (or an empty fragment) means "this document", like a reload.
      if (ref.target !== '' && !dialogs.has(ref.target)) ctx.r.report('unknown-dialog', ref.loc, { element: ref.element, id: ref.target, known });
      continue;
    }
    const d = g.dialogs.find((x) => x.id === ref.dialog);
    if (!d || d.kind !== 'form') continue;
    if (!d.items.some((i) => i.name === ref.target)) ctx.r.report('unknown-item', ref.loc, { element: ref.element, name: ref.target });
  }
}
