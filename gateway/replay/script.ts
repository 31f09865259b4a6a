/**
 * Replay scripts (contracts/replay.ts) read from YAML or JSON and validated with zod. Every problem is
 * reported as `file:line:col: where: what is wrong — what to write instead`, all of them at once.
 */
import fs from 'node:fs';
import type * as Yaml from 'yaml';

/** yaml is loaded when a script is first read: `serve` reaches this module through gateway/index and never needs it. */
function yaml(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}
import { z } from 'zod';
import type { ReplayScript, ReplayStep } from '../../contracts/replay';

const TRANSFER_RESULTS = ['busy', 'noanswer', 'network_busy', 'near_end_disconnect', 'far_end_disconnect', 'network_disconnect', 'maxtime_disconnect', 'unknown'] as const;

const nonEmpty = z.string().min(1, 'must not be empty');

const expectation = z
  .object({
    heard: nonEmpty.optional(),
    notHeard: nonEmpty.optional(),
    regex: nonEmpty
      .refine((r) => {
        try {
          new RegExp(r, 'i');
          return true;
        } catch {
          return false;
        }
      }, 'is not a valid regular expression')
      .optional(),
    transfer: nonEmpty.optional(),
    hangup: z.literal(true, { message: 'write `hangup: true` (the application ended the call by now)' }).optional(),
  })
  .strict()
  .refine((e) => Object.keys(e).length > 0, 'an expectation needs at least one of heard, notHeard, regex, transfer, hangup');

const STEP_VALUES = {
  expect: z.union([nonEmpty, expectation], { message: 'expect takes a text, or an object with heard/notHeard/regex/transfer/hangup' }),
  dtmf: z
    .union([z.string(), z.number().int().nonnegative().transform(String)])
    .pipe(z.string().regex(/^[0-9*#A-Da-d]+$/, 'DTMF keys are 0-9, *, # and A-D (quote it: dtmf: "1234#")')),
  say: z.union([nonEmpty, z.object({ text: nonEmpty, confidence: z.number().min(0).max(1).optional() }).strict()], {
    message: 'say takes the caller transcript, or { text, confidence }',
  }),
  silence: z.literal(true, { message: 'write `silence: true`' }),
  hangup: z.literal(true, { message: 'write `hangup: true`' }),
  transferResult: z.enum(TRANSFER_RESULTS, { message: `transferResult is one of ${TRANSFER_RESULTS.join(', ')}` }),
  record: z
    .object({ seconds: z.number().positive('seconds must be more than 0').max(3600), dtmf: z.string().regex(/^[0-9*#]$/, 'one DTMF key').optional() })
    .strict(),
} as const;
type StepKey = keyof typeof STEP_VALUES;
const STEP_KEYS = Object.keys(STEP_VALUES) as StepKey[];

const stepSchema = z.unknown().transform((value, ctx): ReplayStep => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `a step is a mapping with exactly one key (${STEP_KEYS.join(', ')})` });
    return z.NEVER;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `a step has exactly one key, this one has ${keys.length === 0 ? 'none' : keys.join(', ')}; split it into one step per key` });
    return z.NEVER;
  }
  const key = keys[0];
  if (!(STEP_KEYS as string[]).includes(key)) {
    ctx.addIssue({ code: 'custom', message: `unknown step "${key}"; use one of ${STEP_KEYS.join(', ')}` });
    return z.NEVER;
  }
  const parsed = STEP_VALUES[key as StepKey].safeParse((value as Record<string, unknown>)[key]);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = [key, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      if (issue.code === 'unrecognized_keys') {
        ctx.addIssue({ code: 'custom', message: `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed here: ${allowedKeys(path).join(', ')}`, path: [...path, issue.keys[0]] });
      } else ctx.addIssue({ code: 'custom', message: issue.message, path });
    }
    return z.NEVER;
  }
  return { [key]: parsed.data } as ReplayStep;
});

export const replayScriptSchema = z
  .object({
    name: nonEmpty,
    app: nonEmpty,
    caller: z.object({ from: z.string().optional(), to: z.string().optional() }).strict().optional(),
    steps: z.array(stepSchema).min(1, 'a script needs at least one step'),
  })
  .strict();

function allowedKeys(path: PropertyKey[]): string[] {
  if (path.length === 0) return ['name', 'app', 'caller', 'steps'];
  const last = path[path.length - 1];
  if (last === 'caller') return ['from', 'to'];
  if (last === 'expect') return ['heard', 'notHeard', 'regex', 'transfer', 'hangup'];
  if (last === 'say') return ['text', 'confidence'];
  if (last === 'record') return ['seconds', 'dtmf'];
  return [];
}

export class ScriptError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.join('\n'));
    this.name = 'ScriptError';
  }
}

export interface LoadedScript {
  file: string;
  script: ReplayScript;
  /** 1-based line of each step, for messages. */
  stepLines: number[];
}

/** Parses and validates a script's text. Throws ScriptError listing every problem with file:line:col. */
export function parseScript(text: string, file: string): LoadedScript {
  const { LineCounter, parseDocument, isNode } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScriptError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return `${file}:${pos.line}:${pos.col}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  const position = (path: PropertyKey[]): string => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return `${pos.line}:${pos.col}`;
      }
    }
    return '1:1';
  };
  const result = replayScriptSchema.safeParse(doc.toJS());
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      let path = issue.path;
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') {
        // Point at the unknown key itself and say what is allowed there.
        path = [...issue.path, issue.keys[0]];
        message = `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed here: ${allowedKeys(issue.path).join(', ')}`;
      }
      const where = path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'script';
      const pos = position(path);
      return { pos, text: `${file}:${pos}: ${where}: ${message}` };
    });
    const order = (pos: string): number => pos.split(':').reduce((acc, n) => acc * 10000 + Number(n), 0);
    throw new ScriptError(file, lines.sort((a, b) => order(a.pos) - order(b.pos)).map((l) => l.text));
  }
  const stepLines = result.data.steps.map((_, i) => Number(position(['steps', i]).split(':')[0]));
  return { file, script: result.data, stepLines };
}

export function loadScript(file: string): LoadedScript {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScriptError(file, [`${file}: cannot read the script: ${(e as NodeJS.ErrnoException).code ?? String(e)}`]);
  }
  return parseScript(text, file);
}
