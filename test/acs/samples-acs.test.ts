/**
 * Every sample replay passes on `--channel acs` exactly as on sim (issue 6 "done when"): the real ACS routes
 * and the real Call Automation SDK against the loopback ACS simulator, the sample back ends in the sample
 * app server. A script passes on acs wherever it passes on sim.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createAcsReplayDriver, type AcsSimulator } from '../../adapters/acs/simulator';
import { createSimDriver } from '../../adapters/sim/index';
import { AppResolver, formatOutcome, loadScript, MemoryLogger, parseConfig, runScript, type LoadedScript } from '../../gateway/index';
import { listSampleApps, startAppServer } from '../../vxml-samples/app-server';

const scripts = listSampleApps().flatMap((app) => {
  const dir = path.join(app.dir, 'replays');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort() : [];
  return files.map((f) => ({ app: app.id, file: path.join(dir, f) }));
});

const config = parseConfig({ log: { level: 'warn' } });
const logger = new MemoryLogger();
const sim = createSimDriver(config, { logger: new MemoryLogger() });
const resolver = new AppResolver(startAppServer);
let acs: AcsSimulator;
beforeAll(async () => {
  acs = await createAcsReplayDriver({ config, overrides: { logger } });
});
afterAll(async () => {
  await acs?.close();
  await resolver.close();
});

test('there are sample replays to run', () => {
  expect(scripts.length).toBeGreaterThan(0);
});

if (scripts.length > 0) test.each(scripts.map((s) => [`${s.app}/${path.basename(s.file)}`, s.file]))('%s: same outcome on acs as on sim', async (_label, file) => {
  const loaded: LoadedScript = loadScript(file);
  const app = await resolver.resolve(loaded.script.app, file);
  const onSim = await runScript(loaded, app, sim);
  const mark = logger.lines.length;
  const onAcs = await runScript(loaded, app, acs);
  // acs must pass wherever sim passes; where sim fails too (samples-sim.test.ts reports that), acs must
  // fail at the same step — anything else is a difference between the channels.
  const same = onAcs.passed || (!onSim.passed && onSim.failure?.step === onAcs.failure?.step && onSim.error === onAcs.error);
  if (!same) {
    const logs = logger.lines.slice(mark).filter((l) => l.level !== 'debug').map((l) => JSON.stringify(l));
    throw new Error(`sim: ${formatOutcome(onSim, false)}\nacs: ${formatOutcome(onAcs, false)}\n${logs.slice(-25).join('\n')}`);
  }
});
