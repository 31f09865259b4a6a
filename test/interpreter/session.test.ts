/** Session variables, the fetch protocol, state between turns, document-scoped grammars of other forms. */
import { createRealm } from '../../gateway/ecmascript';
import { step } from '../../gateway/interpreter';
import { compile } from '../../gateway/compiler';
import type { StepContext } from '../../contracts/interpreter';
import { Call, vxml } from './harness';

const APP = 'http://app.example/main.vxml';

test('session.* variables from the start event', () => {
  const c = new Call({
    docs: {
      [APP]: vxml(`<form><block>
        <value expr="session.connection.local.uri"/> <value expr="session.connection.remote.uri"/>
        <value expr="session.telephone.ani"/> <value expr="session.telephone.dnis"/>
        <value expr="session.connection.protocol.name"/> <value expr="session.sim.AccountSid"/> <value expr="session.connection.redirect.length"/>
      </block></form>`),
    },
  });
  expect(c.start(APP, { extra: { AccountSid: 'AC1' } }).heard).toBe('tel:+18005550100 tel:+15551230000 +15551230000 +18005550100 sim AC1 0');
});

describe('the fetch protocol', () => {
  const realm = createRealm();
  const docs: Record<string, string> = {
    [APP]: vxml('<form><block><script src="lib.js"/><submit next="http://api.example/p" method="post" namelist="n"/></block><var name="n" expr="1"/></form>'),
  };
  const ctx = (fetched: StepContext['fetched']): StepContext => ({
    documents: () => undefined,
    fetched,
    now: 0,
    seed: 1,
    limits: { maxTransitionsPerTurn: 100, scriptTimeoutMs: 1000 },
  });

  test('asks for each resource in turn and replays the turn with the answers; a POST is asked for once', () => {
    const start = { kind: 'start' as const, callId: 'c', channel: 'sim' as const, entry: APP };
    const fetched: StepContext['fetched'] = [];
    const asked: string[] = [];
    for (;;) {
      const out = step(null, start, ctx(fetched), realm);
      if (out.status === 'done') {
        expect(out.actions.flatMap((a) => (a.kind === 'play' ? a.prompts.map((p) => p.segments.map((s) => (s.kind === 'speak' ? s.text : '')).join('')) : []))).toEqual(['posted 1']);
        break;
      }
      const r = out.request;
      asked.push(`${r.kind} ${r.kind === 'document' ? r.method : ''} ${r.uri}`);
      if (r.kind === 'document' && r.method === 'get') fetched.push({ ok: true, kind: 'document', uri: r.uri, graph: compile(docs[r.uri], r.uri) });
      else if (r.kind === 'script') fetched.push({ ok: true, kind: 'script', uri: r.uri, text: 'n = n + 0;' });
      else fetched.push({ ok: true, kind: 'document', uri: `${r.uri}?post=1`, graph: compile(vxml('<form><block>posted <value expr="1"/></block></form>'), r.uri) });
    }
    expect(asked).toEqual(['document get http://app.example/main.vxml', 'script  http://app.example/lib.js', 'document post http://api.example/p']);
  });
});

test('the session is JSON, small, and every turn resumes from it alone', () => {
  const c = new Call({
    docs: {
      [APP]: vxml(`
        <var name="tries" expr="0"/>
        <form id="pin">
          <field name="code" type="digits"><prompt>PIN?</prompt><nomatch><assign name="tries" expr="tries + 1"/>Again.<reprompt/></nomatch></field>
          <block>Thanks after <value expr="tries"/>.</block>
        </form>`),
    },
  });
  c.start(APP);
  c.nomatch();
  c.nomatch();
  expect(c.recognize('1234').heard).toBe('Thanks after 2.');
  expect(Math.max(...c.sizes)).toBeLessThan(4096);
  expect(c.session?.interp.v).toBe(1);
  expect(c.session?.ended).toBe(true);
});

test('a document-scoped form grammar takes the caller to that form with the input (mixed initiative across forms)', () => {
  const c = new Call({
    docs: {
      [APP]: vxml(`
        <form id="main"><field name="x" type="digits"><prompt>Number?</prompt></field></form>
        <form id="weather" scope="document">
          <grammar root="w"><rule id="w"><item>weather</item></rule></grammar>
          <field name="city"><prompt>Which city?</prompt><grammar root="c"><rule id="c"><item>paris</item></rule></grammar></field>
          <block>Weather for <value expr="city"/>.</block>
        </form>`),
    },
  });
  c.start(APP);
  const key = c.grammar((g) => g.scope === 'document');
  expect(c.recognize({ city: 'paris' }, { grammar: key }).heard).toBe('Weather for paris.');
});

test('a call that has ended answers with a hangup and does not advance', () => {
  const c = new Call({ docs: { [APP]: vxml('<form><block>bye</block></form>') } });
  c.start(APP);
  expect(c.noinput().actions).toEqual([{ kind: 'hangup', reason: 'end' }]);
});
