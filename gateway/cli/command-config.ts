/**
 * The configuration of a one-shot command (call, replay): read from the environment, logging only errors
 * unless LOG_LEVEL says otherwise, since the command's output is its own lines.
 */
import { loadConfig, type GatewayConfig } from '../index';

/** The configuration, or undefined after writing the problem to stderr and setting exit code 2. */
export function commandConfig(): GatewayConfig | undefined {
  try {
    return loadConfig(process.env, { log: { level: 'error' } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
    return undefined;
  }
}
