/** `vxml-gateway lint` and `graph`: through their command functions and through the commander program. */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGraph } from '../../gateway/cli/commands/graph';
import { runLint, type CliIo } from '../../gateway/cli/commands/lint';
import { main } from '../../gateway/cli/main';
import { decode } from '../../gateway/cli/sources';
import { compile } from '../../gateway/compiler';

const ROOT = path.resolve(__dirname, '../..');

function capture(cwd: string): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { cwd, lines, errors, out: (l) => lines.push(...l.replace(/\n$/, '').split('\n')), err: (l) => errors.push(l) };
}

const doc = (body: string, attrs = ''): string => `<?xml version="1.0"?>\n<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"${attrs}>\n${body}\n</vxml>\n`;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vxml-lint-'));
  fs.mkdirSync(path.join(tmp, 'app/sub'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'app/root.vxml'), doc('<var name="lang" expr="\'en\'"/>'));
  fs.writeFileSync(path.join(tmp, 'app/main.vxml'), doc('<menu id="top" dtmf="true"><choice next="sub/pay.vxml#pay">pay</choice><choice next="sub/pay.vxml#refund">refund</choice><choice next="gone.vxml">gone</choice><choice next="cgi/menu.jsp">server</choice></menu>', ' application="root.vxml"'));
  fs.writeFileSync(path.join(tmp, 'app/sub/pay.vxml'), doc('<form id="pay"><block><goto next="../main.vxml#top"/></block></form>', ' application="../root.vxml"'));
  fs.writeFileSync(path.join(tmp, 'app/notes.txt'), 'not a document');
  fs.writeFileSync(path.join(tmp, 'broken.vxml'), doc('<form id="a"><block><goto next="#b"/></block></form>'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('lint', () => {
  test('a directory: every *.vxml recursively, cross-document references, relative paths, summary, exit 1 on error', async () => {
    const io = capture(tmp);
    const r = await runLint(['app'], {}, io);
    expect(io.lines).toEqual([
      'app/main.vxml:3:72 error unknown-remote-dialog this choice refers to dialog "#refund" of app/sub/pay.vxml, which has no such dialog. Fix the id',
      'app/main.vxml:3:122 error unknown-document this choice refers to "app/gone.vxml", which does not exist. Fix the path or add the document',
      '3 documents checked: 2 errors, 0 warnings, 0 infos',
    ]);
    expect(r.exitCode).toBe(1);
  });

  test('clean documents exit 0; referenced documents found on disk are checked without being linted', async () => {
    const io = capture(tmp);
    const r = await runLint(['app/sub/pay.vxml'], {}, io);
    expect(io.lines).toEqual(['1 document checked: 0 errors, 0 warnings, 0 infos']);
    expect(r.exitCode).toBe(0);
  });

  test('missing inputs are errors; --errors-only and json output', async () => {
    const io = capture(tmp);
    const r = await runLint(['nope.vxml', 'broken.vxml'], { errorsOnly: true }, io);
    expect(r.exitCode).toBe(1);
    expect(io.lines[0]).toBe('nope.vxml:1:1 error io-error cannot read the document: no such file or directory');
    expect(io.lines[1]).toMatch(/^broken\.vxml:3:21 error unknown-dialog /);
    const json = capture(tmp);
    await runLint(['broken.vxml'], { format: 'json' }, json);
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject({ documents: 1, diagnostics: [{ code: 'unknown-dialog', line: 3, col: 21, uri: 'broken.vxml' }] });
  });

  test('http(s) URLs are fetched (charset honoured); fetch failures are reported', async () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<vxml version="2.1"><form id="caf\xe9"><block>Caf\xe9 <goto next="#nowhere"/></block></form></vxml>', 'latin1');
    const server = http.createServer((req, res) => {
      if (req.url === '/app.vxml') {
        res.writeHead(200, { 'content-type': 'application/voicexml+xml' });
        res.end(latin1);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const io = capture(tmp);
      const r = await runLint([`${base}/app.vxml`, `${base}/missing.vxml`], {}, io);
      expect(r.exitCode).toBe(1);
      expect(io.lines[0]).toMatch(new RegExp(`^${base}/app.vxml:2:49 error unknown-dialog .*dialogs: café`));
      expect(io.lines[1]).toMatch(new RegExp(`^${base}/missing.vxml:1:1 error io-error .*HTTP 404`));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('decode: BOMs, HTTP charset and XML declaration decide the encoding', () => {
    expect(decode(Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><a>\xe9</a>', 'latin1'), undefined)).toContain('é');
    expect(decode(Buffer.from('<a>\xe9</a>', 'latin1'), 'text/xml; charset=windows-1252')).toBe('<a>é</a>');
    expect(decode(Buffer.from('<a>é</a>', 'utf8'), undefined)).toBe('<a>é</a>');
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a/>', 'utf16le')]), undefined)).toBe('<a/>');
  });
});

describe('graph', () => {
  const airlineEntry = (): string => {
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'vxml-samples/airline/app.json'), 'utf8')) as { entry: string };
    return `vxml-samples/airline/${app.entry}`;
  };

  test('mermaid for the airline sample covers every dialog of every document, one subgraph per document', async () => {
    const io = capture(ROOT);
    expect(await runGraph(airlineEntry(), { format: 'mermaid', follow: true }, io)).toBe(0);
    const chart = io.lines.join('\n');
    expect(io.lines[0]).toBe('flowchart LR');
    const docs = fs.readdirSync(path.join(ROOT, 'vxml-samples/airline')).filter((f) => f.endsWith('.vxml'));
    expect(docs.length).toBeGreaterThan(3);
    for (const d of docs) {
      const uri = `vxml-samples/airline/${d}`;
      expect(chart).toContain(`subgraph doc`);
      expect(chart).toContain(`["${uri}"]`);
      const g = compile(fs.readFileSync(path.join(ROOT, uri), 'utf8'), uri);
      for (const dialog of g.dialogs) expect(chart).toMatch(new RegExp(`\\n\\s+n_\\w+(\\["|\\{\\{")${dialog.id.replace(/\$/g, '\\$')}("\\]|"\\}\\})\\n`));
    }
    expect(chart).toMatch(/-->\|"choice: /);
  });

  test('a small application: follows local documents, external targets and missing dialogs get their own nodes', async () => {
    const io = capture(tmp);
    expect(await runGraph('app/main.vxml', { format: 'mermaid', follow: true }, io)).toBe(0);
    expect(io.lines).toEqual([
      'flowchart LR',
      '  subgraph doc0["app/main.vxml"]',
      '    n_0__top{{"top"}}',
      '    n_0_doc(["main.vxml"])',
      '  end',
      '  subgraph doc1["app/root.vxml"]',
      '    n_1_doc(["root.vxml"])',
      '  end',
      '  subgraph doc2["app/sub/pay.vxml"]',
      '    n_2__pay["pay"]',
      '    n_2_missing_refund["#refund (missing)"]',
      '    n_2_doc(["pay.vxml"])',
      '  end',
      '  n_ext_app_gone_vxml[/"app/gone.vxml"/]',
      '  n_ext_app_cgi_menu_jsp[/"app/cgi/menu.jsp"/]',
      '  n_0_doc -.->|"application"| n_1_doc',
      '  n_0__top -->|"choice: pay"| n_2__pay',
      '  n_0__top -->|"choice: refund"| n_2_missing_refund',
      '  n_0__top -->|"choice: gone"| n_ext_app_gone_vxml',
      '  n_0__top -->|"choice: server"| n_ext_app_cgi_menu_jsp',
      '  n_2_doc -.->|"application"| n_1_doc',
      '  n_2__pay -->|"goto"| n_0__top',
      '  classDef missing stroke:#c00,stroke-dasharray:4 2',
      '  class n_2_missing_refund missing',
    ]);
  });

  test('--no-follow draws one document; dot and json formats', async () => {
    const mermaid = capture(tmp);
    await runGraph('app/main.vxml', { format: 'mermaid', follow: false }, mermaid);
    expect(mermaid.lines.filter((l) => l.includes('subgraph'))).toHaveLength(1);
    expect(mermaid.lines).toContain('  n_ext_app_sub_pay_vxml[/"app/sub/pay.vxml"/]');

    const dot = capture(tmp);
    await runGraph('app/main.vxml', { format: 'dot', follow: true }, dot);
    expect(dot.lines[0]).toBe('digraph vxml {');
    expect(dot.lines).toContain('    n_0__top [label="top", shape=hexagon];');
    expect(dot.lines).toContain('  n_0__top -> n_2__pay [label="choice: pay"];');
    expect(dot.lines[dot.lines.length - 1]).toBe('}');

    const json = capture(tmp);
    await runGraph('app/main.vxml', { format: 'json', follow: true }, json);
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject({ kind: 'document', uri: 'app/main.vxml', dialogs: [{ id: 'top', kind: 'menu' }] });
  });

  test('an unreadable input exits 1', async () => {
    const io = capture(tmp);
    expect(await runGraph('nope.vxml', { format: 'mermaid', follow: true }, io)).toBe(1);
    expect(io.errors[0]).toContain('no such file');
  });
});

describe('the vxml-gateway program', () => {
  let out: jest.SpyInstance;
  let err: jest.SpyInstance;
  const cwd = process.cwd();
  beforeEach(() => {
    out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.chdir(tmp);
  });
  afterEach(() => {
    out.mockRestore();
    err.mockRestore();
    process.chdir(cwd);
  });

  test.each([
    [['lint', 'app/sub/pay.vxml'], 0],
    [['lint', 'broken.vxml'], 1],
    [['graph', 'app/main.vxml', '--format', 'dot'], 0],
    [['graph', 'app/main.vxml', '--format', 'svg'], 2],
    [['lint'], 2],
    [['frobnicate'], 2],
    [[], 2],
    [['--help'], 0],
  ])('vxml-gateway %j exits %d', async (args, code) => {
    expect(await main(['node', 'vxml-gateway', ...args])).toBe(code);
    expect(process.exitCode).toBeUndefined();
  });
});
