/**
 * Every sample app's replay scripts pass on the simulated channel (issue 3 "done when"). The back ends run
 * in the sample app server on loopback, started once for the whole file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSimDriver } from '../../adapters/sim/index';
import { AppResolver, formatOutcome, loadScript, MemoryLogger, parseConfig, runScript, type LoadedScript } from '../../gateway/index';
import { listSampleApps, startAppServer } from '../../vxml-samples/app-server';

const apps = listSampleApps();
const scripts = apps.flatMap((app) => {
  const dir = path.join(app.dir, 'replays');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort() : [];
  return files.map((f) => ({ app: app.id, file: path.join(dir, f) }));
});

const logger = new MemoryLogger();
const driver = createSimDriver(parseConfig({ log: { level: 'warn' } }), { logger });
const resolver = new AppResolver(startAppServer);
afterAll(() => resolver.close());

test.each(apps.map((a) => [a.id]))('sample app %s has replay scripts', (id) => {
  expect(scripts.filter((s) => s.app === id).length).toBeGreaterThan(0);
});

// (test.each refuses an empty table; the per-app test above already fails when scripts are missing.)
if (scripts.length > 0) test.each(scripts.map((s) => [`${s.app}/${path.basename(s.file)}`, s.file]))('%s passes on sim', async (_label, file) => {
  const loaded: LoadedScript = loadScript(file);
  const app = await resolver.resolve(loaded.script.app, file);
  const mark = logger.lines.length;
  const outcome = await runScript(loaded, app, driver);
  if (!outcome.passed) {
    const logs = logger.lines.slice(mark).filter((l) => l.level !== 'debug').map((l) => JSON.stringify(l));
    throw new Error(`${formatOutcome(outcome, false)}\n${logs.slice(-30).join('\n')}`);
  }
});
