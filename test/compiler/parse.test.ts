/** XML layer: positions, entities, CDATA, namespaces, DOCTYPE policy, malformed input. */
import { compile } from '../../gateway/compiler';
import { codes, form, where } from './helpers';

describe('source locations', () => {
  test('every element gets the line:col of its start tag (LF and CRLF alike)', () => {
    for (const nl of ['\n', '\r\n']) {
      const text = ['<?xml version="1.0"?>', '<vxml version="2.1">', '  <form id="a">', '    <block>hi</block>', '  </form>', '</vxml>'].join(nl);
      const g = compile(text, 'x.vxml');
      expect(g.loc).toEqual({ line: 2, col: 1 });
      expect(g.dialogs[0].loc).toEqual({ line: 3, col: 3 });
      expect(form(g).items[0].loc).toEqual({ line: 4, col: 5 });
      const block = form(g).items[0];
      if (block.kind !== 'block') throw new Error('block expected');
      expect(block.body[0].loc).toEqual({ line: 4, col: 12 });
    }
  });

  test('a byte-order mark does not shift columns', () => {
    const g = compile('\ufeff<vxml version="2.1"><form id="a"/></vxml>', 'x.vxml');
    expect(g.loc).toEqual({ line: 1, col: 1 });
    expect(g.dialogs[0].loc).toEqual({ line: 1, col: 21 });
  });

  test('text after comments and CDATA is located at its first non-blank character', () => {
    const text = '<vxml version="2.1"><form><block><!-- c -->\n  Hello <![CDATA[<world>]]> again</block></form></vxml>';
    const g = compile(text, 'x.vxml');
    const block = form(g).items[0];
    if (block.kind !== 'block' || block.body[0].kind !== 'prompt') throw new Error('implicit prompt expected');
    const content = block.body[0].content;
    expect(content.map((c) => (c.kind === 'text' ? c.text : c.kind))).toEqual(['\n  Hello ', '<world>', ' again']);
    expect(content.map((c) => `${c.loc.line}:${c.loc.col}`)).toEqual(['2:3', '2:18', '2:29']);
  });
});

describe('entities', () => {
  test('the five XML entities and numeric references are decoded in text and attributes', () => {
    const g = compile('<vxml version="2.1"><var name="x" expr="a &lt; b &amp;&amp; c &gt; d"/><form><block>&quot;A&apos;s&quot; &#233;&#x263A;</block></form></vxml>', 'x.vxml');
    expect(g.init[0]).toMatchObject({ kind: 'var', expr: 'a < b && c > d' });
    const block = form(g).items[0];
    if (block.kind !== 'block' || block.body[0].kind !== 'prompt') throw new Error('prompt expected');
    expect(block.body[0].content[0]).toMatchObject({ kind: 'text', text: '"A\'s" é☺' });
    expect(g.diagnostics).toEqual([]);
  });

  test('an undeclared entity is reported at its own position and left as written', () => {
    const g = compile('<vxml version="2.1">\n<form><block>A&company;B</block></form></vxml>', 'x.vxml');
    expect(where(g)).toEqual(['undefined-entity@2:15']);
  });

  test('attribute values are whitespace-normalised (tabs and newlines read as spaces)', () => {
    const g = compile('<vxml version="2.1"><var name="x" expr="1 +\n\t2"/></vxml>', 'x.vxml');
    expect(g.init[0]).toMatchObject({ expr: '1 +  2' });
  });
});

describe('DOCTYPE', () => {
  test('a plain DOCTYPE naming the VoiceXML DTD is accepted and ignored', () => {
    const g = compile('<?xml version="1.0"?>\n<!DOCTYPE vxml PUBLIC "-//W3C//DTD VOICEXML 2.0//EN" "http://www.w3.org/TR/voicexml20/vxml.dtd">\n<vxml version="2.0"><form id="a"/></vxml>', 'x.vxml');
    expect(g.diagnostics).toEqual([]);
    expect(g.dialogs).toHaveLength(1);
    expect(g.loc).toEqual({ line: 3, col: 1 });
  });

  test('another external DTD is noted (never fetched) and the document compiles', () => {
    const g = compile('<!DOCTYPE vxml SYSTEM "http://vendor.example/custom.dtd"><vxml version="2.1"><form id="a"/></vxml>', 'x.vxml');
    expect(codes(g)).toEqual(['external-dtd']);
    expect(g.dialogs).toHaveLength(1);
  });

  test('internal entity declarations refuse the document: nothing is expanded', () => {
    const g = compile('<!DOCTYPE vxml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><vxml version="2.1"><form><block>&b;</block></form></vxml>', 'x.vxml');
    expect(codes(g)).toEqual(['doctype-entity', 'doctype-entity']);
    expect(g.dialogs).toEqual([]);
  });

  test('external and parameter entities are refused', () => {
    const g = compile('<!DOCTYPE vxml [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n<!ENTITY % p PUBLIC "-//x//y" "http://evil.example/p.dtd">\n]><vxml version="2.1"/>', 'x.vxml');
    expect(where(g)).toEqual(['external-entity@2:1', 'external-entity@3:1']);
    expect(g.diagnostics[0].message).toContain('file:///etc/passwd');
    expect(g.dialogs).toEqual([]);
  });
});

describe('malformed and foreign documents', () => {
  test('malformed XML yields one error with the position and no dialogs', () => {
    const g = compile('<vxml version="2.1">\n  <form>\n  </vxml>', 'x.vxml');
    expect(g.dialogs).toEqual([]);
    expect(where(g)).toEqual(['malformed-xml@3:3']);
    expect(g.diagnostics[0].message).toMatch(/form/);
  });

  test.each([
    ['', 'malformed-xml'],
    ['just text', 'malformed-xml'],
    ['<vxml version="2.1"><form></vxml>', 'malformed-xml'],
    ['<vxml version="2.1" a="1" a="2"/>', 'malformed-xml'],
    ['<html><body/></html>', 'not-vxml'],
    ['<vxml xmlns="http://example.com/other" version="2.1"/>', 'not-vxml'],
  ])('%j → %s (never throws)', (text, code) => {
    const g = compile(text, 'x.vxml');
    expect(codes(g)).toEqual([code]);
    expect(g.dialogs).toEqual([]);
    expect(g.uri).toBe('x.vxml');
  });

  test('the VoiceXML namespace may be used with a prefix', () => {
    const g = compile('<v:vxml xmlns:v="http://www.w3.org/2001/vxml" version="2.1"><v:form id="a"><v:block>Hi</v:block></v:form></v:vxml>', 'x.vxml');
    expect(g.diagnostics).toEqual([]);
    expect(form(g).items[0].kind).toBe('block');
  });

  test('compile never throws on odd input', () => {
    for (const text of ['<vxml version="2.1"><form><block>' + '<a>'.repeat(3000) + '</block></form></vxml>', '<<<>>>', '<vxml version="2.1"><![CDATA[', '\u0000']) {
      expect(() => compile(text, 'x.vxml')).not.toThrow();
    }
  });
});
