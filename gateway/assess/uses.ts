/**
 * Every use of something the capability table knows, with its place in the document: elements and their
 * attributes as written (from the XML tree, so nothing the compiler normalises away is missed), properties by
 * name and value, and derived features — speech recognition per listening element (from the DialogGraph),
 * builtin and non-SRGS grammars, DTMF keys A–D, vendor namespaces, properties and session variables.
 */
import type { DialogGraph, FieldItem, Link } from '../../contracts/graph';
import type { Loc } from '../../contracts/source';
import { NS, attr, type Attr, type El, type Text } from '../compiler/xml/ast';
import { KNOWN_PROPERTIES } from '../compiler/schema';
import {
  attributeCapability,
  capability,
  grammarFormat,
  STANDARD_SESSION_VARIABLE,
  VENDOR_GRAMMAR_TYPES,
  vendorOfNamespace,
  vendorOfProperty,
  type UseFacts,
} from './capabilities';
import { isStandard } from './targets';

export interface Use {
  /** Capability key. */
  key: string;
  /** What was used, as the report shows it. */
  name: string;
  uri: string;
  loc: Loc;
  facts: UseFacts;
  vendor?: string;
}

const BUILTINS = new Set(['boolean', 'date', 'digits', 'currency', 'number', 'phone', 'time']);
/** Attributes holding ECMAScript (scanned for session variables). */
const SCRIPT_ATTRS = ['cond', 'expr', 'srcexpr', 'destexpr', 'eventexpr', 'messageexpr', 'expritem', 'aaiexpr', 'nameexpr', 'array', 'namelist'];
const IGNORED_NS = new Set<string>([NS.xml, NS.xsi, 'http://www.w3.org/2000/xmlns/']);
const SESSION_REF = /(?<![\w$.])session(?:\.[A-Za-z_$][\w$]*)+/g;
/** Rhino LiveConnect and JScript COM objects legacy browsers exposed to scripts. */
const HOST_OBJECT = /(?<![\w$.])(?:Packages(?:\.[A-Za-z_$][\w$]*)+|(?:java|javax)\.[a-z][\w$]*(?:\.[A-Za-z_$][\w$]*)+|ActiveXObject)/g;

export function usesOf(uri: string, root: El | undefined, graph: DialogGraph): Use[] {
  const out: Use[] = [];
  if (root) visit(root, uri, out);
  out.push(...listeningUses(uri, graph));
  return out.sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col);
}

function attrsOf(el: El): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of el.attrs.values()) out[a.name] = a.value;
  return out;
}

function visit(el: El, uri: string, out: Use[]): void {
  const attrs = attrsOf(el);
  const use = (key: string, name: string, value?: string, vendor?: string): void => {
    out.push({ key, name, uri, loc: el.loc, facts: { element: el.name, ...(value !== undefined ? { value } : {}), attrs }, ...(vendor ? { vendor } : {}) });
  };
  if (!isStandard(el)) {
    use('feature:vendor-element', `<${el.rawName}>`, undefined, vendorOfNamespace(el.ns) ?? `namespace ${el.ns}`);
    return; // its content belongs to the vendor too
  }
  const own = capability(`element:${el.name}`);
  if (own) use(own.key, own.name);
  for (const a of el.attrs.values()) attribute(el, a, use);
  switch (el.name) {
    case 'property':
      property(attr(el, 'name'), attr(el, 'value'), use);
      break;
    case 'grammar':
      grammarElement(el, use);
      break;
    case 'field': {
      const type = attr(el, 'type');
      if (type !== undefined) builtin(type, use);
      break;
    }
    case 'script':
      for (const c of el.children) if (c.type === 'text') scriptRefs(c.text, c, uri, el, out);
      break;
  }
  if (el.name === 'grammar' && attr(el, 'src') === undefined) return; // inline SRGS: the grammar inventory reads it
  if (el.name === 'metadata') return;
  for (const c of el.children) if (c.type === 'el') visit(c, uri, out);
}

function attribute(el: El, a: Attr, use: (key: string, name: string, value?: string, vendor?: string) => void): void {
  if (a.name === 'xmlns' || a.name.startsWith('xmlns:') || a.name.startsWith('xml:') || a.name.startsWith('xsi:')) return;
  if ((a.ns !== undefined && !IGNORED_NS.has(a.ns)) || a.name.includes(':')) {
    use('feature:vendor-attribute', a.name, a.value, a.ns ? vendorOfNamespace(a.ns) ?? `namespace ${a.ns}` : 'an undeclared prefix');
    return;
  }
  const c = attributeCapability(el.name, a.name);
  if (c) use(c.key, c.name.replace('<… ', `<${el.name} `), a.value);
  if (a.name === 'dtmf' && /[A-Da-d]/.test(a.value)) use('feature:dtmf-abcd', `dtmf="${a.value}"`, a.value);
  if (SCRIPT_ATTRS.includes(a.name)) {
    for (const m of a.value.matchAll(SESSION_REF)) if (!STANDARD_SESSION_VARIABLE.test(m[0])) use('feature:session-variable', m[0], m[0]);
    for (const m of a.value.matchAll(HOST_OBJECT)) use('feature:host-object', m[0], m[0]);
  }
}

function property(name: string | undefined, value: string | undefined, use: (key: string, name: string, value?: string, vendor?: string) => void): void {
  if (name === undefined) return;
  const c = capability(`property:${name}`);
  if (c) {
    use(c.key, c.name, value);
    return;
  }
  const vendor = vendorOfProperty(name);
  if (vendor) use('feature:vendor-property', `property ${name}`, value, vendor);
  else if (!KNOWN_PROPERTIES.has(name)) use('feature:unknown-property', `property ${name}`, value);
}

function grammarElement(el: El, use: (key: string, name: string, value?: string, vendor?: string) => void): void {
  const type = attr(el, 'type')?.split(';')[0].trim().toLowerCase();
  // GSL and JSGF grammars (typed or recognised by content) are reported from the compiler's own warning.
  if (type !== undefined && grammarFormat(type) === 'unsupported') use('feature:grammar-format', `grammar type="${type}"`, type, VENDOR_GRAMMAR_TYPES.find((v) => v.type.test(type))?.format);
  const src = attr(el, 'src')?.trim();
  if (src?.startsWith('builtin:')) builtin(src.slice('builtin:'.length).replace(/^(dtmf|voice|grammar)\//, ''), use);
}

function builtin(written: string, use: (key: string, name: string, value?: string, vendor?: string) => void): void {
  const type = written.split('?')[0].trim();
  if (BUILTINS.has(type)) use('feature:builtin', `builtin ${type}`, written);
  else use('feature:vendor-builtin', `builtin ${type}`, written);
}

/** session.* variables and host objects named in script text, each at its own line. */
function scriptRefs(text: string, node: Text, uri: string, el: El, out: Use[]): void {
  const at = (index: number): Loc => {
    const lines = text.slice(0, index).split('\n');
    return lines.length === 1 ? { line: node.loc.line, col: node.loc.col + index } : { line: node.loc.line + lines.length - 1, col: lines[lines.length - 1].length + 1 };
  };
  const found: { key: string; name: string; index: number }[] = [];
  for (const m of text.matchAll(SESSION_REF)) if (!STANDARD_SESSION_VARIABLE.test(m[0])) found.push({ key: 'feature:session-variable', name: m[0], index: m.index });
  for (const m of text.matchAll(HOST_OBJECT)) found.push({ key: 'feature:host-object', name: m[0], index: m.index });
  for (const f of found) out.push({ key: f.key, name: f.name, uri, loc: at(f.index), facts: { element: el.name, value: f.name, attrs: {} } });
}

// ------------------------------------------------------------------ listening elements (from the graph)

function hasVoice(graph: DialogGraph, ids: readonly string[]): boolean {
  return ids.some((id) => graph.grammars[id]?.mode === 'voice');
}

/** One speech-recognition use per element that listens for speech; transfers that listen during the bridge. */
function listeningUses(uri: string, graph: DialogGraph): Use[] {
  const out: Use[] = [];
  const use = (key: string, where: string, loc: Loc): void => {
    out.push({ key, name: capability(key)?.name ?? key, uri, loc, facts: { element: where.split(' ')[0], value: where, attrs: {} } });
  };
  const links = (ls: readonly Link[]): void => {
    for (const l of ls) if (hasVoice(graph, l.grammars)) use('feature:speech-recognition', `link ${l.next ?? l.event ?? l.expr ?? ''}`.trim(), l.loc);
  };
  links(graph.links);
  for (const d of graph.dialogs) {
    if (d.kind === 'menu') {
      if (d.choices.some((c) => hasVoice(graph, c.grammars))) use('feature:speech-recognition', `menu ${d.id}`, d.loc);
      continue;
    }
    if (hasVoice(graph, d.grammars)) use('feature:speech-recognition', `form ${d.id} (form-level grammars)`, d.loc);
    links(d.links);
    for (const item of d.items) {
      switch (item.kind) {
        case 'field':
          if (hasVoice(graph, (item as FieldItem).grammars)) use('feature:speech-recognition', `field ${item.name}`, item.loc);
          links(item.links);
          break;
        case 'initial':
          links(item.links);
          break;
        case 'transfer':
          if (item.grammars.length > 0) use('feature:transfer-grammar', `transfer ${item.name}`, item.loc);
          break;
        case 'block':
        case 'subdialog':
        case 'object':
        case 'record':
          break;
      }
    }
  }
  return out;
}
