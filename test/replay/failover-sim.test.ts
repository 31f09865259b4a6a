/**
 * Any instance can serve any turn: two runtimes share only their stores (sessions, POST-answer documents);
 * each has its own caches and ECMAScript realms. Successive turns of every call alternate between them and
 * every sample replay still passes on the sim channel.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SimDriver, SimRecordings } from '../../adapters/sim/index';
import {
  AppResolver,
  createRuntime,
  FakeClock,
  formatOutcome,
  loadScript,
  MemoryLogger,
  MemoryResponseDocumentStore,
  MemorySessionStore,
  parseConfig,
  runScript,
  type CallRuntime,
} from '../../gateway/index';
import { listSampleApps, startAppServer } from '../../vxml-samples/app-server';

const scripts = listSampleApps().flatMap((app) => {
  const dir = path.join(app.dir, 'replays');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort().map((f) => path.join(dir, f)) : [];
});

const clock = new FakeClock(Date.now());
const sessions = new MemorySessionStore(clock, 600);
const responses = new MemoryResponseDocumentStore(clock, 600);
const recordings = new SimRecordings();
const logger = new MemoryLogger();
const config = parseConfig({});
const instances = [0, 1].map(() => createRuntime(config, { sessions, responses, recordings, clock, logger }));
let turns = [0, 0];

/** Round-robin over the instances, per request. */
const alternating: CallRuntime = {
  start: (call) => instances[(turns[0]++ + turns[1]) % 2].start(call),
  handle: (id, event, opts) => {
    const i = (turns[0] + turns[1]) % 2;
    turns[i]++;
    return instances[i].handle(id, event, opts);
  },
  has: (id) => instances[0].has(id),
};
const driver = new SimDriver(alternating, recordings);
const resolver = new AppResolver(startAppServer);
afterAll(() => resolver.close());

if (scripts.length > 0)
  test.each(scripts.map((f) => [path.relative(path.join(__dirname, '..', '..'), f), f]))('%s passes with turns alternating between two instances', async (_label, file) => {
    turns = [0, 0];
    const loaded = loadScript(file);
    const outcome = await runScript(loaded, await resolver.resolve(loaded.script.app, file), driver);
    if (!outcome.passed) throw new Error(formatOutcome(outcome, false));
    if (loaded.script.steps.filter((s) => !('expect' in s)).length >= 2) expect(Math.min(...turns)).toBeGreaterThan(0);
  });
