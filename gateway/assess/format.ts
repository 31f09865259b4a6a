/**
 * The assessment as text (a one-screen summary, then the details with file:line:col of every use), as
 * Markdown (the same, as tables for a migration plan), or as JSON (the report object).
 */
import { PLATFORM_NAMES, type Platform, type SupportStatus } from './capabilities';
import type { AssessmentReport, DifferenceGroup, FindingGroup, Place, TargetListing } from './assess';
import type { GrammarEntry } from './grammars';

export type AssessFormat = 'text' | 'md' | 'json';

const STATUS_WORDS: Readonly<Record<SupportStatus, string>> = { works: 'works', differs: 'works with a difference', unsupported: 'not supported' };

export function formatReport(r: AssessmentReport, format: AssessFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(r, null, 2)}\n`;
    case 'md':
      return markdown(r);
    case 'text':
      return text(r);
  }
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;
const at = (p: Place): string => `${p.uri}:${p.line}:${p.col}`;

function headline(r: AssessmentReport): string[] {
  const res = r.resources;
  const parts = [
    `${plural(r.summary.documents, 'document')} (${plural(r.summary.dialogs, 'dialog')})`,
    plural(res.grammar, 'grammar file'),
    plural(res.script, 'script'),
    plural(res.data, 'data file'),
    plural(res.audio, 'audio file'),
  ];
  return [
    `vxml-gateway assess: ${r.inputs.join(' ')}${r.entries.length > 1 ? ` (${plural(r.entries.length, 'entry document')})` : ''}`,
    `${parts.join(', ')}; ${plural(r.summary.dynamicTargets, 'dynamic target')} not followed`,
  ];
}

export function verdict(r: AssessmentReport): string {
  if (r.summary.blockers > 0) return `${plural(r.summary.blockers, 'blocker')}: fix or replace them before migrating (listed first below)`;
  const differs = r.platforms.map((p) => `${p.counts.differs} on ${PLATFORM_NAMES[p.platform]}`).join(', ');
  return `no blockers — replay the application's calls on each platform and review the differences (${differs})`;
}

function summaryTable(r: AssessmentReport): string[] {
  const names = r.platforms.map((p) => PLATFORM_NAMES[p.platform]);
  const rows: [string, ...number[]][] = (['works', 'differs', 'unsupported'] as const).map((s) => [STATUS_WORDS[s], ...r.platforms.map((p) => p.counts[s])]);
  const w0 = Math.max(...rows.map((x) => x[0].length), 4);
  const ws = names.map((n, i) => Math.max(n.length, ...rows.map((x) => String(x[i + 1]).length)) + 3);
  const line = (cells: (string | number)[]): string => `  ${String(cells[0]).padEnd(w0)}${cells.slice(1).map((c, i) => String(c).padStart(ws[i])).join('')}`;
  return [line(['uses', ...names]), ...rows.map(line)];
}

function text(r: AssessmentReport): string {
  const out: string[] = [...headline(r), '', ...summaryTable(r), ''];
  out.push(`  blockers: ${r.summary.blockers} · document errors: ${r.problems.filter((d) => d.severity === 'error').length} · vendor extensions: ${r.summary.vendorExtensions} · grammars: ${r.summary.grammars}`);
  out.push(`  verdict: ${verdict(r)}`);
  const section = (title: string): void => {
    out.push('', `== ${title}`);
  };
  const places = (ps: Place[]): void => {
    for (const p of ps) out.push(`      ${at(p)}${p.value !== undefined ? `  ${p.value}` : ''}`);
  };
  section(`Blockers (${r.blockers.length})`);
  for (const b of r.blockers) {
    out.push(`  ${b.what} [${b.platforms.map((p) => PLATFORM_NAMES[p]).join(', ')}]: ${b.why}`);
    places(b.places);
  }
  section(`Works with a difference (${r.platforms.map((p) => `${PLATFORM_NAMES[p.platform]}: ${plural(p.counts.differs, 'use')}`).join(', ')})`);
  for (const g of r.differences) {
    const notes = noteEntries(g);
    out.push(`  ${label(g)} [${notes.map(([p]) => PLATFORM_NAMES[p]).join(', ')}]`);
    if (notes.length > 1 && notes.every(([, n]) => n === notes[0][1])) out.push(`    ${notes.map(([p]) => PLATFORM_NAMES[p]).join(', ')}: ${notes[0][1]}`);
    else for (const [p, note] of notes) out.push(`    ${PLATFORM_NAMES[p]}: ${note}`);
    places(g.uses);
  }
  section(`Vendor extensions (${r.summary.vendorExtensions})`);
  for (const g of r.vendor) {
    out.push(`  ${label(g)} — ${STATUS_WORDS[g.status]}: ${g.note ?? ''}`);
    places(g.uses);
  }
  const warnings = r.problems.filter((d) => d.severity !== 'error');
  section(`Other document findings (${warnings.length} infos; warnings are listed as differences)`);
  for (const d of warnings) out.push(`  ${d.uri}:${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`);
  section(`Grammars (${r.grammars.length})`);
  out.push(...grammarTable(r.grammars).map((l) => `  ${l}`));
  section('Targets not followed');
  const listing = (title: string, ts: TargetListing[]): void => {
    out.push(`  ${title} (${ts.reduce((n, t) => n + t.places.length, 0)})`);
    for (const t of ts) for (const p of t.places) out.push(`      ${at(p)} ${p.value ?? ''} ${t.uri} — ${t.reason}`);
  };
  listing('dynamic', r.targets.dynamic);
  listing('not followed', r.targets.notFollowed);
  listing('missing or unreadable', r.targets.missing);
  section('Works on every platform');
  out.push(...wrap(worksEverywhere(r).map(([name, n]) => `${name} ×${n}`), 100).map((l) => `  ${l}`));
  return `${out.join('\n')}\n`;
}

function noteEntries(g: DifferenceGroup): [Platform, string][] {
  return Object.entries(g.notes) as [Platform, string][];
}

function label(g: FindingGroup | DifferenceGroup): string {
  return g.vendor ? `${g.name} (${g.vendor})` : g.name;
}

/** Names used that work on every assessed platform, with their use counts. */
function worksEverywhere(r: AssessmentReport): [string, number][] {
  const counts = new Map<string, number>();
  const notEverywhere = new Set<string>();
  for (const p of r.platforms) {
    for (const g of p.groups) {
      if (g.status !== 'works') notEverywhere.add(g.name);
    }
  }
  const first = r.platforms[0];
  for (const g of first?.groups ?? []) {
    if (g.status !== 'works' || notEverywhere.has(g.name)) continue;
    counts.set(g.name, (counts.get(g.name) ?? 0) + g.uses.length);
  }
  return [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function wrap(items: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (next.length > width && line) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function phrasesOf(g: GrammarEntry): string {
  return g.problem ? '?' : `${g.phrases}${g.complete ? '' : '+'}`;
}

function grammarTable(gs: GrammarEntry[]): string[] {
  const rows = gs.map((g) => [`${g.uri}:${g.loc.line}:${g.loc.col}`, g.origin, g.src ?? '', g.format, g.mode, g.rules === undefined ? '—' : String(g.rules), phrasesOf(g), g.twilio, g.problem ? `${g.acs} (${g.problem})` : g.acs]);
  const head = ['where', 'declared by', 'src', 'format', 'mode', 'rules', 'phrases', 'Twilio', 'ACS'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return all.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

// ------------------------------------------------------------------ Markdown

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const where = (ps: Place[]): string => ps.map((p) => `\`${at(p)}\`${p.value !== undefined ? ` ${cell(p.value)}` : ''}`).join('<br>');

function markdown(r: AssessmentReport): string {
  const [title, detail] = headline(r);
  const out: string[] = [`# ${title.replace('vxml-gateway assess: ', 'Migration assessment: ')}`, '', detail, ''];
  out.push(`| uses | ${r.platforms.map((p) => PLATFORM_NAMES[p.platform]).join(' | ')} |`, `|---|${r.platforms.map(() => '---:').join('|')}|`);
  for (const s of ['works', 'differs', 'unsupported'] as const) out.push(`| ${STATUS_WORDS[s]} | ${r.platforms.map((p) => p.counts[s]).join(' | ')} |`);
  out.push('', `**Verdict:** ${verdict(r)}.`, '');
  out.push(`## Blockers (${r.blockers.length})`, '');
  if (r.blockers.length) {
    out.push('| what | platforms | why | where |', '|---|---|---|---|');
    for (const b of r.blockers) out.push(`| ${cell(b.what)} | ${b.platforms.map((p) => PLATFORM_NAMES[p]).join(', ')} | ${cell(b.why)} | ${where(b.places)} |`);
    out.push('');
  }
  out.push(`## Works with a difference (${r.platforms.map((p) => `${PLATFORM_NAMES[p.platform]}: ${plural(p.counts.differs, 'use')}`).join(', ')})`, '');
  if (r.differences.length) {
    out.push(`| use | ${r.platforms.map((p) => PLATFORM_NAMES[p.platform]).join(' | ')} | where |`, `|---|${r.platforms.map(() => '---').join('|')}|---|`);
    for (const g of r.differences) out.push(`| ${cell(label(g))} | ${r.platforms.map((p) => cell(g.notes[p.platform] ?? '—')).join(' | ')} | ${where(g.uses)} |`);
    out.push('');
  }
  out.push(`## Vendor extensions (${r.summary.vendorExtensions})`, '');
  if (r.vendor.length) {
    out.push('| extension | status | what happens | where |', '|---|---|---|---|');
    for (const g of r.vendor) out.push(`| ${cell(label(g))} | ${STATUS_WORDS[g.status]} | ${cell(g.note ?? '')} | ${where(g.uses)} |`);
    out.push('');
  }
  out.push(`## Grammars (${r.grammars.length})`, '', '| where | declared by | src | format | mode | rules | phrases | Twilio | ACS |', '|---|---|---|---|---|---:|---:|---|---|');
  for (const g of r.grammars) {
    out.push(`| \`${g.uri}:${g.loc.line}:${g.loc.col}\` | ${cell(g.origin)} | ${cell(g.src ?? '')} | ${cell(g.format)} | ${g.mode} | ${g.rules ?? '—'} | ${phrasesOf(g)} | ${cell(g.twilio)} | ${cell(g.problem ? `${g.acs} (${g.problem})` : g.acs)} |`);
  }
  out.push('', '## Targets not followed', '');
  for (const [title, ts] of [['Dynamic', r.targets.dynamic], ['Not followed', r.targets.notFollowed], ['Missing or unreadable', r.targets.missing]] as const) {
    out.push(`### ${title} (${ts.length})`, '');
    if (ts.length) {
      out.push('| where | target | why |', '|---|---|---|');
      for (const t of ts) out.push(`| ${where(t.places)} | \`${cell(t.uri)}\` | ${cell(t.reason)} |`);
      out.push('');
    }
  }
  const warnings = r.problems.filter((d) => d.severity !== 'error');
  out.push(`## Other document findings (${warnings.length})`, '');
  for (const d of warnings) out.push(`- \`${d.uri}:${d.line}:${d.col}\` ${d.severity} ${d.code}: ${cell(d.message)}`);
  out.push('', '## Works on every platform', '', worksEverywhere(r).map(([n, c]) => `${cell(n)} ×${c}`).join(', ') || '(nothing)', '');
  return out.join('\n');
}
