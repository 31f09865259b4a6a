/** Compile, recognition and core turn costs, in a fresh process of their own (no load generator heap). */
import { defaultSamplesRoot } from '../../vxml-samples/app-server';
import { childArg, serveParent, tellReady } from '../lib/child';
import { measureCompile } from '../micro/compile-speed';
import { measureCoreTurns } from '../micro/core-turns';
import { measureGrammar, measureNlu } from '../micro/recognition';
import { measureSandbox } from '../micro/sandbox';

childArg<Record<string, never>>();
serveParent({
  compile: () => measureCompile(),
  grammar: () => measureGrammar(),
  sandbox: () => measureSandbox(),
  nlu: () => measureNlu(defaultSamplesRoot()),
  core: (arg) => {
    const { backendUrl, rounds, profileFile } = arg as { backendUrl: string; rounds?: number; profileFile?: string };
    return measureCoreTurns(defaultSamplesRoot(), backendUrl, rounds, profileFile);
  },
});
tellReady({});
