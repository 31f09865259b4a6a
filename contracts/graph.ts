/**
 * The DialogGraph: one compiled VoiceXML document, typed, JSON-serialisable, every node source-located.
 * The interpreter runs it; `graph` draws its `edges`; `assess` inventories it.
 *
 * Conventions: attribute values are kept as written (strings) unless the spec gives them a fixed type;
 * ECMAScript sources (cond, expr, script text) are kept verbatim and evaluated by the interpreter.
 * Bare text/<audio>/<value>/<enumerate> where executable content or prompts are expected become an
 * implicit PromptNode (`implicit: true`), as VoiceXML 2.0 §4.1 says.
 */
import type { Loc } from './source';
import type { Diagnostic } from './diagnostics';
import type { FetchAttrs, GrammarDecl } from './grammar';

export const GRAPH_VERSION = 1 as const;

export interface DialogGraph {
  kind: 'document';
  graphVersion: typeof GRAPH_VERSION;
  uri: string;
  loc: Loc;
  version: string;
  lang?: string;
  base?: string;
  /** application attribute as written; resolved against `uri` (or `base`) by the runtime. */
  application?: string;
  /** Document-level <var>, <script> and <data> in document order (run when the document is loaded). */
  init: ScopeInit[];
  dialogs: Dialog[];
  catches: Catch[];
  links: Link[];
  properties: Property[];
  metas: Meta[];
  /** Every grammar of the document, by id (fields, forms, links, choices, options reference these ids). */
  grammars: Record<string, GrammarDecl>;
  /** Transitions for drawing and assessment: derived, not used by the interpreter. */
  edges: Edge[];
  diagnostics: Diagnostic[];
}

export type ScopeInit = VarNode | ScriptNode | DataNode;

export type Dialog = FormDialog | MenuDialog;

export interface FormDialog {
  kind: 'form';
  /** id as written, or `$form<N>` for an anonymous form (not addressable from outside). */
  id: string;
  anonymous: boolean;
  scope: 'dialog' | 'document';
  loc: Loc;
  /** <var>, <script>, <data> and form item variables in document order (VoiceXML 2.0 §2.1.6.1). */
  init: FormInit[];
  items: FormItem[];
  catches: Catch[];
  links: Link[];
  /** Ids of form-level grammars (in `DialogGraph.grammars`). */
  grammars: string[];
  filleds: Filled[];
  properties: Property[];
}

export type FormInit = ScopeInit | { kind: 'item'; index: number; loc: Loc };

export interface MenuDialog {
  kind: 'menu';
  id: string;
  anonymous: boolean;
  scope: 'dialog' | 'document';
  /** dtmf="true": choices without dtmf get 1..9 in order. */
  dtmf: boolean;
  accept: 'exact' | 'approximate';
  loc: Loc;
  prompts: PromptNode[];
  choices: Choice[];
  catches: Catch[];
  properties: Property[];
}

export interface Choice {
  loc: Loc;
  /** Spoken text of the choice (flattened), used for <enumerate> _prompt and its default grammar. */
  text: string;
  content: PromptContent[];
  dtmf?: string;
  accept: 'exact' | 'approximate';
  next?: string;
  expr?: string;
  event?: string;
  eventexpr?: string;
  message?: string;
  messageexpr?: string;
  fetch?: FetchAttrs;
  /** Grammar ids matching this choice (explicit <grammar>, else generated from text; plus its dtmf grammar). */
  grammars: string[];
}

interface ItemCommon {
  /** Form item variable name (name attribute, or `$item<N>` when absent). */
  name: string;
  anonymous: boolean;
  expr?: string;
  cond?: string;
  loc: Loc;
}

/** Items that collect or wait (everything but block) share prompts, handlers, properties and filleds. */
interface InputItemCommon extends ItemCommon {
  prompts: PromptNode[];
  catches: Catch[];
  properties: Property[];
  filleds: Filled[];
}

export interface FieldItem extends InputItemCommon {
  kind: 'field';
  /** type attribute as written (e.g. "digits?minlength=3"); its grammars are already in `grammars`. */
  type?: string;
  slot: string;
  modal: boolean;
  grammars: string[];
  options: OptionNode[];
  links: Link[];
}

export interface BlockItem extends ItemCommon {
  kind: 'block';
  body: Executable[];
}

export interface InitialItem extends InputItemCommon {
  kind: 'initial';
  links: Link[];
}

export interface SubdialogItem extends InputItemCommon {
  kind: 'subdialog';
  src?: string;
  srcexpr?: string;
  namelist?: string[];
  method: 'get' | 'post';
  enctype: string;
  params: Param[];
  fetch?: FetchAttrs;
}

export interface ObjectItem extends InputItemCommon {
  kind: 'object';
  classid?: string;
  codebase?: string;
  codetype?: string;
  data?: string;
  type?: string;
  archive?: string;
  params: Param[];
}

export interface RecordItem extends InputItemCommon {
  kind: 'record';
  modal: boolean;
  beep: boolean;
  maxtime?: string;
  finalsilence?: string;
  dtmfterm: boolean;
  type?: string;
  grammars: string[];
}

export interface TransferItem extends InputItemCommon {
  kind: 'transfer';
  dest?: string;
  destexpr?: string;
  /** VoiceXML 2.1 type wins over 2.0 bridge="true|false". */
  transferType: 'blind' | 'bridge' | 'consultation';
  connecttimeout?: string;
  maxtime?: string;
  transferaudio?: string;
  aai?: string;
  aaiexpr?: string;
  grammars: string[];
}

export type FormItem = FieldItem | BlockItem | InitialItem | SubdialogItem | ObjectItem | RecordItem | TransferItem;

export interface OptionNode {
  loc: Loc;
  text: string;
  dtmf?: string;
  accept: 'exact' | 'approximate';
  /** value attribute, or the text when absent. */
  value: string;
}

export interface Link {
  loc: Loc;
  next?: string;
  expr?: string;
  event?: string;
  eventexpr?: string;
  message?: string;
  messageexpr?: string;
  dtmf?: string;
  fetch?: FetchAttrs;
  grammars: string[];
}

/** <catch>, <error>, <help>, <noinput>, <nomatch>. */
export interface Catch {
  loc: Loc;
  tag: 'catch' | 'error' | 'help' | 'noinput' | 'nomatch';
  /** Event names (prefixes); empty = catch everything. */
  events: string[];
  count: number;
  cond?: string;
  body: Executable[];
}

export interface Filled {
  loc: Loc;
  mode: 'all' | 'any';
  namelist?: string[];
  body: Executable[];
}

export interface Property {
  loc: Loc;
  name: string;
  value: string;
}

export interface Param {
  loc: Loc;
  name: string;
  expr?: string;
  value?: string;
  valuetype?: 'data' | 'ref';
  type?: string;
}

export interface Meta {
  loc: Loc;
  name?: string;
  httpEquiv?: string;
  content?: string;
}

// ---------------------------------------------------------------- executable content

export interface VarNode { kind: 'var'; loc: Loc; name: string; expr?: string }
export interface AssignNode { kind: 'assign'; loc: Loc; name: string; expr: string }
export interface ClearNode { kind: 'clear'; loc: Loc; namelist?: string[] }
export interface IfNode {
  kind: 'if';
  loc: Loc;
  /** if, then each elseif, then else (cond undefined). */
  branches: { cond?: string; loc: Loc; body: Executable[] }[];
}
export interface GotoNode {
  kind: 'goto';
  loc: Loc;
  next?: string;
  expr?: string;
  nextitem?: string;
  expritem?: string;
  fetch?: FetchAttrs;
}
export interface SubmitNode {
  kind: 'submit';
  loc: Loc;
  next?: string;
  expr?: string;
  namelist?: string[];
  method: 'get' | 'post';
  enctype: string;
  fetch?: FetchAttrs;
}
export interface ReturnNode {
  kind: 'return';
  loc: Loc;
  event?: string;
  eventexpr?: string;
  message?: string;
  messageexpr?: string;
  namelist?: string[];
}
export interface ExitNode { kind: 'exit'; loc: Loc; expr?: string; namelist?: string[] }
export interface DisconnectNode { kind: 'disconnect'; loc: Loc; namelist?: string[] }
export interface ThrowNode { kind: 'throw'; loc: Loc; event?: string; eventexpr?: string; message?: string; messageexpr?: string }
export interface RepromptNode { kind: 'reprompt'; loc: Loc }
export interface LogNode { kind: 'log'; loc: Loc; label?: string; expr?: string; content: PromptContent[] }
export interface ScriptNode { kind: 'script'; loc: Loc; src?: string; srcexpr?: string; text?: string; charset?: string; fetch?: FetchAttrs }
export interface DataNode {
  kind: 'data';
  loc: Loc;
  name?: string;
  src?: string;
  srcexpr?: string;
  namelist?: string[];
  method: 'get' | 'post';
  enctype: string;
  fetch?: FetchAttrs;
}
export interface ForeachNode { kind: 'foreach'; loc: Loc; array: string; item: string; body: Executable[] }

export interface PromptNode {
  kind: 'prompt';
  loc: Loc;
  /** Bare content wrapped by the compiler rather than a <prompt> element. */
  implicit: boolean;
  bargein?: boolean;
  bargeintype?: 'speech' | 'hotword';
  cond?: string;
  count: number;
  timeout?: string;
  lang?: string;
  content: PromptContent[];
}

export type Executable =
  | VarNode | AssignNode | ClearNode | IfNode | GotoNode | SubmitNode | ReturnNode | ExitNode | DisconnectNode
  | ThrowNode | RepromptNode | LogNode | ScriptNode | DataNode | ForeachNode | PromptNode;

// ---------------------------------------------------------------- prompt content (SSML and VoiceXML additions)

export type SsmlTag =
  | 'emphasis' | 'prosody' | 'say-as' | 'p' | 's' | 'paragraph' | 'sentence' | 'sub' | 'phoneme' | 'voice'
  | 'lexicon' | 'meta' | 'metadata' | 'desc' | 'speak';

export type PromptContent =
  | { kind: 'text'; loc: Loc; text: string }
  | { kind: 'audio'; loc: Loc; src?: string; expr?: string; fetch?: FetchAttrs; fallback: PromptContent[] }
  | { kind: 'value'; loc: Loc; expr: string }
  | { kind: 'enumerate'; loc: Loc; content: PromptContent[] }
  | { kind: 'break'; loc: Loc; time?: string; strength?: string }
  | { kind: 'mark'; loc: Loc; name?: string; nameexpr?: string }
  | { kind: 'foreach'; loc: Loc; array: string; item: string; content: PromptContent[] }
  | { kind: 'ssml'; loc: Loc; tag: SsmlTag; attrs: Record<string, string>; content: PromptContent[] };

// ---------------------------------------------------------------- edges (for graph/assess)

export type EdgeKind = 'goto' | 'submit' | 'choice' | 'link' | 'subdialog' | 'catch' | 'application' | 'next-item' | 'return';

export interface Edge {
  kind: EdgeKind;
  /** Dialog id within this document, or '' for document-level elements (links, catches). */
  from: string;
  /**
   * Target as written, resolved against the document: `#dialog` (same document), `uri` or `uri#dialog`
   * (another document), or undefined when dynamic (expr/srcexpr).
   */
  to?: string;
  /** The expression of a dynamic target. */
  dynamic?: string;
  label: string;
  loc: Loc;
}
