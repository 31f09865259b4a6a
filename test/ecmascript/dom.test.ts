/** The read-only DOM of VoiceXML 2.1 <data> (DOM Level 2 Core subset). */
import type { XmlNode } from '../../contracts/xml';
import { errorOf, freshEnv, roundTrip } from './helpers';

const el = (name: string, attrs: Record<string, string>, ...children: XmlNode[]): XmlNode => ({ type: 'element', name, attrs, children });
const text = (t: string): XmlNode => ({ type: 'text', text: t });

// <quote xmlns:x="urn:x" ticker="ACME"><!--c--><price cur="USD">12.5</price><x:vol>100</x:vol>
//   <name><![CDATA[Acme & Co]]></name><item id="i1">a</item><item>b</item></quote>
const QUOTE = el(
  'quote',
  { 'xmlns:x': 'urn:x', ticker: 'ACME' },
  { type: 'comment', text: 'c' },
  el('price', { cur: 'USD' }, text('12.5')),
  el('x:vol', {}, text('100')),
  el('name', {}, { type: 'cdata', text: 'Acme & Co' }),
  el('item', { id: 'i1' }, text('a')),
  el('item', {}, text('b')),
);

function domEnv() {
  const env = freshEnv();
  env.declare('doc', env.makeDom(QUOTE), 'document');
  return env;
}

describe('DOM reads', () => {
  const env = domEnv();
  test.each([
    ['doc.nodeType', 9],
    ['doc.nodeName', '#document'],
    ['doc.documentElement.tagName', 'quote'],
    ['doc.documentElement.nodeName', 'quote'],
    ['doc.documentElement.nodeType', 1],
    ['doc.documentElement.nodeValue', null],
    ['doc.documentElement.getAttribute("ticker")', 'ACME'],
    ['doc.documentElement.getAttribute("missing")', ''],
    ['doc.documentElement.hasAttribute("ticker")', true],
    ['doc.documentElement.hasAttribute("missing")', false],
    ['doc.documentElement.getAttributeNode("ticker").value', 'ACME'],
    ['doc.documentElement.getAttributeNode("ticker").nodeType', 2],
    ['doc.documentElement.getAttributeNode("missing")', null],
    ['doc.documentElement.attributes.length', 2],
    ['doc.documentElement.attributes.getNamedItem("ticker").nodeValue', 'ACME'],
    ['doc.documentElement.attributes.item(1).name', 'ticker'],
    ['doc.documentElement.attributes[0].name', 'xmlns:x'],
    ['doc.documentElement.childNodes.length', 6],
    ['doc.documentElement.firstChild.nodeType', 8],
    ['doc.documentElement.firstChild.data', 'c'],
    ['doc.documentElement.childNodes.item(1).tagName', 'price'],
    ['doc.documentElement.childNodes[1].firstChild.data', '12.5'],
    ['doc.documentElement.childNodes[1].firstChild.nodeValue', '12.5'],
    ['doc.documentElement.childNodes[1].firstChild.length', 4],
    ['doc.documentElement.childNodes[1].firstChild.nodeName', '#text'],
    ['doc.documentElement.childNodes[1].firstChild.substringData(1, 2)', '2.'],
    ['doc.documentElement.childNodes.item(99)', null],
    ['doc.documentElement.lastChild.textContent', 'b'],
    ['doc.documentElement.lastChild.previousSibling.getAttribute("id")', 'i1'],
    ['doc.documentElement.firstChild.nextSibling.tagName', 'price'],
    ['doc.documentElement.firstChild.previousSibling', null],
    ['doc.documentElement.parentNode === doc', true],
    ['doc.parentNode', null],
    ['doc.documentElement.childNodes[1].parentNode === doc.documentElement', true],
    ['doc.documentElement.firstChild === doc.documentElement.childNodes.item(0)', true],
    ['doc.documentElement.hasChildNodes()', true],
    ['doc.documentElement.childNodes[1].firstChild.hasChildNodes()', false],
    ['doc.documentElement.hasAttributes()', true],
    ['doc.getElementsByTagName("item").length', 2],
    ['doc.getElementsByTagName("item").item(1).firstChild.data', 'b'],
    ['doc.getElementsByTagName("item")[0].getAttribute("id")', 'i1'],
    ['doc.getElementsByTagName("*").length', 6],
    ['doc.documentElement.getElementsByTagName("*").length', 5],
    ['doc.getElementsByTagName("nothing").length', 0],
    ['doc.getElementsByTagName("x:vol").item(0).textContent', '100'],
    ['doc.getElementsByTagNameNS("urn:x", "vol").length', 1],
    ['doc.getElementsByTagNameNS("urn:x", "vol").item(0).localName', 'vol'],
    ['doc.getElementsByTagNameNS("urn:x", "vol").item(0).prefix', 'x'],
    ['doc.getElementsByTagNameNS("urn:x", "vol").item(0).namespaceURI', 'urn:x'],
    ['doc.getElementsByTagNameNS("*", "item").length', 2],
    ['doc.documentElement.namespaceURI', null],
    ['doc.getElementsByTagName("name").item(0).firstChild.nodeType', 4],
    ['doc.getElementsByTagName("name").item(0).firstChild.nodeName', '#cdata-section'],
    ['doc.getElementsByTagName("name").item(0).firstChild.data', 'Acme & Co'],
    ['doc.documentElement.textContent', '12.5100Acme & Coab'],
    ['doc.getElementById("i1").textContent', 'a'],
    ['doc.documentElement.ownerDocument === doc', true],
    ['doc.documentElement.ELEMENT_NODE + doc.TEXT_NODE', 4],
    ['doc.getElementsByTagName("item") === doc.getElementsByTagName("item")', true],
  ])('%s', (expr, expected) => {
    expect(env.evaluate(expr)).toEqual(expected);
  });

  test('a document script walks the DOM as W3C VoiceXML 2.1 documents do', () => {
    env.run(
      'var items = doc.getElementsByTagName("item"); var names = [];\n' +
        'for (var i = 0; i < items.length; i++) names.push(items.item(i).firstChild.data);\nvar joined = names.join("+");',
      'document',
    );
    expect(env.evaluate('joined')).toBe('a+b');
  });
});

describe('DOM is read-only', () => {
  const env = domEnv();
  test.each([
    'doc.documentElement.appendChild(doc.documentElement.firstChild)',
    'doc.documentElement.removeChild(doc.documentElement.firstChild)',
    'doc.documentElement.insertBefore(null, null)',
    'doc.documentElement.replaceChild(null, null)',
    'doc.documentElement.setAttribute("a", "b")',
    'doc.documentElement.removeAttribute("ticker")',
    'doc.createElement("x")',
    'doc.createTextNode("x")',
    'doc.documentElement.firstChild.nodeValue = "x"',
    'doc.documentElement.childNodes[1].firstChild.data = "x"',
    'doc.documentElement.childNodes[1].firstChild.appendData("x")',
    'doc.documentElement.attributes.removeNamedItem("ticker")',
  ])('%s throws NO_MODIFICATION_ALLOWED_ERR', (expr) => {
    expect(env.evaluate(`(function () { try { ${expr}; return 'modified'; } catch (e) { return e.code + ' ' + e.name; } })()`)).toBe(
      '7 NoModificationAllowedError',
    );
  });

  test('the tree did not change and wrappers cannot be extended', () => {
    env.run('doc.documentElement.expando = 1;', 'document');
    expect(env.evaluate('typeof doc.documentElement.expando + doc.documentElement.childNodes.length')).toBe('undefined6');
  });

  test('an uncaught DOMException reaches the interpreter as a ScriptError', () => {
    expect(errorOf(() => env.evaluate('doc.createElement("x")')).message).toMatch(/NO_MODIFICATION_ALLOWED_ERR/);
  });
});

describe('DOM across turns', () => {
  test('documents, nodes and node lists are rebuilt from the stored XML', () => {
    const env = domEnv();
    env.run('var root = doc.documentElement; var items = doc.getElementsByTagName("item"); var attr = root.getAttributeNode("ticker"); var kids = root.childNodes;', 'document');
    const r = roundTrip(env);
    expect(r.evaluate('root === doc.documentElement && items === doc.getElementsByTagName("item") && kids === root.childNodes')).toBe(true);
    expect(r.evaluate('items.item(1).firstChild.data + attr.value + attr.ownerElement.tagName')).toBe('bACMEquote');
    expect(r.evaluate('(function () { try { root.appendChild(null); } catch (e) { return e.code; } })()')).toBe(7);
  });
});
