/**
 * What every configuration section (gateway, Twilio, ACS, web console) needs to read itself from environment
 * variables: a table of bindings (variable → schema path, with a text parser), building the input object
 * from it, zod checks shared by several schemas, and problem lists that name the variable instead of the
 * schema path. Each section keeps its own schema and its own error class; only the machinery lives here.
 */
import { z } from 'zod';

// ---------------------------------------------------------------- bindings

/** Turns a variable's text into what the schema expects; text it cannot read is handed on for zod to refuse. */
export type EnvParse = (raw: string) => unknown;

export interface EnvBinding {
  /** The environment variable. */
  readonly name: string;
  /** Where its value goes in the schema's input. */
  readonly path: readonly string[];
  readonly parse: EnvParse;
  /** What the variable is for, quoted in problems and checked against docs/configuration.md. */
  readonly describe: string;
}

/** One row of a binding table; `path` is dotted (`fetch.timeoutMs`). */
export function bind(name: string, path: string, parse: EnvParse, describe: string): EnvBinding {
  return { name, path: path.split('.'), parse, describe };
}

const TRUE_WORDS = /^(true|1|yes|on)$/i;
const FALSE_WORDS = /^(false|0|no|off)$/i;

/** The parsers binding tables use. */
export const envParsers = {
  /** The text as given. */
  str: ((raw) => raw) as EnvParse,
  /** The text without surrounding white space. */
  trimmed: ((raw) => raw.trim()) as EnvParse,
  int: ((raw) => (/^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw)) as EnvParse,
  num: ((raw) => (/^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw)) as EnvParse,
  /** true/1/yes/on and false/0/no/off, any case. */
  bool: ((raw) => (TRUE_WORDS.test(raw.trim()) ? true : FALSE_WORDS.test(raw.trim()) ? false : raw)) as EnvParse,
  /** Comma-separated items, trimmed, empty ones dropped. */
  list: ((raw) =>
    raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0)) as EnvParse,
  /** `key=value,key=value` (values may hold `=`, empty items are dropped), or a JSON object when it starts with `{`. */
  pairs: ((raw) => {
    const text = raw.trim();
    if (text.startsWith('{')) {
      try {
        return JSON.parse(text) as unknown;
      } catch (err: unknown) {
        return `invalid JSON (${err instanceof Error ? err.message : String(err)})`;
      }
    }
    const out: Record<string, string> = {};
    for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
      const eq = item.indexOf('=');
      if (eq <= 0) return `"${item}" is not key=value`;
      out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
    }
    return out;
  }) as EnvParse,
} as const;

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[path[path.length - 1]] = value;
}

/** The schema input: a copy of `overrides` with every set variable placed at its path (empty values count as unset). */
export function envInput(bindings: readonly EnvBinding[], env: Record<string, string | undefined>, overrides: object = {}): Record<string, unknown> {
  const raw = structuredClone(overrides) as Record<string, unknown>;
  for (const b of bindings) {
    const value = env[b.name];
    if (value === undefined || value.trim() === '') continue;
    setPath(raw, b.path, b.parse(value));
  }
  return raw;
}

// ---------------------------------------------------------------- problems

/** zod's message, with the reason of a bad record key spelled out (zod says only "Invalid key in record"). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key') {
    const key = issue.path[issue.path.length - 1];
    return `key ${JSON.stringify(String(key))}: ${issue.issues.map((i) => i.message).join('; ')}`;
  }
  return issue.message;
}

/** `dotted.path: message`, one per issue: problems of a configuration object (tests, simulators). */
export function pathProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issueMessage(issue)}`);
}

/** How a section names the variable behind a problem. */
export interface EnvProblemStyle {
  /** Variables whose value is never echoed (shown as `(hidden)`). */
  secret?: RegExp;
  /** Name the variable only when it is set (otherwise the schema path), and add the path below it as ` [a.b]`. */
  setOnlyWithSubPath?: boolean;
}

/**
 * Problems of a configuration read from the environment: `NAME="value" (what it is for): message`, the variable
 * found by the issue's path; issues no variable covers keep their schema path.
 */
export function envProblems(error: z.ZodError, bindings: readonly EnvBinding[], env: Record<string, string | undefined>, style: EnvProblemStyle = {}): string[] {
  return error.issues.map((issue) => {
    const dotted = issue.path.map(String);
    const binding = bindings.find((b) => b.path.length <= dotted.length && b.path.every((p, i) => dotted[i] === p));
    const message = issueMessage(issue);
    if (style.setOnlyWithSubPath) {
      const below = binding ? dotted.slice(binding.path.length) : dotted.slice(1);
      const sub = below.length > 0 ? ` [${below.join('.')}]` : '';
      const where = binding && env[binding.name] !== undefined ? describeVariable(binding, env, style) : dotted.join('.');
      return `${where}${sub}: ${message}`;
    }
    return binding ? `${describeVariable(binding, env, style)}: ${message}` : `${dotted.join('.')}: ${message}`;
  });
}

function describeVariable(binding: EnvBinding, env: Record<string, string | undefined>, style: EnvProblemStyle): string {
  const shown = style.secret?.test(binding.name) ? '(hidden)' : JSON.stringify(env[binding.name] ?? '');
  return `${binding.name}=${shown} (${binding.describe})`;
}

/** A configuration that does not validate; `problems` lists each bad field or variable. */
export class InvalidConfigError extends Error {
  /** `section`: what is invalid, e.g. "ACS configuration" → "invalid ACS configuration:\n  …". */
  constructor(name: string, section: string, readonly problems: string[]) {
    super(`invalid ${section}:\n  ${problems.join('\n  ')}`);
    this.name = name;
  }
}

// ---------------------------------------------------------------- checks several schemas share

/** A string that parses as a URL `accept` agrees with (it also sees the text as written). */
export function urlWhere(accept: (url: URL, text: string) => boolean, message: string): z.ZodString {
  return z.string().refine((s) => {
    try {
      return accept(new URL(s), s);
    } catch {
      return false;
    }
  }, { message });
}

/** An http(s) origin: scheme, host, optional port, nothing else (a trailing slash is tolerated). */
export function httpOrigin(example: string): z.ZodString {
  return urlWhere(
    (u, text) => (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === text.replace(/\/$/, ''),
    `expected an origin such as ${example} (scheme, host, optional port; no path)`,
  );
}

/** A BCP 47 language tag such as en-US. */
export const languageTag = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as en-US');
