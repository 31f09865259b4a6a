/**
 * The `universals` property (VoiceXML 2.0 §6.3.6): "none" by default, "all", or a list of help/exit/cancel.
 * Enabled universal commands are platform grammars of every listen (keys builtin:universal/<name>?lang=…)
 * and throw their event through the normal catch selection.
 */
import { parseUniversalKey, universalGrammar } from '../../gateway/interpreter/index';
import { Call, vxml } from './harness';

const APP = 'http://app.example/main.vxml';

const doc = (props: string, attrs = '') =>
  vxml(
    `${props}
    <help>Document help. <reprompt/></help>
    <catch event="exit">Goodbye from the document. <exit/></catch>
    <form id="f">
      <field name="city">
        <prompt>Which city?</prompt>
        <grammar root="c"><rule id="c"><one-of><item>paris</item><item>help desk</item></one-of></rule></grammar>
        <help>Field help: say a city. <reprompt/></help>
        <filled>You said <value expr="city"/>.</filled>
      </field>
    </form>`,
    attrs,
  );

function universals(c: Call): string[] {
  return c.listen.grammars.filter((g) => g.scope === 'platform').map((g) => g.key);
}

test('none by default: no platform grammars in the listen', () => {
  const c = new Call({ docs: { [APP]: doc('') } });
  c.start(APP);
  expect(universals(c)).toEqual([]);
});

test('"all" adds help, exit and cancel after every document grammar, in the document language', () => {
  const c = new Call({ docs: { [APP]: doc('<property name="universals" value="all"/>') } });
  c.start(APP);
  expect(universals(c)).toEqual(['builtin:universal/help?lang=en-US', 'builtin:universal/exit?lang=en-US', 'builtin:universal/cancel?lang=en-US']);
  expect(c.listen.grammars[c.listen.grammars.length - 1].scope).toBe('platform');
  expect(c.listen.grammars.every((g) => g.scope !== 'platform' || g.mode === 'voice')).toBe(true);
});

test('a list enables only the named commands; the nearest scope decides', () => {
  const c = new Call({ docs: { [APP]: doc('<property name="universals" value="all"/>').replace('<field name="city">', '<field name="city"><property name="universals" value="help cancel bogus"/>') } });
  c.start(APP);
  expect(universals(c).map((k) => parseUniversalKey(k)?.name)).toEqual(['help', 'cancel']);
});

test('help goes through the catch selection at the waiting item; exit reaches the document catch', () => {
  const c = new Call({ docs: { [APP]: doc('<property name="universals" value="help exit"/>') } });
  c.start(APP);
  const help = universals(c)[0];
  expect(c.recognize('help', { grammar: help }).heard).toBe('Field help: say a city. Which city?');
  expect(c.events()).toContain('help');
  const exit = universals(c)[1];
  const t = c.recognize('exit', { grammar: exit, utterance: 'goodbye' });
  expect(t.heard).toBe('Goodbye from the document.');
  expect(t.last).toEqual({ kind: 'hangup', reason: 'exit' });
});

test('cancel without a handler resumes without reprompting (the default handler)', () => {
  const c = new Call({ docs: { [APP]: doc('<property name="universals" value="cancel"/>') } });
  c.start(APP);
  const t = c.recognize('cancel', { grammar: universals(c)[0] });
  expect(t.heard).toBe('');
  expect(t.last.kind).toBe('listen');
});

test('a modal field disables them, like every grammar outside the field', () => {
  const c = new Call({ docs: { [APP]: doc('<property name="universals" value="all"/>').replace('<field name="city">', '<field name="city" modal="true">') } });
  c.start(APP);
  expect(universals(c)).toEqual([]);
});

test('Spanish documents get Spanish phrases', () => {
  const c = new Call({ docs: { [APP]: doc('<property name="universals" value="all"/>', 'xml:lang="es-MX"') } });
  c.start(APP);
  const keys = universals(c);
  expect(keys[0]).toBe('builtin:universal/help?lang=es-MX');
  const phrases = (key: string) => {
    const e = universalGrammar(key)?.inline?.rules.command.expansion;
    const oneof = e?.kind === 'seq' ? e.items[0] : undefined;
    return oneof?.kind === 'oneof' ? oneof.alternatives.map((a) => (a.expansion.kind === 'token' ? a.expansion.text : '')) : [];
  };
  expect(keys.map(phrases)).toEqual([['ayuda'], ['salir'], ['cancelar']]);
  expect(phrases('builtin:universal/exit?lang=en-GB')).toEqual(['exit', 'goodbye']);
  expect(phrases('builtin:universal/cancel')).toEqual(['cancel', 'stop']);
  expect(universalGrammar('builtin:universal/bogus')).toBeUndefined();
  expect(universalGrammar('http://app.example/main.vxml#g1')).toBeUndefined();
});
