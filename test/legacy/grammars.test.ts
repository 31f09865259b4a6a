/**
 * Legacy grammar formats: Nuance GSL and JSGF read into SRGS rules and matched as the platforms matched them;
 * other non-SRGS types are not parsed and raise error.unsupported.format when used. Small grammars written
 * for the test, each reproducing a pattern of public legacy applications.
 */
import { compile } from '../../gateway/compiler';
import type { SrgsGrammar } from '../../contracts/grammar';
import { GrammarEngine, parseGrammarDocument, type ActiveGrammar, type RecognizeOutcome } from '../../gateway/grammar';
import { parseGsl, parseJsgf, sniffLegacyFormat } from '../../gateway/grammar/legacy/index';
import { active, collector } from '../grammar/helpers';

const engine = new GrammarEngine();
const none = { resolve: () => undefined };

function say(text: string, g: SrgsGrammar | undefined): unknown {
  if (!g) throw new Error('no grammar');
  return interp(engine.recognize({ kind: 'speech', text, confidence: 0.9 }, [active({ inline: g })], none));
}
function press(digits: string, g: SrgsGrammar | undefined): unknown {
  if (!g) throw new Error('no grammar');
  return interp(engine.recognize({ kind: 'dtmf', digits }, [active({ inline: g })], none));
}
function interp(o: RecognizeOutcome): unknown {
  return o.kind === 'match' ? o.result.interpretation : o.kind;
}
const ctx = (mode?: 'voice' | 'dtmf') => {
  const c = collector();
  return { c, ctx: { uri: 'test:', loc: { line: 1, col: 1 }, report: c.report, mode } };
};

describe('Nuance GSL', () => {
  test('[ ] alternatives, ( ) sequences, ?optional and slot commands', () => {
    const { c, ctx: x } = ctx();
    const g = parseGsl('[ (?please transfer me) {<action transfer>} (check [my the] balance) {<action balance>} operator {return("agent")} ]', x);
    expect(c.diags).toEqual([]);
    expect(say('please transfer me', g.voice)).toEqual({ action: 'transfer' });
    expect(say('check my balance', g.voice)).toEqual({ action: 'balance' });
    expect(say('operator', g.voice)).toBe('agent');
    expect(say('balance', g.voice)).toBe('nomatch');
  });

  test('a grammar file: rule definitions, Rule:var captures and return($var), comments, probabilities', () => {
    const { c, ctx: x } = ctx();
    const g = parseGsl([
      '; spelled account codes',
      'Code [ Letter:l Digit:l ] {return($l)}',
      'Letter [ (a ?(as in alpha)) {return(A)} b~0.1 {return(B)} ]',
      'Digit [ one {return(1)} two {return(2)} ]',
    ].join('\n'), x);
    expect(c.diags).toEqual([]);
    expect(g.voice?.root).toBe('Code');
    expect(say('a as in alpha', g.voice)).toBe('A');
    expect(say('two', g.voice)).toBe(2);
  });

  test('dtmf-N keys mixed with words become a voice and a DTMF grammar', () => {
    const { ctx: x } = ctx();
    const g = parseGsl('[ (sales) {<dept sales>} dtmf-1 {<dept sales>} support {<dept support>} dtmf-2 {<dept support>} dtmf-star ]', x);
    expect(g.voice?.mode).toBe('voice');
    expect(g.dtmf?.mode).toBe('dtmf');
    expect(say('support', g.voice)).toEqual({ dept: 'support' });
    expect(press('1', g.dtmf)).toEqual({ dept: 'sales' });
    expect(press('*', g.dtmf)).toBe('*');
    expect(say('one', g.voice)).toBe('nomatch');
  });

  test('capitalised words that name no rule are words (Voxeo and BeVocal were forgiving)', () => {
    const { c, ctx: x } = ctx();
    const g = parseGsl('[Thor (Agua para elefantes)]', x);
    expect(c.diags).toEqual([]);
    expect(say('agua para elefantes', g.voice)).toBe('Agua para elefantes');
  });

  test('an unclosed bracket is a syntax error at its position', () => {
    const { c, ctx: x } = ctx();
    parseGsl('\n  [yes no', x);
    expect(c.diags.map((d) => `${d.code}@${d.line}:${d.col}`)).toEqual(['grammar.legacy-syntax@2:3']);
  });
});

describe('JSGF', () => {
  test('a bare expansion with VoiceXML 1.0 value tags', () => {
    const { c, ctx: x } = ctx();
    const g = parseJsgf('Red {red} | Blue {blue} | [dark] Green {green}', x);
    expect(c.diags).toEqual([]);
    expect(say('dark green', g.voice)).toBe('green');
    expect(say('blue', g.voice)).toBe('blue');
  });

  test('a DTMF grammar (mode from the element) with numeric tags', () => {
    const { ctx: x } = ctx('dtmf');
    const g = parseJsgf('1{56}|2{68}', x);
    expect(g.voice).toBeUndefined();
    expect(press('2', g.dtmf)).toBe(68);
  });

  test('header, public rule, repeats, weights and comments', () => {
    const { c, ctx: x } = ctx();
    const g = parseJsgf('#JSGF V1.0;\ngrammar pizza; // sizes\npublic <order> = <size>+ pizza [please];\n<size> = /2/ small | /1/ large;', x);
    expect(c.diags).toEqual([]);
    expect(g.voice?.root).toBe('order');
    expect(say('large pizza please', g.voice)).toBe('large pizza please');
  });

  test('headerless rule definitions: the rule no other rule uses is the root', () => {
    const { ctx: x } = ctx();
    const g = parseJsgf('<first> = [ Gabriel | Garcia ];\n<mumble> = err | umm;\n<author> = <first> Marquez;\n<answer> = <mumble>* <author>;', x);
    expect(g.voice?.root).toBe('answer');
    expect(say('umm Gabriel Marquez', g.voice)).toBe('umm Gabriel Marquez');
  });
});

test('format sniffing of untyped grammar text', () => {
  expect(sniffLegacyFormat('[yes no]')).toBe('gsl');
  expect(sniffLegacyFormat('kermit')).toBe('gsl');
  expect(sniffLegacyFormat('.Main [a b]')).toBe('gsl');
  expect(sniffLegacyFormat('yes {y} | no {n}')).toBe('jsgf');
  expect(sniffLegacyFormat('<a> = b;')).toBe('jsgf');
  expect(sniffLegacyFormat('#ABNF 1.0; $a = b;')).toBeUndefined();
  expect(sniffLegacyFormat('$a = b;')).toBeUndefined();
  expect(sniffLegacyFormat('<grammar/>')).toBeUndefined();
});

describe('in documents', () => {
  test('typed and untyped inline legacy grammars compile with a warning, a mixed one into two grammars', () => {
    const g = compile([
      '<vxml version="2.0"><form><field name="f">',
      '<grammar type="text/gsl">[uno dos dtmf-1 dtmf-2]</grammar>',
      '<grammar>[yes no]</grammar>',
      '<grammar type="application/x-jsgf">red {red} | blue {blue}</grammar>',
      '<dtmf type="application/x-jsgf">1 {red} | 2 {blue}</dtmf>',
      '</field></form></vxml>',
    ].join('\n'), 'x.vxml');
    expect(g.diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`)).toEqual([
      'legacy-grammar-format@2:1', 'legacy-grammar-format@3:1', 'legacy-grammar-format@4:1', 'legacy-markup@5:1', 'legacy-grammar-format@5:1',
    ]);
    const field = g.dialogs[0].kind === 'form' ? g.dialogs[0].items[0] : undefined;
    if (field?.kind !== 'field') throw new Error('field');
    expect(field.grammars.map((id) => g.grammars[id].mode)).toEqual(['voice', 'dtmf', 'voice', 'voice', 'dtmf']);
    expect(press('2', g.grammars[field.grammars[4]].inline)).toBe('blue');
  });

  test('an unsupported type is not parsed; using it raises error.unsupported.format', () => {
    const g = compile('<vxml version="2.0"><form><field name="f"><grammar type="application/x-swi-grammar">\u0001binary</grammar></field></form></vxml>', 'x.vxml');
    expect(g.diagnostics.map((d) => d.code)).toEqual(['unsupported-grammar-type']);
    const decl = Object.values(g.grammars)[0];
    expect(decl.inline).toBeUndefined();
    const grammar: ActiveGrammar = { ref: { key: 'x.vxml#g1', mode: 'voice', scope: 'field' }, decl };
    expect(engine.prepare([grammar], () => undefined)).toMatchObject({ status: 'error', event: 'error.unsupported.format' });
  });

  test('external grammar documents in GSL or JSGF are read by MIME type or by content', () => {
    const a = collector();
    const gsl = parseGrammarDocument('Main [ (yes) {<ok 1>} (no) {<ok 0>} ]', 'http://app/yn.gsl', 'text/plain', a.report);
    expect(a.codes()).toEqual(['grammar.legacy-format']);
    expect(say('no', gsl)).toEqual({ ok: 0 });
    const b = collector();
    const jsgf = parseGrammarDocument('<answer> = yes | no;', 'http://app/yn.gram', 'application/octet-stream', b.report);
    expect(say('yes', jsgf)).toBe('yes');
    const c = collector();
    parseGrammarDocument('[yes no]', 'http://app/yn', 'application/x-nuance-gsl', c.report);
    expect(c.codes()).toEqual(['grammar.legacy-format']);
  });
});

describe('Nuance swi-semantics grammars', () => {
  const grammar = (params = '') => {
    const c = collector();
    const g = parseGrammarDocument([
      '<?xml version="1.0"?>',
      '<grammar xml:lang="en-US" version="1.0" root="top" tag-format="swi-semantics/1.0">',
      '<rule id="top" scope="public"><one-of>',
      '  <item><ruleref uri="#Unsure" tag="SWI_meaning=Unsure.V; dm_root=SWI_meaning;"/></item>',
      '  <item><ruleref uri="#Pin" tag="var k = Pin.SWI_literal.replace(/ /g, \'\'); SWI_meaning = SWI_vars.prefix ? SWI_vars.prefix + k : k;"/></item>',
      '</one-of></rule>',
      '<rule id="Unsure"><item tag="V=\'dontknow\'">i don\'t know</item></rule>',
      '<rule id="Pin"><item repeat="2">one</item></rule>',
      '</grammar>',
    ].join('\n'), `http://app/g.grxml${params}`, 'application/srgs+xml', c.report);
    return { g, codes: c.codes() };
  };

  test('tag attributes are read as tags (warned once); bare rule names, SWI_literal and SWI_vars work', () => {
    const { g, codes } = grammar();
    expect(codes).toEqual(['grammar.tag-attribute']);
    expect(say("i don't know", g)).toEqual({ SWI_meaning: 'dontknow', dm_root: 'dontknow' });
    expect(say('one one', g)).toEqual({ SWI_meaning: 'oneone' });
  });

  test('SWI_vars come from the grammar URI', () => {
    const { g } = grammar('?SWI_vars.prefix=pin-');
    const e = new GrammarEngine();
    const o = e.recognize({ kind: 'speech', text: 'one one', confidence: 0.9 }, [active({ inline: g }, { key: 'http://app/g.grxml?SWI_vars.prefix=pin-#g1' })], none);
    expect(o.kind === 'match' && o.result.interpretation).toEqual({ SWI_meaning: 'pin-oneone' });
  });
});
