/**
 * A legacy application written for a vendor platform, built line by line so every expectation names the
 * exact file:line:col of the use: vendor properties and namespaces, <object>, a GSL grammar, hotword barge-in,
 * fractional and over-limit timeouts, an 8 kHz μ-law prompt, <record> and <transfer> particulars, keys A–D,
 * non-standard session variables — and the exit statuses of the command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAssess } from '../../gateway/cli/commands/assess';
import type { AssessmentReport, Place } from '../../gateway/assess/index';

/** A 44-byte WAV header: format code, channels, rate, bits. */
function wav(format: number, channels: number, rate: number, bits: number): Buffer {
  const b = Buffer.alloc(44);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(format, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE((rate * channels * bits) / 8, 28);
  b.writeUInt16LE((channels * bits) / 8, 32);
  b.writeUInt16LE(bits, 34);
  b.write('data', 36, 'latin1');
  return b;
}

const MAIN = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" xmlns:nuance="http://www.nuance.com/vxml" application="root.vxml">',
  '  <property name="com.nuance.core.asr.sensitivity" value="0.7"/>',
  '  <property name="timeout" value="2.5s"/>',
  '  <property name="bargeintype" value="hotword"/>',
  '  <form id="start">',
  '    <block>',
  '      <audio src="audio/welcome.wav">Welcome to Example Bank.</audio>',
  '      <audio src="audio/hd.wav"/>',
  '      <script>var ani = session.telephone.ani;',
  '        var now = new Packages.java.util.Date();',
  '        var cid = session.callerid;</script>',
  '      <prompt timeout="25s" bargein="false">Say your account type.</prompt>',
  '    </block>',
  '    <field name="account" nuance:confidence="0.4">',
  '      <grammar type="application/x-nuance-gsl" src="account.gsl"/>',
  '      <grammar type="application/x-swi-grammar" src="account.gram"/>',
  '      <option dtmf="A" value="checking">checking</option>',
  '      <nuance:hotword phrase="agent"/>',
  '    </field>',
  '    <object name="pay" classid="method://com.example/Pay"/>',
  '    <record name="msg" beep="true" maxtime="600s" type="audio/basic" finalsilence="1.5s"/>',
  '    <transfer name="agent" dest="sip:agent@pbx.example.com" bridge="true" connecttimeout="3s" aai="vip"/>',
  '    <transfer name="desk" dest="8005550142" type="consultation"/>',
  '  </form>',
  '</vxml>',
];
const ROOT_DOC = ['<?xml version="1.0"?>', '<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">', '  <property name="interdigittimeout" value="90s"/>', '</vxml>'];

const lineOf = (needle: string): number => MAIN.findIndex((l) => l.includes(needle)) + 1;
const colOf = (needle: string): number => (MAIN[lineOf(needle) - 1].search(/\S/) as number) + 1;
const at = (needle: string): string => `main.vxml:${lineOf(needle)}:${colOf(needle)}`;
const where = (ps: Place[]): string[] => ps.map((p) => `${p.uri}:${p.line}:${p.col}`);

let dir: string;
let report: AssessmentReport;
let code: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-'));
  fs.writeFileSync(path.join(dir, 'main.vxml'), MAIN.join('\n'));
  fs.writeFileSync(path.join(dir, 'root.vxml'), ROOT_DOC.join('\n'));
  fs.writeFileSync(path.join(dir, 'account.gsl'), '[checking savings]');
  fs.mkdirSync(path.join(dir, 'audio'));
  fs.writeFileSync(path.join(dir, 'audio', 'welcome.wav'), wav(7, 1, 8000, 8));
  fs.writeFileSync(path.join(dir, 'audio', 'hd.wav'), wav(1, 1, 16000, 16));
  let out = '';
  code = await runAssess(['main.vxml'], { format: 'json', platforms: ['twilio', 'acs'] }, { cwd: dir, out: (l) => (out += l), err: () => undefined });
  report = JSON.parse(out) as AssessmentReport;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function difference(name: string, platform: 'twilio' | 'acs', note: RegExp): string[] {
  const g = report.differences.find((d) => d.name === name && d.notes[platform] !== undefined && note.test(d.notes[platform] ?? ''));
  if (!g) throw new Error(`no ${platform} difference "${name}" matching ${note}; have: ${report.differences.map((d) => `${d.name}: ${JSON.stringify(d.notes)}`).join('\n')}`);
  return where(g.uses);
}

function blocker(what: RegExp): { platforms: string[]; places: string[] } {
  const b = report.blockers.find((x) => what.test(x.what));
  if (!b) throw new Error(`no blocker ${what}; have: ${report.blockers.map((x) => x.what).join(', ')}`);
  return { platforms: b.platforms, places: where(b.places) };
}

test('blockers are named with their file:line:col and platforms, and the command exits 1', () => {
  expect(code).toBe(1);
  expect(blocker(/^<object>$/)).toEqual({ platforms: ['twilio', 'acs'], places: [at('<object')] });
  expect(blocker(/^<nuance:hotword> \(Nuance\)$/)).toEqual({ platforms: ['twilio', 'acs'], places: [at('<nuance:hotword')] });
  expect(blocker(/^grammar type="application\/x-swi-grammar" \(Nuance compiled\/vendor grammar\)$/).places).toEqual([at('x-swi-grammar')]);
  expect(report.blockers.some((b) => b.what.includes('x-nuance-gsl'))).toBe(false);
  expect(blocker(/^dtmf="A"$/)).toEqual({ platforms: ['twilio'], places: [at('<option dtmf="A"')] });
  expect(blocker(/^<transfer dest>$/)).toEqual({ platforms: ['acs'], places: [at('sip:agent')] });
  const host = lineOf('Packages.java');
  expect(blocker(/^Packages\.java\.util\.Date$/)).toEqual({ platforms: ['twilio', 'acs'], places: [`main.vxml:${host}:${MAIN[host - 1].indexOf('Packages') + 1}`] });
});

test('timing differences say the value and what it becomes', () => {
  expect(difference('property timeout', 'twilio', /whole seconds: 2\.5s → 3 s/)).toEqual([at('"timeout" value="2.5s"')]);
  expect(difference('property timeout', 'acs', /whole seconds: 2\.5s → 3 s/)).toEqual([at('"timeout" value="2.5s"')]);
  expect(difference('<prompt timeout>', 'acs', /capped at 20 s: 25s → 20 s/)).toEqual([at('<prompt timeout="25s"')]);
  expect(difference('property interdigittimeout', 'acs', /at most 60 s: 90s → 60 s/)).toEqual(['root.vxml:3:3']);
  expect(difference('property bargeintype', 'twilio', /hotword is not available: treated as speech/)).toEqual([at('"bargeintype"')]);
  expect(difference('<prompt bargein>', 'acs', /one interruptPrompt/)).toEqual([at('<prompt timeout="25s"')]);
});

test('recording and transfer particulars per platform', () => {
  expect(difference('<record>', 'acs', /no single-utterance record/)).toEqual([at('<record')]);
  expect(difference('<record beep>', 'acs', /ACS_BEEP_URL/)).toEqual([at('<record')]);
  expect(difference('<record maxtime>', 'acs', /600s → 300 s/)).toEqual([at('<record')]);
  expect(difference('<record type>', 'twilio', /audio\/basic/)).toEqual([at('<record')]);
  expect(difference('<record finalsilence>', 'twilio', /1\.5s → 2 s/)).toEqual([at('<record')]);
  expect(difference('<transfer connecttimeout>', 'twilio', /at least 5 s: 3s → 5 s/)).toEqual([at('sip:agent')]);
  expect(difference('<transfer aai>', 'acs', /not sent/)).toEqual([at('sip:agent')]);
  expect(difference('<transfer type>', 'twilio', /consult/)).toEqual([at('type="consultation"')]);
  expect(difference('<transfer dest>', 'acs', /8005550142 → \+8005550142/)).toEqual([at('type="consultation"')]);
});

test('audio formats are read from the files: 8 kHz μ-law plays on Twilio, not on ACS; 16 kHz PCM plays on both', () => {
  expect(difference('audio file format', 'acs', /audio\/welcome\.wav is 8-bit μ-law mono 8 kHz WAV.*fallback content is played instead/)).toEqual([at('audio/welcome.wav')]);
  expect(report.differences.filter((d) => d.name === 'audio file format').flatMap((d) => where(d.uses))).not.toContain(at('audio/hd.wav'));
  expect(report.differences.some((d) => d.name === 'audio file format' && d.notes.twilio !== undefined)).toBe(false);
});

test('vendor extensions and session variables are flagged at their own line', () => {
  const vendor = Object.fromEntries(report.vendor.map((g) => [g.name, where(g.uses)]));
  expect(vendor['property com.nuance.core.asr.sensitivity']).toEqual([at('com.nuance')]);
  expect(vendor['nuance:confidence']).toEqual([at('nuance:confidence')]);
  // session.telephone.ani is set by the gateway (VoiceXML 1.0 name); session.callerid is not.
  expect(vendor['session.callerid']).toEqual([`main.vxml:${lineOf('session.callerid')}:${MAIN[lineOf('session.callerid') - 1].indexOf('session.callerid') + 1}`]);
  expect(Object.keys(vendor).some((k) => k.startsWith('session.telephone'))).toBe(false);
  expect(report.vendor.find((g) => g.name === 'property com.nuance.core.asr.sensitivity')?.vendor).toBe('Nuance');
});

test('exit statuses: 0 without blockers, 2 for inputs that do not exist or cannot be read', async () => {
  const run = async (inputs: string[], cwd = dir): Promise<{ code: number; err: string }> => {
    let err = '';
    const c = await runAssess(inputs, { format: 'text', platforms: ['twilio', 'acs'] }, { cwd, out: () => undefined, err: (l) => (err += l) });
    return { code: c, err };
  };
  expect(await run(['root.vxml'])).toEqual({ code: 0, err: '' });
  const missing = await run(['nowhere.vxml']);
  expect(missing.code).toBe(2);
  expect(missing.err).toMatch(/nowhere\.vxml: no such file/);
  expect((await run(['root.vxml', 'http://127.0.0.1:9/x.vxml'])).code).toBe(2);
  expect((await run(['ftp://example.com/x.vxml'])).code).toBe(2);
});

test('GSL is converted (a difference to replay), a compiled vendor grammar cannot be read (a blocker)', () => {
  expect(difference('Nuance GSL or JSGF grammar', 'twilio', /converted to SRGS/)).toEqual([at('x-nuance-gsl')]);
  const particulars = report.differences.find((d) => d.name === 'Nuance GSL or JSGF grammar')?.uses[0].value;
  expect(particulars).toMatch(/application\/x-nuance-gsl" is Nuance GSL, not SRGS/);
  const gsl = report.grammars.find((g) => g.src === 'account.gsl');
  expect(gsl).toMatchObject({ uri: 'main.vxml', loc: { line: lineOf('x-nuance-gsl'), col: colOf('x-nuance-gsl') }, format: 'Nuance GSL', mode: 'voice', phrases: 2, complete: true, twilio: 'hints (2)' });
  expect(gsl?.problem).toBeUndefined();
  const swi = report.grammars.find((g) => g.src === 'account.gram');
  expect(swi?.problem).toMatch(/application\/x-swi-grammar cannot be read: error\.unsupported\.format/);
});
