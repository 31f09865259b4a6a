/**
 * Coverage computed from traces: dialogs and items by name, handlers and transitions by source position —
 * in the traced document or its application root; served URLs mapped onto the files; what no call reached
 * counted too; percentages; and the shading of Mermaid and DOT drawings.
 */
import { compile, buildChart, toDot, toMermaid } from '../../gateway/compiler/index';
import { chartCoverage, computeCoverage, formatTotals, ratio, shadeDot, shadeMermaid, TraceCollector } from '../../gateway/coverage/index';
import type { TraceEntry } from '../../contracts/interpreter';

const ROOT = `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <catch event="error.badfetch">
    <goto next="leaf.vxml#menu"/>
  </catch>
  <noinput><reprompt/></noinput>
</vxml>`;

const LEAF = `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" application="root.vxml">
  <menu id="menu">
    <prompt>Say one or two.</prompt>
    <choice next="#one">one</choice>
    <choice next="#two">two</choice>
  </menu>
  <form id="one">
    <field name="f" type="digits"><nomatch>Again.</nomatch></field>
    <block name="b"><goto nextitem="f"/></block>
  </form>
  <form id="two"><block><exit/></block></form>
</vxml>`;

const FILE = 'file:///apps/bank/';
const SERVED = 'http://127.0.0.1:4000/bank/';
const root = compile(ROOT, `${FILE}root.vxml`);
const leaf = compile(LEAF, `${FILE}leaf.vxml`);
const loc = (line: number, col: number) => ({ line, col });

function collect(): TraceCollector {
  const seen = new TraceCollector();
  seen.callStarted(`${SERVED}leaf.vxml#menu`);
  seen.document(`${SERVED}leaf.vxml`, compile(LEAF, `${SERVED}leaf.vxml`));
  const trace: TraceEntry[] = [
    { kind: 'dialog', uri: `${SERVED}leaf.vxml`, dialog: 'menu', loc: loc(3, 3) },
    { kind: 'transition', uri: `${SERVED}leaf.vxml`, from: 'menu', to: '#one', via: 'choice', loc: loc(5, 5) },
    { kind: 'dialog', uri: `${SERVED}leaf.vxml`, dialog: 'one', loc: loc(8, 3) },
    { kind: 'item', uri: `${SERVED}leaf.vxml`, dialog: 'one', item: 'f', loc: loc(9, 5) },
    // The root's noinput handler, while the call is in the leaf: traced with the leaf's URI.
    { kind: 'handler', uri: `${SERVED}leaf.vxml`, event: 'noinput', loc: loc(6, 3) },
    // The root's catch made a transition: also traced in the leaf.
    { kind: 'transition', uri: `${SERVED}leaf.vxml`, from: 'one', to: `${SERVED}leaf.vxml#menu`, via: 'goto', loc: loc(4, 5) },
    { kind: 'log', uri: `${SERVED}leaf.vxml`, loc: loc(1, 1), message: 'ignored' },
  ];
  seen.record(trace);
  return seen;
}

const mapUri = (u: string): string => (u.startsWith(SERVED) ? FILE + u.slice(SERVED.length) : u);
const display = (u: string): string => u.replace(FILE, 'bank/');

test('traces are attributed to the documents that declare what ran, roots included', () => {
  const r = computeCoverage([{ entry: `${FILE}leaf.vxml`, documents: [{ uri: `${FILE}leaf.vxml`, graph: leaf }, { uri: `${FILE}root.vxml`, graph: root }] }], collect(), { mapUri, display });
  const byUri = Object.fromEntries(r.documents.map((d) => [d.uri, d]));
  expect(byUri['bank/leaf.vxml'].dialogs).toEqual([
    { id: 'menu', kind: 'menu', line: 3, covered: true },
    { id: 'one', kind: 'form', line: 8, covered: true },
    { id: 'two', kind: 'form', line: 12, covered: false },
  ]);
  expect(byUri['bank/leaf.vxml'].items.map((i) => [i.dialog, i.name, i.covered])).toEqual([['one', 'f', true], ['one', 'b', false], ['two', expect.stringMatching(/^\$item/), false]]);
  expect(byUri['bank/root.vxml'].handlers.map((h) => [h.tag, h.covered])).toEqual([['catch', false], ['noinput', true]]);
  expect(byUri['bank/leaf.vxml'].handlers.map((h) => [h.tag, h.covered])).toEqual([['nomatch', false]]);
  // Transitions: the choice made, the other not; the root's catch <goto> made; the nextitem goto is not a transition.
  expect(byUri['bank/leaf.vxml'].transitions.map((t) => [t.kind, t.line, t.covered])).toEqual([['choice', 5, true], ['choice', 6, false]]);
  expect(byUri['bank/root.vxml'].transitions.map((t) => [t.kind, t.line, t.covered])).toEqual([['catch', 4, true]]);
  expect(r.totals).toEqual({ dialogs: ratio(2, 3), items: ratio(1, 3), handlers: ratio(1, 3), transitions: ratio(2, 3) });
  expect(formatTotals(r.totals)).toBe('dialogs 66.6% (2/3), form items 33.3% (1/3), handlers 33.3% (1/3), transitions 66.6% (2/3)');
  expect(r.applications).toEqual([{ entry: 'bank/leaf.vxml', documents: ['bank/leaf.vxml', 'bank/root.vxml'], totals: r.totals }]);
  expect(r.calls).toBe(1);
});

test('nothing to cover counts as 100 %', () => {
  expect(ratio(0, 0).percent).toBe(100);
});

test('Mermaid and DOT drawings are shaded: reached dialogs green, the others red, transitions made thick', () => {
  const r = computeCoverage([{ entry: `${FILE}leaf.vxml`, documents: [{ uri: `${FILE}leaf.vxml`, graph: leaf }, { uri: `${FILE}root.vxml`, graph: root }] }], collect(), { mapUri, display });
  const graphs = [leaf, root];
  const chart = buildChart(graphs);
  const cov = chartCoverage(chart, graphs, r, (reportUri, graphUri) => reportUri === display(graphUri));
  const ids = Object.fromEntries(chart.documents[0].nodes.map((n) => [n.label, n.id]));
  expect(cov.covered.sort()).toEqual([ids.menu, ids.one].sort());
  expect(cov.uncovered).toEqual([ids.two]);
  const made = cov.edges.map((i) => chart.edges[i].label);
  expect(made).toEqual(['choice: one', 'catch: error.badfetch']);

  const mermaid = shadeMermaid(toMermaid(chart), cov);
  expect(mermaid).toContain(`\n  class ${cov.covered.join(',')} covered\n`);
  expect(mermaid).toContain(`\n  class ${ids.two} uncovered\n`);
  expect(mermaid).toContain(`\n  linkStyle ${cov.edges.join(',')} stroke:#2e7d32,stroke-width:3px\n`);

  const dot = shadeDot(toDot(chart), cov);
  expect(dot).toMatch(new RegExp(`${ids.two} \\[label="two", shape=box, style=filled, fillcolor="#ffcdd2"\\];`));
  expect(dot.match(/penwidth=2/g)).toHaveLength(2);
  expect(dot.trimEnd().endsWith('}')).toBe(true);
});
