/** Event handling (VoiceXML 2.0 §5.2): selection, counters, defaults, _event/_message, hang-up, loops. */
import { Call, vxml } from './harness';

const APP = 'http://app.example/main.vxml';
const ROOT = 'http://app.example/root.vxml';

function call(body: string, docs: Record<string, string> = {}, opts = {}) {
  return new Call({ docs: { [APP]: vxml(body), ...docs } }, opts);
}

test('prefix matching by whole tokens, innermost scope first, then document order', () => {
  const c = call(`
    <catch event="error.badfetch">document badfetch <value expr="_event"/></catch>
    <form>
      <catch event="error.bad">never (not a token prefix)</catch>
      <catch event="error">form error <value expr="_event"/>: <value expr="_message"/></catch>
      <block><goto next="missing.vxml"/></block>
    </form>`);
  expect(c.start(APP).heard).toBe('form error error.badfetch.http.404: 404 Not Found: http://app.example/missing.vxml');
});

test('cond filters handlers; the highest count not above the counter wins, counted per prefix', () => {
  const c = call(`
    <var name="quiet" expr="true"/>
    <form>
      <field name="f">
        <grammar root="r"><rule id="r"><item>x</item></rule></grammar>
        <catch event="noinput" cond="!quiet">loud</catch>
        <catch event="noinput nomatch" count="1">one</catch>
        <catch event="noinput" count="3" cond="quiet">three <assign name="quiet" expr="false"/></catch>
      </field>
    </form>`);
  c.start(APP);
  expect(c.noinput().heard).toBe('one');
  expect(c.noinput().heard).toBe('one');
  expect(c.noinput().heard).toBe('three');
  expect(c.noinput().heard).toBe('loud');
});

test('the application root catches what the leaf does not; the leaf wins when both do', () => {
  const c = new Call({
    docs: {
      [ROOT]: vxml('<catch event="app.x">root x</catch><catch event="app.y">root y</catch>'),
      [APP]: vxml('<catch event="app.y">leaf y</catch><form><block><throw event="app.x"/></block><block><throw event="app.y"/></block></form>', 'application="root.vxml"'),
    },
  });
  expect(c.start(APP).heard).toBe('root x leaf y');
});

test('throw with message and messageexpr; _message is undefined without one', () => {
  const c = call(`
    <catch event="m">[<value expr="_event"/>|<value expr="typeof _message == 'object' ? _message.code : _message"/>]</catch>
    <form>
      <block><throw event="m" message="plain"/></block>
      <block><throw eventexpr="'m'" messageexpr="({code: 42})"/></block>
      <block><throw event="m"/></block>
    </form>`);
  expect(c.start(APP).heard).toBe('[m|plain] [m|42] [m|undefined]');
});

test('script failures raise error.semantic; an event thrown inside a handler is handled too', () => {
  const c = call(`
    <catch event="error.semantic">semantic: <value expr="_message.length > 0"/> <throw event="next.step"/></catch>
    <catch event="next.step">then next</catch>
    <form><block><assign name="nope" expr="1"/></block></form>`);
  expect(c.start(APP).heard).toBe('semantic: true then next');
});

test('default handlers: noinput and nomatch reprompt, errors end the call, unknown events exit', () => {
  const c = call('<form><field name="f"><grammar root="r"><rule id="r"><item>x</item></rule></grammar><prompt>Say x.</prompt></field></form>');
  expect(c.start(APP).heard).toBe('Say x.');
  expect(c.noinput().heard).toBe('Say x.');
  expect(c.nomatch().heard).toBe('Say x.');
  const e = call('<form><block>a <value expr="undefinedThing"/></block></form>').start(APP);
  expect(e.last).toEqual({ kind: 'hangup', reason: 'error' });
  const u = call('<form><block>before <throw event="custom.thing"/></block></form>').start(APP);
  expect(u.heard).toBe('before');
  expect(u.last.kind).toBe('hangup');
});

test('<object> raises error.unsupported.objecttype; an unknown field type error.unsupported.builtin', () => {
  const c = call(`
    <catch event="error.unsupported">unsupported <value expr="_event"/>
      <if cond="_event == 'error.unsupported.objecttype'"><assign name="o" expr="1"/><else/><assign name="f" expr="1"/></if>
    </catch>
    <form>
      <object name="o" classid="method://com.example/x"/>
      <field name="f" type="socialsecurity"/>
      <block>done</block>
    </form>`);
  expect(c.start(APP).heard).toBe('unsupported error.unsupported.objecttype unsupported error.unsupported.builtin done');
});

test('a turn that loops is cut off with error.semantic, then the call ends with reason error', () => {
  const c = call('<form id="a"><block><goto next="#a"/></block></form>', {}, { maxTransitions: 50 });
  const t = c.start(APP);
  expect(t.last).toEqual({ kind: 'hangup', reason: 'error' });
  expect(c.events()).toContain('error.semantic');
  const handled = call('<catch event="error.semantic">stop looping<exit/></catch><form id="a"><block><goto next="#a"/></block></form>', {}, { maxTransitions: 50 });
  const h = handled.start(APP);
  expect(h.heard).toBe('stop looping');
  expect(h.last).toEqual({ kind: 'hangup', reason: 'exit' });
});

test('a throw loop is cut off too', () => {
  const c = call('<catch event="a">x<throw event="a"/></catch><form><block><throw event="a"/></block></form>', {}, { maxTransitions: 40 });
  const t = c.start(APP);
  expect(t.last).toEqual({ kind: 'hangup', reason: 'error' });
});

describe('hang-up and disconnect', () => {
  const doc = `
    <var name="stage" expr="'menu'"/>
    <catch event="connection.disconnect.hangup">
      <prompt>never heard</prompt>
      <submit next="http://app.example/log" namelist="stage" method="post"/>
    </catch>
    <form>
      <field name="f"><grammar root="r"><rule id="r"><item>x</item></rule></grammar><prompt>Say x.</prompt></field>
    </form>`;

  test('caller hang-up: the handler runs (a submit is made), nothing more is played, the call ends', () => {
    const c = new Call({ docs: { [APP]: vxml(doc) }, submits: { 'POST http://app.example/log': vxml('<form><block>logged<goto next="#x"/></block></form><form id="x"><field name="g" type="digits"/></form>') } });
    c.start(APP);
    const t = c.hangup();
    expect(t.heard).toBe('');
    expect(t.actions).toEqual([{ kind: 'hangup', reason: 'end' }]);
    const post = c.requests.find((r) => r.kind === 'document' && r.method === 'post');
    expect(post && post.kind === 'document' ? post.body : undefined).toEqual([{ name: 'stage', value: 'menu' }]);
    expect(t.trace.filter((e) => e.kind === 'unplayed').map((e) => (e.kind === 'unplayed' ? e.text : ''))).toEqual(['never heard', 'logged']);
  });

  test('<disconnect> plays what was queued, throws connection.disconnect.hangup, then hangs up', () => {
    const c = call(`
      <catch event="connection.disconnect.hangup"><log>cleanup</log>not played</catch>
      <form><block>Goodbye.<disconnect/>never</block></form>`);
    const t = c.start(APP);
    expect(t.heard).toBe('Goodbye.');
    expect(t.last).toEqual({ kind: 'hangup', reason: 'disconnect' });
    expect(c.logs()).toEqual(['cleanup']);
  });

  test('<exit> plays queued prompts and ends the call', () => {
    const t = call('<form><block>one <exit expr="\'ok\'"/> two</block></form>').start(APP);
    expect(t.heard).toBe('one');
    expect(t.last).toEqual({ kind: 'hangup', reason: 'exit' });
  });
});

test('a <clear> loop without transitions is bounded too; long forms are not cut off', () => {
  const loop = call('<form><block name="b"><clear namelist="b"/></block></form>', {}, { maxTransitions: 20 });
  expect(loop.start(APP).last).toEqual({ kind: 'hangup', reason: 'error' });
  const blocks = Array.from({ length: 150 }, (_, i) => `<block>b${i}</block>`).join('');
  const long = call(`<form>${blocks}</form>`, {}, { maxTransitions: 20 });
  const t = long.start(APP);
  expect(t.last).toEqual({ kind: 'hangup', reason: 'end' });
  expect(t.prompts.length).toBe(150);
});

test('a grammar in a format the gateway cannot match raises error.unsupported.format when it would activate', () => {
  const c = call(`
    <catch event="error.unsupported.format">format <value expr="_event"/><exit/></catch>
    <form><field name="f"><grammar type="application/x-swi-grammar" src="legacy.gram"/><prompt>Say it.</prompt></field></form>`);
  const t = c.start(APP);
  expect(t.heard).toBe('Say it. format error.unsupported.format');
});
