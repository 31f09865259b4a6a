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
