/**
 * `vxml-gateway call <file|url>`: an interactive console call on the simulated channel. Prompts are printed;
 * a line of digits, * and # is keyed in as DTMF, other text is spoken (confidence 0.9), an empty line is silence,
 * `/hangup` hangs up. Sample apps with a back end are served by the sample app server, as in `replay`.
 */
import path from 'node:path';
import readline from 'node:readline';
import type { Command } from 'commander';
import { createSimDriver, renderActions, renderObservation, type SimCall } from '../../../adapters/sim/index';
import { startAppServer } from '../../../vxml-samples/app-server';
import { AppResolver, type CallObservation, type GatewayConfig, type TransferResult } from '../../index';
import { commandConfig } from '../command-config';

const TRANSFER_RESULTS: TransferResult[] = ['busy', 'noanswer', 'network_busy', 'near_end_disconnect', 'far_end_disconnect', 'network_disconnect', 'maxtime_disconnect', 'unknown'];

export interface CallIo {
  lines: AsyncIterable<string>;
  out: (text: string) => void;
  cwd: string;
  /** Print each line read (input piped from a file is not echoed by a terminal). */
  echo?: boolean;
}

/** Interprets one typed line for what the call waits for; undefined = not understood (asks again). */
async function answer(call: SimCall, observed: CallObservation, line: string, io: CallIo): Promise<CallObservation | undefined> {
  const text = line.trim();
  if (text === '/hangup') return call.hangup();
  switch (observed.awaiting) {
    case 'input':
      if (text === '') return call.silence();
      if (/^[0-9*#A-Da-d]+$/.test(text)) return call.dtmf(text);
      return call.say(text, 0.9);
    case 'record': {
      if (text === '') return call.silence();
      const secs = Number(text);
      if (Number.isFinite(secs) && secs > 0) return call.record(secs);
      io.out('  (type a number of seconds)\n');
      return undefined;
    }
    case 'transfer':
      if ((TRANSFER_RESULTS as string[]).includes(text)) return call.transferResult(text as TransferResult);
      io.out(`  (one of ${TRANSFER_RESULTS.join(', ')})\n`);
      return undefined;
    case 'none':
      io.out('  (the application is not waiting for anything; /hangup ends the call)\n');
      return undefined;
  }
}

export async function runCall(target: string, opts: { from?: string; to?: string }, config: GatewayConfig, io: CallIo): Promise<number> {
  // Take the iterator now: readline buffers lines only once it exists (piped input arrives at once).
  const lines = io.lines[Symbol.asyncIterator]();
  const apps = new AppResolver(startAppServer);
  try {
    const entry = await apps.resolve(/^https?:\/\//i.test(target) ? target : path.resolve(io.cwd, target), path.join(io.cwd, 'call'));
    const driver = createSimDriver(config);
    io.out(`calling ${entry}\n`);
    const placed = await driver.start({ app: entry, from: opts.from, to: opts.to });
    const call = placed.call as SimCall;
    let observed = placed.observed;
    const show = (): void => {
      for (const l of renderActions(call.lastResult.actions, call.playable)) io.out(`${l}\n`);
    };
    show();
    while (!observed.ended) {
      io.out(renderObservation(observed));
      const next = await lines.next();
      if (next.done) {
        await call.close();
        io.out('\n[input closed: hung up]\n');
        return 0;
      }
      if (io.echo) io.out(`${next.value}\n`);
      const result = await answer(call, observed, next.value, io);
      if (!result) continue;
      observed = result;
      show();
    }
    io.out('[call ended]\n');
    return 0;
  } finally {
    await apps.close();
  }
}

export function register(program: Command): void {
  program
    .command('call')
    .description('place an interactive console call to a VoiceXML application (simulated channel)')
    .argument('<input>', 'entry document: file path or http(s) URL')
    .option('--from <number>', 'caller number (session.connection.remote.uri)', '+15551230000')
    .option('--to <number>', 'called number (session.connection.local.uri)', '+18005550100')
    .action(async (input: string, options: { from?: string; to?: string }) => {
      const config = commandConfig();
      if (!config) return;
      const rl = readline.createInterface({ input: process.stdin, terminal: false });
      try {
        process.exitCode = await runCall(input, options, config, { lines: rl, out: (t) => process.stdout.write(t), cwd: process.cwd(), echo: !process.stdin.isTTY });
      } finally {
        rl.close();
      }
    });
}
