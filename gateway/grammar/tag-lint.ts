/**
 * Compile-time checks of semantic tags, so a broken tag is reported by lint (uri:line:col) instead of
 * surfacing as error.semantic when a caller happens to say the phrase. Tags are classified the way the
 * SISR evaluator will run them (tag-script.ts); script tags must parse as ECMAScript.
 */
import type { Diagnostic } from '../../contracts/diagnostics';
import type { SrgsExpansion, SrgsGrammar } from '../../contracts/grammar';
import type { Loc } from '../../contracts/source';
import { syntaxCheck } from '../ecmascript';
import { GrammarCodes, diag } from './srgs-common';
import { classifyTag } from './tag-script';

function tagsOf(e: SrgsExpansion, out: string[]): void {
  switch (e.kind) {
    case 'tag':
      out.push(e.text);
      break;
    case 'seq':
      for (const i of e.items) tagsOf(i, out);
      break;
    case 'oneof':
      for (const a of e.alternatives) tagsOf(a.expansion, out);
      break;
    case 'repeat':
      tagsOf(e.expansion, out);
      break;
    default:
      break;
  }
}

function check(text: string, where: string, uri: string, loc: Loc | undefined, report: (d: Diagnostic) => void): void {
  const f = classifyTag(text);
  if (f.kind !== 'script') return;
  const problem = syntaxCheck(f.code, 'script');
  if (problem) {
    const snippet = text.trim().replace(/\s+/g, ' ').slice(0, 60);
    report(diag(uri, loc, 'error', GrammarCodes.tagSyntax, `${where}: tag {${snippet}} is not ECMAScript (${problem.message}); write SISR 1.0 script (tag-format="semantics/1.0") or a string literal`));
  }
}

/** Reports every script tag of `g` that does not parse (at its rule, or at `grammarLoc` for global tags). */
export function lintTags(g: SrgsGrammar, uri: string, grammarLoc: Loc | undefined, report: (d: Diagnostic) => void): void {
  if ((g.tagFormat ?? '').trim().endsWith('semantics/1.0-literals')) return;
  for (const t of g.globalTags ?? []) check(t, 'global tag', uri, grammarLoc, report);
  for (const rule of Object.values(g.rules)) {
    const tags: string[] = [];
    tagsOf(rule.expansion, tags);
    for (const t of tags) check(t, `rule "${rule.id}"`, uri, rule.loc ?? grammarLoc, report);
  }
}
