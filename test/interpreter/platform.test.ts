/**
 * What the platform is asked to do: prompt rendering (SSML kept, audio with fallback, breaks, bargein,
 * timeouts, languages), listen timings from properties, <record> and <transfer> with their results.
 */
import { Call, vxml } from './harness';

const APP = 'http://app.example/dir/main.vxml';

function call(body: string, attrs = '', opts = {}) {
  return new Call({ docs: { [APP]: vxml(body, attrs) } }, opts);
}

describe('prompts', () => {
  test('SSML is kept as markup next to the plain text; audio carries its fallback; breaks become pauses', () => {
    const c = call(`
      <form><field name="f" type="digits">
        <prompt bargein="false" timeout="3s" xml:lang="fr-FR">Bonjour <emphasis level="strong">vous</emphasis> &amp; <say-as interpret-as="digits">123</say-as><break time="500ms"/><audio src="../audio/hello.wav">Hello <value expr="'there'"/></audio><audio expr="undefined"/>end</prompt>
      </field></form>`);
    const t = c.start(APP);
    expect(t.prompts).toEqual([
      {
        segments: [
          { kind: 'speak', text: 'Bonjour vous & 123', ssml: 'Bonjour <emphasis level="strong">vous</emphasis> &amp; <say-as interpret-as="digits">123</say-as>' },
          { kind: 'pause', ms: 500 },
          { kind: 'audio', url: 'http://app.example/audio/hello.wav', fallback: [{ kind: 'speak', text: 'Hello there' }] },
          { kind: 'speak', text: 'end' },
        ],
        bargein: false,
        bargeintype: 'speech',
        lang: 'fr-FR',
        timeoutMs: 3000,
      },
    ]);
    expect(c.listen.timeoutMs).toBe(3000);
    expect(c.listen.bargein).toBe(false);
  });

  test('prompt cond; bargein and bargeintype from properties; document language', () => {
    const c = call(
      `<property name="bargein" value="false"/><property name="bargeintype" value="hotword"/>
       <form><block><prompt cond="false">no</prompt><prompt>yes</prompt></block></form>`,
      'xml:lang="en-GB"',
    );
    expect(c.start(APP).prompts).toEqual([{ segments: [{ kind: 'speak', text: 'yes' }], bargein: false, bargeintype: 'hotword', lang: 'en-GB' }]);
  });

  test('a <value> that fails raises error.semantic and its prompt is not queued', () => {
    const c = call('<catch event="error.semantic">semantic</catch><form><block><prompt>a <value expr="nope"/></prompt></block></form>');
    expect(c.start(APP).heard).toBe('semantic');
  });
});

describe('listen timings and modes from properties (item → dialog → document → root → defaults)', () => {
  test('nearest scope wins; time designations in s and ms; inputmodes restrict the grammars', () => {
    const c = new Call(
      {
        docs: {
          'http://app.example/root.vxml': vxml('<property name="interdigittimeout" value="2s"/><property name="confidencelevel" value="0.7"/>'),
          [APP]: vxml(
            `<property name="timeout" value="10s"/><property name="termchar" value="*"/>
             <form><property name="timeout" value="8s"/><property name="completetimeout" value="250ms"/>
               <field name="f" type="digits"><property name="inputmodes" value="dtmf"/><property name="maxspeechtimeout" value="20s"/></field>
             </form>`,
            'application="../root.vxml"',
          ),
        },
      },
      { defaults: { incompletetimeout: '900ms' } },
    );
    c.start(APP);
    const l = c.listen;
    expect(l).toMatchObject({
      modes: ['dtmf'],
      timeoutMs: 8000,
      interdigitMs: 2000,
      termchar: '*',
      completetimeoutMs: 250,
      incompletetimeoutMs: 900,
      maxspeechtimeoutMs: 20000,
      confidenceLevel: 0.7,
      termtimeoutMs: 0,
      lang: 'en-US',
    });
    expect(l.grammars.every((g) => g.mode === 'dtmf')).toBe(true);
  });

  test('external grammars carry their absolute src; srcexpr is evaluated when the field collects', () => {
    const c = call(`
      <var name="g" expr="'digits.grxml'"/>
      <form><field name="f"><grammar src="grammars/yesno.grxml"/><grammar srcexpr="'grammars/' + g" mode="dtmf"/></field></form>`);
    c.start(APP);
    expect(c.listen.grammars.map((x) => x.src)).toEqual(['http://app.example/dir/grammars/yesno.grxml', 'http://app.example/dir/grammars/digits.grxml']);
  });
});

describe('record', () => {
  const doc = `
    <form>
      <record name="msg" beep="true" maxtime="30s" finalsilence="2s" dtmfterm="true" type="audio/wav">
        <prompt>Leave a message.</prompt>
        <noinput>Nothing recorded. <reprompt/></noinput>
        <filled>Got <value expr="msg$.duration"/> ms, <value expr="msg$.size"/> bytes, ended by <value expr="msg$.termchar"/>.</filled>
      </record>
      <block><prompt>You said <audio expr="msg"/></prompt><submit next="http://api.example/voicemail" method="post" namelist="msg"/></block>
    </form>`;

  test('a record action, the recording in the variable and its shadow variables, played and submitted', () => {
    const c = new Call({ docs: { [APP]: vxml(doc) }, submits: { 'POST http://api.example/voicemail': vxml('<form><block>Saved.</block></form>') } });
    const t = c.start(APP);
    expect(t.heard).toBe('Leave a message.');
    expect(t.last).toEqual({ kind: 'record', maxMs: 30000, finalSilenceMs: 2000, beep: true, dtmfterm: true, type: 'audio/wav', timeoutMs: 5000 });
    expect(c.noinput().heard).toBe('Nothing recorded. Leave a message.');
    const r = c.send({ kind: 'recorded', uri: 'http://rec.example/r1.wav', durationMs: 4200, sizeBytes: 33600, termchar: '#' });
    expect(r.heard).toBe('Got 4200 ms, 33600 bytes, ended by #. You said [audio http://rec.example/r1.wav] Saved.');
    const post = c.requests.find((q) => q.kind === 'document' && q.method === 'post');
    expect(post).toMatchObject({ enctype: 'multipart/form-data', body: [{ name: 'msg', recording: { uri: 'http://rec.example/r1.wav', type: 'audio/wav' } }] });
  });
});

describe('transfer', () => {
  const doc = (attrs: string) => `
    <var name="number" expr="'+18005550199'"/>
    <catch event="connection.disconnect.transfer">transferred away</catch>
    <form>
      <transfer name="xfer" destexpr="'tel:' + number" ${attrs} connecttimeout="20s" maxtime="60s" aai="ref=42">
        <prompt>Connecting.</prompt>
        <grammar mode="dtmf" root="s"><rule id="s"><item>*</item></rule></grammar>
        <filled>Result <value expr="xfer"/> after <value expr="xfer$.duration"/> s.</filled>
      </transfer>
    </form>`;

  test('bridge: the action, then the result in the variable and name$.duration', () => {
    const c = call(doc('bridge="true"'));
    const t = c.start(APP);
    expect(t.heard).toBe('Connecting.');
    expect(t.last).toMatchObject({ kind: 'transfer', dest: 'tel:+18005550199', type: 'bridge', connectTimeoutMs: 20000, maxMs: 60000, aai: 'ref=42' });
    expect(t.last.kind === 'transfer' ? t.last.grammars?.length : 0).toBe(1);
    for (const result of ['busy', 'noanswer', 'network_busy', 'far_end_disconnect', 'maxtime_disconnect', 'network_disconnect', 'unknown'] as const) {
      const x = call(doc('bridge="true"'));
      x.start(APP);
      expect(x.send({ kind: 'transferred', result, durationMs: 61000 }).heard).toBe(`Result ${result} after 61 s.`);
    }
  });

  test('bridge: a transfer grammar match is near_end_disconnect; a caller hang-up leaves the variable undefined', () => {
    const c = call(doc('bridge="true"'));
    c.start(APP);
    const key = c.turns[0].last.kind === 'transfer' ? c.turns[0].last.grammars?.[0]?.key : undefined;
    expect(c.recognize('*', { grammar: key, inputmode: 'dtmf' }).heard).toBe('Result near_end_disconnect after 0 s.');
    const h = call(`${doc('bridge="true"')}<catch event="connection.disconnect.hangup"><log>xfer=<value expr="xfer"/></log></catch>`);
    h.start(APP);
    expect(h.hangup().last).toEqual({ kind: 'hangup', reason: 'end' });
    expect(h.logs()).toEqual(['xfer=undefined']);
  });

  test('blind: connection.disconnect.transfer once the call has left; a failure to connect fills the variable', () => {
    const c = call(doc('type="blind"'));
    expect(c.start(APP).last).toMatchObject({ kind: 'transfer', type: 'blind' });
    const t = c.send({ kind: 'transferred', result: 'far_end_disconnect' });
    expect(t.last).toEqual({ kind: 'hangup', reason: 'end' });
    const b = call(doc('bridge="false"'));
    b.start(APP);
    expect(b.send({ kind: 'transferred', result: 'busy' }).heard).toBe('Result busy after 0 s.');
  });
});
