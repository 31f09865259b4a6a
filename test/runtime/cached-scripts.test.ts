/**
 * A <script src> the HTTP cache holds fresh is given to the interpreter with its documents: no request, and no
 * re-run of the step that a fetch costs. Freshness follows the server's headers and the element's maxage; an
 * answer that may not be shared (no-store) is fetched for every call.
 */
import type { PlatformAction } from '../../contracts/platform';
import { createRuntime, parseConfig, type StepFunction } from '../../gateway/index';
import { step } from '../../gateway/interpreter/index';
import { startLoopback, vxml, type Loopback } from './loopback';

let server: Loopback;
beforeAll(async () => {
  const page = (script: string): string => vxml(`${script}<form><block><prompt><value expr="greet()"/></prompt></block></form>`);
  const js = (text: string, cacheControl: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.setHeader('Content-Type', 'application/javascript');
    res.setHeader('Cache-Control', cacheControl);
    res.end(text);
  };
  const doc = (text: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.setHeader('Cache-Control', 'max-age=60');
    res.end(text);
  };
  server = await startLoopback({
    '/app/shared.vxml': doc(page('<script src="shared.js"/>')),
    '/app/fresh-only.vxml': doc(page('<script src="shared.js" maxage="0"/>')),
    '/app/private.vxml': doc(page('<script src="private.js"/>')),
    '/app/shared.js': js("function greet() { return 'hello from the shared library'; }", 'max-age=60'),
    '/app/private.js': js("function greet() { return 'hello from the private library'; }", 'no-store'),
  });
});
afterAll(() => server.close());

function runtimeCountingSteps(): { runtime: ReturnType<typeof createRuntime>; steps: () => number } {
  let steps = 0;
  const counting: StepFunction = (session, event, ctx, realm) => {
    steps++;
    return step(session, event, ctx, realm);
  };
  const runtime = createRuntime(parseConfig({ app: { allowedOrigins: [server.origin] }, log: { level: 'error' } }), { step: counting });
  return { runtime, steps: () => steps };
}

const said = (actions: PlatformAction[]): string =>
  actions.flatMap((a) => (a.kind === 'play' ? a.prompts.flatMap((p) => p.segments.map((s) => (s.kind === 'speak' ? s.text : ''))) : [])).join(' ');

test('a fresh cached script costs the next call no request and no re-run of the step', async () => {
  const { runtime, steps } = runtimeCountingSteps();
  const entry = `${server.url}/app/shared.vxml`;
  const first = await runtime.start({ callId: 'c1', channel: 'sim', entry });
  expect(said(first.actions)).toBe('hello from the shared library');
  const stepsOfFirst = steps();
  // The entry document and the script were fetched: the step ran once more for each. The next call finds both.
  expect(stepsOfFirst).toBe(3);
  const before = server.count('/app/shared.js');
  const second = await runtime.start({ callId: 'c2', channel: 'sim', entry });
  expect(said(second.actions)).toBe('hello from the shared library');
  expect(steps() - stepsOfFirst).toBe(1);
  expect(server.count('/app/shared.js')).toBe(before);
  await runtime.close();
});

test('maxage="0" on the element asks the server again; a no-store script is fetched for every call', async () => {
  const { runtime } = runtimeCountingSteps();
  await runtime.start({ callId: 'w', channel: 'sim', entry: `${server.url}/app/shared.vxml` });
  const shared = server.count('/app/shared.js');
  const fresh = await runtime.start({ callId: 'f', channel: 'sim', entry: `${server.url}/app/fresh-only.vxml` });
  expect(said(fresh.actions)).toBe('hello from the shared library');
  expect(server.count('/app/shared.js')).toBe(shared + 1);

  const p1 = await runtime.start({ callId: 'p1', channel: 'sim', entry: `${server.url}/app/private.vxml` });
  const p2 = await runtime.start({ callId: 'p2', channel: 'sim', entry: `${server.url}/app/private.vxml` });
  expect(said(p1.actions)).toBe('hello from the private library');
  expect(said(p2.actions)).toBe('hello from the private library');
  expect(server.count('/app/private.js')).toBe(2);
  await runtime.close();
});
