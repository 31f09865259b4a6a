/** Shared helpers for the grammar tests. */
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../../contracts/diagnostics';
import type { XmlNode } from '../../contracts/xml';
import { parseXmlDocument } from '../../gateway/grammar/xml-tree';

export const W3C_SRGS_DIR = path.resolve(__dirname, '../../../shared/conformance/w3c-vxml/jvoicexml/irp_srgs10');
export const FIXTURES = path.join(__dirname, 'fixtures');

export function xml(text: string): XmlNode {
  const r = parseXmlDocument(text);
  if (!r.ok) throw new Error(`test XML is malformed: ${r.message} at ${r.loc.line}:${r.loc.col}`);
  return r.root;
}

export function collector(): { diags: Diagnostic[]; report: (d: Diagnostic) => void; codes: () => string[] } {
  const diags: Diagnostic[] = [];
  return { diags, report: (d) => diags.push(d), codes: () => diags.map((d) => d.code) };
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

import type { GrammarDecl, SrgsGrammar } from '../../contracts/grammar';
import type { InputMode } from '../../contracts/platform';
import { srgsFromXml } from '../../gateway/grammar/srgs-xml';
import { parseAbnf } from '../../gateway/grammar/abnf';
import type { ActiveGrammar } from '../../gateway/grammar';

/** An SRGS XML grammar that must parse without errors. */
export function grxml(text: string): SrgsGrammar {
  const c = collector();
  const g = srgsFromXml(xml(text), { uri: 'test:', report: c.report });
  const errors = c.diags.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`grammar has errors: ${errors.map((d) => d.message).join('; ')}`);
  return g;
}

export function abnf(text: string): SrgsGrammar {
  const c = collector();
  const g = parseAbnf(text, { uri: 'test:', loc: { line: 1, col: 1 }, report: c.report });
  const errors = c.diags.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`grammar has errors: ${errors.map((d) => d.message).join('; ')}`);
  return g;
}

let counter = 0;
/** An active grammar as the runtime would pass it, for an inline SRGS grammar, a builtin or an external src. */
export function active(
  what: { inline: SrgsGrammar } | { builtin: GrammarDecl['builtin'] & object; mode: InputMode } | { src: string; mode?: InputMode },
  opts: { key?: string; approximate?: boolean; scope?: ActiveGrammar['ref']['scope'] } = {},
): ActiveGrammar {
  const id = `g${++counter}`;
  const key = opts.key ?? `http://app.example/doc.vxml#${id}`;
  const mode: InputMode = 'inline' in what ? what.inline.mode : 'builtin' in what ? what.mode : what.mode ?? 'voice';
  const decl: GrammarDecl = { id, loc: { line: 1, col: 1 }, mode, origin: 'element' };
  if ('inline' in what) decl.inline = what.inline;
  if ('builtin' in what) decl.builtin = what.builtin;
  if ('src' in what) decl.src = what.src;
  if (opts.approximate) decl.approximate = true;
  return { ref: { key, mode, scope: opts.scope ?? 'field' }, decl };
}
