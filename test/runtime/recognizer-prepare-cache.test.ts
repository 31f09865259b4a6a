/**
 * prepare() reuses what it derived from a listen's grammars (hints, choices, digit bounds) while the
 * documents and the external grammar documents are the same; an external grammar is still revalidated
 * through the loader every time, and a changed one is derived again.
 */
import type { DialogGraph } from '../../contracts/graph';
import type { ListenAction } from '../../contracts/platform';
import { compile } from '../../gateway/compiler/index';
import { createRealm } from '../../gateway/ecmascript/index';
import { GrammarEngine } from '../../gateway/grammar/index';
import { FakeClock } from '../../gateway/runtime/clock';
import { HttpDocumentLoader, type LoadContext } from '../../gateway/runtime/document-loader';
import { GrammarRecognizer } from '../../gateway/runtime/grammar-recognizer';
import { MemoryLogger } from '../../gateway/runtime/logger';
import { MemoryResponseDocumentStore } from '../../gateway/runtime/memory-stores';
import { OriginPolicy } from '../../gateway/runtime/origin-policy';
import type { RecognizeContext } from '../../gateway/runtime/recognizer';
import { defaultRecordingFetcher } from '../../gateway/runtime/recordings';
import { ResourceFetcher } from '../../gateway/runtime/resource-fetcher';
import { startLoopback, vxml, type Loopback } from './loopback';

const grammarOf = (words: string[]): string => `<?xml version="1.0"?>
<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" root="w" mode="voice" xml:lang="en-US" tag-format="semantics/1.0">
  <rule id="w" scope="public"><one-of>${words.map((w) => `<item>${w}<tag>out="${w.toUpperCase()}";</tag></item>`).join('')}</one-of></rule>
</grammar>`;

let words = ['red', 'green'];
let server: Loopback;
beforeAll(async () => {
  server = await startLoopback({
    '/app/words.grxml': (_req, res) => {
      res.setHeader('content-type', 'application/srgs+xml');
      res.setHeader('cache-control', 'no-cache');
      res.end(grammarOf(words));
    },
  });
});
afterAll(() => server.close());

function setup() {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const loader = new HttpDocumentLoader({
    fetcher: new ResourceFetcher({ clock, logger, maxBytes: 100_000, maxRedirects: 2, cacheEntries: 20 }),
    compile, responses: new MemoryResponseDocumentStore(clock, 60), recordings: defaultRecordingFetcher, defaultTimeoutMs: 1000, maxBytes: 100_000, cacheEntries: 20,
  });
  const engine = new GrammarEngine({ maxCached: 80 });
  const phrases = jest.spyOn(engine, 'phrases');
  const recognizer = new GrammarRecognizer({ loader, cacheEntries: 20, engine });
  const entry = `${server.url}/app/main.vxml`;
  const graph: DialogGraph = compile(
    vxml(`<form id="f"><field name="w">
      <grammar src="words.grxml" type="application/srgs+xml"/>
      <grammar mode="dtmf" version="1.0" root="k" xmlns="http://www.w3.org/2001/06/grammar"><rule id="k"><one-of><item>1</item><item>2</item></one-of></rule></grammar>
    </field></form>`),
    entry,
  );
  const load: LoadContext = { callId: 'p1', policy: new OriginPolicy(entry, []), deadline: performance.now() + 5000, responseDocs: new Map(), logger };
  const ctx: RecognizeContext = { load, realm: createRealm(), budgetMs: 200, now: clock.now(), documents: (uri) => (uri === entry ? graph : undefined) };
  const refs = Object.values(graph.grammars).map((decl) => ({ key: `${entry}#${decl.id}`, mode: decl.mode, scope: 'field' as const, src: decl.src ? new URL(decl.src, entry).href : undefined }));
  const listen: ListenAction = {
    kind: 'listen', modes: ['dtmf', 'voice'], grammars: refs, timeoutMs: 5000, interdigitMs: 3000, termtimeoutMs: 0, completetimeoutMs: 1000,
    incompletetimeoutMs: 1500, maxspeechtimeoutMs: 60000, termchar: '#', confidenceLevel: 0.5, bargein: true, lang: 'en-US',
  };
  return { recognizer, ctx, listen, phrases };
}

test('the same external grammar: derived once, revalidated every time', async () => {
  words = ['red', 'green'];
  const { recognizer, ctx, listen, phrases } = setup();
  const before = server.count('/app/words.grxml');
  const first = await recognizer.prepare(listen, ctx);
  expect(first.hints).toEqual(['red', 'green']);
  expect(first).toMatchObject({ minDigits: 1, maxDigits: 1 });
  const derivations = phrases.mock.calls.length;
  const second = await recognizer.prepare(listen, ctx);
  const third = await recognizer.prepare(listen, ctx);
  expect(second).toEqual(first);
  expect(third).toEqual(first);
  expect(phrases.mock.calls.length).toBe(derivations);
  // no-cache: each preparation asked the server again (the content decides whether the derivation holds)
  expect(server.count('/app/words.grxml')).toBe(before + 3);
});

test('a changed external grammar is derived again', async () => {
  words = ['red', 'green'];
  const { recognizer, ctx, listen } = setup();
  expect((await recognizer.prepare(listen, ctx)).hints).toEqual(['red', 'green']);
  words = ['red', 'green', 'blue'];
  const changed = await recognizer.prepare(listen, ctx);
  expect(changed.hints).toEqual(['red', 'green', 'blue']);
  expect(changed.choices?.map((c) => c.label)).toEqual(['RED', 'GREEN', 'BLUE']);
  words = ['red', 'green'];
  expect((await recognizer.prepare(listen, ctx)).hints).toEqual(['red', 'green']);
});
