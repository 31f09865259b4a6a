/**
 * The `vxml-gateway` command line: the composition root. Each subcommand lives in commands/<name>.ts and
 * exports `register(program)`; adding a command is one import and one line below.
 * Exit codes: 0 ok, 1 findings or failures, 2 usage errors.
 */
import { Command, CommanderError } from 'commander';
import { register as registerGraph } from './commands/graph';
import { register as registerLint } from './commands/lint';
import { register as registerReplay } from './commands/replay';
import { register as registerCall } from './commands/call';
import { register as registerServe } from './commands/serve';
import { register as registerAssess } from './commands/assess';

export function createProgram(): Command {
  const program = new Command('vxml-gateway')
    .description('Run legacy VoiceXML 2.0/2.1 applications on Twilio and Azure Communication Services')
    .exitOverride()
    .showHelpAfterError();
  registerLint(program);
  registerGraph(program);
  registerReplay(program);
  registerCall(program);
  registerServe(program);
  registerAssess(program);
  return program;
}

/** Parses argv (as process.argv) and runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    // Commands report their status in process.exitCode; hand it back instead (the entry point sets it).
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`vxml-gateway: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** Run when executed directly or through bin/vxml-gateway.js (which requires the built file). */
const entry = require.main?.filename ?? '';
if (require.main === module || /[\\/]bin[\\/]vxml-gateway(\.js)?$/.test(entry)) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
