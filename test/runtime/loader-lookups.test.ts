/**
 * The loader's lookups are asked many times per turn (each grammar, each step): they are answered from what
 * was decided before — compiled once per content, runnable or not once per graph, origin verdicts once per
 * http(s) URI — without changing any answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DialogGraph } from '../../contracts/graph';
import { compile } from '../../gateway/compiler/index';
import { FakeClock } from '../../gateway/runtime/clock';
import { HttpDocumentLoader } from '../../gateway/runtime/document-loader';
import { MemoryLogger } from '../../gateway/runtime/logger';
import { MemoryResponseDocumentStore } from '../../gateway/runtime/memory-stores';
import { OriginPolicy } from '../../gateway/runtime/origin-policy';
import { defaultRecordingFetcher } from '../../gateway/runtime/recordings';
import { ResourceFetcher } from '../../gateway/runtime/resource-fetcher';
import { vxml } from './loopback';

function loaderWith(compileDoc: (text: string, uri: string) => DialogGraph): HttpDocumentLoader {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  const fetcher = new ResourceFetcher({ clock, logger, maxBytes: 4096, maxRedirects: 3, cacheEntries: 50 });
  return new HttpDocumentLoader({ fetcher, compile: compileDoc, responses: new MemoryResponseDocumentStore(clock, 60), recordings: defaultRecordingFetcher, defaultTimeoutMs: 1000, maxBytes: 4096, cacheEntries: 50 });
}

const URI = 'http://app.example/main.vxml';
const A = vxml('<form id="a"><block>one</block></form>');
const B = vxml('<form id="b"><block>two</block></form>');

test('a document is compiled once per content; an earlier content comes back without compiling again', () => {
  const compiled: string[] = [];
  const loader = loaderWith((text, uri) => {
    compiled.push(text);
    return compile(text, uri);
  });
  const a1 = loader.compile(A, URI);
  const a2 = loader.compile(A, URI);
  expect(a2).toBe(a1);
  expect(loader.lastKnown(`${URI}#a`)).toBe(a1);
  const b = loader.compile(B, URI);
  expect(b).not.toBe(a1);
  expect(b.dialogs.map((d) => d.id)).toEqual(['b']);
  expect(loader.lastKnown(URI)).toBe(b);
  expect(loader.compile(A, URI)).toBe(a1);
  expect(loader.lastKnown(URI)).toBe(a1);
  expect(compiled).toEqual([A, B]);
});

test('a graph with a fatal finding is never handed out, however often it is asked for', () => {
  const loader = loaderWith((text, uri) => compile(text, uri));
  const bad = loader.compile('<vxml version="2.1"><form><block>unclosed</form></vxml>', URI);
  expect(bad.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  expect(loader.lastKnown(URI)).toBeUndefined();
  expect(loader.lastKnown(URI)).toBeUndefined();
  const good = loader.compile(A, URI);
  expect(loader.lastKnown(URI)).toBe(good);
});

describe('origin verdicts', () => {
  test('asked again, an http(s) verdict is the same', () => {
    const policy = new OriginPolicy('http://app.example/main.vxml', ['https://cdn.example']);
    for (let i = 0; i < 3; i++) {
      expect(policy.check('http://app.example/next.vxml')).toEqual({ ok: true });
      expect(policy.check('https://cdn.example/g.grxml')).toEqual({ ok: true });
      expect(policy.check('http://evil.example/x.vxml')).toMatchObject({ ok: false, reason: expect.stringMatching(/not an allowed origin/) });
      expect(policy.check('http://user:pw@app.example/x')).toMatchObject({ ok: false, reason: expect.stringMatching(/credentials/) });
    }
  });

  test('a file: verdict is decided afresh: a link moved outside the application is refused at once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vxml-verdicts-'));
    fs.mkdirSync(path.join(dir, 'app'));
    fs.writeFileSync(path.join(dir, 'app', 'main.vxml'), A);
    fs.writeFileSync(path.join(dir, 'app', 'inside.vxml'), A);
    fs.writeFileSync(path.join(dir, 'outside.vxml'), A);
    const link = path.join(dir, 'app', 'link.vxml');
    fs.symlinkSync(path.join(dir, 'app', 'inside.vxml'), link);
    const policy = new OriginPolicy(pathToFileURL(path.join(dir, 'app', 'main.vxml')).href, []);
    const uri = pathToFileURL(link).href;
    expect(policy.check(uri)).toEqual({ ok: true });
    fs.unlinkSync(link);
    fs.symlinkSync(path.join(dir, 'outside.vxml'), link);
    expect(policy.check(uri)).toMatchObject({ ok: false, reason: expect.stringMatching(/outside the application directory/) });
  });
});
