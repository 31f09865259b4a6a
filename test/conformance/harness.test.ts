/**
 * The conformance harness itself (no W3C suite needed): the TXML converter mirrors irtest.xslt, the
 * simulated tester follows the instructions the converted prompts give, and the suite server maps names
 * the way the IR server did.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile, hasErrors } from '../../gateway/index';
import { lastInstruction, decide, UNRECOGNIZABLE } from './caller';
import { startSuiteServer } from './server';
import { convertTxml } from './txml';
import { MalformedXmlError } from './xml-tree';

const HEAD = '<?xml version="1.0"?>\n<!-- Copyright W3C -->\n<vxml version="2.0" xmlns="http://www.w3.org/2001/vxml" xmlns:conf="http://www.w3.org/2002/vxml-conformance">';
const doc = (body: string): string => `${HEAD}${body}</vxml>`;

describe('TXML → VoiceXML (irtest.xslt semantics)', () => {
  test('pass, fail with reason and expr, comment; source comments stripped', () => {
    const { vxml } = convertTxml(
      doc(`<!-- note --><form><block><conf:comment>at <value expr="x"/></conf:comment><if cond="a"><conf:pass/><else/><conf:fail reason="it &lt;broke&gt;"/></if></block>
        <catch><conf:fail expr="'caught ' + _event"/></catch></form>`),
    );
    expect(vxml).not.toContain('note');
    expect(vxml).toContain('<log>at <value expr="x"/></log>');
    expect(vxml).toContain('<prompt>pass</prompt><exit/>');
    expect(vxml).toContain('<prompt>fail</prompt><log>failure reason: it &lt;broke&gt;</log><prompt>it &lt;broke&gt;</prompt><exit/>');
    expect(vxml).toContain(`<prompt>fail</prompt><log>failure expression: <value expr="'caught ' + _event"/></log><prompt><value expr="'caught ' + _event"/></prompt><exit/>`);
    expect(hasErrors(compile(vxml, 'http://t/x.vxml'))).toBe(false);
  });

  test('speech and dtmf instructions taper in form items, single prompt inside block/noinput/nomatch', () => {
    const { vxml, inputs } = convertTxml(
      doc(`<form><field name="f"><conf:speech value="bravo"/><conf:grammar utterance="bravo"/><noinput><conf:dtmf value="5"/></noinput></field>
        <block><conf:speech value="alpha"/></block></form>`),
    );
    expect(vxml).toContain(`<prompt count="1"> Say 'San Francisco'. </prompt><prompt count="2"> Say 'San Francisco' again. </prompt><prompt count="3"> Say 'San Francisco' one more time. </prompt>`);
    expect(vxml).toContain(`<noinput><prompt> Press '5'. </prompt></noinput>`);
    expect(vxml).toContain(`<block><prompt> Say 'Chicago'. </prompt></block>`);
    expect(inputs).toEqual([{ kind: 'speech', token: 'bravo' }, { kind: 'dtmf', keys: '5' }, { kind: 'speech', token: 'alpha' }]);
  });

  test('grammar: plain, interp, and nested keys (the keys template wins over interp)', () => {
    const { vxml } = convertTxml(
      doc(`<form><field name="a"><conf:grammar utterance="charlie"/></field><field name="b"><conf:grammar utterance="delta" interp="ldn"/></field>
        <field name="c"><conf:grammar utterance="echo" interp="x"><conf:key name="city" value="tokyo"/><conf:key name="geo"><conf:key name="lat" value="35"/></conf:key></conf:grammar></field></form>`),
    );
    expect(vxml).toMatch(/<grammar type="application\/srgs\+xml" root="(CityName\d+)" version="1.0"><rule id="\1" scope="public"><one-of><item>new york<\/item><\/one-of><\/rule><\/grammar>/);
    expect(vxml).toContain(`<item>london<tag>'ldn'</tag></item>`);
    expect(vxml).toContain(`<item>tokyo<tag>var city='tokyo'; var geo=new Object(); geo.lat='35'; </tag></item>`);
    expect(hasErrors(compile(vxml, 'http://t/x.vxml'))).toBe(false);
  });

  test('phrase, noinput/nomatch with duration, hangup, recordings', () => {
    const { vxml, inputs } = convertTxml(
      doc(`<form><field name="a"><grammar root="r"><rule id="r"><item><conf:phrase utterance="foxtrot"/></item></rule></grammar><conf:noinput duration="5"/></field>
        <field name="b"><conf:nomatch/></field><record name="r"><conf:recording value="golf"/></record><record name="q"><conf:recording value="nonspeech"/></record><block><conf:hangup/></block></form>`),
    );
    expect(vxml).toContain('<item>Truth or Consequences</item>');
    expect(vxml).toContain('<prompt count="2"> No input expected. Say nothing again for 5 seconds. </prompt>');
    expect(vxml).toContain('<prompt count="1"> Say something unrecognizable . </prompt>');
    expect(vxml).toContain(`<prompt count="1"> Recite a sentence containing the word 'Hackensack'. </prompt>`);
    expect(vxml).toContain(`Recite your favorite nursery rhyme, for example, 'Little Miss Muffett'.`);
    expect(vxml).toContain('<prompt> Hang up now. </prompt>');
    expect(inputs.map((i) => i.kind)).toEqual(['noinput', 'nomatch', 'recording', 'recording', 'hangup']);
  });

  test('the conf namespace is recognised by URI, not by prefix; unmatched conf elements are copied', () => {
    const { vxml } = convertTxml(
      '<vxml version="2.0" xmlns="http://www.w3.org/2001/vxml" xmlns:t="http://www.w3.org/2002/vxml-conformance" xmlns:conf="urn:other"><form><block><t:pass/><conf:pass/><t:speech/></block></form></vxml>',
    );
    expect(vxml).toContain('<block><prompt>pass</prompt><exit/><conf:pass/><t:speech/></block>');
  });

  test('CDATA and entities survive the copy', () => {
    const { vxml } = convertTxml(doc(`<script><![CDATA[ var a = 1 < 2 && true; ]]></script><var name="s" expr="'a &amp; b'"/>`));
    expect(vxml).toContain('<script><![CDATA[ var a = 1 < 2 && true; ]]></script>');
    expect(vxml).toContain(`<var name="s" expr="'a &amp; b'"/>`);
  });

  test('a malformed source is refused, as an XSLT processor refuses it', () => {
    expect(() => convertTxml(doc('<form><field><filled></field></form>'))).toThrow(MalformedXmlError);
  });
});

describe('the simulated tester', () => {
  test('does what the last instruction heard asks', () => {
    expect(lastInstruction(["Say 'Chicago'."])).toEqual({ kind: 'say', text: 'chicago' });
    expect(lastInstruction(["Say 'Truth or Consequences' again."])).toEqual({ kind: 'say', text: 'truth or consequences' });
    expect(lastInstruction(["Press '12#'. "])).toEqual({ kind: 'dtmf', keys: '12#' });
    expect(lastInstruction(['No input expected. Say nothing one more time.'])).toEqual({ kind: 'silence' });
    expect(lastInstruction(['Say something unrecognizable.'])).toEqual({ kind: 'say', text: UNRECOGNIZABLE });
    expect(lastInstruction(["Say 'Chicago'.", 'caught it', "Press '3'."])).toEqual({ kind: 'dtmf', keys: '3' });
    expect(lastInstruction(['Say New York. 2'])).toEqual({ kind: 'say', text: 'new york' });
    expect(lastInstruction(['Welcome.'])).toBeUndefined();
  });

  test('stays silent without an instruction, records at a record, obeys hang up anywhere', () => {
    expect(decide('input', ['Welcome.'], undefined)).toEqual({ kind: 'silence' });
    expect(decide('record', ["Recite a sentence containing the word 'Chicago'."], undefined)).toEqual({ kind: 'record', seconds: 5 });
    expect(decide('transfer', ['Hang up now.'], undefined)).toEqual({ kind: 'hangup' });
    expect(decide('transfer', [], undefined)).toMatchObject({ kind: 'stuck' });
    expect(decide('transfer', [], { kind: 'result', result: 'busy', why: 'busy' })).toEqual({ kind: 'transfer', far: { kind: 'result', result: 'busy', why: 'busy' } });
  });
});

describe('the suite server', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conf-suite-'));
    fs.mkdirSync(path.join(dir, 'cudl-w3c'));
    fs.writeFileSync(path.join(dir, 'cudl-w3c', 'a.txml'), doc('<form><block><goto next="w3c/b.txml"/><goto next="http://localhost/vxml/b.txml"/><conf:pass/></block></form>'));
    fs.writeFileSync(path.join(dir, 'cudl-w3c', 'g.grxml'), '<grammar/>');
    fs.writeFileSync(path.join(dir, 'cudl-w3c', 'broken.txml'), '<vxml><form></vxml>');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('X.vxml is X.txml converted; cudl links point back to the server; other files as-is', async () => {
    const server = await startSuiteServer(dir);
    try {
      const page = await fetch(server.urlOf('cudl-w3c/a.txml'));
      expect(page.headers.get('content-type')).toBe('application/voicexml+xml');
      const text = await page.text();
      expect(text).toContain('<prompt>pass</prompt><exit/>');
      expect(text).toContain('<goto next="b.txml"/>');
      expect(text).toContain(`<goto next="${server.base}/cudl-w3c/b.txml"/>`);
      const grammar = await fetch(`${server.base}/cudl-w3c/g.grxml`);
      expect(grammar.headers.get('content-type')).toBe('application/srgs+xml');
      expect((await fetch(`${server.base}/cudl-w3c/missing.vxml`)).status).toBe(404);
      expect((await fetch(`${server.base}/cudl-w3c/broken.vxml`)).status).toBe(500);
      expect((await fetch(`${server.base}/../etc/passwd`)).status).toBe(404);
      expect(server.requests.map((r) => r.status)).toEqual([200, 200, 404, 500, 404]);
    } finally {
      await server.close();
    }
  });
});
