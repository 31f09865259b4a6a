/**
 * Every sample application's replay scripts on the Twilio channel: the simulated Twilio drives the real
 * webhook routes over loopback HTTP (signed requests, TwiML parsed verb by verb) against the real runtime.
 */
import path from 'node:path';
import { expandInputs, loadScript, parseConfig, runReplay, runScript, type ScriptOutcome } from '../../gateway/index';
import { createTwilioReplayDriver } from '../../adapters/twilio/index';
import { listSampleApps, startAppServer } from '../../vxml-samples/app-server';

const dirs = listSampleApps()
  .map((app) => path.join(app.dir, 'replays'))
  .filter((dir) => {
    try {
      return expandInputs([dir]).length > 0;
    } catch {
      // A sample without replay scripts yet.
      return false;
    }
  });
const scripts = expandInputs(dirs);
const outcomes = new Map<string, ScriptOutcome>();

beforeAll(async () => {
  const config = parseConfig({ log: { level: 'error' } });
  const summary = await runReplay({
    inputs: dirs,
    channels: ['twilio'],
    registry: { twilio: (ctx) => createTwilioReplayDriver(ctx) },
    config,
    startAppServer,
  });
  for (const o of summary.outcomes) outcomes.set(o.file, o);
}, 300_000);

test('there are sample replays to run', () => {
  expect(scripts.length).toBeGreaterThan(10);
});

test.each(scripts.map((s) => [path.relative(path.join(__dirname, '..', '..'), s), s]))('%s passes on twilio', (_name, file) => {
  const outcome = outcomes.get(file);
  expect(outcome).toBeDefined();
  if (!outcome?.passed) throw new Error(outcome?.error ?? `step ${outcome?.failure?.step}: expected ${outcome?.failure?.expected}; heard: ${outcome?.failure?.heard}`);
});

test('a recorded message reaches the back end as audio bytes, downloaded with the account credentials', async () => {
  const server = await startAppServer({ host: '127.0.0.1', port: 0 });
  const driver = await createTwilioReplayDriver({ config: parseConfig({ log: { level: 'error' } }) });
  try {
    const script = loadScript(path.join(__dirname, '..', '..', 'vxml-samples', 'airline', 'replays', 'feedback-record-and-send.yaml'));
    const outcome = await runScript(script, `${server.url}/airline/main.vxml`, driver);
    expect(outcome).toMatchObject({ passed: true });
    const report = await (await fetch(`${server.url}/airline/jsp/admin/report.jsp`)).text();
    // Six seconds of 8 kHz 8-bit audio plus the WAV header, as the simulated Twilio media host served it.
    expect(report).toContain('<feedback ani="tel:+15551230000" bytes="48044" type="audio/wav"/>');
  } finally {
    await driver.close();
    await server.close();
  }
});
