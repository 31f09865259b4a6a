/**
 * The loader fails a fetch only for documents the interpreter cannot run (interpreter `fatalDiagnostic`).
 * Compile findings the interpreter raises when the element runs — a bad expression (error.semantic), a goto
 * to a missing dialog (error.badfetch), a misplaced element (dropped) — must not refuse the whole document:
 * its own handlers catch them (VoiceXML 2.0 §5.2.6; W3C IR 163, 390, 533, 1007, VoiceXML 2.1 IR 7).
 */
import { createSimDriver } from '../../adapters/sim/index';
import type { FetchRequest, FetchResult } from '../../contracts/interpreter';
import { compile } from '../../gateway/compiler/index';
import { MemoryLogger, parseConfig } from '../../gateway/index';
import { FakeClock } from '../../gateway/runtime/clock';
import { HttpDocumentLoader, type LoadContext } from '../../gateway/runtime/document-loader';
import { MemoryResponseDocumentStore } from '../../gateway/runtime/memory-stores';
import { OriginPolicy } from '../../gateway/runtime/origin-policy';
import { defaultRecordingFetcher } from '../../gateway/runtime/recordings';
import { ResourceFetcher } from '../../gateway/runtime/resource-fetcher';
import { startLoopback, vxml, type Loopback } from './loopback';

const MISSING_DIALOG = vxml(`
  <catch event="error.badfetch"><prompt>caught <value expr="_event"/></prompt><exit/></catch>
  <form id="main"><block><goto next="#nowhere"/></block></form>
  <form id="other"><block>wrong dialog</block></form>`);

const BAD_EXPRESSION_UNTAKEN = vxml(`
  <form id="main"><block>
    <if cond="true"><prompt>fine</prompt><exit/><else/><prompt><value expr="'unterminated"/></prompt></if>
  </block></form>`);

const BAD_EXPRESSION_TAKEN = vxml(`
  <catch event="error.semantic"><prompt>semantic caught</prompt><exit/></catch>
  <form id="main"><block><prompt><value expr="1 +"/></prompt></block></form>`);

const MISPLACED = vxml(`
  <form id="main"><field name="f"><log>misplaced</log><grammar mode="dtmf" root="r"><rule id="r">1</rule></grammar><prompt>press one</prompt>
    <filled><prompt>got <value expr="f"/></prompt><exit/></filled></field></form>`);

let server: Loopback;
beforeAll(async () => {
  const serve = (body: string) => (_req: unknown, res: { setHeader(k: string, v: string): void; end(b: string): void }) => {
    res.setHeader('content-type', 'application/voicexml+xml');
    res.end(body);
  };
  server = await startLoopback({
    '/missing-dialog.vxml': serve(MISSING_DIALOG),
    '/untaken.vxml': serve(BAD_EXPRESSION_UNTAKEN),
    '/taken.vxml': serve(BAD_EXPRESSION_TAKEN),
    '/misplaced.vxml': serve(MISPLACED),
    '/malformed.vxml': serve('<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><form><block>x</form></vxml>'),
  });
});
afterAll(() => server.close());

function loader(): { loader: HttpDocumentLoader; ctx: LoadContext } {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const fetcher = new ResourceFetcher({ clock, logger, maxBytes: 65536, maxRedirects: 3, cacheEntries: 50 });
  const responses = new MemoryResponseDocumentStore(clock, 3600);
  const l = new HttpDocumentLoader({ fetcher, compile, responses, recordings: defaultRecordingFetcher, defaultTimeoutMs: 1000, maxBytes: 65536, cacheEntries: 50 });
  return { loader: l, ctx: { callId: 'c1', policy: new OriginPolicy(`${server.url}/missing-dialog.vxml`, []), deadline: performance.now() + 10_000, responseDocs: new Map(), logger } };
}

function doc(uri: string): FetchRequest {
  return { kind: 'document', uri, method: 'get', enctype: 'application/x-www-form-urlencoded', purpose: 'goto', origin: { uri: 'http://x/doc.vxml', loc: { line: 1, col: 1 } } };
}

describe('documents with deferred findings are delivered', () => {
  test.each(['missing-dialog', 'untaken', 'taken', 'misplaced'])('%s.vxml compiles with errors yet is delivered', async (name) => {
    const { loader: l, ctx } = loader();
    const r: FetchResult = await l.fetch(doc(`${server.url}/${name}.vxml`), ctx);
    expect(r.ok).toBe(true);
    if (r.ok && r.kind === 'document') expect(r.graph.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    // Documents a call is still executing are found again (lastKnown), as for documents without findings.
    expect(l.lastKnown(`${server.url}/${name}.vxml`)).toBeDefined();
  });

  test('a malformed document is still error.badfetch naming uri:line:col', async () => {
    const { loader: l, ctx } = loader();
    const r = await l.fetch(doc(`${server.url}/malformed.vxml`), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.event).toBe('error.badfetch');
      expect(r.message).toMatch(new RegExp(`${server.url}/malformed.vxml:\\d+:\\d+`));
    }
    expect(l.lastKnown(`${server.url}/malformed.vxml`)).toBeUndefined();
  });
});

describe('end to end: the events come when the element runs, and the document catches them', () => {
  async function heard(name: string, digits?: string): Promise<string> {
    const driver = createSimDriver(parseConfig({}), { logger: new MemoryLogger() });
    const { call, observed } = await driver.start({ app: `${server.url}/${name}.vxml` });
    const texts = [...observed.heard];
    if (digits !== undefined) texts.push(...(await call.dtmf(digits)).heard);
    await call.close();
    return texts.join(' / ');
  }

  test('goto to a missing dialog → error.badfetch caught by the document itself', async () => {
    expect(await heard('missing-dialog')).toBe('caught error.badfetch');
  });

  test('a bad expression in a branch that never runs changes nothing', async () => {
    expect(await heard('untaken')).toBe('fine');
  });

  test('a bad expression that runs → error.semantic at that moment', async () => {
    expect(await heard('taken')).toBe('semantic caught');
  });

  test('a misplaced element is dropped and the field still works', async () => {
    expect(await heard('misplaced', '1')).toBe('press one / got 1');
  });
});
