/**
 * Character sets end to end: documents, <data> answers and grammars served with a Content-Type charset, an
 * XML declaration, a BOM, UTF-16 without BOM, Java charset labels, or mislabelled Latin-1 — over HTTP and
 * from files — decode to the same text the legacy platforms read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FetchResult } from '../../contracts/interpreter';
import { compile } from '../../gateway/compiler/index';
import { FakeClock } from '../../gateway/runtime/clock';
import { HttpDocumentLoader, type LoadContext } from '../../gateway/runtime/document-loader';
import { MemoryLogger } from '../../gateway/runtime/logger';
import { MemoryResponseDocumentStore } from '../../gateway/runtime/memory-stores';
import { OriginPolicy } from '../../gateway/runtime/origin-policy';
import { defaultRecordingFetcher } from '../../gateway/runtime/recordings';
import { decodeText, ResourceFetcher } from '../../gateway/runtime/resource-fetcher';
import { startLoopback, type Loopback } from '../runtime/loopback';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const doc = (decl: string, word: string) => `${decl}<vxml version="2.0"><form id="f"><block>${word}</block></form></vxml>`;

describe('decodeText', () => {
  test.each<[string, Buffer, string, string]>([
    ['XML declaration ISO-8859-1', latin1(doc('<?xml version="1.0" encoding="ISO-8859-1"?>', 'caf\u00e9')), '', 'café'],
    ['Java label ISO8859_1', latin1(doc('<?xml version="1.0" encoding="ISO8859_1"?>', 'caf\u00e9')), '', 'café'],
    ['Java label Cp1252 with curly quotes', Buffer.concat([latin1('<?xml version="1.0" encoding="Cp1252"?><vxml>'), Buffer.from([0x93, 0x68, 0x69, 0x94]), latin1('</vxml>')]), '', '\u201chi\u201d'],
    ['declaration after blank lines', latin1(doc('\n\n<?xml version="1.0" encoding="iso-8859-1"?>', 'caf\u00e9')), '', 'café'],
    ['undeclared Latin-1 bytes (not UTF-8)', latin1(doc('<?xml version="1.0"?>', 'caf\u00e9')), '', 'café'],
    ['UTF-8 declared over Latin-1 bytes', latin1(doc('<?xml version="1.0" encoding="UTF-8"?>', 'caf\u00e9')), '', 'café'],
    ['HTTP charset wins over the declaration', latin1(doc('<?xml version="1.0" encoding="UTF-8"?>', 'caf\u00e9')), 'text/xml; charset=ISO-8859-1', 'café'],
    ['HTTP charset quoted', latin1(doc('', 'caf\u00e9')), 'application/voicexml+xml;charset="iso-8859-1"', 'café'],
    ['UTF-8 BOM wins over a Latin-1 header', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc('', 'café'), 'utf8')]), 'text/xml; charset=ISO-8859-1', 'café'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc('<?xml version="1.0" encoding="UTF-16"?>', 'café'), 'utf16le')]), '', 'café'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(doc('', 'café'), 'utf16le').swap16()]), '', 'café'],
    ['UTF-16LE without BOM', Buffer.from(doc('<?xml version="1.0" encoding="UTF-16"?>', 'café'), 'utf16le'), '', 'café'],
    ['UTF-16BE without BOM', Buffer.from(doc('<?xml version="1.0" encoding="UTF-16"?>', 'café'), 'utf16le').swap16(), '', 'café'],
    ['GB2312 declared', Buffer.concat([latin1('<?xml version="1.0" encoding="GB2312"?><vxml>'), Buffer.from([0xb2, 0xe2, 0xca, 0xd4]), latin1('</vxml>')]), '', '测试'],
    ['unknown label falls back to UTF-8', Buffer.from(doc('<?xml version="1.0" encoding="x-no-such"?>', 'café'), 'utf8'), '', 'café'],
  ])('%s', (_name, bytes, contentType, expected) => {
    const text = decodeText(bytes, contentType);
    expect(text).toContain(expected);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain('\ufffd');
  });
});

let server: Loopback;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'legacy-charset-'));
  server = await startLoopback({
    '/app/latin1.jsp': (_req, res) => {
      // Tomcat's default for contentType="text/xml" pages.
      res.setHeader('content-type', 'text/xml;charset=ISO-8859-1');
      res.end(latin1('<?xml version="1.0"?>\n<vxml version="2.0"><form id="f"><block>Bienvenue \u00e0 bord, caf\u00e9 cr\u00e8me</block></form></vxml>'));
    },
    '/app/data.xml': (_req, res) => {
      res.setHeader('content-type', 'text/xml');
      res.end(latin1('<?xml version="1.0" encoding="ISO-8859-1"?><flight city="Z\u00fcrich">M\u00fcnchen</flight>'));
    },
    '/app/colors.gram': (_req, res) => {
      res.setHeader('content-type', 'text/plain; charset=windows-1252');
      res.end(latin1('#ABNF 1.0 ISO-8859-1;\nroot $c; $c = cr\u00e8me | caf\u00e9;'));
    },
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function setup(entry: string) {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const fetcher = new ResourceFetcher({ clock, logger, maxBytes: 65536, maxRedirects: 3, cacheEntries: 50 });
  const loader = new HttpDocumentLoader({
    fetcher, compile, responses: new MemoryResponseDocumentStore(clock, 3600), recordings: defaultRecordingFetcher, defaultTimeoutMs: 2000, maxBytes: 65536, cacheEntries: 50,
  });
  const ctx: LoadContext = { callId: 'c1', policy: new OriginPolicy(entry, []), deadline: performance.now() + 10_000, responseDocs: new Map(), logger };
  return { loader, ctx };
}

const at = { uri: 'http://x/doc.vxml', loc: { line: 1, col: 1 } };

function ok(r: FetchResult): Extract<FetchResult, { ok: true }> {
  if (!r.ok) throw new Error(`${r.event}: ${r.message}`);
  return r;
}

test('a JSP document served as text/xml;charset=ISO-8859-1', async () => {
  const { loader, ctx } = setup(`${server.url}/app/latin1.jsp`);
  const r = ok(await loader.fetch({ kind: 'document', uri: `${server.url}/app/latin1.jsp`, method: 'get', enctype: 'application/x-www-form-urlencoded', purpose: 'goto', origin: at }, ctx));
  expect(r.kind === 'document' && JSON.stringify(r.graph.dialogs)).toContain('Bienvenue à bord, café crème');
});

test('<data> answering in Latin-1 by its XML declaration', async () => {
  const { loader, ctx } = setup(`${server.url}/app/latin1.jsp`);
  const r = ok(await loader.fetch({ kind: 'data', uri: `${server.url}/app/data.xml`, method: 'get', enctype: 'application/x-www-form-urlencoded', origin: at }, ctx));
  expect(r.kind === 'data' && r.xml).toMatchObject({ name: 'flight', attrs: { city: 'Zürich' }, children: [{ type: 'text', text: 'München' }] });
});

test('an external grammar served as windows-1252', async () => {
  const { loader, ctx } = setup(`${server.url}/app/latin1.jsp`);
  const res = await loader.fetchText(`${server.url}/app/colors.gram`, ctx);
  expect(res.text).toContain('$c = crème | café;');
});

test('files on disk: Latin-1 by declaration, UTF-16 with BOM', async () => {
  const a = path.join(dir, 'a.vxml');
  fs.writeFileSync(a, latin1(doc('<?xml version="1.0" encoding="ISO-8859-1"?>\n', 'Se\u00f1or')));
  const b = path.join(dir, 'b.vxml');
  fs.writeFileSync(b, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc('<?xml version="1.0" encoding="UTF-16"?>\n', 'Señor'), 'utf16le')]));
  for (const file of [a, b]) {
    const uri = pathToFileURL(file).href;
    const { loader, ctx } = setup(uri);
    const r = ok(await loader.fetch({ kind: 'document', uri, method: 'get', enctype: 'application/x-www-form-urlencoded', purpose: 'goto', origin: at }, ctx));
    expect(r.kind === 'document' && JSON.stringify(r.graph.dialogs)).toContain('Señor');
  }
});
