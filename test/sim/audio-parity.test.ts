/**
 * <audio> as every channel hears it (contracts/replay.ts CallObservation; VoiceXML 2.0 §4.1.3): a file the
 * platform can play is heard as `[audio <url>]`, its fallback content only when the file cannot be played —
 * decided by the gateway's one AudioProber. The sim and the simulated Twilio must hear the same.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSimDriver } from '../../adapters/sim/index';
import { createTwilioReplayDriver } from '../../adapters/twilio/index';
import { AudioProber, MemoryLogger, OriginPolicy, parseConfig, policyGate, type ReplayDriver } from '../../gateway/index';

const DOC = (extra = '') => `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <form><block>
    <prompt>Start. <audio src="ok.wav">Fallback of ok.</audio></prompt>
    <prompt><audio src="missing.wav">Fallback of missing.</audio></prompt>
    <prompt><audio src="page.wav">Fallback of page.</audio></prompt>
    <prompt><audio src="missing.wav"/> End.</prompt>
    ${extra}
  </block></form>
</vxml>`;

describe('on a file: application (the sim reads the application directory)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-audio-'));
    fs.mkdirSync(path.join(dir, 'app'));
    fs.writeFileSync(path.join(dir, 'app', 'ok.wav'), 'RIFF');
    fs.writeFileSync(path.join(dir, 'outside.wav'), 'RIFF');
    fs.mkdirSync(path.join(dir, 'app', 'page.wav')); // a directory, not a file
    fs.writeFileSync(path.join(dir, 'app', 'main.vxml'), DOC('<prompt><audio src="../outside.wav">Fallback of outside.</audio><audio src="http://cdn.example/x.wav">Fallback of cdn.</audio></prompt>'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('existing file played; missing, not a file, or outside the directory → fallback; no fallback → the file', async () => {
    const driver = createSimDriver(parseConfig({}), { logger: new MemoryLogger() });
    const app = pathToFileURL(path.join(dir, 'app', 'main.vxml')).href;
    const base = app.replace(/main\.vxml$/, '');
    const { observed } = await driver.start({ app });
    expect(observed.heard).toEqual([
      `Start. [audio ${base}ok.wav]`,
      'Fallback of missing.',
      'Fallback of page.',
      `[audio ${base}missing.wav] End.`,
      // Another origin is the platform's to fetch (the gateway never requests it): played, as on Twilio.
      `Fallback of outside. [audio http://cdn.example/x.wav]`,
    ]);
  });
});

describe('on an http application: sim and Twilio hear the same', () => {
  let server: http.Server;
  let origin: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/app/main.vxml') res.writeHead(200, { 'Content-Type': 'application/voicexml+xml' }).end(DOC());
      else if (req.url === '/app/ok.wav') res.writeHead(200, { 'Content-Type': 'audio/wav' }).end(req.method === 'HEAD' ? undefined : 'RIFF');
      else if (req.url === '/app/page.wav') res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>not found</html>');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const expected = () => [`Start. [audio ${origin}/app/ok.wav]`, 'Fallback of missing.', 'Fallback of page.', `[audio ${origin}/app/missing.wav] End.`];

  test.each([
    ['sim', async (): Promise<ReplayDriver> => createSimDriver(parseConfig({}), { logger: new MemoryLogger() })],
    ['twilio', async (): Promise<ReplayDriver> => createTwilioReplayDriver({ config: parseConfig({ log: { level: 'error' } }) })],
  ])('%s', async (_channel, make) => {
    const driver = await make();
    try {
      const { observed } = await driver.start({ app: `${origin}/app/main.vxml` });
      expect(observed.heard.join(' ')).toBe(expected().join(' '));
    } finally {
      await driver.close();
    }
  });
});

describe('AudioProber', () => {
  test('verdicts are cached per URL; the gate decides what may be checked at all', async () => {
    let now = 0;
    const hits: string[] = [];
    const server = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      if (req.url === '/moved.wav') res.writeHead(302, { Location: '/ok.wav' }).end();
      else if (req.url === '/away.wav') res.writeHead(302, { Location: 'http://elsewhere.example/a.wav' }).end();
      else if (req.url === '/ok.wav') res.writeHead(200, { 'Content-Type': 'audio/wav' }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const o = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const prober = new AudioProber({ ttlMs: 1000, now: () => now });
      const gate = policyGate(new OriginPolicy(`${o}/app.vxml`, []));
      expect(await prober.playable(`${o}/ok.wav`, gate)).toBe(true);
      expect(await prober.playable(`${o}/ok.wav`, gate)).toBe(true);
      expect(hits).toEqual(['HEAD /ok.wav']);
      now = 2000; // expired: checked again
      expect(await prober.playable(`${o}/ok.wav`, gate)).toBe(true);
      expect(hits).toHaveLength(2);
      expect(await prober.playable(`${o}/moved.wav`, gate)).toBe(true); // a redirect within the allowed origin is followed
      expect(await prober.playable(`${o}/away.wav`, gate)).toBe(true); // one off the allowed origins is the platform's
      expect(hits).not.toContain('HEAD /a.wav');
      expect(await prober.playable(`${o}/gone.wav`, gate)).toBe(false);
      expect(await prober.playable('http://cdn.example/x.wav', gate)).toBe(true); // never requested
      expect(await prober.playable('data:audio/wav;base64,AAAA', gate)).toBe(false);
      expect(await prober.playable('not a url', gate)).toBe(false);
      expect(await prober.playable(`file://${__filename}`, { origin: () => true })).toBe(false); // a network platform plays no files
      expect(hits.every((h) => !h.includes('cdn'))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
