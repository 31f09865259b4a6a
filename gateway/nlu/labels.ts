/**
 * The labels the active grammars allow, with training text for each — built from the documents themselves:
 * the grammar's own phrases (expanded, bounded) with the interpretation each produces, a choice's or
 * option's text, the prompt sentences that mention it ("To buy tickets, say tickets or press 1"), and the
 * application's overlay examples. Labels that lead to the same place (a menu choice and a root link both
 * going to agent.vxml) are one label; the highest-precedence grammar answers for it.
 */
import type { NluOverlay } from '../../contracts/nlu';
import type { DialogGraph } from '../../contracts/graph';
import { normalizeWords, type ActiveGrammar, type GrammarEngine, type GrammarResolver } from '../grammar/index';
import { destinationOf, indexDocument, keysMentioned, type Owner } from './documents';

export type PhraseSource = 'grammar' | 'text' | 'prompt' | 'overlay';

export interface LabelTarget {
  /** Grammar key to report. */
  grammar: string;
  /** What that grammar returns for this label. */
  interpretation: unknown;
  /** Position of the grammar in the active list (0 = highest precedence). */
  precedence: number;
}

export interface Label {
  /** Outcome identity: where it leads or what it fills. */
  id: string;
  /** Human-readable name (choice text, option value, link target, interpretation). */
  name: string;
  kind: Owner['kind'] | 'grammar';
  targets: LabelTarget[];
  phrases: { text: string; source: PhraseSource }[];
  /** Names an overlay may use for this label. */
  aliases: Set<string>;
}

/** Grammars whose phrases cannot be listed completely are only matched in place (spans), never classified. */
export interface LabelSet {
  labels: Label[];
  /** Voice grammars the classifier cannot enumerate (open SRGS); builtins are separate. */
  open: ActiveGrammar[];
  builtins: ActiveGrammar[];
  /** Closed grammars whose interpretations are exactly true and false (yes/no grammars). */
  booleans: { grammar: ActiveGrammar; precedence: number; yes: string[]; no: string[] }[];
  /** Words of every active grammar and the documents' prompts. */
  vocabulary: Set<string>;
  /** Words of what the caller was just asked (the prompts of the menu or field collecting): the topic. */
  topic: Set<string>;
  /**
   * Words of the whole dialog's prompts so far (a field's form: "please leave your comments" before "say send"):
   * the caller may echo them too ("submit my feedback").
   */
  dialogTopic: Set<string>;
}

export interface BuildOptions {
  /** Phrases expanded per grammar. */
  maxPhrases: number;
  /** A closed grammar with more distinct interpretations than this is matched in place only. */
  maxLabelsPerGrammar: number;
  overlays: NluOverlay[];
}

const key = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function buildLabels(grammars: readonly ActiveGrammar[], engine: GrammarEngine, resolve: GrammarResolver, documents: (uri: string) => DialogGraph | undefined, opts: BuildOptions): LabelSet {
  const byId = new Map<string, Label>();
  const set: LabelSet = { labels: [], open: [], builtins: [], booleans: [], vocabulary: new Set(), topic: new Set(), dialogTopic: new Set() };
  const docs = new Set<DialogGraph>();
  grammars.forEach((g, precedence) => {
    const at = g.ref.key.lastIndexOf('#');
    const graph = documents(at < 0 ? g.ref.key : g.ref.key.slice(0, at));
    if (graph) docs.add(graph);
    const owner = graph ? indexDocument(graph).owners.get(g.decl.id) : undefined;
    if (graph && owner) for (const sentence of promptsAround(owner, graph)) for (const w of normalizeWords(sentence)) set.topic.add(w);
    if (graph && owner && (owner.kind === 'option' || owner.kind === 'field')) {
      for (const sentence of promptsAround({ kind: 'form', dialog: owner.dialog }, graph)) for (const w of normalizeWords(sentence)) set.dialogTopic.add(w);
    }
    if (g.decl.builtin !== undefined || g.decl.src?.startsWith('builtin:')) {
      set.builtins.push(g);
      return;
    }
    const { examples, complete } = engine.examples(g, resolve, opts.maxPhrases);
    for (const e of examples) for (const w of normalizeWords(e.text)) set.vocabulary.add(w);
    const target = (interpretation: unknown): LabelTarget => ({ grammar: g.ref.key, interpretation, precedence });
    // A choice or link is chosen by its grammar matching at all: one label, whatever the phrase returns.
    if (owner && (owner.kind === 'choice' || owner.kind === 'link') && examples.length > 0) {
      const el = owner.kind === 'choice' ? owner.choice : owner.link;
      const dest = graph ? destinationOf(el, graph) : undefined;
      const id = dest ?? `${g.ref.key}`;
      const label = labelFor(byId, id, owner.kind === 'choice' && owner.choice.text ? owner.choice.text : (el.next ?? el.event ?? g.ref.key), owner.kind);
      label.targets.push(target(examples[0].interpretation));
      for (const e of examples) label.phrases.push({ text: e.text, source: 'grammar' });
      if (owner.kind === 'choice' && owner.choice.text) label.phrases.push({ text: owner.choice.text, source: 'text' });
      for (const a of [el.next, el.event, owner.kind === 'choice' ? owner.choice.text : undefined]) if (a) label.aliases.add(norm(a));
      return;
    }
    const groups = new Map<string, { interpretation: unknown; texts: string[] }>();
    for (const e of examples) {
      const k = key(e.interpretation);
      const grp = groups.get(k) ?? { interpretation: e.interpretation, texts: [] };
      grp.texts.push(e.text);
      groups.set(k, grp);
    }
    if (!complete || groups.size === 0 || groups.size > opts.maxLabelsPerGrammar) {
      set.open.push(g);
      return;
    }
    const values = [...groups.values()];
    if (values.length === 2 && values.every((v) => typeof v.interpretation === 'boolean')) {
      const yes = values.find((v) => v.interpretation === true);
      const no = values.find((v) => v.interpretation === false);
      if (yes && no) set.booleans.push({ grammar: g, precedence, yes: yes.texts, no: no.texts });
    }
    // Values that fill the same field (or form) are one label however many grammars produce them.
    const scope = owner && owner.kind === 'field' ? `${owner.dialog.id}/${owner.item.name}` : owner && owner.kind === 'option' ? `${owner.dialog.id}/${owner.field.name}` : owner && owner.kind === 'form' ? owner.dialog.id : g.ref.key;
    for (const v of values) {
      const label = labelFor(byId, `value:${scope}:${key(v.interpretation)}`, key(v.interpretation), owner?.kind ?? 'grammar');
      label.targets.push(target(v.interpretation));
      for (const t of v.texts) label.phrases.push({ text: t, source: 'grammar' });
      label.aliases.add(norm(key(v.interpretation)));
      if (owner?.kind === 'option') {
        for (const o of owner.options) {
          if (o.value !== key(v.interpretation)) continue;
          label.phrases.push({ text: o.text, source: 'text' });
          label.aliases.add(norm(o.text));
          if (o.dtmf) label.aliases.add(`dtmf:${o.dtmf}`);
        }
      }
    }
  });
  set.labels = [...byId.values()];
  for (const l of set.labels) l.targets.sort((a, b) => a.precedence - b.precedence);
  for (const graph of docs) {
    for (const w of indexDocument(graph).vocabulary) set.vocabulary.add(w);
  }
  addPromptWording(set.labels, grammars, documents);
  addOverlays(set.labels, opts.overlays, grammars);
  return set;
}

/** The prompts of the menu, field or form a grammar belongs to (not a link's: links are active everywhere). */
function promptsAround(owner: Owner, graph: DialogGraph): string[] {
  const index = indexDocument(graph);
  switch (owner.kind) {
    case 'choice':
      return index.prompts.get(owner.menu.id) ?? [];
    case 'option':
      return index.prompts.get(`${owner.dialog.id}/${owner.field.name}`) ?? [];
    case 'field':
      return index.prompts.get(`${owner.dialog.id}/${owner.item.name}`) ?? [];
    case 'form':
      return owner.dialog.items.flatMap((i) => index.prompts.get(`${owner.dialog.id}/${i.name}`) ?? []);
    case 'link':
      return [];
  }
}

function labelFor(byId: Map<string, Label>, id: string, name: string, kind: Label['kind']): Label {
  let l = byId.get(id);
  if (!l) {
    l = { id, name, kind, targets: [], phrases: [], aliases: new Set([norm(name)]) };
    byId.set(id, l);
  }
  return l;
}

function norm(s: string): string {
  return normalizeWords(s).join(' ');
}

/**
 * Sentences of the prompts around the labels' dialogs that mention exactly one label (by one of its phrases
 * or by its DTMF key) become that label's description; a sentence naming several is read clause by clause.
 */
function addPromptWording(labels: Label[], grammars: readonly ActiveGrammar[], documents: (uri: string) => DialogGraph | undefined): void {
  const sentences = new Set<string>();
  const keysOf = new Map<Label, Set<string>>();
  for (const g of grammars) {
    const at = g.ref.key.lastIndexOf('#');
    const graph = documents(at < 0 ? g.ref.key : g.ref.key.slice(0, at));
    if (!graph) continue;
    const index = indexDocument(graph);
    const owner = index.owners.get(g.decl.id);
    if (!owner) continue;
    let where: string[] | undefined;
    if (owner.kind === 'choice') where = index.prompts.get(owner.menu.id);
    else if (owner.kind === 'option') where = index.prompts.get(`${owner.dialog.id}/${owner.field.name}`);
    else if (owner.kind === 'link') where = index.documentPrompts;
    for (const s of where ?? []) sentences.add(s);
    if (owner.kind === 'choice' && owner.choice.dtmf) {
      const label = labels.find((l) => l.targets.some((t) => t.grammar === g.ref.key));
      if (label) keysOf.set(label, new Set([...(keysOf.get(label) ?? []), owner.choice.dtmf]));
    }
  }
  for (const l of labels) for (const a of l.aliases) if (a.startsWith('dtmf:')) keysOf.set(l, new Set([...(keysOf.get(l) ?? []), a.slice(5)]));
  const mentions = labels.map((l) => ({ label: l, phrases: uniquePhrases(l) }));
  const mentioned = (ws: string[]): Label[] => {
    const hits = new Set<Label>();
    const keys = keysMentioned(ws);
    for (const m of mentions) {
      if (m.phrases.some((p) => containsRun(ws, p))) hits.add(m.label);
      const ks = keysOf.get(m.label);
      if (ks && keys.some((k) => ks.has(k))) hits.add(m.label);
    }
    return [...hits];
  };
  for (const s of sentences) {
    const ws = normalizeWords(s);
    const hits = mentioned(ws);
    if (hits.length === 1) {
      hits[0].phrases.push({ text: s, source: 'prompt' });
      continue;
    }
    if (hits.length < 2) continue;
    for (const clause of s.split(/,|\bor\b|\bo\b|\bu\b/)) {
      const cws = normalizeWords(clause);
      const ch = mentioned(cws);
      if (ch.length === 1 && cws.length > 1) ch[0].phrases.push({ text: clause.trim(), source: 'prompt' });
    }
  }
}

function uniquePhrases(l: Label): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const p of l.phrases) {
    if (p.source === 'prompt' || p.source === 'overlay') continue;
    const ws = normalizeWords(p.text);
    const k = ws.join(' ');
    if (ws.length > 0 && !seen.has(k)) {
      seen.add(k);
      out.push(ws);
    }
  }
  return out;
}

function containsRun(ws: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= ws.length; i++) {
    for (let k = 0; k < run.length; k++) if (ws[i + k] !== run[k]) continue outer;
    return true;
  }
  return false;
}

function addOverlays(labels: Label[], overlays: readonly NluOverlay[], grammars: readonly ActiveGrammar[]): void {
  for (const o of overlays) {
    if (o.documents && !grammars.some((g) => o.documents?.some((d) => g.ref.key.includes(d)))) continue;
    for (const entry of o.labels ?? []) {
      const name = norm(entry.label);
      for (const l of labels) {
        const phraseHit = l.phrases.some((p) => p.source !== 'prompt' && p.source !== 'overlay' && norm(p.text) === name);
        if (l.aliases.has(name) || phraseHit || l.id === entry.label) for (const e of entry.examples) l.phrases.push({ text: e, source: 'overlay' });
      }
    }
  }
}
