/** The winston logger: lines below the level are neither written nor built (no redaction, no JSON). */
import { PassThrough } from 'node:stream';
import { createLogger, Redactor } from '../../gateway/index';

function capture(level: string): { lines: () => Record<string, unknown>[]; redactor: Redactor; logger: ReturnType<typeof createLogger> } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const redactor = new Redactor({ words: ['pin'], fields: [] });
  const logger = createLogger({ level, stream, redactor, timestamps: false });
  const lines = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, redactor, logger };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a line below the level is dropped before any formatting (the redactor never sees it)', async () => {
  const { lines, redactor, logger } = capture('warn');
  const text = jest.spyOn(redactor, 'redactText');
  const value = jest.spyOn(redactor, 'redactValue');
  const child = logger.child({ callId: 'CA1', turn: 3 });
  child.info('turn', { pin: '1234' });
  child.debug('serviced fetch', { uri: 'http://x/?pin=1234' });
  logger.info('plain');
  await flush();
  expect(text).not.toHaveBeenCalled();
  expect(value).not.toHaveBeenCalled();
  expect(lines()).toEqual([]);
});

test('lines at or above the level are written, with the child context and redaction', async () => {
  const { lines, logger } = capture('info');
  const child = logger.child({ callId: 'CA1', turn: 3 });
  child.debug('hidden');
  child.info('turn', { pin: '1234', ms: 1.5 });
  child.warn('careful');
  child.error('broken');
  await flush();
  expect(lines()).toEqual([
    { level: 'info', message: 'turn', callId: 'CA1', turn: 3, pin: '[redacted]', ms: 1.5 },
    { level: 'warn', message: 'careful', callId: 'CA1', turn: 3 },
    { level: 'error', message: 'broken', callId: 'CA1', turn: 3 },
  ]);
});

test('debug level writes debug lines', async () => {
  const { lines, logger } = capture('debug');
  logger.debug('serviced fetch', { uri: 'http://x/a.vxml' });
  await flush();
  expect(lines()).toEqual([{ level: 'debug', message: 'serviced fetch', uri: 'http://x/a.vxml' }]);
});

describe('child loggers write exactly what winston children write', () => {
  // The reference: the same format chain on a plain winston logger, with winston's own child().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const winston = require('winston') as typeof import('winston');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { redactingFormat } = require('../../gateway/runtime/log-redaction') as typeof import('../../gateway/runtime/log-redaction');

  function reference(): { logger: import('winston').Logger; text: () => string } {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const format = winston.format.combine(winston.format.errors({ stack: false }), redactingFormat(new Redactor({ words: ['pin'], fields: [] })), winston.format.json());
    const logger = winston.createLogger({ level: 'debug', format, transports: [new winston.transports.Stream({ stream })] });
    return { logger, text: () => chunks.join('') };
  }

  test.each([
    ['meta after the context, an overlapping key keeps its place', 'turn', { ms: 1.5, turn: 9, pin: '1234' }],
    ['no meta', 'plain line', undefined],
    ['meta with a message of its own', 'fetch failed', { message: 'ECONNREFUSED', uri: 'http://x/' }],
    ['a message that looks like a format string', 'progress 50%s done', { uri: 'http://x/' }],
    ['meta naming level and message keys', 'odd', { level: 'x', extra: true }],
  ])('%s', async (_name, message, meta) => {
    const ours = capture('debug');
    const ref = reference();
    ours.logger.child({ callId: 'CA1', turn: 3 }).child({ dialog: 'main' }).info(message, meta);
    ref.logger.child({ callId: 'CA1', turn: 3 }).child({ dialog: 'main' }).info(message, meta);
    ours.logger.child({ callId: 'CA2' }).warn(message, meta);
    ref.logger.child({ callId: 'CA2' }).warn(message, meta);
    await flush();
    const written = ours.lines().map((l) => JSON.stringify(l)).join('\n');
    const expected = ref.text().split('\n').filter((l) => l.trim() !== '').join('\n');
    expect(written).toBe(expected);
  });
});
