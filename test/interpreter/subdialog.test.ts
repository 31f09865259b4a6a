/** <subdialog> and <return> (VoiceXML 2.0 §2.3.4, §5.3.10). */
import { Call, vxml } from './harness';

const B = 'http://app.example/';

const CALLER = vxml(
  `<var name="who" expr="'caller'"/>
   <form id="main">
     <var name="greeting" expr="'hi'"/>
     <subdialog name="acct" src="get-account.vxml#ask" method="post" namelist="who">
       <param name="prompt" expr="greeting + ', account number please'"/>
       <param name="tries" value="2"/>
       <filled>Account <value expr="acct.number"/> (<value expr="acct.kindOut"/>).</filled>
       <catch event="app.cancelled">Cancelled: <value expr="_message"/>.<exit/></catch>
     </subdialog>
     <block>Back in <value expr="who"/>, app <value expr="appvar"/>.</block>
   </form>`,
  'application="root.vxml"',
);

const SUB = vxml(`
  <var name="who" expr="'sub'"/>
  <form id="ask">
    <var name="prompt"/>
    <var name="tries" expr="9"/>
    <field name="number" type="digits">
      <prompt><value expr="prompt"/> (<value expr="tries"/> tries, <value expr="who"/>, app <value expr="appvar"/>)</prompt>
      <nomatch><return event="app.cancelled" messageexpr="'after ' + tries"/></nomatch>
      <filled><assign name="application.appvar" expr="'changed'"/><var name="kind" expr="'checking'"/><assign name="document.kindOut" expr="kind"/></filled>
    </field>
    <block><return namelist="number document.kindOut"/></block>
  </form>
  <var name="kindOut"/>`, 'application="root.vxml"');

const docs = {
  [`${B}main.vxml`]: CALLER,
  [`${B}root.vxml`]: vxml('<var name="appvar" expr="\'original\'"/>'),
};

function start() {
  const c = new Call({ docs, submits: { [`POST ${B}get-account.vxml`]: SUB } });
  return { c, t: c.start(`${B}main.vxml`) };
}

test('params initialise the subdialog vars; namelist is submitted; the context is new (own app scope)', () => {
  const { c, t } = start();
  expect(t.heard).toBe('hi, account number please (2 tries, sub, app original)');
  const req = c.requests.find((r) => r.kind === 'document' && r.purpose === 'subdialog');
  expect(req).toMatchObject({ method: 'post', body: [{ name: 'who', value: 'caller' }] });
  expect(c.session?.interp.stack.length).toBe(1);
});

test('<return namelist> fills the item with an object; the caller resumes with its own scopes', () => {
  const { c } = start();
  const t = c.recognize('1234');
  expect(t.heard).toBe('Account 1234 (checking). Back in caller, app original.');
  expect(c.session?.interp.stack.length).toBe(0);
});

test('<return event> is thrown at the subdialog item in the caller', () => {
  const { c } = start();
  const t = c.nomatch();
  expect(t.heard).toBe('Cancelled: after 2.');
  expect(t.last).toEqual({ kind: 'hangup', reason: 'exit' });
});

test('a subdialog of the same document, a param without a matching var, exit from a subdialog', () => {
  const c = new Call({
    docs: {
      [`${B}s.vxml`]: vxml(`
        <var name="d" expr="1"/>
        <form>
          <subdialog name="r1" src="#sub"><param name="p" expr="d + 1"/></subdialog>
          <block>r1 <value expr="r1.p"/> d <value expr="d"/></block>
          <subdialog name="r2" src="#sub"><param name="nosuch" expr="1"/><catch event="error.semantic">bad param <assign name="r2" expr="0"/></catch></subdialog>
          <subdialog name="r3" src="#sub"/>
        </form>
        <form id="sub"><var name="p"/><block><assign name="d" expr="100"/><if cond="p == undefined"><exit/></if><return namelist="p"/></block></form>`),
    },
  });
  const t = c.start(`${B}s.vxml`);
  expect(t.heard).toBe('r1 2 d 1 bad param');
  expect(t.last).toEqual({ kind: 'hangup', reason: 'exit' });
  expect(c.events()).toContain('error.semantic');
});

test('a goto inside the subdialog stays in its context; return goes back to the caller', () => {
  const c = new Call({
    docs: {
      [`${B}c.vxml`]: vxml('<form><subdialog name="s" src="s1.vxml"/><block>result <value expr="s.v"/></block></form>'),
      [`${B}s1.vxml`]: vxml('<form><block><goto next="s2.vxml"/></block></form>'),
      [`${B}s2.vxml`]: vxml('<form><var name="v" expr="\'from s2\'"/><block><return namelist="v"/></block></form>'),
    },
  });
  expect(c.start(`${B}c.vxml`).heard).toBe('result from s2');
});

test('a subdialog that cannot be fetched raises error.badfetch at the subdialog item', () => {
  const c = new Call({
    docs: { [`${B}c.vxml`]: vxml('<form><subdialog name="s" src="missing.vxml"><catch event="error.badfetch">no sub <assign name="s" expr="0"/></catch></subdialog><block>on</block></form>') },
  });
  expect(c.start(`${B}c.vxml`).heard).toBe('no sub on');
});

describe('events inside a subdialog do not percolate to the caller (§2.3.4)', () => {
  // VoiceXML 2.0 §2.3.4: subdialogs do not follow an event percolation model; an event thrown in a subdialog
  // is handled by the handlers of the subdialog's context, and reaches the calling context only when a local
  // handler returns it explicitly (<return event>, §5.3.10).
  const caller = vxml(`
    <catch event="error">Caller document caught <value expr="_event"/>. <exit/></catch>
    <form id="main">
      <subdialog name="sub" src="sub.vxml">
        <catch event="error">Caller item caught <value expr="_event"/>. <exit/></catch>
        <filled>Returned.</filled>
      </subdialog>
    </form>`);
  const sub = (handlers: string) =>
    vxml(`${handlers}
    <form><block>In the subdialog. <throw event="error.app.lookup" message="no such account"/></block></form>`);
  const run = (handlers: string) => {
    const c = new Call({ docs: { [`${B}caller.vxml`]: caller, [`${B}sub.vxml`]: sub(handlers) } });
    return { c, t: c.start(`${B}caller.vxml`) };
  };

  test('an uncaught error runs the default handler in the subdialog context: the call ends, the caller hears nothing', () => {
    const { c, t } = run('');
    expect(t.heard).toBe('In the subdialog.');
    expect(t.last).toEqual({ kind: 'hangup', reason: 'error' });
    expect(c.events()).toEqual(['error.app.lookup']);
    expect(c.session?.interp.stack.length).toBe(1); // the subdialog never returned
  });

  test("the subdialog's own handlers catch it first", () => {
    const { t } = run('<catch event="error">Subdialog caught <value expr="_message"/>. <exit/></catch>');
    expect(t.heard).toBe('In the subdialog. Subdialog caught no such account.');
    expect(t.last).toEqual({ kind: 'hangup', reason: 'exit' });
  });

  test('a local handler passes it on explicitly with <return event>: the caller item catches it', () => {
    const { c, t } = run('<catch event="error"><return eventexpr="_event" messageexpr="_message"/></catch>');
    expect(t.heard).toBe('In the subdialog. Caller item caught error.app.lookup.');
    expect(c.session?.interp.stack.length).toBe(0);
  });
});
