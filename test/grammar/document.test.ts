import * as fs from 'fs';
import * as path from 'path';
import { formFromContent, formFromMimeType, parseGrammarDocument } from '../../gateway/grammar/document';
import { collector, W3C_SRGS_DIR } from './helpers';

describe('parseGrammarDocument', () => {
  it('detects the form from the MIME type, else from the content', () => {
    expect(formFromMimeType('application/srgs+xml; charset=utf-8')).toBe('xml');
    expect(formFromMimeType('application/srgs')).toBe('abnf');
    expect(formFromMimeType('text/plain')).toBeUndefined();
    expect(formFromContent('\uFEFF  #ABNF 1.0;')).toBe('abnf');
    expect(formFromContent('<?xml version="1.0"?><grammar/>')).toBe('xml');
    expect(formFromContent('hello')).toBe('gsl'); // a bare phrase: GSL, the legacy platforms' default
    expect(formFromContent('$x = 1;')).toBeUndefined();
  });

  it('parses an XML grammar document with locations', () => {
    const c = collector();
    const g = parseGrammarDocument('<?xml version="1.0"?>\n<grammar xmlns="http://www.w3.org/2001/06/grammar" root="a" mode="dtmf">\n  <rule id="a"><item>1</item></rule>\n</grammar>', 'http://x/g.grxml', undefined, c.report);
    expect(c.diags).toEqual([]);
    expect(g).toEqual({ mode: 'dtmf', root: 'a', rules: { a: { id: 'a', scope: 'private', loc: { line: 3, col: 3 }, expansion: { kind: 'token', text: '1' } } } });
  });

  it('trusts the content over a contradicting MIME type, with a warning', () => {
    const c = collector();
    const g = parseGrammarDocument('#ABNF 1.0; root $a; $a = yes;', 'u', 'application/srgs+xml', c.report);
    expect(c.codes()).toEqual(['grammar.not-srgs']);
    expect(c.diags[0].severity).toBe('warning');
    expect(g.root).toBe('a');
  });

  it('reports malformed XML and unrecognisable content', () => {
    const bad = collector();
    parseGrammarDocument('<grammar><rule id="a">x</grammar>', 'u', 'application/srgs+xml', bad.report);
    expect(bad.codes()).toEqual(['grammar.syntax']);
    const none = collector();
    parseGrammarDocument('$yes = yes;', 'u', 'text/plain', none.report);
    expect(none.codes()).toEqual(['grammar.not-srgs']);
  });

  const files = fs.existsSync(W3C_SRGS_DIR) ? fs.readdirSync(W3C_SRGS_DIR) : [];
  it(files.length > 0 ? 'found the W3C SRGS example grammars' : 'W3C SRGS grammars NOT found: their parse tests did not run', () => {
    expect(files.length === 0 || files.length === 13).toBe(true);
  });
  if (files.length > 0) it.each(files)('W3C %s parses with only the expected diagnostics', (file) => {
    const c = collector();
    const g = parseGrammarDocument(fs.readFileSync(path.join(W3C_SRGS_DIR, file), 'utf8'), file, undefined, c.report);
    const expected: Record<string, string[]> = {
      'conformance-5.gram': ['grammar.unsupported-builtin'],
      'conformance-6.grxml': ['grammar.unsupported-builtin'],
      'conformance-5.grxml': ['grammar.unknown-element'],
    };
    expect(c.codes()).toEqual(expected[file] ?? []);
    expect(g.root).toBe('main');
    expect(g.mode).toBe('voice');
  });
});
