/**
 * The optional LLM against a loopback fake of an OpenAI-compatible server (the real `openai` SDK client in
 * the runtime's port, gateway/runtime/llm-client.ts): the pure NLU asks it only when the offline classifier is
 * unsure, offers only the labels the grammars allow and validates the answer; on an invalid answer, an error
 * or the port's deadline the offline decision stands.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAnswer, type LlmPort } from '../../gateway/nlu/index';
import { createOpenAiLlm, withDeadline } from '../../gateway/runtime/llm-client';
import { NluHook } from '../../gateway/runtime/nlu-hook';
import { MemoryLogger, createUnderstanding, parseConfig } from '../../gateway/index';
import { NOW, app } from './helpers';
import { Probe } from './helpers';

interface Fake {
  url: string;
  requests: { body: { model: string; messages: { role: string; content: string }[] } }[];
  reply: (userPrompt: string) => { content?: string; delayMs?: number; status?: number };
  close(): Promise<void>;
}

async function fakeOpenAi(): Promise<Fake> {
  const fake: Partial<Fake> = { requests: [], reply: () => ({ content: '{"label": null}' }) };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Fake['requests'][number]['body'];
      fake.requests?.push({ body });
      const r = fake.reply?.(body.messages.find((m) => m.role === 'user')?.content ?? '') ?? {};
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            r.status && r.status >= 400
              ? { error: { message: 'overloaded', type: 'server_error' } }
              : { id: 'x', object: 'chat.completion', created: 0, model: body.model, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: r.content ?? '' } }] },
          ),
        );
      };
      if (r.delayMs) setTimeout(send, r.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake as Fake;
}

/** The id the prompt gives a label ("- L2: bookings (callers say …)"). */
function idOf(prompt: string, name: string): string {
  const m = new RegExp(`- (L\\d+): ${name} \\(`).exec(prompt);
  if (!m) throw new Error(`label ${name} not offered in:\n${prompt}`);
  return m[1];
}

let fake: Fake;
let port: LlmPort;
beforeAll(async () => {
  fake = await fakeOpenAi();
  port = createOpenAiLlm({ baseURL: fake.url, model: 'fake-model', apiKey: 'k', timeoutMs: 2000 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

// Unsure offline: "bags" and a flight both appear ("where do i pick up my bags from my flight").
const UNSURE = 'i got off my flight and now i am waiting by the carousel';

it('a valid answer naming an offered label decides (path llm), with the labels and examples in the prompt', async () => {
  fake.reply = (prompt) => ({ content: JSON.stringify({ label: idOf(prompt, 'lost baggage'), confidence: 0.82 }) });
  const probe = new Probe({ llm: { port, consultBelow: 0.75 } });
  const out = await probe.at('airline', 'main.vxml#main_menu', UNSURE);
  expect(out.result).toMatchObject({ path: 'llm', score: 0.82, inputmode: 'voice' });
  expect(await probe.outcome('airline', 'main.vxml#main_menu', UNSURE)).toBe('next:baggage.vxml');
  const sent = fake.requests[0].body;
  expect(sent.model).toBe('fake-model');
  const user = sent.messages.find((m) => m.role === 'user')?.content ?? '';
  expect(user).toContain(JSON.stringify(UNSURE));
  expect(user).toMatch(/- L\d+: flight status \(callers say e\.g\. "flight status"/);
  expect(sent.messages[0].content).toMatch(/ONLY answer with one of the option ids/);
});

it('an answer naming a label that was not offered is rejected: the offline decision stands', async () => {
  fake.reply = () => ({ content: '{"label": "pizza delivery", "confidence": 1}' });
  const out = await new Probe({ llm: { port, consultBelow: 0.75 } }).at('airline', 'main.vxml#main_menu', UNSURE);
  expect(fake.requests).toHaveLength(1);
  expect(out.result).toBeUndefined();
  expect(out.llm).toMatch(/ignored: "pizza delivery" is not one of the offered labels/);
});

it('malformed output and server errors leave the offline decision', async () => {
  fake.reply = () => ({ content: 'I think they want baggage' });
  expect((await new Probe({ llm: { port, consultBelow: 0.75 } }).at('airline', 'main.vxml#main_menu', UNSURE)).llm).toMatch(/no JSON object/);
  fake.reply = () => ({ status: 503 });
  const out = await new Probe({ llm: { port, consultBelow: 0.75 } }).at('airline', 'main.vxml#main_menu', UNSURE);
  expect(out.result).toBeUndefined();
  expect(out.llm).toMatch(/ignored/);
});

it('a timeout falls back to the offline result within the deadline', async () => {
  fake.reply = (prompt) => ({ content: JSON.stringify({ label: idOf(prompt, 'lost baggage') }), delayMs: 1500 });
  const started = Date.now();
  const quick = createOpenAiLlm({ baseURL: fake.url, model: 'fake-model', apiKey: 'k', timeoutMs: 200 });
  const out = await new Probe({ llm: { port: quick, consultBelow: 0.75 } }).at('airline', 'main.vxml#main_menu', UNSURE);
  expect(Date.now() - started).toBeLessThan(1200);
  expect(out.result).toBeUndefined();
  expect(out.llm).toMatch(/no answer within 200 ms/);
});

it('"none" from the LLM keeps a nomatch; a confident offline result is never sent to the LLM', async () => {
  fake.reply = () => ({ content: '{"label": null, "confidence": 0.9}' });
  const probe = new Probe({ llm: { port, consultBelow: 0.75 } });
  expect((await probe.at('airline', 'main.vxml#main_menu', UNSURE)).result).toBeUndefined();
  fake.requests.length = 0;
  const sure = await probe.at('airline', 'main.vxml#main_menu', 'i want to check in for my flight');
  expect(sure.result?.path).toBe('classifier');
  expect(fake.requests).toHaveLength(0);
});

it('answers are validated with zod before use', () => {
  const labels = [{ id: 'L1', name: 'a', examples: [] }];
  expect(parseAnswer('```json\n{"label":"L1","confidence":0.5}\n```', labels)).toEqual({ kind: 'label', id: 'L1', confidence: 0.5 });
  expect(parseAnswer('{"label": 3}', labels).kind).toBe('invalid');
  expect(parseAnswer('{"label": "L1", "confidence": 7}', labels).kind).toBe('invalid');
  expect(parseAnswer('{"label": null}', labels)).toEqual({ kind: 'none' });
});

it('without nlu.llm in the configuration no LLM port exists (no network)', async () => {
  const hook = createUnderstanding(parseConfig({}));
  expect(hook).toBeInstanceOf(NluHook);
  expect((hook as NluHook).nlu.llm).toBeUndefined();
  expect(createUnderstanding(parseConfig({ nlu: { enabled: false } }))).toBeUndefined();
  const withLlm = createUnderstanding(parseConfig({ nlu: { llm: { baseURL: fake.url, model: 'm', consultBelow: 0.5 } } }));
  expect((withLlm as NluHook).nlu.llm?.consultBelow).toBe(0.5);
  expect((withLlm as NluHook).nlu.llm?.port.name).toBe(`m at ${fake.url}`);
  expect(fake.requests).toHaveLength(0);
});

it('the port keeps its deadline: a slow server is aborted and the port rejects saying so', async () => {
  await expect(withDeadline(50, (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('too late'))))).rejects.toThrow('no answer within 50 ms');
  await expect(withDeadline(1000, async () => 'in time')).resolves.toBe('in time');
  fake.reply = () => ({ content: '{"label": null}', delayMs: 800 });
  const slow = createOpenAiLlm({ baseURL: fake.url, model: 'fake-model', apiKey: 'k', timeoutMs: 100 });
  await expect(slow.complete('s', 'u')).rejects.toThrow('no answer within 100 ms');
});

it('the runtime hook logs each decision (path, label, score, the LLM’s say, time) and returns the NLU’s result', async () => {
  fake.reply = (prompt) => ({ content: JSON.stringify({ label: idOf(prompt, 'lost baggage'), confidence: 0.9 }) });
  const a = app('airline');
  const { grammars, lang } = a.active('main.vxml#main_menu');
  const voice = grammars.filter((g) => g.decl.mode === 'voice');
  const hook = new NluHook(new Probe({ llm: { port, consultBelow: 0.75 } }).nlu);
  const logger = new MemoryLogger();
  const ctx = { documents: a.documents, now: NOW, load: { logger } } as unknown as Parameters<NluHook['understand']>[1];
  const result = await hook.understand({ utterance: { text: UNSURE, confidence: 0.8 }, grammars: voice, engine: a.engine, resolve: a.resolve, lang }, ctx);
  expect(result?.path).toBe('llm');
  const line = logger.lines.find((l) => l.message === 'nlu');
  expect(line).toMatchObject({ utterance: UNSURE, path: 'llm', label: undefined, llm: expect.stringContaining('lost baggage') });
  expect(typeof line?.ms).toBe('number');
});
