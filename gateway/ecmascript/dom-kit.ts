/**
 * Realm-side read-only W3C DOM Level 2 Core subset for VoiceXML 2.1 <data> (§5.1 of VoiceXML 2.1):
 * Document, Element, Attr, Text, CDATASection, Comment, NodeList, NamedNodeMap. Realm code (see realm-kit
 * for why): evaluated in the context, it receives the kit and returns { makeDom, info, resolve }.
 *
 * The tree is a realm copy of the XmlNode data the interpreter got from the compiler. Wrappers are created
 * lazily and memoised per XML node (so `e.firstChild === e.childNodes.item(0)`), frozen, and remember their
 * location (child-index path from the document) so `serialize` can store (xml, path) and rebuild them.
 * Every mutating method throws a DOMException with code 7 (NO_MODIFICATION_ALLOWED_ERR).
 */
export const DOM_KIT_SOURCE = String.raw`(function (kit) {
  'use strict';
  const freeze = Object.freeze, defineProperty = Object.defineProperty, create = Object.create;
  const XMLNS = 'http://www.w3.org/2000/xmlns/', XML = 'http://www.w3.org/XML/1998/namespace';
  const state = new WeakMap();   // wrapper -> { doc, node, loc }
  const docs = new WeakMap();    // document wrapper -> { xml, memo: Map(xmlNode -> wrapper), meta: Map(xmlNode -> {parent, index}) }

  function DOMException(code, name, message) {
    const e = create(DOMException.prototype);
    defineProperty(e, 'code', { value: code, enumerable: true });
    defineProperty(e, 'name', { value: name, enumerable: true });
    defineProperty(e, 'message', { value: message, enumerable: true });
    return e;
  }
  DOMException.prototype = create(Error.prototype);
  defineProperty(DOMException.prototype, 'constructor', { value: DOMException });
  const codes = { NOT_FOUND_ERR: 8, NOT_SUPPORTED_ERR: 9, NO_MODIFICATION_ALLOWED_ERR: 7, INDEX_SIZE_ERR: 1 };
  for (const k of Object.keys(codes)) defineProperty(DOMException, k, { value: codes[k], enumerable: true });
  freeze(DOMException.prototype); freeze(DOMException);
  function readOnly() {
    throw DOMException(7, 'NoModificationAllowedError', 'NO_MODIFICATION_ALLOWED_ERR: the document fetched by <data> is read-only');
  }

  function st(w) {
    const s = state.get(w);
    if (!s) throw new TypeError('Illegal invocation');
    return s;
  }
  function getters(proto, table) {
    for (const k of Object.keys(table)) defineProperty(proto, k, { get: table[k], set: readOnly, enumerable: true });
  }
  function methods(proto, table) {
    for (const k of Object.keys(table)) defineProperty(proto, k, { value: table[k], enumerable: true });
  }

  // ---- lists ----
  function NodeList() {}
  methods(NodeList.prototype, { item: function (i) { const v = this[i >>> 0]; return v === undefined || i < 0 ? null : v; } });
  defineProperty(NodeList.prototype, 'length', { get: function () { return st(this).items.length; }, enumerable: true });
  function NamedNodeMap() {}
  methods(NamedNodeMap.prototype, {
    item: function (i) { const v = this[i >>> 0]; return v === undefined || i < 0 ? null : v; },
    getNamedItem: function (name) { const s = st(this); return s.owner ? attrNode(s.owner, String(name)) : null; },
    getNamedItemNS: function (ns, local) { const s = st(this); return s.owner ? attrNodeNS(s.owner, ns, String(local)) : null; },
    setNamedItem: readOnly, removeNamedItem: readOnly, setNamedItemNS: readOnly, removeNamedItemNS: readOnly,
  });
  defineProperty(NamedNodeMap.prototype, 'length', { get: function () { return st(this).items.length; }, enumerable: true });
  function makeList(proto, doc, loc, items, owner) {
    const l = create(proto);
    for (let i = 0; i < items.length; i++) defineProperty(l, i, { value: items[i], enumerable: true });
    state.set(l, { doc: doc, loc: loc, items: items, owner: owner });
    return freeze(l);
  }
  freeze(NodeList.prototype); freeze(NamedNodeMap.prototype);

  // ---- nodes ----
  function Node() {}
  const NP = Node.prototype;
  const TYPES = { element: 1, text: 3, cdata: 4, comment: 8 };
  getters(NP, {
    nodeType: function () { const s = st(this); return s.attr !== undefined ? 2 : s.node === null ? 9 : TYPES[s.node.type]; },
    nodeName: function () {
      const s = st(this);
      if (s.attr !== undefined) return s.attr;
      if (s.node === null) return '#document';
      switch (s.node.type) { case 'element': return s.node.name; case 'text': return '#text'; case 'cdata': return '#cdata-section'; default: return '#comment'; }
    },
    nodeValue: function () {
      const s = st(this);
      if (s.attr !== undefined) return s.node.attrs[s.attr];
      return s.node === null || s.node.type === 'element' ? null : s.node.text;
    },
    parentNode: function () {
      const s = st(this);
      if (s.attr !== undefined || s.node === null) return null;
      const m = docs.get(s.doc).meta.get(s.node);
      return m.parent === null ? s.doc : wrap(s.doc, m.parent);
    },
    childNodes: function () {
      const s = st(this);
      if (s.lists === undefined) s.lists = {};
      if (s.lists.c === undefined) {
        const kids = s.attr !== undefined ? [] : childrenOf(s);
        s.lists.c = makeList(NodeList.prototype, s.doc, s.loc.concat(['c']), kids.map(function (n) { return wrap(s.doc, n); }), null);
      }
      return s.lists.c;
    },
    firstChild: function () { const k = kidsOf(this); return k.length ? wrap(st(this).doc, k[0]) : null; },
    lastChild: function () { const k = kidsOf(this); return k.length ? wrap(st(this).doc, k[k.length - 1]) : null; },
    previousSibling: function () { return sibling(this, -1); },
    nextSibling: function () { return sibling(this, 1); },
    attributes: function () {
      const s = st(this);
      if (s.node === null || s.attr !== undefined || s.node.type !== 'element') return null;
      if (s.lists === undefined) s.lists = {};
      if (s.lists.a === undefined) {
        const names = Object.keys(s.node.attrs);
        s.lists.a = makeList(NamedNodeMap.prototype, s.doc, s.loc.concat(['a']), names.map(function (n) { return attrNode(this, n); }, this), this);
      }
      return s.lists.a;
    },
    ownerDocument: function () { const s = st(this); return s.node === null ? null : s.doc; },
    namespaceURI: function () {
      const s = st(this);
      if (s.node === null) return null;
      if (s.attr !== undefined) {
        if (s.attr === 'xmlns' || s.attr.slice(0, 6) === 'xmlns:') return XMLNS;
        const i = s.attr.indexOf(':');
        return i < 0 ? null : lookupNs(s.doc, s.node, s.attr.slice(0, i));
      }
      if (s.node.type !== 'element') return null;
      const i = s.node.name.indexOf(':');
      return lookupNs(s.doc, s.node, i < 0 ? '' : s.node.name.slice(0, i));
    },
    prefix: function () { const n = qname(this); if (n === null) return null; const i = n.indexOf(':'); return i < 0 ? null : n.slice(0, i); },
    localName: function () { const n = qname(this); if (n === null) return null; const i = n.indexOf(':'); return i < 0 ? n : n.slice(i + 1); },
    textContent: function () {
      const s = st(this);
      if (s.attr !== undefined) return s.node.attrs[s.attr];
      if (s.node === null) return null;
      return textOf(s.node);
    },
  });
  methods(NP, {
    hasChildNodes: function () { return kidsOf(this).length > 0; },
    hasAttributes: function () { const s = st(this); return s.node !== null && s.attr === undefined && s.node.type === 'element' && Object.keys(s.node.attrs).length > 0; },
    isSupported: function (feature, version) { return String(feature).toLowerCase() === 'core' && (version === undefined || version === null || version === '' || version === '2.0' || version === '1.0'); },
    cloneNode: function () { throw DOMException(9, 'NotSupportedError', 'NOT_SUPPORTED_ERR: cloneNode is not available on <data> documents'); },
    appendChild: readOnly, insertBefore: readOnly, removeChild: readOnly, replaceChild: readOnly, normalize: readOnly,
  });
  ['ELEMENT_NODE', 'ATTRIBUTE_NODE', 'TEXT_NODE', 'CDATA_SECTION_NODE', 'ENTITY_REFERENCE_NODE', 'ENTITY_NODE',
    'PROCESSING_INSTRUCTION_NODE', 'COMMENT_NODE', 'DOCUMENT_NODE', 'DOCUMENT_TYPE_NODE', 'DOCUMENT_FRAGMENT_NODE', 'NOTATION_NODE']
    .forEach(function (k, i) { defineProperty(NP, k, { value: i + 1 }); });

  function Document() {}
  const DP = Document.prototype = create(NP);
  getters(DP, {
    documentElement: function () { const d = docs.get(this); const el = firstElement(d.xml); return el ? wrap(this, el) : null; },
    doctype: function () { return null; },
    implementation: function () { return IMPLEMENTATION; },
  });
  methods(DP, {
    getElementsByTagName: function (name) { return byTag(this, null, [], String(name), null); },
    getElementsByTagNameNS: function (ns, local) { return byTag(this, null, [], String(local), ns === null ? null : String(ns)); },
    getElementById: function (id) { const d = docs.get(this); const hit = find(d.xml, function (n) { return n.attrs.id === String(id); }); return hit ? wrap(this, hit) : null; },
    createElement: readOnly, createElementNS: readOnly, createTextNode: readOnly, createComment: readOnly, createCDATASection: readOnly,
    createAttribute: readOnly, createAttributeNS: readOnly, createDocumentFragment: readOnly, createProcessingInstruction: readOnly,
    createEntityReference: readOnly, importNode: readOnly,
  });
  const IMPLEMENTATION = freeze({ hasFeature: function (f, v) { return NP.isSupported(f, v); } });

  function Element() {}
  const EP = Element.prototype = create(NP);
  getters(EP, { tagName: function () { return st(this).node.name; } });
  methods(EP, {
    getAttribute: function (name) { const a = st(this).node.attrs; const v = a[String(name)]; return v === undefined || !Object.prototype.hasOwnProperty.call(a, String(name)) ? '' : v; },
    getAttributeNS: function (ns, local) { const n = attrNodeNS(this, ns, String(local)); return n === null ? '' : n.value; },
    getAttributeNode: function (name) { return attrNode(this, String(name)); },
    getAttributeNodeNS: function (ns, local) { return attrNodeNS(this, ns, String(local)); },
    hasAttribute: function (name) { return Object.prototype.hasOwnProperty.call(st(this).node.attrs, String(name)); },
    hasAttributeNS: function (ns, local) { return attrNodeNS(this, ns, String(local)) !== null; },
    getElementsByTagName: function (name) { const s = st(this); return byTag(s.doc, s.node, s.loc, String(name), null); },
    getElementsByTagNameNS: function (ns, local) { const s = st(this); return byTag(s.doc, s.node, s.loc, String(local), ns === null ? null : String(ns)); },
    setAttribute: readOnly, removeAttribute: readOnly, setAttributeNS: readOnly, removeAttributeNS: readOnly,
    setAttributeNode: readOnly, removeAttributeNode: readOnly, setAttributeNodeNS: readOnly,
  });

  function Attr() {}
  const AP = Attr.prototype = create(NP);
  getters(AP, {
    name: function () { return st(this).attr; },
    value: function () { const s = st(this); return s.node.attrs[s.attr]; },
    specified: function () { return true; },
    ownerElement: function () { const s = st(this); return wrap(s.doc, s.node); },
  });

  function CharacterData() {}
  const CP = CharacterData.prototype = create(NP);
  getters(CP, {
    data: function () { return st(this).node.text; },
    length: function () { return st(this).node.text.length; },
  });
  methods(CP, {
    substringData: function (offset, count) {
      const t = st(this).node.text;
      if (offset < 0 || offset > t.length || count < 0) throw DOMException(1, 'IndexSizeError', 'INDEX_SIZE_ERR');
      return t.substr(offset, count);
    },
    appendData: readOnly, insertData: readOnly, deleteData: readOnly, replaceData: readOnly,
  });
  function Text() {}
  const TP = Text.prototype = create(CP);
  methods(TP, { splitText: readOnly });
  function CDATASection() {}
  CDATASection.prototype = create(TP);
  function Comment() {}
  Comment.prototype = create(CP);
  for (const P of [NP, DP, EP, AP, CP, TP, CDATASection.prototype, Comment.prototype]) freeze(P);
  const PROTOS = { element: EP, text: TP, cdata: CDATASection.prototype, comment: Comment.prototype };

  // ---- helpers ----
  function kidsOf(w) { const s = st(w); return s.attr !== undefined ? [] : childrenOf(s); }
  function childrenOf(s) {
    if (s.node === null) return topLevel(s.doc);
    return s.node.type === 'element' ? s.node.children : [];
  }
  function sibling(w, delta) {
    const s = st(w);
    if (s.node === null || s.attr !== undefined) return null;
    const m = docs.get(s.doc).meta.get(s.node);
    const kids = m.parent === null ? topLevel(s.doc) : m.parent.children;
    const n = kids[m.index + delta];
    return n === undefined ? null : wrap(s.doc, n);
  }
  function topLevel(doc) { const x = docs.get(doc).xml; return x.type === 'element' ? [x] : x.children || []; }
  function qname(w) {
    const s = st(w);
    if (s.attr !== undefined) return s.attr;
    return s.node !== null && s.node.type === 'element' ? s.node.name : null;
  }
  function lookupNs(doc, node, prefix) {
    if (prefix === 'xml') return XML;
    const attr = prefix === '' ? 'xmlns' : 'xmlns:' + prefix;
    const meta = docs.get(doc).meta;
    for (let n = node; n !== null; n = meta.get(n).parent) {
      if (n.type === 'element' && Object.prototype.hasOwnProperty.call(n.attrs, attr)) return n.attrs[attr] === '' ? null : n.attrs[attr];
    }
    return null;
  }
  function textOf(n) {
    if (n.type === 'text' || n.type === 'cdata') return n.text;
    if (n.type !== 'element') return n.type === 'comment' ? '' : '';
    let out = '';
    for (const c of n.children) if (c.type !== 'comment') out += textOf(c);
    return out;
  }
  function firstElement(xml) {
    if (xml.type === 'element') return xml;
    for (const c of xml.children || []) if (c.type === 'element') return c;
    return null;
  }
  function find(xml, pred) {
    const stack = (xml.type === 'element' ? [xml] : (xml.children || []).slice()).reverse();
    while (stack.length) {
      const n = stack.pop();
      if (n.type !== 'element') continue;
      if (pred(n)) return n;
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    return null;
  }
  function attrNode(el, name) {
    const s = st(el);
    if (!Object.prototype.hasOwnProperty.call(s.node.attrs, name)) return null;
    if (s.attrs === undefined) s.attrs = new Map();
    let a = s.attrs.get(name);
    if (a === undefined) {
      a = create(AP);
      state.set(a, { doc: s.doc, node: s.node, attr: name, loc: s.loc.concat(['@' + name]) });
      freeze(a);
      s.attrs.set(name, a);
    }
    return a;
  }
  function attrNodeNS(el, ns, local) {
    const s = st(el);
    for (const name of Object.keys(s.node.attrs)) {
      const a = attrNode(el, name);
      if (a.localName === local && a.namespaceURI === (ns === undefined || ns === '' ? null : ns)) return a;
    }
    return null;
  }
  function byTag(doc, root, loc, name, ns) {
    const d = docs.get(doc);
    const key = (ns === null ? 't' : 'n') + '\u0000' + (ns === null ? '' : ns) + '\u0000' + name + '\u0000' + loc.join('/');
    if (d.queries.has(key)) return d.queries.get(key);
    const out = [];
    const start = root === null ? (d.xml.type === 'element' ? [d.xml] : d.xml.children || []) : root.children;
    const stack = start.slice().reverse();
    while (stack.length) {
      const n = stack.pop();
      if (n.type !== 'element') continue;
      const w = wrap(doc, n);
      const match = ns === null ? name === '*' || n.name === name : (name === '*' || w.localName === name) && (ns === '*' || w.namespaceURI === ns);
      if (match) out.push(w);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    const list = makeList(NodeList.prototype, doc, loc.concat(ns === null ? ['t', name] : ['n', ns, name]), out, null);
    d.queries.set(key, list);
    return list;
  }
  function wrap(doc, node) {
    const d = docs.get(doc);
    let w = d.memo.get(node);
    if (w === undefined) {
      w = create(PROTOS[node.type]);
      state.set(w, { doc: doc, node: node, loc: d.meta.get(node).path });
      freeze(w);
      d.memo.set(node, w);
    }
    return w;
  }

  function makeDom(xml) {
    const doc = create(DP);
    const meta = new Map();
    const roots = xml.type === 'element' ? [xml] : xml.children || [];
    const stack = [];
    for (let i = roots.length - 1; i >= 0; i--) stack.push([roots[i], null, i, [i]]);
    while (stack.length) {
      const [n, parent, index, path] = stack.pop();
      meta.set(n, { parent: parent, index: index, path: freeze(path) });
      if (n.type === 'element') for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i], n, i, path.concat([i])]);
    }
    docs.set(doc, { xml: xml, memo: new Map(), meta: meta, queries: new Map() });
    state.set(doc, { doc: doc, node: null, loc: freeze([]) });
    return freeze(doc);
  }
  /** For serialisation: the document, its XML and the location of a DOM object; undefined for other values. */
  function info(obj) {
    const s = state.get(obj);
    if (s === undefined) return undefined;
    return { doc: s.doc, xml: docs.get(s.doc).xml, loc: s.loc };
  }
  /** Inverse of info: the object at loc in doc. */
  function resolve(doc, loc) {
    let cur = doc;
    for (let i = 0; i < loc.length; i++) {
      const step = loc[i];
      if (typeof step === 'number') cur = cur.childNodes.item(step);
      else if (step === 'c') cur = cur.childNodes;
      else if (step === 'a') cur = cur.attributes;
      else if (step === 't') { cur = cur.getElementsByTagName(loc[++i]); }
      else if (step === 'n') { cur = cur.getElementsByTagNameNS(loc[i + 1], loc[i + 2]); i += 2; }
      else if (step[0] === '@') cur = cur.getAttributeNode(step.slice(1));
      if (cur === null || cur === undefined) return undefined;
    }
    return cur;
  }
  return freeze({ makeDom: makeDom, info: info, resolve: resolve, DOMException: DOMException });
})`;
