/** The winston format that applies the Redactor to every log line (message and metadata), whoever logs it. */
import winston from 'winston';
import type { Redactor } from './redaction';

/** Keys winston itself puts on a line: never treated as caller data. */
const WINSTON_KEYS = new Set(['level', 'message', 'timestamp', 'stack']);

export function redactingFormat(redactor: Redactor): winston.Logform.Format {
  return winston.format((info) => {
    if (typeof info.message === 'string') info.message = redactor.redactText(info.message);
    for (const key of Object.keys(info)) {
      if (WINSTON_KEYS.has(key)) continue;
      info[key] = redactor.redactValue(info[key], key);
    }
    return info;
  })();
}
