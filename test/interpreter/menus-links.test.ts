/** <menu>, <choice>, <enumerate> and <link> (VoiceXML 2.0 §2.2, §2.5). */
import { Call, vxml } from './harness';

const APP = 'http://app.example/main.vxml';
const ROOT = 'http://app.example/root.vxml';

const MENU = `
  <menu id="main" dtmf="true">
    <property name="timeout" value="7s"/>
    <prompt count="1">Main menu. <enumerate>For <value expr="_prompt"/>, press <value expr="_dtmf"/>. </enumerate></prompt>
    <prompt count="2">Choose: <enumerate/></prompt>
    <choice next="#sales">sales</choice>
    <choice expr="'#' + 'support'">support</choice>
    <choice event="app.operator" message="wants a human" dtmf="0">operator</choice>
    <noinput>Sorry, I did not hear you. <reprompt/></noinput>
    <catch event="app.operator">Operator: <value expr="_message"/>.</catch>
  </menu>
  <form id="sales"><block>Sales.</block></form>
  <form id="support"><block>Support.</block></form>`;

describe('menus', () => {
  test('enumerate with a template lists every choice with its dtmf; the listen carries the choice grammars', () => {
    const c = new Call({ docs: { [APP]: vxml(MENU) } });
    expect(c.start(APP).heard).toBe('Main menu. For sales, press 1. For support, press 2. For operator, press 0.');
    expect(c.listen.timeoutMs).toBe(7000);
    expect(c.listen.grammars.every((g) => g.scope === 'choice')).toBe(true);
    expect(c.listen.grammars.length).toBe(6);
  });

  test('tapered menu prompts and the default enumeration', () => {
    const c = new Call({ docs: { [APP]: vxml(MENU) } });
    c.start(APP);
    expect(c.noinput().heard).toBe('Sorry, I did not hear you. Choose: sales, support, operator.');
  });

  test('choices: next, expr, event with message; the default nomatch reprompts', () => {
    const pick = (n: number) => {
      const c = new Call({ docs: { [APP]: vxml(MENU) } });
      c.start(APP);
      return c.recognize(`choice${n}`, { grammar: c.listen.grammars[n * 2].key }).heard;
    };
    expect(pick(0)).toBe('Sales.');
    expect(pick(1)).toBe('Support.');
    expect(pick(2)).toBe('Operator: wants a human.');
    const c = new Call({ docs: { [APP]: vxml(MENU) } });
    c.start(APP);
    // the default nomatch handler reprompts: the menu's prompt counter is now 2
    expect(c.nomatch().heard).toBe('Choose: sales, support, operator.');
  });
});

describe('links', () => {
  const docs = {
    [ROOT]: vxml(`
      <link next="http://app.example/help.vxml"><grammar root="h"><rule id="h"><item>help desk</item></rule></grammar></link>
      <link event="app.quit" message="bye"><grammar root="q"><rule id="q"><item>quit</item></rule></grammar></link>
      <catch event="app.quit">Quitting: <value expr="_message"/>.<exit/></catch>`),
    [APP]: vxml(
      `<link next="#other"><grammar root="o"><rule id="o"><item>other</item></rule></grammar></link>
       <form id="f">
         <link expr="'#' + 'third'"><grammar root="t"><rule id="t"><item>third</item></rule></grammar></link>
         <field name="x">
           <link event="app.local"><grammar root="l"><rule id="l"><item>local</item></rule></grammar></link>
           <catch event="app.local">local link</catch>
           <grammar root="r"><rule id="r"><item>x</item></rule></grammar>
           <prompt>Say x.</prompt>
         </field>
       </form>
       <form id="other"><block>Other.</block></form>
       <form id="third"><block>Third.</block></form>`,
      'application="root.vxml"',
    ),
    'http://app.example/help.vxml': vxml('<form><block>Help desk.</block></form>'),
  };

  test('active grammars in precedence order: field, field links, dialog links, document links, root links', () => {
    const c = new Call({ docs });
    c.start(APP);
    expect(c.listen.grammars.map((g) => `${g.scope}:${g.key.replace('http://app.example/', '')}`)).toEqual([
      'field:main.vxml#g4',
      'link:main.vxml#g3',
      'link:main.vxml#g2',
      'link:main.vxml#g1',
      'link:root.vxml#g1',
      'link:root.vxml#g2',
    ]);
  });

  const say = (key: (keys: string[]) => string) => {
    const c = new Call({ docs });
    c.start(APP);
    return c.recognize('w', { grammar: key(c.listen.grammars.map((g) => g.key)) });
  };

  test('a field link throws its event at the field', () => {
    const t = say((k) => k[1]);
    expect(t.heard).toBe('local link'); // a handler without <reprompt>: the field listens again silently
    expect(t.last.kind).toBe('listen');
  });
  test('a dialog link with expr, a document link with next', () => {
    expect(say((k) => k[2]).heard).toBe('Third.');
    expect(say((k) => k[3]).heard).toBe('Other.');
  });
  test("the root's links: next resolved against the root, event caught by the root", () => {
    expect(say((k) => k[4]).heard).toBe('Help desk.');
    const q = say((k) => k[5]);
    expect(q.heard).toBe('Quitting: bye.');
    expect(q.last).toEqual({ kind: 'hangup', reason: 'exit' });
  });
});
