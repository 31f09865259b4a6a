/**
 * The active grammar set of a collect phase (VoiceXML 2.0 §3.1.3, Appendix C), in precedence order:
 * the item's own grammars and links, then (unless the item is modal) the dialog's grammars and links, the
 * document's document-scoped grammars, menus' choices and links, then the application root's.
 * Keys are `<documentKey>#<grammarId>`; external grammars carry their absolute src (srcexpr evaluated now).
 */
import type { Dialog, DialogGraph, FormItem, Link, MenuDialog } from '../../contracts/graph';
import { GSL_GRAMMAR_TYPES, JSGF_GRAMMAR_TYPES, SRGS_GRAMMAR_TYPES, type GrammarDecl } from '../../contracts/grammar';
import type { ActiveGrammarRef, InputMode } from '../../contracts/platform';
import { ok, thrown, type Result } from './flow';
import { property } from './properties';
import { baseOf, js, type Turn } from './turn';
import { enabledUniversals, universalKey } from './universals';
import { resolveUri } from './uri';

type Scope = ActiveGrammarRef['scope'];

/** SRGS, and the legacy GSL/JSGF grammars the compiler and grammar engine convert to SRGS. */
const SUPPORTED_TYPES = new Set([...SRGS_GRAMMAR_TYPES, ...GSL_GRAMMAR_TYPES, ...JSGF_GRAMMAR_TYPES]);

class Collector {
  readonly refs: ActiveGrammarRef[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly turn: Turn) {}

  add(docKey: string, graph: DialogGraph, ids: string[], scope: Scope): Result<void> {
    for (const id of ids) {
      const key = `${docKey}#${id}`;
      if (this.seen.has(key)) continue;
      const decl = graph.grammars[id];
      if (!decl) continue;
      const r = this.ref(key, graph, decl, scope);
      if (!r.ok) return r;
      this.seen.add(key);
      this.refs.push(r.value);
    }
    return ok(undefined);
  }

  private ref(key: string, graph: DialogGraph, decl: GrammarDecl, scope: Scope): Result<ActiveGrammarRef> {
    if (decl.type !== undefined && !decl.builtin && !SUPPORTED_TYPES.has(decl.type.split(';')[0].trim().toLowerCase())) {
      return { ok: false, flow: thrown('error.unsupported.format', `grammar type ${decl.type} is not supported`, decl.loc) };
    }
    const ref: ActiveGrammarRef = { key, mode: decl.mode, scope: decl.origin === 'option' ? 'option' : scope };
    if (decl.srcexpr !== undefined) {
      const v = js(() => this.turn.env.toString(this.turn.env.evaluate(decl.srcexpr as string)), decl.loc);
      if (!v.ok) return v;
      ref.src = resolveUri(baseOf(graph), v.value);
    } else if (decl.src !== undefined && !decl.src.startsWith('builtin:')) {
      ref.src = resolveUri(baseOf(graph), decl.src);
    }
    return ok(ref);
  }
}

function links(c: Collector, docKey: string, graph: DialogGraph, ls: Link[]): Result<void> {
  for (const l of ls) {
    const r = c.add(docKey, graph, l.grammars, 'link');
    if (!r.ok) return r;
  }
  return ok(undefined);
}

/** Grammars of one document that stay active outside their dialog (scope="document"), plus its links. */
function documentLevel(c: Collector, docKey: string, graph: DialogGraph, current: Dialog | undefined, scope: Scope): Result<void> {
  for (const d of graph.dialogs) {
    if (d === current) continue;
    if (d.kind === 'menu') {
      if (d.scope !== 'document') continue;
      for (const choice of d.choices) {
        const r = c.add(docKey, graph, choice.grammars, 'choice');
        if (!r.ok) return r;
      }
      continue;
    }
    const ids = d.scope === 'document' ? d.grammars : d.grammars.filter((id) => graph.grammars[id]?.scope === 'document');
    const r = c.add(docKey, graph, ids, scope);
    if (!r.ok) return r;
  }
  return links(c, docKey, graph, graph.links);
}

export interface ActiveSet {
  grammars: ActiveGrammarRef[];
  modes: InputMode[];
}

/** A transfer's own grammars (VoiceXML 2.0 §2.3.7: they can end a bridged call). */
export function transferGrammars(turn: Turn, item: FormItem & { kind: 'transfer' }): Result<ActiveGrammarRef[]> {
  const l = turn.live;
  if (!l) return ok([]);
  const c = new Collector(turn);
  const r = c.add(l.docKey, l.doc, item.grammars, 'field');
  return r.ok ? ok(c.refs) : r;
}

/** The active set while `item` (a field, initial, record or transfer) or `menu` collects. */
export function activeGrammars(turn: Turn, item: FormItem | undefined, menu: MenuDialog | undefined): Result<ActiveSet> {
  const l = turn.live;
  if (!l) return ok({ grammars: [], modes: [] });
  const c = new Collector(turn);
  if (menu) {
    for (const choice of menu.choices) {
      const r = c.add(l.docKey, l.doc, choice.grammars, 'choice');
      if (!r.ok) return r;
    }
  }
  let modal = false;
  if (item) {
    if (item.kind === 'field' || item.kind === 'record' || item.kind === 'transfer') {
      const r = c.add(l.docKey, l.doc, item.grammars, 'field');
      if (!r.ok) return r;
    }
    if (item.kind === 'field' || item.kind === 'initial') {
      const r = links(c, l.docKey, l.doc, item.links);
      if (!r.ok) return r;
    }
    modal = (item.kind === 'field' || item.kind === 'record') && item.modal;
  }
  if (!modal) {
    const dialog = l.dialog;
    if (dialog && dialog.kind === 'form') {
      const r1 = c.add(l.docKey, l.doc, dialog.grammars, 'dialog');
      if (!r1.ok) return r1;
      const r2 = links(c, l.docKey, l.doc, dialog.links);
      if (!r2.ok) return r2;
    }
    const r3 = documentLevel(c, l.docKey, l.doc, dialog, 'document');
    if (!r3.ok) return r3;
    if (l.root && l.rootKey && !l.isRoot) {
      const r4 = documentLevel(c, l.rootKey, l.root, undefined, 'application');
      if (!r4.ok) return r4;
    }
  }
  if (!modal) {
    // Universal commands come last: any document grammar that also matches the phrase wins (§6.3.6).
    const lang = l.doc.lang ?? property(turn, 'xml:lang') ?? 'en-US';
    for (const name of enabledUniversals(property(turn, 'universals', item))) c.refs.push({ key: universalKey(name, lang), mode: 'voice', scope: 'platform' });
  }
  const allowed = new Set((property(turn, 'inputmodes', item) ?? 'dtmf voice').split(/\s+/).filter(Boolean));
  const grammars = c.refs.filter((g) => allowed.has(g.mode));
  const modes: InputMode[] = (['dtmf', 'voice'] as const).filter((m) => grammars.some((g) => g.mode === m));
  return ok({ grammars, modes });
}
