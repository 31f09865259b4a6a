/**
 * Fuzzing (fast-check, bounded runs and time): the sample documents and grammars are mutated — attribute values
 * swapped for hostile ones, markup cut, duplicated and spliced — and run for real: compiled, loaded through
 * the document loader from a copy of their application directory, and stepped through several caller turns
 * with random input. Whatever the mutation, the compiler reports diagnostics, the interpreter throws VoiceXML
 * error events, and every turn ends in bounded time: the runtime never has to catch a defect ("interpreter
 * failed", "recognizer failed"), and nothing throws out of compile or the grammar parser.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseGrammarDocument } from '../../gateway/grammar/index';
import { compile, createRuntime, MemoryLogger, parseConfig, type GatewayRuntime, type PlatformEvent, type TurnResult } from '../../gateway/index';
import { startAppServer } from '../../vxml-samples/app-server';

const SAMPLES = path.join(__dirname, '..', '..', 'vxml-samples');
const APPS = ['airline', 'railway', 'mobile'];

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['replays', 'scripts', 'nlu', 'audio'].includes(e.name) ? [] : filesUnder(p, ext);
    return ext.test(e.name) ? [p] : [];
  });
}

const documents = APPS.flatMap((a) => filesUnder(path.join(SAMPLES, a), /\.vxml$/));
const grammars = APPS.flatMap((a) => filesUnder(path.join(SAMPLES, a), /\.(grxml|gram)$/));

/** Hostile attribute values: bad expressions, scripts that throw or loop, absurd times and counts, odd URIs. */
const HOSTILE_VALUES = [
  '', "'", '"', '1/0', 'undefined.x', 'null', 'while(true){}', 'throw new Error("x")', 'this', 'process', 'require("fs")',
  '#nowhere', '#', 'nowhere.vxml', '../../../../etc/passwd', 'file:///etc/passwd', 'http://169.254.169.254/', 'javascript:1',
  '0', '-1', '99999999s', '0ms', 'NaN', '1e309', 'dtmf', 'voice', 'builtin:grammar/digits?length=0', 'digits?minlength=9;maxlength=1',
  'true', 'false', 'x y z', '&lt;', 'error.badfetch', 'connection.disconnect.hangup', 'nomatch noinput', 'application.lastresult$',
];

const SPLICES = ['<', '>', '"', '&', '<![CDATA[', ']]>', '<!--', '</', '/>', '<goto next="#"/>', '<reprompt/>', '<throw event="x"/>', '<exit/>', '<clear/>', '<script>while(true){}</script>', '<value expr="1/"/>', '<submit next="#" namelist="nope"/>', '<return/>', '<disconnect/>'];

const edit = fc.oneof(
  fc.record({ kind: fc.constant('attr' as const), at: fc.nat(), value: fc.constantFrom(...HOSTILE_VALUES) }),
  fc.record({ kind: fc.constantFrom('cut' as const, 'dup' as const), at: fc.nat(), len: fc.nat(160) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.constantFrom(...SPLICES) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of edits) {
    if (e.kind === 'attr') {
      const values = [...out.matchAll(/="[^"]*"/g)];
      if (values.length === 0) continue;
      const m = values[e.at % values.length];
      const escaped = e.value.replace(/&(?!lt;)/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
      out = out.slice(0, m.index) + `="${escaped}"` + out.slice((m.index ?? 0) + m[0].length);
    } else {
      const i = e.at % (out.length + 1);
      if (e.kind === 'splice') out = out.slice(0, i) + e.text + out.slice(i);
      else {
        const j = Math.min(out.length, i + e.len);
        out = e.kind === 'cut' ? out.slice(0, i) + out.slice(j) : out.slice(0, j) + out.slice(i, j) + out.slice(j);
      }
    }
  }
  return out;
}

const callerEvent: fc.Arbitrary<PlatformEvent> = fc.oneof(
  fc.constantFrom('1', '2', '3', '0', '9', '*', '#', '1234', '4111111111111111#', '20250323', '').map((digits): PlatformEvent => ({ kind: 'dtmf', digits })),
  fc.constantFrom('yes', 'no', 'help', 'main menu', 'agent', 'flight status', 'from Boston to New York', 'balance', 'español', 'A B C 1 2 3', '').map((text): PlatformEvent => ({ kind: 'speech', text, confidence: 0.9 })),
  fc.constant<PlatformEvent>({ kind: 'noinput' }),
  fc.constant<PlatformEvent>({ kind: 'hangup' }),
  fc.constant<PlatformEvent>({ kind: 'transfer.done', result: 'busy' }),
  fc.constant<PlatformEvent>({ kind: 'platform.error', event: 'error.noresource', message: 'fuzz' }),
);

/** Lines the runtime writes only when it had to catch a defect instead of a VoiceXML event. */
const DEFECTS = /interpreter failed|recognizer failed|preparing the listen action failed|kept requesting|document could not be compiled/;

let work: string;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  // A copy of the sample apps, served with their back ends by the legacy app server: mutated documents are
  // written beside the originals, so links, grammars, the root document and the back-end pages all resolve.
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vxml-fuzz-'));
  for (const app of APPS) fs.cpSync(path.join(SAMPLES, app), path.join(work, app), { recursive: true });
  server = await startAppServer({ root: work });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const served = (file: string): string => `${server.url}/${path.relative(work, file).split(path.sep).map(encodeURIComponent).join('/')}`;

async function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hang)`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function freshRuntime(logger: MemoryLogger): GatewayRuntime {
  // Small budgets so loops are cut fast; the NLU stays off (it is fuzzed by its own tests).
  return createRuntime(parseConfig({ log: { level: 'error' }, nlu: { enabled: false }, limits: { scriptTimeoutMs: 50, turnTimeoutMs: 1500, maxTransitionsPerTurn: 100 }, fetch: { timeoutMs: 300 } }), { logger });
}

async function playCall(runtime: GatewayRuntime, callId: string, entry: string, inputs: PlatformEvent[]): Promise<void> {
  let result: TurnResult = await bounded(runtime.start({ callId, channel: 'sim', entry }), 4000, 'start');
  for (const input of inputs) {
    if (result.ended) break;
    result = await bounded(runtime.handle(callId, input, { turn: result.seq }), 4000, `turn ${result.seq}`);
    expect(result.actions.length).toBeGreaterThan(0);
  }
}

let runs = 0;

test('mutated sample documents compile to diagnostics and run to VoiceXML events, never to a defect or a hang', async () => {
  expect(documents.length).toBeGreaterThan(15);
  const logger = new MemoryLogger();
  const runtime = freshRuntime(logger);
  await fc.assert(
    // Some runs keep the document as it is: random caller input alone must not break the interpreter either.
    fc.asyncProperty(fc.nat(documents.length - 1), fc.array(edit, { minLength: 0, maxLength: 2 }), fc.array(callerEvent, { minLength: 1, maxLength: 6 }), async (which, edits, inputs) => {
      const source = documents[which];
      const mutated = mutate(fs.readFileSync(source, 'utf8'), edits);
      // Compile first: never a throw, whatever the text.
      compile(mutated, 'fuzz.vxml');
      // Then run it from its application directory (relative links, grammars and the root document resolve).
      const target = path.join(work, path.relative(SAMPLES, path.dirname(source)), `fuzz-${runs++}.vxml`);
      fs.writeFileSync(target, mutated);
      const mark = logger.lines.length;
      await playCall(runtime, `fuzz-${runs}`, served(target), inputs);
      const defects = logger.lines.slice(mark).filter((l) => DEFECTS.test(l.message));
      if (defects.length) throw new Error(`${path.relative(SAMPLES, source)} mutated by ${JSON.stringify(edits)}: ${defects.map((d) => `${d.message}: ${String(d.error ?? '')}`).join('\n')}`);
    }),
    { numRuns: 120, seed: 8_2026, interruptAfterTimeLimit: 15_000 },
  );
  await runtime.close();
}, 60_000);

test('mutated sample grammars parse to diagnostics and recognize without a defect', async () => {
  expect(grammars.length).toBeGreaterThan(5);
  // Direct: the grammar parser reports, it never throws.
  fc.assert(
    fc.property(fc.nat(grammars.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 }), (which, edits) => {
      const text = mutate(fs.readFileSync(grammars[which], 'utf8'), edits);
      parseGrammarDocument(text, 'fuzz.grxml', undefined, () => undefined);
    }),
    { numRuns: 400, seed: 11_2026 },
  );
  // In a call: a field listening with the mutated grammar, fed caller input.
  const logger = new MemoryLogger();
  const runtime = freshRuntime(logger);
  await fc.assert(
    fc.asyncProperty(fc.nat(grammars.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), fc.array(callerEvent, { minLength: 1, maxLength: 4 }), async (which, edits, inputs) => {
      const source = grammars[which];
      const dir = path.join(work, path.relative(SAMPLES, path.dirname(source)));
      const n = runs++;
      const ext = path.extname(source);
      fs.writeFileSync(path.join(dir, `fuzz-${n}${ext}`), mutate(fs.readFileSync(source, 'utf8'), edits));
      fs.writeFileSync(
        path.join(dir, `fuzz-${n}.vxml`),
        `<?xml version="1.0"?><vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><form><field name="f"><grammar src="fuzz-${n}${ext}"/><prompt>Go.</prompt><filled><prompt>Got <value expr="f"/>.</prompt></filled></field></form></vxml>`,
      );
      const mark = logger.lines.length;
      await playCall(runtime, `fuzz-g-${n}`, served(path.join(dir, `fuzz-${n}.vxml`)), inputs);
      const defects = logger.lines.slice(mark).filter((l) => DEFECTS.test(l.message));
      if (defects.length) throw new Error(`${path.relative(SAMPLES, source)} mutated by ${JSON.stringify(edits)}: ${defects.map((d) => `${d.message}: ${String(d.error ?? '')}`).join('\n')}`);
    }),
    { numRuns: 60, seed: 12_2026, interruptAfterTimeLimit: 10_000 },
  );
  await runtime.close();
}, 60_000);
