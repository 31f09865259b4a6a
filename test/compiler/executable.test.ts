/** Executable content, prompts and SSML, event handlers, edges. */
import type { Executable } from '../../contracts/graph';
import { compile } from '../../gateway/compiler';
import { compileBody, codes, form, VXML_OPEN, where } from './helpers';

function blockBody(body: string): { body: Executable[]; g: ReturnType<typeof compileBody> } {
  const g = compileBody(`<form id="f"><field name="x" type="boolean"/><block>${body}</block></form>`);
  const b = form(g).items[1];
  if (b.kind !== 'block') throw new Error('block expected');
  return { body: b.body, g };
}

test('every executable element becomes its node with its attributes', () => {
  const { body, g } = blockBody(`
    <var name="a" expr="1"/><assign name="document.a" expr="a + 1"/><clear namelist="x a"/><clear/>
    <goto next="#f" fetchhint="safe" maxage="10"/><goto expritem="'x'"/><goto nextitem="x"/>
    <submit expr="url" namelist="a" method="post"/><return event="done" message="m"/><return namelist="a"/>
    <exit expr="0"/><disconnect namelist="a"/><throw eventexpr="'e'" messageexpr="'m'"/><reprompt/>
    <log label="trace" expr="a">a is <value expr="a"/></log><script>var z = 1;</script><script src="s.js" charset="utf-8"/>
    <data name="d" srcexpr="'d.xml'" namelist="a" method="post"/><foreach array="[1]" item="i"><log expr="i"/></foreach>`);
  expect(g.diagnostics).toEqual([]);
  expect(body.map((n) => n.kind)).toEqual([
    'var', 'assign', 'clear', 'clear', 'goto', 'goto', 'goto', 'submit', 'return', 'return', 'exit', 'disconnect', 'throw', 'reprompt',
    'log', 'script', 'script', 'data', 'foreach',
  ]);
  expect(body[1]).toMatchObject({ name: 'document.a', expr: 'a + 1' });
  expect(body[2]).toMatchObject({ namelist: ['x', 'a'] });
  expect(body[4]).toMatchObject({ next: '#f', fetch: { fetchhint: 'safe', maxage: '10' } });
  expect(body[7]).toMatchObject({ expr: 'url', method: 'post', enctype: 'application/x-www-form-urlencoded', namelist: ['a'] });
  expect(body[8]).toMatchObject({ event: 'done', message: 'm' });
  expect(body[12]).toMatchObject({ eventexpr: "'e'", messageexpr: "'m'" });
  expect(body[14]).toMatchObject({ label: 'trace', expr: 'a', content: [{ kind: 'text', text: 'a is ' }, { kind: 'value', expr: 'a' }] });
  expect(body[15]).toMatchObject({ text: 'var z = 1;' });
  expect(body[16]).toMatchObject({ src: 's.js', charset: 'utf-8' });
  expect(body[17]).toMatchObject({ name: 'd', srcexpr: "'d.xml'", method: 'post' });
  expect(body[18]).toMatchObject({ array: '[1]', item: 'i', body: [{ kind: 'log', expr: 'i' }] });
});

test('if/elseif/else become ordered branches; the else branch has no cond', () => {
  const { body } = blockBody('<if cond="a"><exit/><elseif cond="b"/>B<else/><reprompt/></if>');
  const node = body[0];
  if (node.kind !== 'if') throw new Error('if');
  expect(node.branches.map((b) => [b.cond, b.body.map((x) => x.kind)])).toEqual([['a', ['exit']], ['b', ['prompt']], [undefined, ['reprompt']]]);
});

test('bare text, audio, value and enumerate group into implicit prompts between other elements', () => {
  const { body } = blockBody('\n  Your balance is <value expr="b"/> dollars.\n  <assign name="x" expr="1"/>\n  <audio src="bye.wav">Goodbye</audio>\n');
  expect(body.map((n) => (n.kind === 'prompt' ? `prompt(${n.implicit}):${n.content.map((c) => c.kind).join(',')}` : n.kind))).toEqual([
    'prompt(true):text,value,text', 'assign', 'prompt(true):audio',
  ]);
  const p = body[0];
  if (p.kind !== 'prompt') throw new Error('prompt');
  expect(p.content[0]).toMatchObject({ kind: 'text', text: '\n  Your balance is ' });
  expect(p.loc).toEqual({ line: 2, col: 3 });
});

test('prompt attributes and SSML content are kept', () => {
  const { body } = blockBody('<prompt bargein="false" bargeintype="hotword" cond="a" count="3" timeout="5s" xml:lang="es-US"><prosody rate="slow">Hola <break time="300ms"/></prosody><mark nameexpr="\'m\'"/><audio src="a.wav" fetchtimeout="2s"><desc>bell</desc>ding</audio><break size="large"/></prompt>');
  const p = body[0];
  if (p.kind !== 'prompt') throw new Error('prompt');
  expect(p).toMatchObject({ implicit: false, bargein: false, bargeintype: 'hotword', cond: 'a', count: 3, timeout: '5s', lang: 'es-US' });
  expect(p.content).toMatchObject([
    { kind: 'ssml', tag: 'prosody', attrs: { rate: 'slow' }, content: [{ kind: 'text', text: 'Hola ' }, { kind: 'break', time: '300ms' }] },
    { kind: 'mark', nameexpr: "'m'" },
    { kind: 'audio', src: 'a.wav', fetch: { fetchtimeout: '2s' }, fallback: [{ kind: 'ssml', tag: 'desc' }, { kind: 'text', text: 'ding' }] },
    { kind: 'break', strength: 'strong' },
  ]);
});

test('contradictory and missing attributes of executable content', () => {
  const { g } = blockBody('\n<goto/>\n<goto next="#f" nextitem="x"/>\n<submit/>\n<throw/>\n<script src="a.js">var a;</script>\n<script/>\n<data/>\n<audio/>\n<prompt><mark/></prompt>');
  expect(where(g)).toEqual([
    'missing-attribute@2:1', 'conflicting-attributes@3:1', 'missing-attribute@4:1', 'missing-attribute@5:1', 'conflicting-attributes@6:1',
    'missing-content@7:1', 'missing-attribute@8:1', 'missing-attribute@9:1', 'missing-attribute@10:9',
  ]);
});

describe('ECMAScript checks', () => {
  test('syntax errors in cond/expr/script are located inside the attribute or script text', () => {
    const { g } = blockBody('\n<if cond="a ==="><exit/></if>\n<var name="v" expr="f(1,"/>\n<script>\n  var ok = 1;\n  var = 2;\n</script>\n<assign name="x" expr="{a: 1}"/>\n<log expr="a b"/>');
    expect(where(g)).toEqual(['script-syntax@2:16', 'script-syntax@3:25', 'script-syntax@6:7', 'script-syntax@9:14']);
    expect(g.diagnostics[0].message).toContain('<if cond>');
  });

  test('names: declarations take plain identifiers, assignments and namelists allow scope paths', () => {
    const { g } = blockBody('<var name="application.x"/><var name="1x"/><assign name="application.count" expr="1"/><clear namelist="a.b c-d"/><foreach array="a" item="for"/>');
    expect(codes(g)).toEqual(['invalid-name', 'invalid-name', 'invalid-name', 'invalid-name']);
    expect(g.diagnostics[0].message).toContain('scope prefixes');
  });

  test('a trailing semicolon in an expression is tolerated; an empty expression is not', () => {
    const { g } = blockBody('<assign name="a" expr="1;"/><if cond="  "/>');
    expect(codes(g)).toEqual(['script-syntax']);
    // An empty var/assign/param expr (a template that printed nothing) reads as undefined: test/legacy.
    expect(codes(blockBody('<assign name="b" expr="  "/>').g)).toEqual(['legacy-markup']);
  });

  test('checks can be turned off', () => {
    const text = `${VXML_OPEN}<form><block><assign name="a" expr="1 +"/></block></form></vxml>`;
    expect(codes(compile(text, 'x.vxml'))).toEqual(['script-syntax']);
    expect(codes(compile(text, 'x.vxml', { checkScripts: false }))).toEqual([]);
  });
});

describe('event handlers and edges', () => {
  test('catch events, counts and conditions; shorthand handlers name their event', () => {
    const g = compileBody('<catch event="error.badfetch  connection.disconnect" count="2" cond="x">Bye<exit/></catch><catch><exit/></catch><help count="3">Help</help>');
    expect(g.catches.map((c) => [c.tag, c.events, c.count, c.cond])).toEqual([
      ['catch', ['error.badfetch', 'connection.disconnect'], 2, 'x'], ['catch', [], 1, undefined], ['help', ['help'], 3, undefined],
    ]);
  });

  test('transitions become edges; inside handlers they are catch edges; dynamic targets keep their expression', () => {
    const g = compileBody('<link next="other.vxml#top" dtmf="0"/><form id="a"><catch event="nomatch"><goto next="#b"/></catch><block><submit expr="u"/><goto nextitem="x"/><return/></block><field name="x" type="boolean"/></form><form id="b"><subdialog name="s" srcexpr="s"/></form>', 'apps/demo/main.vxml');
    expect(g.edges.map((e) => [e.kind, e.from, e.to ?? `(${e.dynamic ?? ''})`, e.label])).toEqual([
      ['link', '', 'apps/demo/other.vxml#top', 'link'],
      ['catch', 'a', '#b', 'nomatch'],
      ['submit', 'a', '(u)', 'submit'],
      ['next-item', 'a', '#a', 'item x'],
      ['return', 'a', '()', 'return'],
      ['subdialog', 'b', '(s)', 'subdialog'],
    ]);
  });

  test('references to missing dialogs and items are errors', () => {
    const g = compileBody('<form id="a"><block><goto next="#nope"/><goto nextitem="nah"/><goto next="#a"/><goto next="doc.vxml#zip"/></block></form>');
    expect(codes(g)).toEqual(['unknown-dialog', 'unknown-item', 'unknown-dialog']);
    expect(g.diagnostics[0].message).toContain('(dialogs: a)');
  });
});
