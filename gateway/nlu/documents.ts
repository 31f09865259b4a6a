/**
 * What the documents say around their grammars: which element owns a grammar (a menu choice, a field's
 * options, a link, a field, a form), where a choice or link goes, and the prompt text callers heard
 * ("To buy tickets, say tickets or press 1") — training text for the classifier. Indexed once per
 * compiled DialogGraph (graphs are immutable and cached by the loader).
 */
import type { Catch, Choice, Dialog, DialogGraph, Executable, FieldItem, FormDialog, FormItem, Link, MenuDialog, OptionNode, PromptContent, PromptNode } from '../../contracts/graph';
import { normalizeWords } from '../grammar/index';

export type Owner =
  | { kind: 'choice'; menu: MenuDialog; choice: Choice }
  | { kind: 'option'; dialog: FormDialog; field: FieldItem; options: OptionNode[] }
  | { kind: 'link'; link: Link; dialog?: Dialog; item?: FormItem }
  | { kind: 'field'; dialog: FormDialog; item: FormItem }
  | { kind: 'form'; dialog: FormDialog };

export interface DocumentIndex {
  owners: Map<string, Owner>;
  /** Stemmable words of every prompt and grammar-free text in the document (the application's vocabulary). */
  vocabulary: Set<string>;
  /** Prompt sentences by dialog id (menus: prompts and catches; fields: by `<dialog>/<item>`). */
  prompts: Map<string, string[]>;
  /** The document's own catches' prompt sentences (root help mentions the root links). */
  documentPrompts: string[];
}

const cache = new WeakMap<DialogGraph, DocumentIndex>();

export function indexDocument(graph: DialogGraph): DocumentIndex {
  const hit = cache.get(graph);
  if (hit) return hit;
  const owners = new Map<string, Owner>();
  const prompts = new Map<string, string[]>();
  const vocabulary = new Set<string>();
  const remember = (sentences: string[]): string[] => {
    for (const s of sentences) for (const w of normalizeWords(s)) vocabulary.add(w);
    return sentences;
  };
  for (const l of graph.links) for (const id of l.grammars) owners.set(id, { kind: 'link', link: l });
  for (const d of graph.dialogs) {
    if (d.kind === 'menu') {
      for (const c of d.choices) {
        for (const id of c.grammars) owners.set(id, { kind: 'choice', menu: d, choice: c });
        vocabulary.add(c.text);
      }
      prompts.set(d.id, remember([...promptSentences(d.prompts), ...catchSentences(d.catches)]));
      continue;
    }
    for (const id of d.grammars) owners.set(id, { kind: 'form', dialog: d });
    for (const l of d.links) for (const id of l.grammars) owners.set(id, { kind: 'link', link: l, dialog: d });
    for (const item of d.items) {
      if (item.kind === 'block') continue;
      if (item.kind === 'field' || item.kind === 'initial') for (const l of item.links) for (const id of l.grammars) owners.set(id, { kind: 'link', link: l, dialog: d, item });
      if (item.kind === 'field') {
        for (const id of item.grammars) {
          const origin = graph.grammars[id]?.origin;
          owners.set(id, origin === 'option' ? { kind: 'option', dialog: d, field: item, options: item.options } : { kind: 'field', dialog: d, item });
        }
      } else if (item.kind === 'record' || item.kind === 'transfer') for (const id of item.grammars) owners.set(id, { kind: 'field', dialog: d, item });
      prompts.set(`${d.id}/${item.name}`, remember([...promptSentences(item.prompts), ...catchSentences(item.catches)]));
    }
    prompts.set(d.id, remember(catchSentences(d.catches)));
  }
  const documentPrompts = remember(catchSentences(graph.catches));
  const index: DocumentIndex = { owners, vocabulary: new Set([...vocabulary].flatMap((v) => normalizeWords(v))), prompts, documentPrompts };
  cache.set(graph, index);
  return index;
}

/** Where a choice or link leads, as an absolute URI (or `event:<name>`); undefined when computed at run time. */
export function destinationOf(el: Choice | Link, graph: DialogGraph): string | undefined {
  if (el.next !== undefined) {
    try {
      return new URL(el.next, graph.base ?? graph.uri).href;
    } catch {
      // A next the URL parser refuses (path-like test URIs): compare it as written, relative to the document.
      return `${graph.uri}|${el.next}`;
    }
  }
  if (el.event !== undefined) return `event:${el.event}`;
  return undefined;
}

function promptSentences(prompts: readonly PromptNode[]): string[] {
  return prompts.flatMap((p) => sentences(flatten(p.content)));
}

function catchSentences(catches: readonly Catch[]): string[] {
  const out: string[] = [];
  for (const c of catches) {
    if (c.tag === 'error') continue;
    for (const p of promptsIn(c.body)) out.push(...sentences(flatten(p.content)));
  }
  return out;
}

function promptsIn(body: readonly Executable[]): PromptNode[] {
  const out: PromptNode[] = [];
  for (const e of body) {
    if (e.kind === 'prompt') out.push(e);
    else if (e.kind === 'if') for (const b of e.branches) out.push(...promptsIn(b.body));
    else if (e.kind === 'foreach') out.push(...promptsIn(e.body));
  }
  return out;
}

/** The spoken text of prompt content; a <value> (unknown until run time) ends a clause. */
function flatten(content: readonly PromptContent[]): string {
  let s = '';
  for (const c of content) {
    switch (c.kind) {
      case 'text':
        s += c.text;
        break;
      case 'value':
        s += ' , ';
        break;
      case 'ssml':
      case 'foreach':
        s += flatten(c.content);
        break;
      case 'audio':
        s += flatten(c.fallback);
        break;
      case 'enumerate':
      case 'break':
      case 'mark':
        s += ' ';
        break;
    }
  }
  return s;
}

function sentences(text: string): string[] {
  return text
    .split(/[.!?;:¿¡]+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/** Spoken DTMF key names in prompts ("press 1", "oprima uno"). */
const KEY_WORDS: ReadonlyMap<string, string> = new Map([
  ['zero', '0'], ['one', '1'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'], ['six', '6'], ['seven', '7'], ['eight', '8'], ['nine', '9'],
  ['cero', '0'], ['uno', '1'], ['dos', '2'], ['tres', '3'], ['cuatro', '4'], ['cinco', '5'], ['seis', '6'], ['siete', '7'], ['ocho', '8'], ['nueve', '9'],
  ['star', '*'], ['asterisco', '*'], ['pound', '#'], ['numeral', '#'],
]);
const PRESS = new Set(['press', 'oprima', 'marque', 'pulse', 'presione', 'key', 'dial']);

/** The DTMF keys a sentence tells the caller to press. */
export function keysMentioned(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (!PRESS.has(words[i])) continue;
    const k = /^[0-9]$/.test(words[i + 1]) ? words[i + 1] : KEY_WORDS.get(words[i + 1]);
    if (k !== undefined) out.push(k);
  }
  return out;
}
