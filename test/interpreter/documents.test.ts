/** Documents, application roots, goto/submit, <script src>, <data> (VoiceXML 2.0 §1.5, §5.3.7–8; 2.1 §5). */
import { Call, vxml } from './harness';

const B = 'http://app.example/';

describe('goto', () => {
  test('#dialog, relative uri, uri#dialog and expr; a dialog of the same document keeps document variables', () => {
    const c = new Call({
      docs: {
        [`${B}a/main.vxml`]: vxml(`
          <var name="n" expr="0"/>
          <form><block><assign name="n" expr="n+1"/>one <goto next="#two"/></block></form>
          <form id="two"><block>two <value expr="n"/> <goto next="../b/next.vxml#last"/></block></form>`),
        [`${B}b/next.vxml`]: vxml(`
          <form id="first"><block>never</block></form>
          <form id="last"><block>last <value expr="typeof n"/> <goto expr="'end.vxml'"/></block></form>`),
        [`${B}b/end.vxml`]: vxml('<form><block>end</block></form>'),
      },
    });
    expect(c.start(`${B}a/main.vxml`).heard).toBe('one two 1 last undefined end');
  });

  test('a goto to the same document by URI reloads it (document variables start again)', () => {
    const c = new Call({
      docs: {
        [`${B}d.vxml`]: vxml(`
          <var name="count" expr="1"/>
          <form id="first"><block>count <value expr="count"/><exit/></block></form>
          <form id="second"><block><assign name="count" expr="2"/><goto next="d.vxml"/></block></form>`),
      },
    });
    expect(c.start(`${B}d.vxml#second`).heard).toBe('count 1');
  });

  test('a missing document or dialog raises error.badfetch where the goto was', () => {
    const c = new Call({
      docs: {
        [`${B}m.vxml`]: vxml(`
          <catch event="error.badfetch">bad <value expr="_event"/>.</catch>
          <form><block><goto next="#nowhere"/></block><block><goto next="gone.vxml"/></block><block><goto expritem="'nothing'"/></block></form>`),
      },
    });
    expect(c.start(`${B}m.vxml`).heard).toBe('bad error.badfetch. bad error.badfetch.http.404. bad error.badfetch.');
  });

  test('an invalid document fails to load with error.badfetch; expression errors wait until they run', () => {
    const c = new Call({
      docs: {
        [`${B}m.vxml`]: vxml(`
          <catch event="error">caught <value expr="_event"/>.</catch>
          <form><block><goto next="bad.vxml"/></block><block><goto next="late.vxml"/></block></form>`),
        [`${B}bad.vxml`]: vxml('<form><block><audio/></block></form>'),
        [`${B}late.vxml`]: vxml('<form><block>runs <if cond="1 +* 2">x</if></block></form>'),
      },
    });
    expect(c.start(`${B}m.vxml`).heard).toBe('caught error.badfetch. runs');
    expect(c.events()).toContain('error.semantic');
  });
});

describe('application root documents', () => {
  const docs = {
    [`${B}root.vxml`]: vxml(`<var name="visits" expr="0"/><script>function twice(x) { return 2 * x; }</script>
      <form id="home"><block>home visits <value expr="visits"/></block></form>`),
    [`${B}leaf1.vxml`]: vxml('<form><block><assign name="application.visits" expr="twice(5)"/>leaf1 <goto next="leaf2.vxml"/></block></form>', 'application="root.vxml"'),
    [`${B}leaf2.vxml`]: vxml('<form><block>leaf2 <value expr="visits"/> <goto next="root.vxml"/></block></form>', 'application="root.vxml"'),
    [`${B}leaf3.vxml`]: vxml('<form><block>leaf3 <value expr="visits"/> <submit next="root.vxml"/></block></form>', 'application="root.vxml"'),
    [`${B}other.vxml`]: vxml('<form><block>other <value expr="typeof visits"/> <value expr="typeof twice"/></block></form>'),
  };

  test('the application scope survives leaf changes with the same root; goto to the root keeps it', () => {
    const c = new Call({ docs });
    expect(c.start(`${B}leaf1.vxml`).heard).toBe('leaf1 leaf2 10 home visits 10');
    expect(c.requests.filter((r) => r.kind === 'document' && r.uri === `${B}root.vxml`).length).toBe(1);
  });

  test('a submit to the root re-initialises it; another application starts with a fresh scope', () => {
    const c = new Call({ docs: { ...docs, [`${B}leaf2.vxml`]: vxml('<form><block>leaf2 <goto next="leaf3.vxml"/></block></form>', 'application="root.vxml"') }, submits: { [`GET ${B}root.vxml`]: docs[`${B}root.vxml`] } });
    expect(c.start(`${B}leaf1.vxml`).heard).toBe('leaf1 leaf2 leaf3 10 home visits 0');
    const o = new Call({ docs: { ...docs, [`${B}leaf2.vxml`]: vxml('<form><block><goto next="other.vxml"/></block></form>', 'application="root.vxml"') } });
    expect(o.start(`${B}leaf1.vxml`).heard).toBe('leaf1 other undefined undefined');
  });
});

describe('submit', () => {
  test('namelist with scope-prefixed names, GET and POST, and the answer runs as the next document', () => {
    const c = new Call({
      docs: {
        [`${B}s.vxml`]: vxml(`
          <var name="acct" expr="'12 34'"/>
          <form>
            <var name="pin" expr="4321"/>
            <block><submit next="http://api.example/check" method="post" namelist="document.acct pin"/></block>
          </form>`),
      },
      submits: { 'POST http://api.example/check': vxml('<form><block>checked <goto next="#again"/></block></form><form id="again"><block><submit next="http://api.example/get" namelist="status" /></block></form><var name="status" expr="\'ok\'"/>') ,
        'GET http://api.example/get': vxml('<form><block>got it</block></form>') },
    });
    expect(c.start(`${B}s.vxml`).heard).toBe('checked got it');
    const posts = c.requests.filter((r) => r.kind === 'document' && r.purpose === 'submit');
    expect(posts.map((r) => (r.kind === 'document' ? [r.method, r.uri, r.enctype, r.body] : []))).toEqual([
      ['post', 'http://api.example/check', 'application/x-www-form-urlencoded', [{ name: 'document.acct', value: '12 34' }, { name: 'pin', value: '4321' }]],
      ['get', 'http://api.example/get', 'application/x-www-form-urlencoded', [{ name: 'status', value: 'ok' }]],
    ]);
  });

  test('a POST answer is found again on a later turn by its key', () => {
    const c = new Call({
      docs: { [`${B}s.vxml`]: vxml('<form><block><submit next="http://api.example/p" method="post"/></block></form>') },
      submits: { 'POST http://api.example/p': vxml('<form><field name="n" type="digits"><prompt>Number?</prompt></field><block>n is <value expr="n"/></block></form>') },
    });
    expect(c.start(`${B}s.vxml`).heard).toBe('Number?');
    expect(c.recognize('42').heard).toBe('n is 42');
    expect(c.requests.filter((r) => r.kind === 'document' && r.method === 'post').length).toBe(1);
  });
});

describe('scripts and data', () => {
  test('<script src> and srcexpr run in the scope of their element; a missing one is error.badfetch', () => {
    const c = new Call({
      docs: {
        [`${B}x.vxml`]: vxml(`
          <script src="lib/util.js"/>
          <catch event="error.badfetch">no script</catch>
          <form><block><script srcexpr="'lib/' + 'more.js'"/><value expr="double(more)"/></block>
                <block><script src="lib/none.js"/>never</block></form>`),
      },
      scripts: { [`${B}lib/util.js`]: 'function double(x) { return x * 2; }', [`${B}lib/more.js`]: 'var more = 21;' },
    });
    expect(c.start(`${B}x.vxml`).heard).toBe('42 no script');
  });

  test('<data> gives a read-only DOM; <foreach> iterates arrays in executable content and prompts', () => {
    const c = new Call({
      docs: {
        [`${B}d.vxml`]: vxml(`
          <form>
            <var name="sym" expr="'ACME'"/>
            <data name="quote" src="quote.xml" namelist="sym"/>
            <block>
              <var name="items" expr="quote.documentElement.getElementsByTagName('item')"/>
              <var name="names" expr="[]"/>
              <script>for (var i = 0; i &lt; items.length; i++) names.push(items.item(i).getAttribute('name'));</script>
              <foreach item="n" array="names"><log><value expr="n"/></log></foreach>
              <prompt><foreach item="n" array="names"><value expr="n"/>. </foreach></prompt>
            </block>
          </form>`),
      },
      data: { [`${B}quote.xml`]: '<quote><item name="alpha"/><item name="beta">text</item></quote>' },
    });
    expect(c.start(`${B}d.vxml`).heard).toBe('alpha. beta.');
    expect(c.logs()).toEqual(['alpha', 'beta']);
    const dataReq = c.requests.find((r) => r.kind === 'data');
    expect(dataReq).toMatchObject({ uri: `${B}quote.xml`, method: 'get', body: [{ name: 'sym', value: 'ACME' }] });
  });
});
