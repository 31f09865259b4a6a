/**
 * The `vxml-gateway` command line: the composition root. Each subcommand lives in commands/<name>.ts and
 * exports `register(program)`; adding a command is one line in COMMANDS below.
 * Exit codes: 0 ok, 1 findings or failures, 2 usage errors.
 */
import { Command, CommanderError } from 'commander';

interface CommandModule {
  register(program: Command): void;
}

/**
 * The subcommands in the order help lists them. Each module is loaded when needed: `serve` does not load the
 * replay simulators (the ACS SDK among them), the assessor or the linter, which cost start-up time and memory.
 */
const COMMANDS: readonly (readonly [string, () => CommandModule])[] = [
  ['lint', () => require('./commands/lint') as typeof import('./commands/lint')],
  ['graph', () => require('./commands/graph') as typeof import('./commands/graph')],
  ['replay', () => require('./commands/replay') as typeof import('./commands/replay')],
  ['call', () => require('./commands/call') as typeof import('./commands/call')],
  ['serve', () => require('./commands/serve') as typeof import('./commands/serve')],
  ['assess', () => require('./commands/assess') as typeof import('./commands/assess')],
];

/**
 * With `argv` (as process.argv) naming a subcommand first, only that one is registered: its parsing, help and
 * errors are the same as with all of them. Anything else (no command, `--help`, a misspelt name that commander
 * suggests a correction for) registers every command.
 */
export function createProgram(argv?: readonly string[]): Command {
  const program = new Command('vxml-gateway')
    .description('Run legacy VoiceXML 2.0/2.1 applications on Twilio and Azure Communication Services')
    .exitOverride()
    .showHelpAfterError();
  const named = argv?.[2];
  const only = COMMANDS.some(([name]) => name === named) ? named : undefined;
  for (const [name, load] of COMMANDS) if (only === undefined || name === only) load().register(program);
  return program;
}

/** Parses argv (as process.argv) and runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram(argv);
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
