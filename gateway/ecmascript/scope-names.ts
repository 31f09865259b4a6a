/** Variable names as <assign>/<var>/namelist give them: `application.lastresult$.utterance`. */
import { ScriptError, type ScopeName } from './api';

export const PREFIXES = new Set(['session', 'application', 'document', 'dialog']);

export interface ParsedName {
  prefix: ScopeName | undefined;
  variable: string;
  path: readonly string[];
}
const parsedNames = new Map<string, ParsedName>();

/** `application.lastresult$.utterance` → prefix, variable, property path (cached: names come from documents). */
export function parseName(name: string): ParsedName {
  let p = parsedNames.get(name);
  if (p === undefined) {
    const parts = name.split('.').map((x) => x.trim());
    if (parts.some((x) => x === '')) throw new ScriptError(`'${name}' is not a variable name`, 'syntax');
    const prefixed = parts.length >= 2 && PREFIXES.has(parts[0] as string);
    p = prefixed
      ? { prefix: parts[0] as ScopeName, variable: parts[1] as string, path: parts.slice(2) }
      : { prefix: undefined, variable: parts[0] as string, path: parts.slice(1) };
    if (parsedNames.size > 10_000) parsedNames.clear();
    parsedNames.set(name, p);
  }
  return p;
}
