/**
 * Structured logs (winston, one JSON object per line). Every line of a turn carries the call id, turn,
 * dialog and element position (`at: uri:line`) through child loggers. Sensitive values are redacted by a
 * format added later in `createLogger` (issue 8).
 */
import winston from 'winston';
import { redactingFormat } from './log-redaction';
import type { LogContext, Logger } from './ports';
import type { Redactor } from './redaction';

/** winston's info keys (triple-beam's registered symbols). */
const LEVEL = Symbol.for('level');
const SPLAT = Symbol.for('splat');
/** What makes winston treat a message as a format string (its meta then goes to SPLAT only). */
const FORMAT_TOKEN = /%[scdjifoO%]/;

type Level = 'error' | 'warn' | 'info' | 'debug';

class WinstonLogger implements Logger {
  constructor(
    private readonly inner: winston.Logger,
    /** The context of child loggers, merged into each line (see write). */
    private readonly ctx?: LogContext,
  ) {}

  // A line below the configured level is dropped before it is built: winston runs its whole format chain
  // (redaction, timestamp, JSON) before the transport filters by level, which cost a debug or info line
  // tens of microseconds even when nothing was written.
  error(message: string, ctx?: LogContext): void {
    this.write('error', message, ctx);
  }
  warn(message: string, ctx?: LogContext): void {
    this.write('warn', message, ctx);
  }
  info(message: string, ctx?: LogContext): void {
    this.write('info', message, ctx);
  }
  debug(message: string, ctx?: LogContext): void {
    this.write('debug', message, ctx);
  }

  /**
   * A child is this wrapper with more context, not a winston child: winston makes a logger object per child
   * (Object.create with property descriptors over a stream), and every turn made two.
   */
  child(ctx: LogContext): Logger {
    return new WinstonLogger(this.inner, this.ctx ? { ...this.ctx, ...ctx } : ctx);
  }

  private write(level: Level, message: string, meta: LogContext | undefined): void {
    if (!this.inner.isLevelEnabled(level)) return;
    if (!this.ctx) {
      this.inner[level](message, meta);
      return;
    }
    // The line exactly as winston's child would write it: log() builds the info object (meta, then level and
    // message), the child puts its context in front of it.
    const info: Record<string | symbol, unknown> = { ...this.ctx };
    const withMeta = typeof meta === 'object' && meta !== null && !FORMAT_TOKEN.test(message);
    if (withMeta) Object.assign(info, meta);
    info[LEVEL] = level;
    info[SPLAT] = [meta];
    info.level = level;
    info.message = message;
    if (withMeta && meta) {
      if (meta.message) info.message = `${message} ${String(meta.message)}`;
      if (meta.stack) info.stack = meta.stack;
      if (meta.cause) info.cause = meta.cause;
    }
    this.inner.write(info);
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
