/** The console's HTTP inputs, validated before use. Caller text is data: it is passed on, never evaluated. */
import { z } from 'zod';

const noControlChars = (s: string): boolean => !/[\u0000-\u001f\u007f]/.test(s);

export const startCallSchema = z
  .object({
    app: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('sample'), id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a sample id is letters, digits, _ and -') }).strict(),
      z.object({ kind: z.literal('default') }).strict(),
      z.object({ kind: z.literal('url'), url: z.string().min(1).max(2048).refine(noControlChars, 'control characters are not allowed') }).strict(),
    ]),
  })
  .strict();

export const TRANSFER_RESULTS = ['busy', 'noanswer', 'network_busy', 'near_end_disconnect', 'far_end_disconnect', 'network_disconnect', 'maxtime_disconnect', 'unknown'] as const;

export const inputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dtmf'), digits: z.string().regex(/^[0-9*#A-D]{1,64}$/, 'keys are 0-9, *, # and A-D (at most 64)') }).strict(),
  z
    .object({
      kind: z.literal('speech'),
      text: z.string().trim().min(1, 'say something').max(500).refine(noControlChars, 'control characters are not allowed'),
      confidence: z.number().min(0).max(1).default(0.9),
    })
    .strict(),
  z.object({ kind: z.literal('noinput') }).strict(),
  z.object({ kind: z.literal('hangup') }).strict(),
  z.object({ kind: z.literal('record'), seconds: z.number().min(0.5).max(30) }).strict(),
  z.object({ kind: z.literal('transfer'), result: z.enum(TRANSFER_RESULTS) }).strict(),
]);

export const callIdSchema = z.string().regex(/^web-[A-Za-z0-9_-]{8,40}$/, 'not a browser call id');
export const liveCallIdSchema = z.string().min(1).max(200);
export const sourceQuerySchema = z.object({ uri: z.string().min(1).max(4096) });
export const afterSchema = z.coerce.number().int().min(0).default(0);

/** One line per problem, naming the field: what the browser shows. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
