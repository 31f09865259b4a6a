/**
 * `vxml-gateway replay <file|dir>... [--channel sim|twilio|acs|all] [--json <report>] [--gateway <url>[,<url>...]]`
 * Runs replay scripts; one line per script, then `N passed, M failed`; exit 0 only when all pass.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { createSimDriver } from '../../../adapters/sim/index';
import { createTwilioReplayDriver, loadTwilioConfig } from '../../../adapters/twilio/index';
import { acsSimulatorEnv, createAcsReplayDriver } from '../../../adapters/acs/simulator';
import { startAppServer } from '../../../vxml-samples/app-server';
import { sharedAppServer } from '../shared-app-server';
import { coverageLines } from '../../coverage/index';
import { startCoverage, writeCoverage } from '../coverage';
import { expandInputs, runReplay, type Channel, type DriverRegistry, type GatewayConfig } from '../../index';
import { commandConfig } from '../command-config';

/**
 * Replay drivers by channel. A channel adapter registers its simulator with ONE line here, e.g.
 *   twilio: (ctx) => createTwilioReplayDriver(ctx),
 */
export const REPLAY_DRIVERS: DriverRegistry = {
  sim: ({ config, overrides }) => createSimDriver(config, overrides),
  twilio: (ctx) => createTwilioReplayDriver({ ...ctx, twilio: loadTwilioConfig(process.env) }),
  acs: (ctx) => createAcsReplayDriver({ ...ctx, ...acsSimulatorEnv(process.env) }),
};

export interface ReplayCommandOptions {
  channel: string;
  json?: string;
  gateway?: string;
  /** Use this running app server for applications with a back end (remote gateways must reach and allow it). */
  appServer?: string;
  /** Write a flow-coverage report (JSON) here and print the percentages. */
  coverage?: string;
  /** Directory report paths are relative to (default: the working directory). */
  cwd?: string;
}

export interface ReplayIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Show a progress bar on this stream (a TTY) when many scripts run. */
  progressStream?: NodeJS.WritableStream;
}

/** Scripts from which on a progress bar is shown. */
const PROGRESS_FROM = 5;

export async function runReplayCommand(inputs: string[], opts: ReplayCommandOptions, config: GatewayConfig, io: ReplayIo, registry: DriverRegistry = REPLAY_DRIVERS): Promise<number> {
  const available = Object.keys(registry) as Channel[];
  let channels: Channel[];
  if (opts.channel === 'all') channels = available;
  else if ((available as string[]).includes(opts.channel)) channels = [opts.channel as Channel];
  else {
    io.err(`replay: --channel must be one of ${[...available, 'all'].join(', ')}, not "${opts.channel}"${['twilio', 'acs'].includes(opts.channel) ? ` (the ${opts.channel} channel is not available in this build yet)` : ''}`);
    return 2;
  }
  const gateways = opts.gateway
    ?.split(',')
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
  for (const g of gateways ?? []) {
    if (!/^https?:\/\/[^/]+/i.test(g)) {
      io.err(`replay: --gateway takes http(s) URLs separated by commas, not "${g}"`);
      return 2;
    }
  }
  if (opts.coverage && gateways?.length) {
    io.err('replay: --coverage observes the in-process interpreter; it cannot be combined with --gateway');
    return 2;
  }
  const coverage = opts.coverage ? startCoverage(opts.cwd ?? process.cwd()) : undefined;
  if (opts.appServer !== undefined && !/^https?:\/\/[^/]+\/?$/i.test(opts.appServer)) {
    io.err(`replay: --app-server takes the app server's base URL (http://host:port), not "${opts.appServer}"`);
    return 2;
  }
  const appServer = opts.appServer ? sharedAppServer(opts.appServer) : startAppServer;
  let total: number;
  try {
    total = expandInputs(inputs).length * channels.length;
  } catch (e) {
    io.err(`replay: ${(e as Error).message}`);
    return 2;
  }
  let bar: cliProgress.SingleBar | undefined;
  const buffered: string[] = [];
  if (io.progressStream && total >= PROGRESS_FROM) {
    bar = new cliProgress.SingleBar({ stream: io.progressStream, format: 'replay [{bar}] {value}/{total} scripts', clearOnComplete: true, hideCursor: true, noTTYOutput: true }, cliProgress.Presets.shades_classic);
    bar.start(total, 0);
  }
  let summary;
  try {
    summary = await runReplay({
      inputs,
      channels,
      registry,
      config,
      gateways,
      startAppServer: coverage ? coverage.startAppServer(appServer) : appServer,
      ...(coverage ? { overrides: coverage.overrides } : {}),
      // While the bar draws, lines wait so the terminal stays readable.
      onLine: (line) => (bar ? buffered.push(line) : io.out(line)),
      onProgress: (done) => bar?.update(done),
    });
  } finally {
    bar?.stop();
    for (const line of buffered) io.out(line);
  }
  if (opts.json) {
    fs.writeFileSync(opts.json, JSON.stringify({ channels, passed: summary.passed, failed: summary.failed, scripts: summary.outcomes }, null, 2) + '\n');
  }
  if (coverage && opts.coverage) {
    const report = await coverage.finish();
    for (const line of coverageLines(report)) io.out(line);
    writeCoverage(opts.coverage, report);
  }
  if (channels.length > 1) {
    for (const channel of channels) {
      const mine = summary.outcomes.filter((o) => o.channel === channel);
      const ok = mine.filter((o) => o.passed).length;
      io.out(`${channel}: ${ok} passed, ${mine.length - ok} failed`);
    }
  }
  io.out(`${summary.passed} passed, ${summary.failed} failed`);
  return summary.failed === 0 && summary.passed > 0 ? 0 : 1;
}

export function register(program: Command): void {
  program
    .command('replay')
    .description('replay recorded caller transactions (YAML/JSON scripts) against the gateway')
    .argument('<inputs...>', 'script files, or directories of *.yaml / *.json scripts')
    .option('--channel <channel>', 'sim, twilio, acs, or all (every available channel)', 'sim')
    .option('--json <report>', 'also write a JSON report to this file')
    .option('--gateway <urls>', 'drive already running gateways (comma-separated URLs; successive turns go to them in turn)')
    .option('--app-server <url>', 'applications with a back end are served by this running app server (the gateways must allow its origin) instead of one started on a loopback port')
    .option('--coverage <report>', 'record the dialogs, form items, handlers and transitions the calls exercised: print the percentages, write a JSON report')
    .action(async (inputs: string[], options: ReplayCommandOptions) => {
      const config = commandConfig();
      if (!config) return;
      process.exitCode = await runReplayCommand(inputs, options, config, {
        out: (l) => process.stdout.write(`${l}\n`),
        err: (l) => process.stderr.write(`${l}\n`),
        progressStream: process.stderr.isTTY ? process.stderr : undefined,
      });
    });
}
