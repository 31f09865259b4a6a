/**
 * Universal commands (VoiceXML 2.0 §6.3.6, the `universals` property): platform grammars that are active
 * in every listen while the property enables them — "none" (the default), "all", or a space-separated list
 * of help, exit and cancel — and throw the event of the same name through the normal catch selection.
 *
 * The interpreter names them in ListenAction.grammars with keys of their own (they belong to no document):
 *
 *     builtin:universal/<help|exit|cancel>?lang=<xml:lang>
 *
 * and the runtime's recognizer turns such a key into its grammar with `universalGrammar(key)` (pure, cached).
 * The phrases follow the document language: Spanish for es-*, English otherwise.
 */
import type { GrammarDecl, SrgsGrammar } from '../../contracts/grammar';

export type UniversalName = 'help' | 'exit' | 'cancel';

export const UNIVERSAL_PREFIX = 'builtin:universal/';
const NAMES: readonly UniversalName[] = ['help', 'exit', 'cancel'];

const PHRASES: Record<'en' | 'es', Record<UniversalName, string[]>> = {
  en: { help: ['help'], exit: ['exit', 'goodbye'], cancel: ['cancel', 'stop'] },
  es: { help: ['ayuda'], exit: ['salir'], cancel: ['cancelar'] },
};

function isName(s: string): s is UniversalName {
  return (NAMES as readonly string[]).includes(s);
}

/** The universals a `universals` property value enables, in a fixed order (unknown names are ignored). */
export function enabledUniversals(value: string | undefined): UniversalName[] {
  const known = enabled.get(value ?? 'none');
  if (known) return [...known];
  const words = (value ?? 'none').trim().toLowerCase().split(/\s+/).filter(Boolean);
  const names = words.includes('all') ? [...NAMES] : NAMES.filter((n) => words.includes(n));
  // (asked on every collect with one of a handful of values: "none" nearly always)
  if (enabled.size < 100) enabled.set(value ?? 'none', names);
  return [...names];
}

const enabled = new Map<string, readonly UniversalName[]>();

export function universalKey(name: UniversalName, lang: string): string {
  return `${UNIVERSAL_PREFIX}${name}?lang=${encodeURIComponent(lang)}`;
}

/** The universal a grammar key names, or undefined for any other key. */
export function parseUniversalKey(key: string): { name: UniversalName; lang: string } | undefined {
  if (!key.startsWith(UNIVERSAL_PREFIX)) return undefined;
  const rest = key.slice(UNIVERSAL_PREFIX.length);
  const q = rest.indexOf('?');
  const name = q < 0 ? rest : rest.slice(0, q);
  if (!isName(name)) return undefined;
  const lang = q < 0 ? '' : (new URLSearchParams(rest.slice(q + 1)).get('lang') ?? '');
  return { name, lang };
}

function family(lang: string): 'en' | 'es' {
  return lang.trim().toLowerCase().split(/[-_]/)[0] === 'es' ? 'es' : 'en';
}

const decls = new Map<string, GrammarDecl>();

/**
 * The grammar a universal key stands for: a voice grammar of the command's phrases whose interpretation is
 * the command name. Undefined for keys that are not universals.
 */
export function universalGrammar(key: string): GrammarDecl | undefined {
  const hit = decls.get(key);
  if (hit) return hit;
  const u = parseUniversalKey(key);
  if (!u) return undefined;
  const lang = u.lang || 'en-US';
  const inline: SrgsGrammar = {
    mode: 'voice',
    root: 'command',
    lang,
    rules: {
      command: {
        id: 'command',
        scope: 'public',
        expansion: {
          kind: 'seq',
          items: [
            { kind: 'oneof', alternatives: PHRASES[family(lang)][u.name].map((text) => ({ expansion: { kind: 'token', text }, weight: 1 })) },
            { kind: 'tag', text: `'${u.name}'` },
          ],
        },
      },
    },
  };
  const decl: GrammarDecl = { id: `universal-${u.name}`, loc: { line: 1, col: 1 }, mode: 'voice', lang, origin: 'element', inline };
  if (decls.size > 100) decls.clear(); // (keys differ only by language: a handful in practice)
  decls.set(key, decl);
  return decl;
}
