/**
 * Universal commands end to end on the sim channel: the runtime's recognizer resolves the platform grammar
 * keys the interpreter lists (builtin:universal/…), so "help", "goodbye", "stop" — or "ayuda", "salir",
 * "cancelar" in a Spanish document — throw help/exit/cancel when the universals property enables them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSimDriver } from '../../adapters/sim/index';
import { MemoryLogger, parseConfig } from '../../gateway/index';

const doc = (universals: string, lang: string, words: string) => `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" xml:lang="${lang}">
  ${universals ? `<property name="universals" value="${universals}"/>` : ''}
  <help>Help text. <reprompt/></help>
  <catch event="exit">Exit caught. <exit/></catch>
  <catch event="cancel">Cancel caught. <reprompt/></catch>
  <form>
    <field name="pick">
      <prompt>Pick one.</prompt>
      <grammar xml:lang="${lang}" root="r"><rule id="r"><one-of>${words}</one-of></rule></grammar>
      <filled>Picked <value expr="pick"/>. <exit/></filled>
    </field>
  </form>
</vxml>`;

let dir: string;
let n = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-universals-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function start(universals: string, lang = 'en-US', words = '<item>red</item><item>help</item>') {
  const file = path.join(dir, `u${++n}.vxml`);
  fs.writeFileSync(file, doc(universals, lang, words));
  const driver = createSimDriver(parseConfig({}), { logger: new MemoryLogger() });
  return (await driver.start({ app: pathToFileURL(file).href })).call;
}

test('with universals="all": goodbye is exit, stop is cancel; a document grammar still wins on its own phrase', async () => {
  const call = await start('all');
  expect((await call.say('stop', 0.9)).heard).toEqual(['Cancel caught.', 'Pick one.']);
  // "help" is also a phrase of the field's grammar: the document grammar has precedence.
  const c2 = await start('all');
  expect((await c2.say('help', 0.9)).heard).toEqual(['Picked help.']);
  const exit = await call.say('goodbye', 0.9);
  expect(exit.heard).toEqual(['Exit caught.']);
  expect(exit.ended).toBe(true);
});

test('help is thrown when enabled and only then', async () => {
  const on = await start('help', 'en-US', '<item>red</item>');
  expect((await on.say('help', 0.9)).heard).toEqual(['Help text.', 'Pick one.']);
  const off = await start('', 'en-US', '<item>red</item>');
  const heard = (await off.say('help', 0.9)).heard.join(' ');
  expect(heard).not.toContain('Help text');
});

test('a Spanish document answers to ayuda, cancelar and salir', async () => {
  const call = await start('all', 'es-ES', '<item>rojo</item>');
  expect((await call.say('ayuda', 0.9)).heard).toEqual(['Help text.', 'Pick one.']);
  expect((await call.say('cancelar', 0.9)).heard).toEqual(['Cancel caught.', 'Pick one.']);
  expect((await call.say('salir', 0.9)).heard).toEqual(['Exit caught.']);
});
