import * as fs from 'fs';
import * as path from 'path';
import { parseAbnf } from '../../gateway/grammar/abnf';
import { collector, W3C_SRGS_DIR } from './helpers';

const at = { line: 1, col: 1 };

describe('parseAbnf', () => {
  it('reads the header, declarations and rules with every expansion form', () => {
    const c = collector();
    const g = parseAbnf(
      `#ABNF 1.0 UTF-8;
language en-US;
mode voice;
root $order;
tag-format <semantics/1.0>;
base <http://example.com/g/>;
lexicon <lex.pls>~<application/pls+xml>;
meta "author" is 'someone';
http-equiv "Expires" is "0";
{ var count = 0; }
// a comment
/* a block
   comment */
public $order = [I want] $<sizes.gram#size> | /2/ $drink {out.d = rules.drink;} | /0.5/ "hot chocolate"!en <1-3 /0.7/> | nothing $NULL;
private $drink = (coffee | tea) {!{ out = {kind: meta.current().text}; }!} please<0-> $GARBAGE $VOID;
$x = $<builtin:digits?length=3>;
`,
      { uri: 'mem:a', loc: at, report: c.report },
    );
    expect(c.diags).toEqual([]);
    expect(g.lang).toBe('en-US');
    expect(g.mode).toBe('voice');
    expect(g.root).toBe('order');
    expect(g.tagFormat).toBe('semantics/1.0');
    expect(g.base).toBe('http://example.com/g/');
    expect(g.globalTags).toEqual([' var count = 0; ']);
    expect(g.rules.order).toEqual({
      id: 'order',
      scope: 'public',
      loc: { line: 14, col: 1 },
      expansion: {
        kind: 'oneof',
        alternatives: [
          {
            weight: 1,
            expansion: {
              kind: 'seq',
              items: [
                { kind: 'repeat', min: 0, max: 1, expansion: { kind: 'seq', items: [{ kind: 'token', text: 'I' }, { kind: 'token', text: 'want' }] } },
                { kind: 'ruleref', uri: 'sizes.gram', rule: 'size' },
              ],
            },
          },
          {
            weight: 2,
            expansion: { kind: 'seq', items: [{ kind: 'ruleref', rule: 'drink' }, { kind: 'tag', text: 'out.d = rules.drink;' }] },
          },
          {
            weight: 0.5,
            expansion: { kind: 'repeat', min: 1, max: 3, prob: 0.7, expansion: { kind: 'seq', lang: 'en', items: [{ kind: 'token', text: 'hot chocolate' }] } },
          },
          { weight: 1, expansion: { kind: 'seq', items: [{ kind: 'token', text: 'nothing' }, { kind: 'ruleref', special: 'NULL' }] } },
        ],
      },
    });
    expect(g.rules.drink).toEqual({
      id: 'drink',
      scope: 'private',
      loc: { line: 15, col: 1 },
      expansion: {
        kind: 'seq',
        items: [
          { kind: 'oneof', alternatives: [{ weight: 1, expansion: { kind: 'token', text: 'coffee' } }, { weight: 1, expansion: { kind: 'token', text: 'tea' } }] },
          { kind: 'tag', text: ' out = {kind: meta.current().text}; ' },
          { kind: 'repeat', min: 0, max: null, expansion: { kind: 'token', text: 'please' } },
          { kind: 'ruleref', special: 'GARBAGE' },
          { kind: 'ruleref', special: 'VOID' },
        ],
      },
    });
    expect(g.rules.x.expansion).toEqual({ kind: 'ruleref', uri: 'builtin:digits?length=3' });
  });

  it('reads DTMF grammars with * and # tokens', () => {
    const c = collector();
    const g = parseAbnf('#ABNF 1.0; mode dtmf; root $pin; public $pin = (0|1|2|3|4|5|6|7|8|9)<4> [#] | * 9;', { uri: 'u', loc: at, report: c.report });
    expect(c.diags).toEqual([]);
    expect(g.mode).toBe('dtmf');
    const alt = g.rules.pin.expansion;
    expect(alt.kind).toBe('oneof');
    if (alt.kind !== 'oneof') return;
    expect(alt.alternatives[1].expansion).toEqual({ kind: 'seq', items: [{ kind: 'token', text: '*' }, { kind: 'token', text: '9' }] });
    expect(alt.alternatives[0].expansion).toMatchObject({ kind: 'seq', items: [{ kind: 'repeat', min: 4, max: 4 }, { kind: 'repeat', min: 0, max: 1, expansion: { kind: 'token', text: '#' } }] });
  });

  it('keeps nested braces and strings inside { } tags (lenient superset)', () => {
    const c = collector();
    const g = parseAbnf('#ABNF 1.0; root $r; $r = yes { out = {v: "}"}; };', { uri: 'u', loc: at, report: c.report });
    expect(c.diags).toEqual([]);
    expect(g.rules.r.expansion).toEqual({ kind: 'seq', items: [{ kind: 'token', text: 'yes' }, { kind: 'tag', text: ' out = {v: "}"}; ' }] });
  });

  it('reports errors with positions relative to the given location, and recovers', () => {
    const c = collector();
    const g = parseAbnf(
      `#ABNF 1.0;
root $main;
$main = hello $missing <2-1> ;
$other = ( unclosed ;
bogus declaration;
$fine = ok;`,
      { uri: 'doc.vxml', loc: { line: 10, col: 5 }, report: c.report },
    );
    expect(c.diags.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual([
      '12:24 grammar.bad-repeat',
      '13:21 grammar.syntax',
      '14:1 grammar.syntax',
      '12:15 grammar.undefined-rule',
    ]);
    expect(g.rules.fine.expansion).toEqual({ kind: 'token', text: 'ok' });
    expect(g.rules.main.expansion).toEqual({ kind: 'seq', items: [{ kind: 'token', text: 'hello' }, { kind: 'ruleref', special: 'VOID' }] });
  });

  it('reports a missing header, a bad root and a missing root', () => {
    const c = collector();
    parseAbnf('root $nope; $a = a; $b = b;', { uri: 'u', loc: at, report: c.report });
    expect(c.codes()).toEqual(['grammar.syntax', 'grammar.bad-root']);
    const d = collector();
    parseAbnf('#ABNF 1.0; $a = a; $b = b;', { uri: 'u', loc: at, report: d.report });
    expect(d.codes()).toEqual(['grammar.no-root']);
  });

  it('reads the legacy inline form used by the VoiceXML IR tests', () => {
    const c = collector();
    const g = parseAbnf('#ABNF 1.0 UTF-8;\n      language en;\n      mode voice;\n      root $CityName;\n      $CityName = Chicago {$ = "alpha"};\n      ', { uri: 'u', loc: at, report: c.report });
    expect(c.diags).toEqual([]);
    expect(g.rules.CityName.expansion).toEqual({ kind: 'seq', items: [{ kind: 'token', text: 'Chicago' }, { kind: 'tag', text: '$ = "alpha"' }] });
  });

  const w3c = fs.existsSync(W3C_SRGS_DIR) ? fs.readdirSync(W3C_SRGS_DIR).filter((f) => f.endsWith('.gram')) : [];
  it(w3c.length > 0 ? 'found the W3C SRGS example grammars (ABNF)' : 'W3C SRGS grammars NOT found: their parse tests did not run', () => {
    expect(w3c.length === 0 || w3c.length >= 6).toBe(true);
  });
  if (w3c.length > 0) it.each(w3c)('parses W3C %s with only the expected diagnostics', (file) => {
    const c = collector();
    const g = parseAbnf(fs.readFileSync(path.join(W3C_SRGS_DIR, file), 'utf8'), { uri: file, loc: at, report: c.report, standalone: true });
    expect(c.codes()).toEqual(file === 'conformance-5.gram' ? ['grammar.unsupported-builtin'] : []);
    expect(g.root).toBe('main');
  });
});
