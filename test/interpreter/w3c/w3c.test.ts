/**
 * The W3C VoiceXML 2.0/2.1 IR tests of ../shared/conformance (see its ABOUT.md) against the interpreter,
 * with the real compiler, sandbox and grammar engine. Every test passes except those listed in
 * NOT_RUNNABLE (the copy is broken or incomplete) and ELSEWHERE (decided by another component).
 */
import { existsSync } from 'fs';
import { runTest, suiteEntries, SUITE } from './runner';

const NOT_RUNNABLE: Record<string, string> = {
  'vxml20:59': 'a59leaf.txml declares the namespace http://www.w3.org/2001/txml: not a VoiceXML document',
  'vxml20:143': 'assert143.txml leaves <filled> unclosed, so its <block> lands inside the field',
  'vxml20:185': 'assert185-b.vxml is not part of this copy',
  'vxml20:394': "this copy tests x === 'undefined' (a string) for an unassigned <var>",
  'vxml20:397': 'appRootDoc.vxml is not part of this copy',
  'vxml20:655': 'a655b.txml is not part of this copy',
};

/** Failing for reasons outside the interpreter (reported to their owners). */
const ELSEWHERE: Record<string, string> = {
  'vxml20:42': 'ecmascript sandbox: `new Function()` in a document expression is refused',
  'vxml20:398': 'ecmascript sandbox: session.connection.protocol.name is writable',
  'vxml20:333': "grammar engine: a tag-less grammar's interpretation keeps the grammar's capitalisation",
};

const entries = existsSync(SUITE) ? suiteEntries() : [];

describe('W3C VoiceXML IR tests', () => {
  test('the suite is present', () => {
    expect(entries.length).toBeGreaterThan(150);
  });

  for (const e of entries) {
    const skip = NOT_RUNNABLE[e.id] ?? ELSEWHERE[e.id];
    const name = `${e.id} ${e.start}${skip ? ` (expected to fail: ${skip})` : ''}`;
    test(name, () => {
      const o = runTest(e.start);
      if (skip) {
        expect(['pass', 'fail', 'none']).toContain(o.verdict);
        return;
      }
      if (o.verdict !== 'pass') throw new Error(`verdict ${o.verdict}\nheard: ${o.transcript.join(' / ')}\nevents: ${o.events.join('\n  ')}\nlogs: ${o.logs.join(' / ')}`);
    });
  }

  test('pass rate over the whole copy', () => {
    let pass = 0;
    for (const e of entries) if (runTest(e.start).verdict === 'pass') pass++;
    expect(pass / entries.length).toBeGreaterThanOrEqual(0.93);
  });
});
