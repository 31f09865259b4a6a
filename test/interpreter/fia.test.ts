/**
 * The Form Interpretation Algorithm (VoiceXML 2.0 Appendix C), written as calls: documents, caller input,
 * and what the caller hears.
 */
import { Call, vxml } from './harness';

const APP = 'http://app.example/main.vxml';

function call(body: string, extra: Record<string, string> = {}) {
  return new Call({ docs: { [APP]: vxml(body), ...extra } });
}

describe('initialization and select', () => {
  test('form variables and item variables initialise in document order; items with a value are skipped', () => {
    const c = call(`
      <form>
        <var name="a" expr="1"/>
        <block name="b1" expr="'done'">never</block>
        <var name="c" expr="a + 1"/>
        <script>var d = c * 10;</script>
        <block>a=<value expr="a"/> c=<value expr="c"/> d=<value expr="d"/> b1=<value expr="b1"/></block>
      </form>`);
    expect(c.start(APP).heard).toBe('a=1 c=2 d=20 b1=done');
  });

  test('the guard is evaluated on every iteration: an item whose cond becomes true is visited', () => {
    const c = call(`
      <form>
        <var name="flag" expr="false"/>
        <block name="skipped" cond="flag">skipped</block>
        <block>first <assign name="flag" expr="true"/> <clear namelist="skipped"/></block>
        <block name="last" cond="flag">last</block>
      </form>`);
    expect(c.start(APP).heard).toBe('first skipped last');
  });

  test('a block sets its variable before running, so clearing it inside makes it run again', () => {
    const c = call(`
      <form>
        <var name="n" expr="0"/>
        <block name="loop"><assign name="n" expr="n + 1"/><if cond="n &lt; 3"><clear namelist="loop"/></if>pass <value expr="n"/></block>
      </form>`);
    expect(c.start(APP).heard).toBe('pass 1 pass 2 pass 3');
  });

  test('a full form with no transition ends the call', () => {
    const t = call('<form><block>bye</block></form><form id="other"><block>never</block></form>').start(APP);
    expect(t.heard).toBe('bye');
    expect(t.last).toEqual({ kind: 'hangup', reason: 'end' });
  });

  test('goto nextitem and expritem select that item next', () => {
    const c = call(`
      <form>
        <block><goto nextitem="c"/></block>
        <block name="b">b</block>
        <block name="c">c <goto expritem="'b'"/></block>
      </form>`);
    expect(c.start(APP).heard).toBe('c b');
  });
});

describe('collect: prompts and counters', () => {
  const doc = `
    <form>
      <field name="city">
        <grammar root="r"><rule id="r"><one-of><item>boston</item><item>paris</item></one-of></rule></grammar>
        <prompt count="1">Which city?</prompt>
        <prompt count="2">Please say the city name.</prompt>
        <prompt count="3" cond="false">never</prompt>
        <noinput>I did not hear you. <reprompt/></noinput>
        <nomatch count="1">Sorry.</nomatch>
        <nomatch count="3">Still no. <reprompt/></nomatch>
        <filled>You said <value expr="city"/>.</filled>
      </field>
    </form>`;

  test('tapered prompts: the highest count not above the prompt counter', () => {
    const c = call(doc);
    expect(c.start(APP).heard).toBe('Which city?');
    expect(c.noinput().heard).toBe('I did not hear you. Please say the city name.');
    expect(c.noinput().heard).toBe('I did not hear you. Please say the city name.');
  });

  test('a catch without reprompt queues no prompts; event counts select the handler', () => {
    const c = call(doc);
    c.start(APP);
    expect(c.nomatch().heard).toBe('Sorry.');
    expect(c.nomatch().heard).toBe('Sorry.');
    expect(c.nomatch().heard).toBe('Still no. Please say the city name.');
    expect(c.listen.modes).toEqual(['voice']);
  });

  test('the field fills from its grammar and its filled runs', () => {
    const c = call(doc);
    c.start(APP);
    const t = c.recognize('paris', { utterance: 'paris' });
    expect(t.heard).toBe('You said paris.');
    expect(t.last).toEqual({ kind: 'hangup', reason: 'end' });
  });

  test('shadow variables and application.lastresult$', () => {
    const c = call(`
      <form>
        <field name="f"><grammar root="r"><rule id="r"><item>yes</item></rule></grammar></field>
        <block><value expr="f$.utterance"/>/<value expr="f$.confidence"/>/<value expr="f$.inputmode"/>/<value expr="f$.interpretation.k"/>;
          <value expr="application.lastresult$.length"/>/<value expr="application.lastresult$[0].utterance"/>/<value expr="application.lastresult$.utterance"/>/<value expr="application.lastresult$.interpretation.k"/>
        </block>
      </form>`);
    c.start(APP);
    expect(c.recognize({ k: 'v' }, { utterance: 'yes please', confidence: 0.75, inputmode: 'dtmf' }).heard).toBe('yes please/0.75/dtmf/v; 1/yes please/yes please/v');
  });

  test('application.lastresult$ and shadow variables survive to later turns', () => {
    const c = call(`
      <form>
        <field name="f"><grammar root="r"><rule id="r"><item>yes</item></rule></grammar></field>
        <field name="g"><grammar root="r2"><rule id="r2"><item>no</item></rule></grammar><prompt>g?</prompt></field>
        <block><value expr="f$.utterance"/> <value expr="application.lastresult$.utterance"/> <value expr="application.lastresult$[0].interpretation"/></block>
      </form>`);
    c.start(APP);
    expect(c.recognize('first', { utterance: 'one' }).heard).toBe('g?');
    expect(c.noinput().heard).toBe('g?');
    expect(c.recognize('second', { utterance: 'two' }).heard).toBe('one two second');
  });

  test('the slot picks a property of a structured result, else the whole result fills the field', () => {
    const c = call(`
      <form>
        <field name="drink" slot="order.drink"><grammar root="r"><rule id="r"><item>coke</item></rule></grammar></field>
        <field name="whole"><grammar root="r"><rule id="r"><item>x</item></rule></grammar></field>
        <block><value expr="drink"/> <value expr="whole.a"/></block>
      </form>`);
    c.start(APP);
    c.recognize({ order: { drink: 'cola', size: 'l' } });
    expect(c.recognize({ a: 'A' }).heard).toBe('cola A');
  });
});

describe('filled', () => {
  const form = (filled: string) => `
    <form>
      <grammar root="r"><rule id="r"><item>x</item></rule></grammar>
      <field name="a"><grammar root="ra"><rule id="ra"><item>a</item></rule></grammar><prompt>a?</prompt></field>
      <field name="b"><grammar root="rb"><rule id="rb"><item>b</item></rule></grammar><prompt>b?</prompt></field>
      ${filled}
      <block>end</block>
    </form>`;

  test('mode all (default) runs when every named item is filled', () => {
    const c = call(form('<filled>both</filled>'));
    c.start(APP);
    expect(c.recognize('A').heard).toBe('b?');
    expect(c.recognize('B').heard).toBe('both end');
  });

  test('mode any runs when one of the namelist was just filled', () => {
    const c = call(form('<filled mode="any" namelist="a">a filled</filled>'));
    c.start(APP);
    expect(c.recognize('A').heard).toBe('a filled b?');
    expect(c.recognize('B').heard).toBe('end');
  });

  test('mixed initiative: a form-level grammar fills several fields and the initial', () => {
    const c = call(`
      <form>
        <grammar root="r"><rule id="r"><item>trip</item></rule></grammar>
        <initial name="start"><prompt>Where and when?</prompt><nomatch>Try again. <reprompt/></nomatch></initial>
        <field name="city"><prompt>Which city?</prompt><grammar root="c"><rule id="c"><item>paris</item></rule></grammar></field>
        <field name="day"><prompt>Which day?</prompt><grammar root="d"><rule id="d"><item>monday</item></rule></grammar></field>
        <filled mode="any" namelist="city day">Got <value expr="city"/> <value expr="day"/>.</filled>
      </form>`);
    expect(c.start(APP).heard).toBe('Where and when?');
    expect(c.listen.grammars.map((g) => g.scope)).toEqual(['dialog']);
    expect(c.nomatch().heard).toBe('Try again. Where and when?');
    // only the city: the initial is done, the FIA asks for the day
    const t = c.recognize({ city: 'paris' }, { grammar: c.grammar((g) => g.scope === 'dialog') });
    expect(t.heard).toBe('Got paris undefined. Which day?');
    expect(c.listen.grammars.map((g) => g.scope)).toEqual(['field', 'dialog']);
    expect(c.recognize({ city: 'rome', day: 'tuesday' }, { grammar: c.grammar((g) => g.scope === 'dialog') }).heard).toBe('Got rome tuesday.');
  });

  test('a modal field listens to its own grammars only', () => {
    const c = call(`
      <link next="#x"><grammar root="l"><rule id="l"><item>operator</item></rule></grammar></link>
      <form id="x">
        <grammar root="r"><rule id="r"><item>x</item></rule></grammar>
        <field name="pin" modal="true" type="digits"><prompt>PIN?</prompt></field>
      </form>`);
    c.start(APP);
    expect(c.listen.grammars.every((g) => g.scope === 'field')).toBe(true);
    expect(c.listen.modes).toEqual(['dtmf', 'voice']);
  });
});

describe('clear', () => {
  test('<clear> resets the prompt counter and event counters of the items it clears', () => {
    const c = call(`
      <form>
        <field name="f">
          <grammar root="r"><rule id="r"><item>x</item></rule></grammar>
          <prompt count="1">first</prompt><prompt count="2">second</prompt>
          <noinput count="1">n1 <reprompt/></noinput>
          <noinput count="2">n2 <clear namelist="f"/></noinput>
        </field>
      </form>`);
    expect(c.start(APP).heard).toBe('first');
    expect(c.noinput().heard).toBe('n1 second');
    // no <reprompt> in that handler: nothing is queued, but the counters start again
    expect(c.noinput().heard).toBe('n2');
    expect(c.noinput().heard).toBe('n1 first');
    expect(c.noinput().heard).toBe('n2');
  });

  test('<clear> without namelist clears every form item variable', () => {
    const c = call(`
      <form>
        <var name="n" expr="0"/>
        <block name="a">a</block>
        <block name="b"><assign name="n" expr="n+1"/><if cond="n &lt; 2"><clear/></if>b</block>
      </form>`);
    expect(c.start(APP).heard).toBe('a b a b');
  });
});
