/** Forms, menus, form items and their synthesised grammars. */
import type { SrgsExpansion } from '../../contracts/grammar';
import { compileBody, codes, form, menu, where } from './helpers';

function tokens(e: SrgsExpansion): string[] {
  switch (e.kind) {
    case 'token': return [e.text];
    case 'tag': return [`{${e.text}}`];
    case 'seq': return e.items.flatMap(tokens);
    case 'oneof': return e.alternatives.map((a) => tokens(a.expansion).join(' '));
    case 'repeat': return tokens(e.expansion);
    case 'ruleref': return [`$${e.rule ?? e.uri ?? e.special ?? ''}`];
  }
}

describe('forms', () => {
  test('anonymous forms and items get stable ids in document order; init keeps declaration order', () => {
    const g = compileBody('<form><var name="a"/><block/><field name="f" type="digits"/><script>var b;</script><block/></form><form id="x"/><form/>');
    expect(g.dialogs.map((d) => [d.id, d.anonymous])).toEqual([['$form1', true], ['x', false], ['$form2', true]]);
    const f = form(g);
    expect(f.items.map((i) => [i.name, i.anonymous])).toEqual([['$item1', true], ['f', false], ['$item2', true]]);
    expect(f.init.map((i) => (i.kind === 'item' ? `item${i.index}` : i.kind))).toEqual(['var', 'item0', 'item1', 'script', 'item2']);
  });

  test('form-level grammars, links, filleds, catches and properties land in their lists', () => {
    const g = compileBody('<form id="f" scope="document"><grammar src="a.grxml"/><link next="#f" dtmf="0"/><filled namelist="x"/><noinput/><property name="timeout" value="1s"/><field name="x" type="boolean"/></form>');
    const f = form(g);
    expect(f.scope).toBe('document');
    expect(f.grammars).toEqual(['g1']);
    expect(f.links[0].grammars).toEqual(['g2']);
    expect(f.filleds[0]).toMatchObject({ mode: 'all', namelist: ['x'] });
    expect(f.catches[0]).toMatchObject({ tag: 'noinput', events: ['noinput'], count: 1 });
    expect(f.properties).toEqual([expect.objectContaining({ name: 'timeout', value: '1s' })]);
    expect(g.diagnostics).toEqual([]);
  });

  test('duplicate item names and dialog ids', () => {
    const g = compileBody('\n<form id="a"><field name="x" type="boolean"/>\n<block name="x"/></form>\n<menu id="a"><choice next="#a">a</choice></menu>');
    expect(where(g)).toEqual(['duplicate-item-name@3:1', 'duplicate-dialog-id@4:1']);
    expect(g.diagnostics[0].message).toContain('line 2');
  });
});

describe('fields', () => {
  test('type gives a builtin grammar for voice and one for DTMF', () => {
    const g = compileBody('<form><field name="n" type="digits?minlength=3;maxlength=5"/></form>');
    const f = form(g).items[0];
    expect(f.kind === 'field' && f.grammars).toEqual(['g1', 'g2']);
    expect(g.grammars.g1).toMatchObject({ mode: 'voice', origin: 'field-type', builtin: { type: 'digits', params: { minlength: '3', maxlength: '5' } } });
    expect(g.grammars.g2).toMatchObject({ mode: 'dtmf', origin: 'field-type', builtin: { type: 'digits' } });
  });

  test('options make a voice grammar (SISR out = value) and a DTMF grammar from their dtmf keys', () => {
    const g = compileBody('<form><field name="c"><option dtmf="1" value="coach">economy, please</option><option dtmf="2" accept="approximate">business class</option><option>first</option></field></form>');
    const f = form(g).items[0];
    if (f.kind !== 'field') throw new Error('field');
    expect(f.options.map((o) => [o.text, o.value, o.dtmf, o.accept])).toEqual([
      ['economy, please', 'coach', '1', 'exact'], ['business class', 'business class', '2', 'approximate'], ['first', 'first', undefined, 'exact'],
    ]);
    expect(f.grammars).toEqual(['g1', 'g2']);
    const voice = g.grammars.g1;
    expect(voice).toMatchObject({ mode: 'voice', origin: 'option', approximate: true });
    expect(tokens(voice.inline!.rules[voice.inline!.root!].expansion)).toEqual([
      'economy please {out="coach";}', 'business class {out="business class";}', 'first {out="first";}',
    ]);
    const dtmf = g.grammars.g2;
    expect(dtmf).toMatchObject({ mode: 'dtmf', origin: 'option' });
    expect(tokens(dtmf.inline!.rules.root.expansion)).toEqual(['1 {out="coach";}', '2 {out="business class";}']);
  });

  test('slot defaults to the name; modal defaults to false; bare audio becomes implicit prompts', () => {
    const g = compileBody('<form><field name="a" modal="true" slot="city.name">Which city? <grammar src="c.grxml"/> Say it now.</field></form>');
    const f = form(g).items[0];
    if (f.kind !== 'field') throw new Error('field');
    expect([f.slot, f.modal]).toEqual(['city.name', true]);
    expect(f.prompts.map((p) => [p.implicit, p.content.map((c) => (c.kind === 'text' ? c.text.trim() : c.kind))])).toEqual([
      [true, ['Which city?']], [true, ['Say it now.']],
    ]);
  });

  test('unknown builtin types and parameters', () => {
    const g = compileBody('<form><field name="a" type="zipcode"/><field name="b" type="boolean?y=1;z=2"/><field name="c"><grammar src="builtin:voice/creditcard"/></field></form>');
    expect(codes(g)).toEqual(['unknown-builtin', 'unknown-builtin-param', 'unknown-builtin']);
    const f = form(g).items[0];
    expect(f.kind === 'field' && f.grammars).toEqual([]);
  });
});

describe('other form items', () => {
  test('subdialog, record, transfer, object, initial and block keep their attributes', () => {
    const g = compileBody(`<form>
      <initial name="i"><prompt>Hi</prompt></initial>
      <subdialog name="s" src="sub.vxml#get" namelist="a b" method="post" enctype="multipart/form-data" fetchtimeout="5s"><param name="p" value="1" valuetype="data"/></subdialog>
      <record name="r" beep="true" maxtime="30s"/>
      <transfer name="t" destexpr="'tel:' + n" bridge="true" aai="x" maxtime="60s"/>
      <transfer name="t2" dest="sip:agent@example.com" type="consultation"/>
      <object name="o" classid="method://x" data="d"><param name="q" expr="1"/></object>
      <block name="b" cond="false" expr="undefined"><exit/></block></form>`);
    const items = form(g).items;
    expect(items.map((i) => i.kind)).toEqual(['initial', 'subdialog', 'record', 'transfer', 'transfer', 'object', 'block']);
    expect(items[1]).toMatchObject({ src: 'sub.vxml#get', namelist: ['a', 'b'], method: 'post', enctype: 'multipart/form-data', fetch: { fetchtimeout: '5s' }, params: [{ name: 'p', value: '1', valuetype: 'data' }] });
    expect(items[2]).toMatchObject({ beep: true, modal: true, dtmfterm: true, maxtime: '30s' });
    expect(items[3]).toMatchObject({ transferType: 'bridge', destexpr: "'tel:' + n", aai: 'x', maxtime: '60s' });
    expect(items[4]).toMatchObject({ transferType: 'consultation', dest: 'sip:agent@example.com' });
    expect(items[5]).toMatchObject({ classid: 'method://x', data: 'd', params: [{ name: 'q', expr: '1' }] });
    expect(items[6]).toMatchObject({ cond: 'false', expr: 'undefined', body: [{ kind: 'exit' }] });
    expect(codes(g)).toEqual(['unsupported-object']);
    expect(g.edges.find((e) => e.kind === 'subdialog')).toMatchObject({ to: 'test/sub.vxml#get' });
  });

  test('a filled inside an item may not carry mode or namelist', () => {
    const g = compileBody('<form><field name="a" type="boolean"><filled mode="any"/></field></form>');
    expect(codes(g)).toEqual(['attribute-not-allowed']);
  });
});

describe('menus', () => {
  test('dtmf="true" numbers the choices without an explicit key, 1 to 9', () => {
    const choices = Array.from({ length: 11 }, (_, i) => `<choice next="#m"${i === 1 ? ' dtmf="0"' : ''}>option ${i}</choice>`).join('');
    const g = compileBody(`<menu id="m" dtmf="true">${choices}</menu>`);
    const m = menu(g);
    expect(m.choices.map((c) => c.dtmf ?? '-')).toEqual(['1', '0', '2', '3', '4', '5', '6', '7', '8', '9', '-']);
    expect(g.grammars[m.choices[2].grammars[1]]).toMatchObject({ mode: 'dtmf', origin: 'menu-dtmf' });
    expect(g.grammars[m.choices[1].grammars[1]]).toMatchObject({ mode: 'dtmf', origin: 'choice' });
    expect(g.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['info menu-dtmf-overflow']);
  });

  test('choices: text grammar unless an explicit grammar is given; accept inherits from the menu', () => {
    const g = compileBody('<menu id="m" accept="approximate"><prompt>Say <enumerate/></prompt><choice next="#m">Flight <emphasis>status</emphasis></choice><choice next="#m" accept="exact"><grammar src="b.grxml"/>bookings</choice></menu>');
    const m = menu(g);
    expect(m.choices.map((c) => [c.text, c.accept, c.grammars])).toEqual([['Flight status', 'approximate', ['g1']], ['bookings', 'exact', ['g2']]]);
    expect(g.grammars.g1).toMatchObject({ origin: 'choice', approximate: true, mode: 'voice' });
    expect(g.grammars.g2).toMatchObject({ origin: 'element', src: 'b.grxml' });
    expect(m.choices[0].content.map((c) => c.kind)).toEqual(['text', 'ssml']);
  });

  test('a menu needs choices and a choice exactly one target', () => {
    const g = compileBody('<menu id="a"><prompt>x</prompt></menu><menu id="b"><choice>x</choice><choice next="#a" event="help">y</choice></menu>');
    expect(codes(g)).toEqual(['missing-content', 'missing-attribute', 'conflicting-attributes']);
  });
});
