/** Content models of the VoiceXML 2.1 schema: what may appear where, attributes, vendor extensions. */
import { compile } from '../../gateway/compiler';
import { compileBody, codes, form, where } from './helpers';

test('a schema-valid document with every element family compiles without findings', () => {
  const g = compileBody(`
<meta name="author" content="Acme"/><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
<property name="timeout" value="5s"/><var name="v" expr="1"/><script>var s = 1;</script><data name="d" src="d.xml"/>
<catch event="error"><exit/></catch><error><exit/></error><help>Help.</help><noinput>Silence.</noinput><nomatch>What?</nomatch>
<link next="#f"><grammar src="g.grxml"/></link>
<form id="f">
  <var name="fv"/><script src="x.js"/><data name="fd" src="fd.xml"/><grammar src="form.grxml"/><link dtmf="0" next="#m"/>
  <property name="bargein" value="false"/>
  <initial name="i"><prompt>Hi</prompt><link dtmf="9" next="#m"/><property name="timeout" value="3s"/><noinput><reprompt/></noinput></initial>
  <field name="a" type="boolean"><prompt>Yes?</prompt><audio src="a.wav">fallback</audio><value expr="v"/><enumerate/>
    <grammar src="yn.grxml"/><option>maybe</option><link dtmf="8" next="#m"/><property name="timeout" value="2s"/>
    <filled><log label="l" expr="a">got <value expr="a"/></log></filled><catch event="x"><throw event="y"/></catch></field>
  <block name="b"><assign name="v" expr="2"/><clear namelist="a"/><if cond="v"><reprompt/><elseif cond="!v"/><disconnect/><else/><exit/></if>
    <foreach array="[1,2]" item="it"><prompt><value expr="it"/></prompt></foreach><submit next="s.jsp" namelist="v"/><return/><goto next="#m"/></block>
  <subdialog name="s" src="#m"><param name="p" expr="1"/><filled/></subdialog>
  <record name="r" beep="true" maxtime="10s" finalsilence="2s" dtmfterm="true" type="audio/wav"><grammar src="stop.grxml"/></record>
  <transfer name="t" dest="tel:+15555550100" type="blind" connecttimeout="10s"><filled/></transfer>
  <filled mode="any" namelist="a r"><prompt bargein="false" bargeintype="hotword" count="2" timeout="3s" xml:lang="es-US"><p><s>Hola</s></p>
    <emphasis level="strong">x</emphasis><prosody rate="slow">y</prosody><say-as interpret-as="digits"><value expr="a"/></say-as>
    <sub alias="World Wide Web">WWW</sub><phoneme ph="t&#x259;mei&#x325;&#x27E;oi&#x325;">tomato</phoneme><voice gender="female">z</voice>
    <break time="1s"/><mark name="m1"/><audio expr="'x.wav'"><desc>a bell</desc></audio>
    <foreach array="[1]" item="i2"><value expr="i2"/></foreach></prompt></filled>
</form>
<menu id="m" dtmf="true" accept="approximate" scope="document"><prompt>Say <enumerate/></prompt>Bare text
  <choice next="#f">one</choice><choice event="help" dtmf="*">help</choice><catch event="nomatch"><reprompt/></catch>
  <property name="inputmodes" value="dtmf voice"/></menu>`);
  expect(g.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual([]);
  expect(g.dialogs.map((d) => d.id)).toEqual(['f', 'm']);
});

test('elements where the schema does not allow them are reported and dropped', () => {
  const g = compileBody('\n<form>\n<prompt>x</prompt>\n<field name="a"><assign name="x" expr="1"/></field>\n<block><field name="b"/></block>\n</form>\n<menu><var name="x"/><choice next="#x">x</choice></menu><form id="x"/>');
  expect(where(g)).toEqual(['element-not-allowed@3:1', 'element-not-allowed@4:17', 'element-not-allowed@5:8', 'element-not-allowed@7:7']);
  const f = form(g);
  expect(f.items.map((i) => i.name)).toEqual(['a', '$item1']);
  expect(g.diagnostics[0].message).toContain('<block> or a form item');
});

test('unknown elements, unknown attributes, stray text', () => {
  const g = compileBody('<form><blink/><block speed="fast">x</block>oops</form>');
  expect(codes(g)).toEqual(['unknown-element', 'unknown-attribute', 'text-not-allowed']);
});

test('vendor namespaces are flagged as warnings, standard ones are accepted', () => {
  const g = compileBody(
    '<form xmlns:nuance="http://nuance.com/x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><field name="a" nuance:x="1"><nuance:hint/>' +
      '<grammar xmlns="http://www.w3.org/2001/06/grammar" root="r"><rule id="r">yes</rule></grammar></field></form>',
  );
  expect(g.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning vendor-extension', 'warning vendor-extension']);
  expect(g.diagnostics[0].message).toContain('http://nuance.com/x');
});

test('required attributes are reported once each', () => {
  const g = compileBody('<var/><form><block><assign name="x"/><value/><if><else/></if></block></form>');
  expect(codes(g)).toEqual(['missing-attribute', 'missing-attribute', 'missing-attribute', 'missing-attribute']);
});

test('a vxml without version is reported; 1.0 is warned about', () => {
  // Legacy platforms (TellMe, VoiceXML 1.0 DTDs) did not require version: read as 2.0 with a warning.
  expect(codes(compile('<vxml><form/></vxml>', 'x.vxml'))).toEqual(['missing-version']);
  expect(codes(compile('<vxml version="1.0"><form/></vxml>', 'x.vxml'))).toEqual(['invalid-version']);
});
