/**
 * The logging the adapter needs: the runtime's Logger port (gateway/runtime/ports.ts) satisfies it, and so does
 * a winston logger. Kept structural so the adapter depends on no logging library.
 */
export interface AdapterLogger {
  error(message: string, ctx?: Record<string, unknown>): void;
  warn(message: string, ctx?: Record<string, unknown>): void;
  info(message: string, ctx?: Record<string, unknown>): void;
  debug(message: string, ctx?: Record<string, unknown>): void;
}
