/**
 * Every sample application's replay scripts on the Twilio channel: the simulated Twilio drives the real
 * webhook routes over loopback HTTP (signed requests, TwiML parsed verb by verb) against the real runtime.
 */
import path from 'node:path';
import { expandInputs, parseConfig, runReplay, type ScriptOutcome } from '../../gateway/index';
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
