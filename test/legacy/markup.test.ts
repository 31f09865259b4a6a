/**
 * Legacy-platform markup the compiler accepts and reads as those platforms did (docs/legacy-compatibility-notes.md).
 * Each document here is a small one written for the test; each reproduces a pattern seen in public legacy apps.
 */
import { compile } from '../../gateway/compiler';
import type { DialogGraph, FormDialog } from '../../contracts/graph';

function where(g: DialogGraph): string[] {
  return g.diagnostics.map((d) => `${d.severity} ${d.code}@${d.line}:${d.col}`);
}

function errors(g: DialogGraph): string[] {
  return g.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.line}:${d.col} ${d.message}`);
}

function firstForm(g: DialogGraph): FormDialog {
  const d = g.dialogs.find((x) => x.kind === 'form');
  if (!d || d.kind !== 'form') throw new Error('no form');
  return d;
}

describe('VoiceXML 1.0 elements and attributes are read as their 2.0 / SSML 1.0 equivalents', () => {
  const doc = [
    '<?xml version="1.0"?>',
    '<vxml version="1.0" lang="en-GB">',
    '  <form id="main">',
    '    <field name="acct" type="digits">',
    '      <prompt>Your <emp level="strong">account</emp> number. <break msecs="500"/><break size="large"/>',
    '        <sayas class="digits">123</sayas> <sayas sub="World Wide Web">WWW</sayas> <pros rate="slow" vol="loud">slowly</pros>',
    '        <div type="paragraph">Thanks.</div></prompt>',
    '      <dtmf src="builtin:dtmf/digits?length=4"/>',
    '      <catch event="telephone.disconnect.hangup"><exit/></catch>',
    '      <filled><submit next="next.jsp" caching="safe"/></filled>',
    '    </field>',
    '  </form>',
    '</vxml>',
  ].join('\n');

  test('each rewrite is a warning at its element, and nothing is an error', () => {
    const g = compile(doc, 'app/v1.vxml');
    expect(errors(g)).toEqual([]);
    expect(where(g)).toEqual([
      'warning legacy-markup@2:1',
      'warning invalid-version@2:16',
      'warning legacy-markup@5:20',
      'warning legacy-markup@5:62',
      'warning legacy-markup@5:82',
      'warning legacy-markup@6:9',
      'warning legacy-markup@6:43',
      'warning legacy-markup@6:83',
      'warning legacy-markup@7:9',
      'warning legacy-markup@8:7',
      'warning legacy-markup@9:7',
      'warning legacy-markup@10:15',
    ]);
  });

  test('the graph holds the SSML 1.0 / VoiceXML 2.0 forms', () => {
    const g = compile(doc, 'app/v1.vxml');
    expect(g.lang).toBe('en-GB');
    const field = firstForm(g).items[0];
    if (field.kind !== 'field') throw new Error('field');
    const json = JSON.stringify(field);
    expect(json).toContain('"tag":"emphasis"');
    expect(json).toContain('"time":"500ms"');
    expect(json).toContain('"strength":"strong"');
    expect(json).toContain('"interpret-as":"digits"');
    expect(json).toContain('"alias":"World Wide Web"');
    expect(json).toContain('"volume":"loud"');
    expect(json).toContain('"tag":"p"');
    expect(json).toContain('connection.disconnect.hangup');
    expect(json).toContain('"maxage":"0"');
    const dtmf = field.grammars.map((id) => g.grammars[id]).find((d) => d.mode === 'dtmf' && d.builtin?.type === 'digits');
    expect(dtmf).toBeDefined();
  });
});

test('<vxml> without version (TellMe, 1.0 DTDs) compiles as 2.0 with a warning', () => {
  const g = compile('<vxml application="root.vxml">\n<form><block>Hi</block></form></vxml>', 'app/tellme.vxml');
  expect(where(g)).toEqual(['warning missing-version@1:1']);
  expect(g.version).toBe('2.0');
});

test('<say-as type="…"> of the SSML drafts becomes interpret-as (and format)', () => {
  const g = compile('<vxml version="2.0"><form><block><prompt><say-as type="number:digits">42</say-as> <say-as type="date">2003</say-as></prompt></block></form></vxml>', 'x.vxml');
  expect(errors(g)).toEqual([]);
  expect(g.diagnostics.map((d) => d.code)).toEqual(['legacy-markup', 'legacy-markup']);
  const json = JSON.stringify(g.dialogs);
  expect(json).toContain('"interpret-as":"number","format":"digits"');
  expect(json).toContain('"interpret-as":"date"');
});

describe('HTML-minded authoring', () => {
  test('HTML entities are decoded with a warning; names HTML does not define stay errors', () => {
    const g = compile('<vxml version="2.0">\n<form><block>Caf&eacute;&nbsp;&copy;&mdash;&bogus;</block></form></vxml>', 'x.vxml');
    expect(where(g)).toEqual(['warning html-entity@2:17', 'warning html-entity@2:25', 'warning html-entity@2:31', 'warning html-entity@2:37', 'error undefined-entity@2:44']);
    expect(JSON.stringify(g.dialogs)).toContain('Café\u00a0©—&bogus;');
  });

  test('a script hidden in an HTML comment does nothing, with a warning instead of an error', () => {
    const g = compile('<vxml version="2.0">\n<script>\n<!--\nvar x = 1;\n//-->\n</script><form><block/></form></vxml>', 'x.vxml');
    expect(where(g)).toEqual(['warning empty-script@2:1']);
    const plain = compile('<vxml version="2.0"><script></script><form><block/></form></vxml>', 'x.vxml');
    expect(plain.diagnostics.map((d) => d.code)).toEqual(['missing-content']);
  });

  test('CDATA scripts and parenthesised expressions are valid', () => {
    const g = compile('<vxml version="2.1"><script><![CDATA[ function f(a) { return a < 3 && a > 0; } ]]></script><form><block><if cond="(f(1))"><log expr="(1 + 2) * 3"/></if></block></form></vxml>', 'x.vxml');
    expect(g.diagnostics).toEqual([]);
  });
});

test('blank lines a JSP/PHP page emits before <?xml …?> are tolerated with a warning; lines stay right', () => {
  const g = compile('\n\n<?xml version="1.0" encoding="UTF-8"?>\n<vxml version="2.1">\n<form><block><goto next="#nowhere"/></block></form></vxml>', 'x.vxml');
  expect(where(g)).toEqual(['warning xml-declaration-position@3:1', 'error unknown-dialog@5:14']);
});

test('prefixed VoiceXML (vxml:form) and vendor namespaces: standard elements compile, vendor ones are flagged', () => {
  const g = compile([
    '<vxml:vxml version="2.0" xmlns:vxml="http://www.w3.org/2001/vxml" xmlns:voxeo="http://community.voxeo.com/xmlns/vxml">',
    '<vxml:form id="f"><vxml:block><voxeo:recordcall value="100"/><vxml:prompt>Hello</vxml:prompt></vxml:block></vxml:form>',
    '</vxml:vxml>',
  ].join('\n'), 'x.vxml');
  expect(where(g)).toEqual(['warning vendor-extension@2:31']);
  expect(g.dialogs.map((d) => d.id)).toEqual(['f']);
});

test('DOCTYPEs of vendor VoiceXML DTDs (BeVocal, Nuance, TellMe) are accepted silently', () => {
  for (const dtd of [
    '<!DOCTYPE vxml PUBLIC "-//BeVocal Inc//VoiceXML 2.0//EN" "http://cafe.bevocal.com/libraries/dtd/vxml2-0-bevocal.dtd">',
    '<!DOCTYPE vxml PUBLIC "-//Nuance/DTD VoiceXML 2.0//EN" "http://voicexml.nuance.com/dtd/nuancevoicexml-2-0.dtd">',
    '<!DOCTYPE vxml PUBLIC "-//Tellme Networks//Voice Markup Language 1.0//EN" "http://resources.tellme.com/toolbox/vxml-tellme.dtd">',
    '<!DOCTYPE vxml SYSTEM "http://www.w3.org/TR/voicexml21/vxml.dtd">',
  ]) {
    const g = compile(`<?xml version="1.0"?>\n${dtd}\n<vxml version="2.0"><form><block>Hi</block></form></vxml>`, 'x.vxml');
    expect(g.diagnostics).toEqual([]);
  }
});

test('next="name" naming a dialog of this document (a 1.0-era slip) is hinted at; the URI is kept', () => {
  const g = compile('<vxml version="2.0"><form><block><goto next="other"/></block></form><form id="other"><block/></form><menu><choice next="main.jsp">x</choice></menu></vxml>', 'app/x.vxml');
  expect(where(g)).toEqual(['warning bare-dialog-name@1:34']);
  expect(g.edges[0].to).toBe('app/other');
});

test('an empty expr (a template that printed nothing) is undefined, as evaluating "" was on Rhino platforms', () => {
  const g = compile('<vxml version="2.0"><var name="a" expr=""/><form><block><assign name="a" expr=" "/></block></form></vxml>', 'x.vxml');
  expect(where(g)).toEqual(['warning legacy-markup@1:21', 'warning legacy-markup@1:57']);
  expect(errors(g)).toEqual([]);
  expect(JSON.stringify(g.init)).not.toContain('"expr"');
  expect(JSON.stringify(g.dialogs)).toContain('"expr":"undefined"');
});

test('<break time="1000"> without a unit (Voxeo, Nuance) is milliseconds', () => {
  const g = compile('<vxml version="2.1"><form><block><prompt><break time="1000"/>Hi<break time="2s"/></prompt></block></form></vxml>', 'x.vxml');
  expect(where(g)).toEqual(['warning legacy-markup@1:42']);
  expect(JSON.stringify(g.dialogs)).toContain('"time":"1000ms"');
});
