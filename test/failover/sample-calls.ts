/**
 * The sample calls the failover tests place: recorded replays of the three sample applications, run a few at a
 * time against whatever driver the test built (in-process, two instances, one of them killed …), with the
 * applications' back ends served by the test's recording app server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppResolver, loadScript, runScript, type ReplayDriver, type ScriptOutcome } from '../../gateway/index';

const SAMPLES = ['airline', 'mobile', 'railway'];

/** Replay scripts of the sample applications that `pick` keeps (`index`: position among its application's scripts, by name). */
export function sampleReplays(pick: (file: string, index: number) => boolean): string[] {
  return SAMPLES.flatMap((app) => {
    const dir = path.join(__dirname, '..', '..', 'vxml-samples', app, 'replays');
    return fs
      .readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .filter(pick)
      .map((f) => path.join(dir, f));
  });
}

/** Runs every script, `concurrency` calls at a time; the applications' back ends are those served at `appsUrl`. */
export async function runSampleCalls(files: readonly string[], driver: ReplayDriver, appsUrl: string, concurrency: number): Promise<ScriptOutcome[]> {
  const resolver = new AppResolver(async () => ({ url: appsUrl, close: async () => undefined }));
  const queue = [...files];
  const outcomes: ScriptOutcome[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const loaded = loadScript(file);
        outcomes.push(await runScript(loaded, await resolver.resolve(loaded.script.app, file), driver));
      }
    }),
  );
  return outcomes;
}
