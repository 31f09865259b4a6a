/**
 * docs/compatibility.md, generated from the capability table (the one `assess` uses) and the summary of the
 * W3C conformance report. Pure: text in, text out; `npm run docs:compat` writes the file and a test fails
 * when the committed file differs from what this renders.
 */
import * as C from './capabilities';
import { CAPABILITIES, FAMILY_TITLES, PLATFORMS, PLATFORM_NAMES, type Capability, type Family, type Platform, type Support, type SupportStatus } from './capabilities';

export interface ConformanceRow {
  id: string;
  section: string;
  result: string;
  reason: string;
}

export interface ConformanceSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** The report's own pass-rate sentence. */
  rate?: string;
  rows: ConformanceRow[];
}

/** Reads test/conformance/report.md: its table rows and the closing `N passed, M failed, K skipped` line. */
export function parseConformanceReport(md: string): ConformanceSummary | undefined {
  const last = /(\d+) passed, (\d+) failed, (\d+) skipped\s*$/.exec(md.trimEnd());
  if (!last) return undefined;
  const rows: ConformanceRow[] = [];
  for (const line of md.split('\n')) {
    const m = /^\| ([\w-]+:\d+) \| ([^|]*) \| [^|]* \| \**(\w+)\** \| (.*) \|$/.exec(line.trim());
    if (m) rows.push({ id: m[1], section: m[2].trim(), result: m[3].toLowerCase(), reason: m[4].trim() });
  }
  const rate = /^Pass rate[^\n]*$/m.exec(md)?.[0];
  return { passed: Number(last[1]), failed: Number(last[2]), skipped: Number(last[3]), ...(rate ? { rate } : {}), rows };
}

const SUITES: Readonly<Record<string, string>> = { vxml20: 'VoiceXML 2.0', vxml21: 'VoiceXML 2.1' };
const MARK: Readonly<Record<SupportStatus, string>> = { works: '✅ works', differs: '⚠️ differs', unsupported: '❌ not supported' };
const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function supportCell(s: Support): string {
  const parts = [`${MARK[s.status]}${s.note ? `: ${esc(s.note)}` : ''}`];
  for (const k of s.cases ?? []) parts.push(`${MARK[k.status]} when ${esc(k.when)} — e.g. ${esc(k.note(k.example))}`);
  return parts.join('<br>');
}

function counts(platform: Platform): Record<SupportStatus, number> {
  const out: Record<SupportStatus, number> = { works: 0, differs: 0, unsupported: 0 };
  for (const c of CAPABILITIES) out[c[platform].status]++;
  return out;
}

function withCases(platform: Platform): number {
  return CAPABILITIES.filter((c) => (c[platform].cases ?? []).length > 0).length;
}

function conformanceSection(s: ConformanceSummary | undefined): string[] {
  const out = ['## W3C conformance', ''];
  if (!s) {
    out.push('The conformance report (test/conformance/report.md, written by `npm run conformance`) was not present when this page was generated.', '');
    return out;
  }
  const runnable = s.passed + s.failed;
  out.push(
    'The interpreter is checked against the W3C VoiceXML 2.0/2.1 implementation-report tests on the simulated channel',
    '(`npm run conformance`; full per-test results in [test/conformance/report.md](../test/conformance/report.md)).',
    '',
    `**${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped** — ${runnable ? ((s.passed / runnable) * 100).toFixed(1) : '0.0'} % of the offline-runnable tests pass.`,
    '',
  );
  const suites = new Map<string, { pass: number; fail: number; skip: number }>();
  for (const r of s.rows) {
    const suite = r.id.split(':')[0];
    const c = suites.get(suite) ?? { pass: 0, fail: 0, skip: 0 };
    if (r.result === 'pass') c.pass++;
    else if (r.result === 'fail') c.fail++;
    else c.skip++;
    suites.set(suite, c);
  }
  if (suites.size) {
    out.push('| tests | pass | fail | skipped |', '|---|---:|---:|---:|');
    for (const [suite, c] of [...suites.entries()].sort()) out.push(`| ${SUITES[suite] ?? suite} | ${c.pass} | ${c.fail} | ${c.skip} |`);
    out.push('');
  }
  const failed = s.rows.filter((r) => r.result === 'fail');
  if (failed.length) {
    out.push('Failing tests:', '');
    for (const r of failed) out.push(`- ${r.id}${r.section && r.section !== '—' ? ` (${r.section})` : ''}: ${esc(r.reason)}`);
    out.push('');
  }
  return out;
}

export function renderCompatibility(conformance?: ConformanceSummary): string {
  const out: string[] = [
    '# Compatibility: VoiceXML 2.0/2.1 on Twilio and Azure Communication Services',
    '',
    '<!-- Generated from gateway/assess/capabilities.ts by `npm run docs:compat`; do not edit by hand. -->',
    '',
    'What every VoiceXML element, attribute, property and feature becomes on each platform. This is the table',
    '`vxml-gateway assess` evaluates every use in your documents against, so an assessment and this page never',
    'disagree. ✅ works the same · ⚠️ works with a difference (said concretely) · ❌ not supported (a blocker).',
    'Where the behaviour depends on the value, the conditions follow the main verdict.',
    '',
    '| | entries | ✅ works | ⚠️ differs | ❌ not supported | value-dependent |',
    '|---|---:|---:|---:|---:|---:|',
    ...PLATFORMS.map((p) => {
      const n = counts(p);
      return `| ${PLATFORM_NAMES[p]} | ${CAPABILITIES.length} | ${n.works} | ${n.differs} | ${n.unsupported} | ${withCases(p)} |`;
    }),
    '',
    '## Platform limits the gateway applies',
    '',
    '| limit | value |',
    '|---|---|',
    `| ACS initial silence with speech (speech, speechOrDtmf, choices) | ≤ ${C.ACS_SPEECH_SILENCE_MAX_S} s |`,
    `| ACS initial silence, keys only | ≤ ${C.ACS_DTMF_SILENCE_MAX_S} s |`,
    `| ACS inter-tone timeout | ≤ ${C.ACS_INTERTONE_MAX_S} s |`,
    `| ACS bridged-transfer invitation timeout | ≤ ${C.ACS_INVITATION_MAX_S} s |`,
    `| Twilio <Dial timeout> | ${C.TWILIO_DIAL_TIMEOUT_MIN_S}–${C.TWILIO_DIAL_TIMEOUT_MAX_S} s |`,
    `| Twilio <Gather maxSpeechTime> | ≤ ${C.TWILIO_MAX_SPEECH_S} s |`,
    `| Twilio webhook answer | ${C.TWILIO_WEBHOOK_TIMEOUT_S} s, then the fallback URL |`,
    `| speech hints per listen (Twilio) | ${C.MAX_HINTS} phrases |`,
    `| closed voice set offered as ACS choices (ACS_USE_CHOICES=true) | ≤ ${C.MAX_CHOICE_PHRASES} phrases |`,
    '| timing values on both platforms | whole seconds, rounded up |',
    '',
  ];
  out.push(...conformanceSection(conformance));
  const families = Object.keys(FAMILY_TITLES) as Family[];
  for (const f of families) {
    const caps = CAPABILITIES.filter((c) => c.family === f);
    if (!caps.length) continue;
    out.push(`## ${FAMILY_TITLES[f]}`, '', `| | ${PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(' | ')} |`, `|---|${PLATFORMS.map(() => '---').join('|')}|`);
    for (const c of caps) out.push(`| ${name(c)} | ${PLATFORMS.map((p) => supportCell(c[p])).join(' | ')} |`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function name(c: Capability): string {
  const shown = c.kind === 'feature' ? `**${esc(c.name)}**` : `\`${c.name.replace(/\|/g, '\\|')}\``;
  return `${shown}<br>${esc(c.what)}`;
}
