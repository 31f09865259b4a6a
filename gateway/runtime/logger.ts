/**
 * Structured logs (winston, one JSON object per line). Every line of a turn carries the call id, turn,
 * dialog and element position (`at: uri:line`) through child loggers. Sensitive values are redacted by a
 * format added later in `createLogger` (issue 8).
 */
import winston from 'winston';
import { redactingFormat } from './log-redaction';
import type { LogContext, Logger } from './ports';
import type { Redactor } from './redaction';

class WinstonLogger implements Logger {
  constructor(private readonly inner: winston.Logger) {}
  // A line below the configured level is dropped before it is built: winston runs its whole format chain
  // (redaction, timestamp, JSON) before the transport filters by level, which cost a debug or info line
  // tens of microseconds even when nothing was written.
  error(message: string, ctx?: LogContext): void {
    if (this.inner.isLevelEnabled('error')) this.inner.error(message, ctx);
  }
  warn(message: string, ctx?: LogContext): void {
    if (this.inner.isLevelEnabled('warn')) this.inner.warn(message, ctx);
  }
  info(message: string, ctx?: LogContext): void {
    if (this.inner.isLevelEnabled('info')) this.inner.info(message, ctx);
  }
  debug(message: string, ctx?: LogContext): void {
    if (this.inner.isLevelEnabled('debug')) this.inner.debug(message, ctx);
  }
  child(ctx: LogContext): Logger {
    return new WinstonLogger(this.inner.child(ctx));
  }
}

export interface LoggerOptions {
  level: string;
  /** Where lines go; default stderr (stdout belongs to CLI output such as replay results). */
  stream?: NodeJS.WritableStream;
  /** Omit the timestamp (golden tests). */
  timestamps?: boolean;
  /** Masks sensitive values in every line (issue 8: PINs, card numbers, sensitive query parameters). */
  redactor?: Redactor;
}

export function createLogger(opts: LoggerOptions): Logger {
  const formats = [winston.format.errors({ stack: false })];
  if (opts.redactor) formats.push(redactingFormat(opts.redactor));
  if (opts.timestamps !== false) formats.push(winston.format.timestamp());
  formats.push(winston.format.json());
  const transport = opts.stream
    ? new winston.transports.Stream({ stream: opts.stream })
    : new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] });
  return new WinstonLogger(winston.createLogger({ level: opts.level, format: winston.format.combine(...formats), transports: [transport] }));
}

/** A line captured by MemoryLogger. */
export interface LogLine extends LogContext {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
}

/** Keeps lines in memory (tests, and the `call` console which shows them on demand). */
export class MemoryLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly ctx: LogContext = {},
  ) {}
  private push(level: LogLine['level'], message: string, ctx?: LogContext): void {
    this.lines.push({ ...this.ctx, ...ctx, level, message });
  }
  error(message: string, ctx?: LogContext): void {
    this.push('error', message, ctx);
  }
  warn(message: string, ctx?: LogContext): void {
    this.push('warn', message, ctx);
  }
  info(message: string, ctx?: LogContext): void {
    this.push('info', message, ctx);
  }
  debug(message: string, ctx?: LogContext): void {
    this.push('debug', message, ctx);
  }
  child(ctx: LogContext): Logger {
    return new MemoryLogger(this.lines, { ...this.ctx, ...ctx });
  }
}

export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
