/**
 * The web console's HTTP API over a real gateway runtime and the sample apps' back ends: placing and
 * driving browser calls, the dialog graph and source view, the application allowlist, input validation,
 * caps and rate limits, and the operator live view behind its token.
 */
import request from 'supertest';
import { startConsole, type ConsoleFixture } from './fixture';

const TOKEN = 'operator-token-for-tests-0123';

interface Turn {
  seq: number;
  ended: boolean;
  awaiting: string;
  prompts: { text: string; lang: string }[];
  listen?: { modes: string[]; maxDigits?: number; termchar: string; suggestions: string[] };
  interpretation?: { outcome: string; path?: string; grammarLabel?: string; value?: string; utterance?: string };
  events: { event: string }[];
  position?: { uri: string; dialog: string; item?: string };
}

const heard = (turns: Turn[]): string => turns.flatMap((t) => t.prompts.map((p) => p.text)).join('\n');

async function place(f: ConsoleFixture, app: object = { kind: 'sample', id: 'airline' }): Promise<{ callId: string; key: string; turns: Turn[] }> {
  const res = await request(f.url).post('/console/api/calls').send({ app }).expect(201);
  return res.body as { callId: string; key: string; turns: Turn[] };
}

async function input(f: ConsoleFixture, call: { callId: string; key: string }, body: object, status = 200): Promise<request.Response> {
  return request(f.url).post(`/console/api/calls/${call.callId}/input`).set('X-Call-Key', call.key).send(body).expect(status);
}

describe('browser calls', () => {
  let f: ConsoleFixture;
  beforeAll(async () => {
    f = await startConsole({ token: TOKEN });
  });
  afterAll(async () => {
    await f.close();
  });

  test('the page is served at / with a strict content security policy; assets under /console/assets', async () => {
    const page = await request(f.url).get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('/console/assets/app.js');
    const script = await request(f.url).get('/console/assets/app.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    await request(f.url).get('/console/assets/nope.js').expect(404);
    const traversal = await request(f.url).get('/console/assets/..%2f..%2f..%2fpackage.json');
    expect([403, 404]).toContain(traversal.status);
    expect(traversal.text).not.toContain('"dependencies"');
  });

  test('the catalogue lists the samples and the default application', async () => {
    const res = await request(f.url).get('/console/api/apps').expect(200);
    expect(res.body.samples.map((s: { id: string }) => s.id)).toEqual(['airline', 'mobile', 'railway']);
    expect(res.body.defaultApp).toBe(`${f.samplesUrl}/airline/main.vxml`);
    expect(res.body.live).toMatchObject({ enabled: true });
  });

  test('a call to the airline sample: greeting, keys, speech, with the interpretation and the position of each turn', async () => {
    const call = await place(f);
    expect(call.callId).toMatch(/^web-/);
    const first = call.turns[call.turns.length - 1];
    expect(heard(call.turns)).toContain('Thank you for calling Acme Air.');
    expect(first).toMatchObject({ awaiting: 'input', position: { dialog: 'main_menu' } });
    expect(first.listen).toMatchObject({ modes: ['dtmf', 'voice'], maxDigits: 1 });
    expect(first.listen?.suggestions).toContain('flight status');

    const menu = (await input(f, call, { kind: 'dtmf', digits: '1' })).body.turns as Turn[];
    expect(menu[0].interpretation).toMatchObject({ outcome: 'match', path: 'grammar', grammarLabel: 'menu main_menu, choice 1 "flight status"', value: '"1"' });
    expect(menu[0].position).toMatchObject({ dialog: 'flight_status', item: 'flight_number' });
    expect(heard(menu)).toContain('Please say the flight number');

    const flight = (await input(f, call, { kind: 'speech', text: 'A A one two three' })).body.turns as Turn[];
    expect(flight[0].interpretation).toMatchObject({ outcome: 'match', path: 'grammar', utterance: 'A A one two three', value: '"AA123"' });
    expect(flight[0].interpretation?.grammarLabel).toContain('field flight_number');
    expect(heard(flight)).toContain("From Boston to Chicago O'Hare");
    expect(flight[0].position).toMatchObject({ dialog: 'flight_status', item: 'another' });
    expect(flight[0].listen?.suggestions).toEqual(['yes', 'no']);

    const nomatch = (await input(f, call, { kind: 'speech', text: 'purple elephants' })).body.turns as Turn[];
    expect(nomatch[0].interpretation).toMatchObject({ outcome: 'nomatch' });
    expect(nomatch[0].events.map((e) => e.event)).toContain('nomatch');

    const gone = (await input(f, call, { kind: 'hangup' })).body.turns as Turn[];
    expect(gone[gone.length - 1].ended).toBe(true);
    // The call is over: its key no longer opens anything.
    await input(f, call, { kind: 'dtmf', digits: '1' }, 404);
  });

  test('input the application is not waiting for is refused; keys and bodies are validated', async () => {
    const call = await place(f);
    await request(f.url).post(`/console/api/calls/${call.callId}/input`).send({ kind: 'noinput' }).expect(401);
    await request(f.url).post(`/console/api/calls/${call.callId}/input`).set('X-Call-Key', 'not-the-key').send({ kind: 'noinput' }).expect(404);
    await request(f.url).post('/console/api/calls/not-a-call/input').set('X-Call-Key', call.key).send({ kind: 'noinput' }).expect(400);
    const bad = await input(f, call, { kind: 'dtmf', digits: '12x' }, 400);
    expect(bad.body.error).toMatch(/digits: keys are 0-9/);
    await input(f, call, { kind: 'speech', text: 'x'.repeat(501) }, 400);
    await input(f, call, { kind: 'speech', text: 'line\u0000break' }, 400);
    await input(f, call, { kind: 'dtmf', digits: '1', extra: true }, 400);
    await input(f, call, { kind: 'record', seconds: 3 }, 409);
    await input(f, call, { kind: 'transfer', result: 'busy' }, 409);
    const notJson = await request(f.url).post(`/console/api/calls/${call.callId}/input`).set('X-Call-Key', call.key).set('Content-Type', 'application/json').send('{"kind":').expect(400);
    expect(notJson.body.error).toMatch(/not valid JSON/);
    await input(f, call, { kind: 'hangup' });
  });

  test('caller text is data: script-looking speech is understood exactly like the same words without the punctuation, and never run', async () => {
    const attempts = ['"); process.exit(1); ("', '<script>alert(1)</script>', '${process.exit(1)}', "application.x = 1; ''"];
    const firstTurn = async (text: string): Promise<Turn> => {
      // A fresh call each time: the airline hands a caller who is not understood three times to an agent.
      const call = await place(f);
      const turn = ((await input(f, call, { kind: 'speech', text })).body.turns as Turn[])[0];
      if (!turn.ended) await input(f, call, { kind: 'hangup' });
      return turn;
    };
    for (const text of attempts) {
      const words = text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      const [asCode, asWords] = [await firstTurn(text), await firstTurn(words)];
      // The utterance is kept verbatim; what it means is what its words mean ("exit" may end the call).
      expect(asCode.interpretation).toMatchObject({ utterance: text, outcome: asWords.interpretation?.outcome });
      expect(asCode.interpretation?.value).toEqual(asWords.interpretation?.value);
      expect(asCode.events.map((e) => e.event)).toEqual(asWords.events.map((e) => e.event));
    }
    // Nothing ran: the gateway (this process) still answers, and a plain-words miss is still a nomatch.
    const miss = await firstTurn('<script>alert(1)</script>');
    expect(miss).toMatchObject({ awaiting: 'input', events: [{ event: 'nomatch' }], interpretation: { outcome: 'nomatch' } });
  });

  test('the dialog graph: every airline document, dialogs with their items, source lines of the app only', async () => {
    const call = await place(f);
    const graph = await request(f.url).get(`/console/api/calls/${call.callId}/graph`).set('X-Call-Key', call.key).expect(200);
    const docs: string[] = graph.body.documents;
    expect(docs[0]).toMatch(/\/airline\/main\.vxml$/);
    expect(docs.map((d) => d.split('/').pop()).sort()).toEqual(['agent.vxml', 'baggage.vxml', 'booking.vxml', 'checkin.vxml', 'claim.vxml', 'feedback.vxml', 'flight_status.vxml', 'main.vxml', 'root.vxml']);
    const boxes = graph.body.chart.boxes as { dialog?: string; uri?: string; rows: { key: string }[]; line?: number; endLine?: number }[];
    const fs = boxes.find((b) => b.dialog === 'flight_status');
    expect(fs?.rows.map((r) => r.key)).toEqual(['intro', 'flight_number', 'lookup', 'another']);
    const menu = boxes.find((b) => b.dialog === 'main_menu');
    expect(menu).toMatchObject({ line: 22, endLine: 58 });
    expect(graph.body.chart.edges.length).toBeGreaterThan(10);

    const main = docs[0];
    const source = await request(f.url).get(`/console/api/calls/${call.callId}/source`).query({ uri: main }).set('X-Call-Key', call.key).expect(200);
    expect(source.body.lines[21]).toContain('<menu id="main_menu" dtmf="true">');
    for (const uri of [`${f.samplesUrl}/airline/backend.ts`, 'file:///etc/passwd', main.replace('main.vxml', 'app.json')]) {
      await request(f.url).get(`/console/api/calls/${call.callId}/source`).query({ uri }).set('X-Call-Key', call.key).expect(404);
    }
    await request(f.url).get(`/console/api/calls/${call.callId}/source`).query({ uri: main }).expect(401);
    await input(f, call, { kind: 'hangup' });
  });

  test('a transfer the sim cannot dial comes back in the same turn; a dialable one waits for its result', async () => {
    const call = await place(f);
    const agent = (await input(f, call, { kind: 'dtmf', digits: '6' })).body.turns as Turn[];
    const last = agent[agent.length - 1];
    expect(last.awaiting).toBe('transfer');
    const after = (await input(f, call, { kind: 'transfer', result: 'busy' })).body.turns as Turn[];
    expect(heard(after)).toMatch(/busy|later/i);
    await input(f, call, { kind: 'hangup' });
  });

  test('the feedback line takes a recording made with the mouse', async () => {
    const call = await place(f);
    const feedback = (await input(f, call, { kind: 'dtmf', digits: '5' })).body.turns as Turn[];
    expect(feedback[feedback.length - 1].awaiting).toBe('record');
    const recorded = (await input(f, call, { kind: 'record', seconds: 3 })).body.turns as Turn[];
    expect(recorded[recorded.length - 1].awaiting).toBe('input');
    await input(f, call, { kind: 'record', seconds: 31 }, 400);
    await input(f, call, { kind: 'hangup' });
  });

  test('unknown console API paths answer JSON 404; other paths fall through to the gateway', async () => {
    const res = await request(f.url).get('/console/api/nothing').expect(404);
    expect(res.body.error).toContain('no console API');
    const other = await request(f.url).get('/twilio/voice').expect(404);
    expect(other.text).toBe('gateway 404');
  });
});

describe('the application allowlist', () => {
  test('URLs off the allowed origins, other schemes and unknown samples are refused before any fetch', async () => {
    const f = await startConsole();
    try {
      const refused = await request(f.url).post('/console/api/calls').send({ app: { kind: 'url', url: 'http://169.254.169.254/latest/meta-data/' } }).expect(403);
      expect(refused.body.error).toContain('http://169.254.169.254 is not an allowed origin');
      await request(f.url).post('/console/api/calls').send({ app: { kind: 'url', url: `${f.samplesUrl}/railway/main.vxml` } }).expect(403);
      await request(f.url).post('/console/api/calls').send({ app: { kind: 'url', url: 'file:///etc/passwd' } }).expect(400);
      await request(f.url).post('/console/api/calls').send({ app: { kind: 'url', url: 'http://user:pw@example.com/a.vxml' } }).expect(400);
      await request(f.url).post('/console/api/calls').send({ app: { kind: 'url', url: 'not a url' } }).expect(400);
      await request(f.url).post('/console/api/calls').send({ app: { kind: 'sample', id: '../etc' } }).expect(400);
      await request(f.url).post('/console/api/calls').send({ app: { kind: 'sample', id: 'nosuch' } }).expect(404);
      await request(f.url).post('/console/api/calls').send({ app: { kind: 'url', url: 'javascript:alert(1)' } }).expect(400);
      // The default application itself may be named by URL.
      const ok = await request(f.url).post('/console/api/calls').send({ app: { kind: 'url', url: `${f.samplesUrl}/airline/main.vxml` } }).expect(201);
      expect(ok.body.app.entry).toBe(`${f.samplesUrl}/airline/main.vxml`);
    } finally {
      await f.close();
    }
  });

  test('a URL on an allowed origin is called, and its documents drawn', async () => {
    const f = await startConsole({}, { allowSamplesOrigin: true });
    try {
      const placed = await request(f.url).post('/console/api/calls').send({ app: { kind: 'url', url: `${f.samplesUrl}/railway/main.vxml` } }).expect(201);
      expect(placed.body.turns.flatMap((t: Turn) => t.prompts.map((p) => p.text)).join(' ')).toMatch(/Atlantic Coast Rail/);
      const graph = await request(f.url).get(`/console/api/calls/${placed.body.callId}/graph`).set('X-Call-Key', placed.body.key).expect(200);
      expect(graph.body.documents.some((d: string) => d.endsWith('/railway/journey.vxml'))).toBe(true);
    } finally {
      await f.close();
    }
  });
});

describe('caps and rate limits', () => {
  test('browser calls are capped per client and in total; idle calls are hung up and free their slot', async () => {
    const f = await startConsole({ maxCalls: 3, maxCallsPerClient: 2, idleMs: 60_000 });
    try {
      const a = await place(f);
      await place(f);
      const third = await request(f.url).post('/console/api/calls').send({ app: { kind: 'sample', id: 'airline' } }).expect(429);
      expect(third.body.error).toContain('at most 2');
      f.clock.advance(61_000);
      // The idle calls are swept before the next call is placed.
      await place(f);
      await input(f, a, { kind: 'dtmf', digits: '1' }, 404);
    } finally {
      await f.close();
    }
  });

  test('the total cap answers 503', async () => {
    const f = await startConsole({ maxCalls: 1, maxCallsPerClient: 1 });
    try {
      await place(f);
      const res = await request(f.url).post('/console/api/calls').send({ app: { kind: 'sample', id: 'airline' } });
      expect([429, 503]).toContain(res.status);
      expect(res.body.error).toMatch(/calls in progress/);
    } finally {
      await f.close();
    }
  });

  test('inputs beyond the per-client rate get 429 with Retry-After, until the bucket refills', async () => {
    const f = await startConsole({ rate: { callsPerMinute: 6, inputsPerSecond: 1, inputBurst: 3, livePerSecond: 1, liveBurst: 2 } });
    try {
      const call = await place(f);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await request(f.url).post(`/console/api/calls/${call.callId}/input`).set('X-Call-Key', call.key).send({ kind: 'dtmf', digits: 'x' })).status);
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
      const limited = await request(f.url).post(`/console/api/calls/${call.callId}/input`).set('X-Call-Key', call.key).send({ kind: 'noinput' }).expect(429);
      expect(limited.headers['retry-after']).toBe('1');
      f.clock.advance(2000);
      await input(f, call, { kind: 'noinput' });
    } finally {
      await f.close();
    }
  });
});

describe('the operator live view', () => {
  test('without CONSOLE_TOKEN it is disabled and says so', async () => {
    const f = await startConsole();
    try {
      const apps = await request(f.url).get('/console/api/apps').expect(200);
      expect(apps.body.live).toEqual({ enabled: false, message: expect.stringContaining('CONSOLE_TOKEN') });
      const res = await request(f.url).get('/console/api/live').set('Authorization', 'Bearer anything').expect(403);
      expect(res.body.error).toContain('disabled');
    } finally {
      await f.close();
    }
  });

  test('with a token: wrong or missing tokens are refused (and rate-limited); the right one sees every channel', async () => {
    const f = await startConsole({ token: TOKEN });
    try {
      await request(f.url).get('/console/api/live').expect(401);
      await request(f.url).get('/console/api/live').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      await request(f.url).get('/console/api/live').set('Authorization', TOKEN).expect(401);

      const browser = await place(f);
      await input(f, browser, { kind: 'dtmf', digits: '1' });
      // A call on another channel, through the same runtime: the live view is fed by the turn observer.
      await f.runtime.start({ callId: 'CA-live-1', channel: 'twilio', entry: `${f.samplesUrl}/airline/main.vxml` });
      await f.runtime.handle('CA-live-1', { kind: 'dtmf', digits: '7' }, { turn: 1 });

      const list = await request(f.url).get('/console/api/live').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      const calls = list.body.calls as { callId: string; channel: string; ended: boolean; position?: { dialog: string; item?: string } }[];
      expect(calls.find((c) => c.callId === browser.callId)).toMatchObject({ channel: 'sim', ended: false, position: { dialog: 'flight_status', item: 'flight_number' } });
      expect(calls.find((c) => c.callId === 'CA-live-1')).toMatchObject({ channel: 'twilio', ended: true });

      const lines = await request(f.url).get('/console/api/live/CA-live-1').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      const texts = (lines.body.lines as { who: string; text: string }[]).map((l) => `${l.who}: ${l.text}`);
      expect(texts).toContain('system: Thank you for calling Acme Air.');
      expect(texts).toContain('caller: keys 7');
      expect(texts.some((t) => t.startsWith('system: Thank you for calling Acme Air. Have a pleasant journey.'))).toBe(true);
      const n = (lines.body.lines as { n: number }[]).at(-1)?.n ?? 0;
      const after = await request(f.url).get(`/console/api/live/CA-live-1?after=${n}`).set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(after.body.lines).toEqual([]);
      await request(f.url).get('/console/api/live/nosuch').set('Authorization', `Bearer ${TOKEN}`).expect(404);
      await request(f.url).get('/console/api/live/CA-live-1?after=-1').set('Authorization', `Bearer ${TOKEN}`).expect(400);
    } finally {
      await f.close();
    }
  });

  test('guessing the token is slowed down: repeated failures get 429', async () => {
    const f = await startConsole({ token: TOKEN, rate: { callsPerMinute: 6, inputsPerSecond: 5, inputBurst: 20, livePerSecond: 100, liveBurst: 100 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await request(f.url).get('/console/api/live').set('Authorization', `Bearer guess-${i}`)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await f.close();
    }
  });
});
