/**
 * Exact Call Automation requests of representative turns, as the real SDK sends them to the fake ACS,
 * with the real runtime and interpreter: a DTMF menu, a French voice field with SSML, an <audio> whose
 * file cannot be played, bridged and blind transfers, a recording, hang-ups. Golden JSON in
 * test/acs/golden/; regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAcsReplayDriver, type AcsSimulator } from '../../adapters/acs/simulator';
import type { RecordedRequest } from '../../adapters/acs/simulator/fake-acs';
import { MemoryLogger, parseConfig, type ReplayCallHandle } from '../../gateway/index';

const ROOT = path.resolve(__dirname, '../..');
const fixture = (name: string) => pathToFileURL(path.join(__dirname, 'fixtures', name)).href;
let driver: AcsSimulator;
const logger = new MemoryLogger();

beforeAll(async () => {
  driver = await createAcsReplayDriver({
    config: parseConfig({ log: { level: 'warn' } }),
    overrides: { logger },
    acsConfig: { beepUrl: 'https://media.example/beep.wav', voices: { 'fr-FR': 'fr-FR-HenriNeural' } },
    fake: { jwtAudience: undefined, playable: async (url) => url.startsWith('https://media.example/') },
  });
});
afterAll(() => driver.close());

/** Stable JSON: ids, secrets and checkout paths replaced by placeholders. */
function normalise(requests: RecordedRequest[], ids: Record<string, string>): unknown[] {
  let text = JSON.stringify(requests.map((r) => ({ method: r.method, path: r.path, ...(r.body !== undefined ? { body: r.body } : {}) })));
  for (const [value, name] of Object.entries(ids)) text = text.split(value).join(name);
  text = text.replace(/\/acs\/callbacks\/[0-9a-f-]{36}\?secret=[A-Za-z0-9_-]+/g, '/acs/callbacks/<call>?secret=<secret>');
  text = text.replace(/http:\/\/127\.0\.0\.1:\d+\/acs/g, 'http://127.0.0.1:<port>/acs');
  text = text.replace(/\/calling\/recordings\/[0-9a-f-]{36}/g, '/calling/recordings/<recordingId>');
  text = text.split(pathToFileURL(ROOT).href).join('file://<root>');
  return JSON.parse(text) as unknown[];
}

async function golden(name: string, app: string, drive: (call: ReplayCallHandle) => Promise<void>): Promise<void> {
  const mark = driver.acs.requests.length;
  const { call } = await driver.start({ app, from: '+14255550123', to: '+18005550100' });
  await drive(call);
  await call.close();
  const fake = [...driver.acs.calls.values()].pop()!;
  const actual = normalise(driver.acs.requests.slice(mark), { [fake.ids.callConnectionId]: '<callConnectionId>', [fake.incomingCallContext]: '<incomingCallContext>' });
  const file = path.join(__dirname, 'golden', `${name}.json`);
  const text = JSON.stringify(actual, null, 2);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, text + '\n');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npx jest test/acs/golden and review it`);
  expect(text).toBe(fs.readFileSync(file, 'utf8').trimEnd());
}

test('DTMF menu: answer, recognize with the prompt (timeout from <prompt timeout>), noinput, choice, goodbye and terminate', async () => {
  await golden('menu', fixture('menu.vxml'), async (call) => {
    await call.silence();
    const o = await call.dtmf('2');
    expect(o).toMatchObject({ heard: ['Support. Goodbye.'], ended: true });
  });
});

test('voice field in French: speech recognize (speechLanguage, 20 s clamp, end silence), SSML prompt with the configured voice', async () => {
  await golden('voice', fixture('voice.vxml'), async (call) => {
    const o = await call.say('1 2 3 4', 0.87);
    expect(o.ended).toBe(true);
  });
  expect(logger.lines.some((l) => l.message === 'acs: recognize adjusted to ACS limits' && JSON.stringify(l.adjustments).includes('initialSilenceTimeout 30s'))).toBe(true);
});

test('an <audio> file ACS cannot fetch: the recognize is reissued with the fallback text; bargein="false" → interruptPrompt false', async () => {
  await golden('audio-fallback', fixture('audio.vxml'), async (call) => {
    await call.say('yes', 0.9);
  });
});

test('bridged transfer (addParticipant, caller id, invitation timeout, key watch) then blind transfer (transferToParticipant)', async () => {
  await golden('transfer', fixture('transfer.vxml'), async (call) => {
    const bridged = await call.transferResult('far_end_disconnect');
    expect(bridged.heard).toEqual(['The agent call ended: far_end_disconnect.', 'Transferring you to the front desk.']);
    const blind = await call.transferResult('far_end_disconnect');
    expect(blind.ended).toBe(true);
  });
});

test('record: prompt + beep, call recording around a speech-watched window ended by #, stop, the file from Event Grid', async () => {
  await golden('record', fixture('record.vxml'), async (call) => {
    const o = await call.record(7, '#');
    expect(o).toMatchObject({ heard: ['Your message lasted 7 seconds.'], ended: true });
  });
});
