/**
 * The web console's configuration. Only gateway/cli hands `process.env` to `loadConsoleConfig`; the console
 * itself receives the parsed object. The operator live view needs CONSOLE_TOKEN: without it the view is off.
 */
import { z } from 'zod';
import { InvalidConfigError, pathProblems } from '../../gateway/index';

const intFromEnv = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, not "${raw}"` });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z.object({
  CONSOLE_TOKEN: z
    .string()
    .optional()
    .transform((t) => (t === undefined || t.trim() === '' ? undefined : t.trim()))
    .refine((t) => t === undefined || t.length >= 12, { message: 'must be at least 12 characters (it guards the transcripts of every call)' }),
  CONSOLE_MAX_CALLS: intFromEnv(1, 1000, 20),
  CONSOLE_MAX_CALLS_PER_CLIENT: intFromEnv(1, 100, 4),
  CONSOLE_IDLE_S: intFromEnv(10, 86400, 600),
});

export interface ConsoleConfig {
  /** Operator token of the live view; undefined = live view disabled. */
  token?: string;
  /** Browser calls in progress at once (all clients). */
  maxCalls: number;
  /** Browser calls in progress at once from one client address. */
  maxCallsPerClient: number;
  /** A browser call without input for this long is hung up and its slot freed. */
  idleMs: number;
  /** Live view: calls kept, lines kept per call, how long an ended call stays visible. */
  live: { maxCalls: number; linesPerCall: number; endedRetentionMs: number };
  /** Requests per client: sustained rate per second and burst, for the call API and for the live view. */
  rate: { callsPerMinute: number; inputsPerSecond: number; inputBurst: number; livePerSecond: number; liveBurst: number };
  /** Form item names whose input is redacted in the live view (pin, card numbers…). */
  sensitiveItems: RegExp;
}

export const DEFAULT_SENSITIVE_ITEMS = /pin|passcode|password|passwd|card|cvv|cvc|ssn|social|secret|security/i;

export class ConsoleConfigError extends InvalidConfigError {
  constructor(problems: string[]) {
    super('ConsoleConfigError', 'web console configuration', problems);
  }
}

/** Defaults for everything but the token (tests override what they probe). */
export function consoleConfig(overrides: Partial<ConsoleConfig> = {}): ConsoleConfig {
  return {
    maxCalls: 20,
    maxCallsPerClient: 4,
    idleMs: 600_000,
    live: { maxCalls: 500, linesPerCall: 200, endedRetentionMs: 300_000 },
    rate: { callsPerMinute: 6, inputsPerSecond: 5, inputBurst: 20, livePerSecond: 4, liveBurst: 20 },
    sensitiveItems: DEFAULT_SENSITIVE_ITEMS,
    ...overrides,
  };
}

/** Reads CONSOLE_TOKEN, CONSOLE_MAX_CALLS, CONSOLE_MAX_CALLS_PER_CLIENT and CONSOLE_IDLE_S. */
export function loadConsoleConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const parsed = envSchema.safeParse({
    CONSOLE_TOKEN: env.CONSOLE_TOKEN,
    CONSOLE_MAX_CALLS: env.CONSOLE_MAX_CALLS,
    CONSOLE_MAX_CALLS_PER_CLIENT: env.CONSOLE_MAX_CALLS_PER_CLIENT,
    CONSOLE_IDLE_S: env.CONSOLE_IDLE_S,
  });
  if (!parsed.success) throw new ConsoleConfigError(pathProblems(parsed.error));
  const e = parsed.data;
  return consoleConfig({ token: e.CONSOLE_TOKEN, maxCalls: e.CONSOLE_MAX_CALLS, maxCallsPerClient: e.CONSOLE_MAX_CALLS_PER_CLIENT, idleMs: e.CONSOLE_IDLE_S * 1000 });
}
