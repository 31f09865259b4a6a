/**
 * Content-model check (VoiceXML 2.1 schema): unknown elements, elements and text where they are not allowed,
 * unknown and vendor attributes, missing required attributes. Rejected elements are removed from the AST so
 * builders only ever see what the schema allows; every removal is reported.
 */
import type { Reporter } from './diagnostics';
import { NS, isBlank, type El } from './xml/ast';
import { ELEMENTS, PROMPT_CONTEXT, type ElementSpec } from './schema';

const STANDARD_NS = new Set<string>(['', NS.vxml, NS.ssml, NS.srgs]);

export function checkStructure(root: El, r: Reporter): void {
  checkAttributes(root, ELEMENTS.vxml, r);
  checkChildren(root, 'vxml', r);
}

function specKey(el: El, parentKey: string): string {
  return el.name === 'foreach' && PROMPT_CONTEXT.has(parentKey) ? 'foreach#prompt' : el.name;
}

function checkChildren(el: El, key: string, r: Reporter): void {
  const spec = ELEMENTS[key];
  if (!spec || spec.opaque) return;
  const kept: El['children'] = [];
  for (const child of el.children) {
    if (child.type === 'text') {
      if (!spec.text && !isBlank(child.text)) {
        r.report('text-not-allowed', child.loc, { text: abbreviate(child.text), parent: el.rawName });
        continue;
      }
      kept.push(child);
      continue;
    }
    if (!STANDARD_NS.has(child.ns)) {
      r.report('vendor-extension', child.loc, { what: `element <${child.rawName}>`, ns: child.ns });
      continue;
    }
    const childKey = specKey(child, key);
    const childSpec = ELEMENTS[childKey];
    if (!childSpec) {
      r.report('unknown-element', child.loc, { name: child.rawName, parent: el.rawName });
      continue;
    }
    if (!spec.children.includes(child.name)) {
      r.report('element-not-allowed', child.loc, { name: child.rawName, parent: el.rawName, hint: hintFor(child.name, key) });
      continue;
    }
    checkAttributes(child, childSpec, r);
    checkChildren(child, childKey, r);
    kept.push(child);
  }
  el.children = kept;
}

function checkAttributes(el: El, spec: ElementSpec, r: Reporter): void {
  for (const a of el.attrs.values()) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    if (spec.opaque && el.name === 'metadata') continue;
    if (a.ns !== undefined && a.ns !== NS.xml && a.ns !== NS.xsi && !spec.attrs.includes(a.name)) {
      r.report('vendor-extension', el.loc, { what: `attribute ${a.name} on <${el.rawName}>`, ns: a.ns });
      continue;
    }
    if (!spec.attrs.includes(a.name)) r.report('unknown-attribute', el.loc, { name: a.name, element: el.rawName });
  }
  for (const name of spec.required ?? []) {
    if (!el.attrs.has(name)) r.report('missing-attribute', el.loc, { element: el.rawName, what: `the attribute "${name}"` });
  }
}

function hintFor(child: string, parentKey: string): string {
  if (child === 'prompt' && parentKey === 'form') return 'put prompts in a <block> or a form item';
  if ((child === 'goto' || child === 'submit' || child === 'assign') && (parentKey === 'form' || parentKey === 'field')) return 'executable content belongs in <block>, <filled> or an event handler';
  if (child === 'break' || child === 'emphasis' || child === 'prosody' || child === 'say-as') return 'SSML markup belongs inside <prompt>';
  if (child === 'var' && parentKey === 'menu') return 'menus have no variables; declare it in the document';
  if (child === 'link' && parentKey === 'menu') return 'menus take <choice>, not <link>';
  return '';
}

function abbreviate(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}
