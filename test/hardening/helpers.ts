/** Helpers of the hardening tests: an in-process runtime with captured logs, and what a caller hears. */
import { createRuntime, MemoryLogger, parseConfig, type GatewayConfigInput, type GatewayRuntime, type TurnResult } from '../../gateway/index';
import { promptText } from '../../adapters/sim/observe';

export function runtimeWith(config: GatewayConfigInput = {}): { runtime: GatewayRuntime; logger: MemoryLogger } {
  const logger = new MemoryLogger();
  const runtime = createRuntime(parseConfig({ log: { level: 'debug' }, nlu: { enabled: false }, ...config }), { logger });
  return { runtime, logger };
}

/** Prompt texts of a turn, in order. */
export function heard(result: TurnResult): string[] {
  return result.actions.flatMap((a) => (a.kind === 'play' ? a.prompts.map((p) => promptText(p)).filter((t) => t.length > 0) : []));
}

/** VoiceXML events the turn threw. */
export function events(result: TurnResult): string[] {
  return result.trace.flatMap((t) => (t.kind === 'event' ? [t.event] : []));
}

export function last(result: TurnResult): string | undefined {
  return result.actions[result.actions.length - 1]?.kind;
}
