/**
 * Compile speed: a generated VoiceXML document of about 1 MB — the kind a JSP back end emits: many forms with
 * fields, inline SRGS grammars, tapered prompts, help/catch handlers, <filled> logic, menus, scripts — compiled
 * by the gateway, against fast-xml-parser's bare parse (default options) of the same text.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { compile } from '../../gateway/compiler/index';
import { median, round } from '../lib/stats';

const CITIES = ['Boston', 'Chicago', 'Denver', 'Houston', 'Miami', 'Newark', 'Orlando', 'Phoenix', 'Seattle', 'Atlanta', 'Dallas', 'Detroit'];

function form(i: number): string {
  const next = `form_${i + 1}`;
  const items = CITIES.map((c, k) => `          <item>${c.toLowerCase()}<tag>out = "${c.slice(0, 3).toUpperCase()}${k}";</tag></item>`).join('\n');
  return `
  <form id="form_${i}">
    <var name="attempts_${i}" expr="0"/>
    <var name="city_${i}" expr="''"/>
    <block name="intro_${i}">
      <prompt bargein="true">Section ${i}. Let us look up your connection, step ${i} of the itinerary.</prompt>
    </block>
    <field name="dest_${i}">
      <grammar type="application/srgs+xml" root="city_${i}" version="1.0" mode="voice" xml:lang="en-US">
        <rule id="city_${i}" scope="public">
          <item repeat="0-1">to</item>
          <one-of>
${items}
          </one-of>
        </rule>
      </grammar>
      <grammar src="builtin:dtmf/digits?length=3"/>
      <prompt count="1">Which city are you flying to? For example, say Boston or Denver, or key in the airport code.</prompt>
      <prompt count="2">Please say the name of the city, or key in its three digit code.</prompt>
      <help><prompt>You can say any city we fly to. Say main menu to start again.</prompt><reprompt/></help>
      <noinput count="1"><prompt>Sorry, I didn't hear you.</prompt><reprompt/></noinput>
      <noinput count="3"><prompt>Let me get someone to help.</prompt><goto next="#agent_${i}"/></noinput>
      <nomatch><assign name="attempts_${i}" expr="attempts_${i} + 1"/><prompt>Sorry, I didn't get that.</prompt><reprompt/></nomatch>
      <filled>
        <if cond="dest_${i} == 'BOS0'">
          <assign name="city_${i}" expr="'Boston'"/>
          <prompt>Boston, <value expr="city_${i}"/>. Good choice.</prompt>
        <elseif cond="attempts_${i} &gt; 2"/>
          <log label="trace">many attempts <value expr="attempts_${i}"/></log>
          <assign name="city_${i}" expr="dest_${i}"/>
        <else/>
          <assign name="city_${i}" expr="String(dest_${i})"/>
        </if>
      </filled>
    </field>
    <field name="confirm_${i}" type="boolean">
      <prompt>You said <value expr="city_${i}"/>. Is that right?</prompt>
      <filled>
        <if cond="confirm_${i}"><goto next="#${next}"/><else/><clear namelist="dest_${i} confirm_${i}"/></if>
      </filled>
    </field>
  </form>
  <menu id="agent_${i}" dtmf="true">
    <prompt>Say agent or press 1 to speak to someone; say back or press 2 to try again.</prompt>
    <choice next="#form_${i}">back</choice>
    <choice event="transfer.agent">agent</choice>
    <noinput><reprompt/></noinput>
  </menu>`;
}

/** A well-formed VoiceXML document of at least `bytes` bytes. */
export function generateDocument(bytes: number): string {
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" xml:lang="en-US">
  <property name="timeout" value="5s"/>
  <var name="sessionCount" expr="0"/>
  <script><![CDATA[
    function spell(s) { return String(s).split('').join(' '); }
  ]]></script>
  <catch event="transfer.agent"><prompt>Transferring you now.</prompt><exit/></catch>
  <catch event="error"><prompt>Sorry, a technical problem occurred.</prompt><exit/></catch>
  <link next="#form_0"><grammar type="application/srgs+xml" root="mm" version="1.0" mode="voice"><rule id="mm">main menu</rule></grammar></link>`;
  const parts = [head];
  let size = head.length;
  let i = 0;
  while (size < bytes) {
    const f = form(i++);
    parts.push(f);
    size += f.length;
  }
  parts.push(`\n  <form id="form_${i}"><block><prompt>That is all.</prompt><exit/></block></form>\n</vxml>\n`);
  return parts.join('');
}

export interface CompileSpeed {
  documentBytes: number;
  dialogs: number;
  errors: number;
  compileMs: number;
  bareParseMs: number;
  ratio: number;
  /** What the compiler's parse stage does besides: well-formedness check and an ordered, offset-carrying parse. */
  validateMs: number;
  orderedParseMs: number;
  runs: number;
}

function timed(runs: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return median(times);
}

export function measureCompile(runs = 5): CompileSpeed {
  const text = generateDocument(1024 * 1024);
  const uri = 'http://bench.example/generated.vxml';
  const bare = new XMLParser();
  const ordered = new XMLParser({ preserveOrder: true, captureMetaData: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, processEntities: false });
  const graph = compile(text, uri);
  const errors = graph.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the generated document does not compile: ${errors.slice(0, 3).map((d) => d.message).join('; ')}`);
  // Warm both paths (JIT) before timing; alternate so drifting machine load hits both alike.
  for (let i = 0; i < 2; i++) {
    compile(text, uri);
    bare.parse(text);
  }
  const compileTimes: number[] = [];
  const parseTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    compileTimes.push(timed(1, () => compile(text, uri)));
    parseTimes.push(timed(1, () => bare.parse(text)));
  }
  const compileMs = median(compileTimes);
  const bareParseMs = median(parseTimes);
  return {
    documentBytes: Buffer.byteLength(text),
    dialogs: graph.dialogs.length,
    errors: errors.length,
    compileMs: round(compileMs, 1),
    bareParseMs: round(bareParseMs, 1),
    ratio: round(compileMs / bareParseMs, 2),
    validateMs: round(timed(3, () => XMLValidator.validate(text)), 1),
    orderedParseMs: round(timed(3, () => ordered.parse(text)), 1),
    runs,
  };
}
