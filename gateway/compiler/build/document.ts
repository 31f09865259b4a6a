/**
 * The <vxml> root: document attributes, document-scope variables/scripts/data, dialogs, document-level
 * handlers, links, properties and metas.
 */
import { GRAPH_VERSION, type DialogGraph } from '../../../contracts/graph';
import type { CompileContext } from '../context';
import { resolveDocument } from '../uri';
import { attr, childElements, type El } from '../xml/ast';
import { dialog } from './dialogs';
import { catchElement, HANDLER_TAGS } from './events';
import { dataNode, scriptNode, varNode } from './executable';
import { linkElement, metaElement, propertyElement } from './links';

export function documentGraph(ctx: CompileContext, root: El): DialogGraph {
  const version = attr(root, 'version') ?? '';
  if (version !== '' && version !== '2.0' && version !== '2.1') ctx.r.report('invalid-version', ctx.attrValueLoc(root, 'version', 0), { value: version });
  const g: DialogGraph = {
    kind: 'document', graphVersion: GRAPH_VERSION, uri: ctx.uri, loc: root.loc, version,
    init: [], dialogs: [], catches: [], links: [], properties: [], metas: [], grammars: ctx.grammars, edges: ctx.edges, diagnostics: [],
  };
  const lang = attr(root, 'xml:lang');
  if (lang !== undefined) g.lang = lang;
  const base = attr(root, 'xml:base') ?? attr(root, 'base');
  if (base !== undefined) g.base = base;
  if (root.attrs.has('base')) ctx.r.report('deprecated-attribute', root.loc, { element: 'vxml', name: 'base', hint: 'VoiceXML 2.0 uses xml:base (read as xml:base)' });
  const application = attr(root, 'application');
  if (application !== undefined) {
    g.application = application;
    ctx.edge('application', ctx.attrValueLoc(root, 'application', 0), 'application', resolveDocument(ctx.uri, application));
  }
  for (const child of childElements(root)) {
    switch (child.name) {
      case 'form':
      case 'menu':
        g.dialogs.push(dialog(ctx, child));
        break;
      case 'var':
        g.init.push(varNode(ctx, child));
        break;
      case 'script':
        g.init.push(scriptNode(ctx, child));
        break;
      case 'data':
        g.init.push(dataNode(ctx, child));
        break;
      case 'link':
        g.links.push(linkElement(ctx, child));
        break;
      case 'property':
        g.properties.push(propertyElement(ctx, child));
        break;
      case 'meta':
        g.metas.push(metaElement(ctx, child));
        break;
      case 'metadata':
        break; // RDF/Dublin Core about the document: nothing to run
      default:
        if (HANDLER_TAGS.has(child.name)) g.catches.push(catchElement(ctx, child));
    }
  }
  return g;
}
