/** The grammar recognizer with the real compiler, grammar engine and loader over loopback HTTP. */
import type { DialogGraph } from '../../contracts/graph';
import type { ListenAction } from '../../contracts/platform';
import { compile } from '../../gateway/compiler/index';
import { createRealm } from '../../gateway/ecmascript/index';
import { FakeClock } from '../../gateway/runtime/clock';
import { HttpDocumentLoader, type LoadContext } from '../../gateway/runtime/document-loader';
import { GrammarRecognizer } from '../../gateway/runtime/grammar-recognizer';
import { MemoryLogger } from '../../gateway/runtime/logger';
import { MemoryResponseDocumentStore } from '../../gateway/runtime/memory-stores';
import { OriginPolicy } from '../../gateway/runtime/origin-policy';
import type { RecognizeContext, Understanding, UnderstandingRequest } from '../../gateway/runtime/recognizer';
import { defaultRecordingFetcher } from '../../gateway/runtime/recordings';
import { ResourceFetcher } from '../../gateway/runtime/resource-fetcher';
import { startLoopback, vxml, type Loopback } from './loopback';

const COLORS = `<?xml version="1.0"?>
<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" root="color" mode="voice" xml:lang="en-US" tag-format="semantics/1.0">
  <rule id="color" scope="public"><one-of>
    <item>red<tag>out="RED";</tag></item>
    <item>green<tag>out="GREEN";</tag></item>
    <item>dark blue<tag>out="BLUE";</tag></item>
  </one-of></rule>
</grammar>`;

const KEYS = `<?xml version="1.0"?>
<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" root="k" mode="dtmf" tag-format="semantics/1.0">
  <rule id="k" scope="public"><one-of><item>1<tag>out="RED";</tag></item><item>2<tag>out="GREEN";</tag></item></one-of></rule>
</grammar>`;

let server: Loopback;
let other: Loopback;
beforeAll(async () => {
  server = await startLoopback({
    '/app/colors.grxml': (_req, res) => {
      res.setHeader('content-type', 'application/srgs+xml');
      res.setHeader('cache-control', 'max-age=300');
      res.end(COLORS);
    },
    '/app/broken.grxml': (_req, res) => res.end('<grammar xmlns="http://www.w3.org/2001/06/grammar"><rule id="x"></grammar>'),
  });
  other = await startLoopback({ '/evil.grxml': (_req, res) => res.end(COLORS) });
});
afterAll(async () => {
  await server.close();
  await other.close();
});

function setup(understanding?: Understanding) {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const loader = new HttpDocumentLoader({
    fetcher: new ResourceFetcher({ clock, logger, maxBytes: 100_000, maxRedirects: 2, cacheEntries: 20 }),
    compile, responses: new MemoryResponseDocumentStore(clock, 60), recordings: defaultRecordingFetcher, defaultTimeoutMs: 1000, maxBytes: 100_000, cacheEntries: 20,
  });
  const recognizer = new GrammarRecognizer({ loader, understanding, cacheEntries: 20 });
  const entry = `${server.url}/app/main.vxml`;
  const graph: DialogGraph = compile(
    vxml(`<form id="f">
      <field name="color">
        <grammar src="colors.grxml" type="application/srgs+xml"/>
        <grammar src="${other.url}/evil.grxml"/>
        <grammar src="broken.grxml"/>
        <grammar mode="dtmf" version="1.0" root="k" xmlns="http://www.w3.org/2001/06/grammar" tag-format="semantics/1.0">${KEYS.replace(/^[\s\S]*?<rule/, '<rule').replace('</grammar>', '')}</grammar>
        <grammar src="builtin:dtmf/digits?length=4"/>
      </field></form>`),
    entry,
  );
  const load: LoadContext = { callId: 'r1', policy: new OriginPolicy(entry, []), deadline: performance.now() + 5000, responseDocs: new Map(), logger };
  const ctx: RecognizeContext = { load, realm: createRealm(), budgetMs: 200, now: clock.now(), documents: (uri) => (uri === entry ? graph : undefined) };
  const ids = Object.keys(graph.grammars);
  const ref = (i: number) => {
    const decl = graph.grammars[ids[i]];
    return { key: `${entry}#${decl.id}`, mode: decl.mode, scope: 'field' as const, src: decl.src && !decl.src.startsWith('builtin:') ? new URL(decl.src, entry).href : undefined };
  };
  const listen = (which: number[]): ListenAction => ({
    kind: 'listen', modes: ['dtmf', 'voice'], grammars: which.map(ref), timeoutMs: 5000, interdigitMs: 3000, termtimeoutMs: 0, completetimeoutMs: 1000,
    incompletetimeoutMs: 1500, maxspeechtimeoutMs: 60000, termchar: '#', confidenceLevel: 0.5, bargein: true, lang: 'en-US',
  });
  return { recognizer, ctx, listen, logger };
}

test('prepare: hints and closed choices from an external voice grammar, digit bounds from DTMF grammars', async () => {
  const { recognizer, ctx, listen } = setup();
  const prepared = await recognizer.prepare(listen([0, 3]), ctx);
  expect(prepared.hints).toEqual(['red', 'green', 'dark blue']);
  expect(prepared.choices).toEqual([
    { label: 'RED', phrases: ['red'], tone: '1' },
    { label: 'GREEN', phrases: ['green'], tone: '2' },
    { label: 'BLUE', phrases: ['dark blue'] },
  ]);
  expect(prepared).toMatchObject({ minDigits: 1, maxDigits: 1 });
  const digits = await recognizer.prepare(listen([4]), ctx);
  expect(digits).toMatchObject({ minDigits: 4, maxDigits: 4 });
  expect(digits.hints).toBeUndefined();
});

test('recognize: grammar first, SISR interpretation, termchar, confidence level', async () => {
  const { recognizer, ctx, listen } = setup();
  const l = listen([0, 3, 4]);
  expect(await recognizer.recognize({ kind: 'speech', text: 'Dark blue.', confidence: 0.8 }, l, ctx)).toMatchObject({ kind: 'recognized', result: { interpretation: 'BLUE', inputmode: 'voice', path: 'grammar' } });
  expect(await recognizer.recognize({ kind: 'speech', text: 'red', confidence: 0.3 }, l, ctx)).toMatchObject({ kind: 'nomatch', inputmode: 'voice' });
  expect(await recognizer.recognize({ kind: 'speech', text: 'purple', confidence: 0.9 }, l, ctx)).toMatchObject({ kind: 'nomatch', utterance: 'purple' });
  expect(await recognizer.recognize({ kind: 'dtmf', digits: '2' }, l, ctx)).toMatchObject({ kind: 'recognized', result: { interpretation: 'GREEN', inputmode: 'dtmf' } });
  expect(await recognizer.recognize({ kind: 'dtmf', digits: '4321#' }, l, ctx)).toMatchObject({ kind: 'recognized', result: { interpretation: '4321', termchar: '#' } });
});

test('the understanding hook is asked only for voice input no grammar matched', async () => {
  const asked: UnderstandingRequest[] = [];
  const nlu: Understanding = {
    understand: async (req) => {
      asked.push(req);
      const examples = req.engine.examples(req.grammars[0], req.resolve, 10).examples;
      const hit = examples.find((e) => req.utterance.text.includes(e.text));
      return hit ? { grammar: req.grammars[0].ref.key, utterance: req.utterance.text, confidence: 0.7, inputmode: 'voice', interpretation: hit.interpretation, path: 'classifier' } : undefined;
    },
  };
  const { recognizer, ctx, listen } = setup(nlu);
  const l = listen([0, 3]);
  expect(await recognizer.recognize({ kind: 'speech', text: 'red', confidence: 0.9 }, l, ctx)).toMatchObject({ kind: 'recognized', result: { path: 'grammar' } });
  expect(await recognizer.recognize({ kind: 'dtmf', digits: '9' }, l, ctx)).toMatchObject({ kind: 'nomatch', inputmode: 'dtmf' });
  expect(asked).toHaveLength(0);
  expect(await recognizer.recognize({ kind: 'speech', text: 'i think green would be nice', confidence: 0.9 }, l, ctx)).toMatchObject({ kind: 'recognized', result: { interpretation: 'GREEN', path: 'classifier' } });
  expect(asked.map((a) => a.grammars.map((g) => g.decl.mode))).toEqual([['voice']]);
  expect(await recognizer.recognize({ kind: 'speech', text: 'something else', confidence: 0.9 }, l, ctx)).toMatchObject({ kind: 'nomatch' });
});

test('external grammars outside the allowed origins or unparsable become error.badfetch, never a request', async () => {
  const { recognizer, ctx, listen, logger } = setup();
  const before = other.requests.length;
  expect(await recognizer.recognize({ kind: 'speech', text: 'red', confidence: 0.9 }, listen([1]), ctx)).toMatchObject({ kind: 'platform.error', event: 'error.badfetch', message: expect.stringMatching(/not an allowed origin/) });
  expect(other.requests.length).toBe(before);
  expect(await recognizer.recognize({ kind: 'speech', text: 'red', confidence: 0.9 }, listen([2]), ctx)).toMatchObject({ kind: 'platform.error', event: 'error.badfetch', message: expect.stringMatching(/broken\.grxml:\d+:\d+/) });
  // prepare() keeps listening and logs the problem instead.
  const prepared = await recognizer.prepare(listen([2]), ctx);
  expect(prepared.hints).toBeUndefined();
  expect(logger.lines.some((l) => l.message === 'grammar unusable')).toBe(true);
});

test('external grammars are fetched once while fresh', async () => {
  const { recognizer, ctx, listen } = setup();
  const before = server.count('/app/colors.grxml');
  await recognizer.recognize({ kind: 'speech', text: 'red', confidence: 0.9 }, listen([0]), ctx);
  await recognizer.recognize({ kind: 'speech', text: 'green', confidence: 0.9 }, listen([0]), ctx);
  await recognizer.prepare(listen([0]), ctx);
  expect(server.count('/app/colors.grxml')).toBe(before + 1);
});
