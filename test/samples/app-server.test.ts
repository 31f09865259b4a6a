/**
 * The sample apps' legacy web server: static documents under /<app>/ with the content types a VoiceXML
 * platform expects, back ends mounted under the same prefix, nothing else exposed, and every relative link in
 * every static document leading somewhere real.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { listSampleApps, startAppServer, defaultSamplesRoot, SAMPLE_CONTENT_TYPES } from '../../vxml-samples/app-server';

const root = defaultSamplesRoot();
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await startAppServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const apps = listSampleApps(root);

describe('app manifests', () => {
  test('the three sample apps are discovered with complete app.json files', () => {
    expect(apps.map((a) => a.id)).toEqual(['airline', 'mobile', 'railway']);
    for (const app of apps) {
      expect(fs.existsSync(path.join(app.dir, app.manifest.entry))).toBe(true);
      expect(app.manifest.backend).toBe(true);
      expect(app.manifest.languages.length).toBeGreaterThan(0);
    }
    expect(apps.find((a) => a.id === 'mobile')?.manifest.languages).toEqual(['en-US', 'es-US']);
  });
});

describe('static documents', () => {
  test('the index lists every app with its entry URL', async () => {
    const res = await fetch(server.url + '/');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { app: string; entry: string }[];
    expect(body.map((b) => b.entry)).toEqual(['/airline/main.vxml', '/mobile/index.vxml', '/railway/main.vxml']);
  });

  test.each([
    ['/airline/main.vxml', 'application/voicexml+xml'],
    ['/airline/grammars/flight_number.grxml', 'application/srgs+xml'],
    ['/airline/grammars/operator.gram', 'application/srgs'],
    ['/airline/scripts/acme.js', 'text/javascript'],
    ['/airline/audio/chime.wav', 'audio/wav'],
    ['/railway/grammars/yesno.gram', 'application/srgs'],
    ['/mobile/es/main.vxml', 'application/voicexml+xml'],
  ])('%s is served as %s', async (url, type) => {
    const res = await fetch(server.url + url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    const onDisk = fs.readFileSync(path.join(root, url));
    expect(Buffer.from(await res.arrayBuffer()).equals(onDisk)).toBe(true);
    expect(res.headers.get('last-modified')).toBeTruthy();
  });

  test('HEAD answers headers without a body', async () => {
    const res = await fetch(server.url + '/railway/main.vxml', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/voicexml+xml');
    expect(await res.text()).toBe('');
  });

  test.each([
    '/airline/backend.ts',
    '/airline/app.json',
    '/airline/replays/',
    '/railway/nothing-here.vxml',
    '/malformed/malformed-xml.vxml',
  ])('%s is not served', async (url) => {
    const res = await fetch(server.url + url);
    expect(res.status).toBe(404);
  });

  // fetch() would normalise dot segments away; a raw request shows what the server does with them.
  test.each(['/airline/%2e%2e/app-server.ts', '/airline/%2e%2e/mobile/index.vxml', '/airline/..%2fmobile/index.vxml', '/airline/%2e%2e%5cmobile%5cindex.vxml'])(
    'path traversal %s is refused',
    async (rawPath) => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(server.url + '/', { path: rawPath, method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(404);
    },
  );

  test('every replay script is kept off the web server', async () => {
    for (const app of apps) {
      for (const file of fs.readdirSync(path.join(app.dir, 'replays'))) {
        const res = await fetch(`${server.url}/${app.id}/replays/${file}`);
        expect(res.status).toBe(404);
      }
    }
  });
});

/** Every src/next/application URI written literally in a static document or grammar. */
function literalLinks(file: string): string[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true });
  const tree: unknown = parser.parse(fs.readFileSync(file, 'utf8'));
  const links: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === ':@' && typeof value === 'object' && value !== null) {
        for (const attr of ['@src', '@next', '@application', '@uri', '@transferaudio']) {
          const v = (value as Record<string, unknown>)[attr];
          if (typeof v === 'string') links.push(v);
        }
      } else visit(value);
    }
  };
  visit(tree);
  return links.filter((l) => !l.startsWith('#') && !l.startsWith('builtin:') && !l.startsWith('tel:'));
}

describe('link integrity', () => {
  // vxml-samples/legacy holds vendor-style probe apps (VoiceXML 2.0 DTDs, own app server): checked by test/legacy.
  const files = walk(root).filter((f) => /\.(vxml|grxml)$/.test(f) && !f.includes(`${path.sep}malformed${path.sep}`) && !f.includes(`${path.sep}legacy${path.sep}`));

  test('every static document and grammar is well-formed XML with the right namespace', () => {
    expect(files.length).toBeGreaterThan(25);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file, valid: XMLValidator.validate(text) }).toEqual({ file, valid: true });
      if (file.endsWith('.vxml')) {
        expect(text).toContain('<!DOCTYPE vxml PUBLIC "-//W3C//DTD VOICEXML 2.1//EN"');
        expect(text).toContain('xmlns="http://www.w3.org/2001/vxml"');
      } else {
        expect(text).toContain('xmlns="http://www.w3.org/2001/06/grammar"');
        expect(text).toContain('tag-format="semantics/1.0"');
      }
    }
  });

  test('every relative link of every static document resolves on the server', async () => {
    let checked = 0;
    for (const file of files) {
      const base = new URL(server.url + '/' + path.relative(root, file).split(path.sep).join('/'));
      for (const link of literalLinks(file)) {
        const target = new URL(link, base);
        target.hash = '';
        const isStatic = /\.(vxml|grxml|gram|js|wav)$/.test(target.pathname);
        let res = await fetch(target, { method: isStatic ? 'HEAD' : 'GET' });
        // Back-end pages may accept only POST, or refuse an empty request (400), but must exist.
        if (!isStatic && res.status === 404) {
          await res.arrayBuffer();
          res = await fetch(target, { method: 'POST' });
        }
        expect({ from: path.relative(root, file), link, status: res.status === 404 ? 404 : 'found' }).toEqual({
          from: path.relative(root, file),
          link,
          status: 'found',
        });
        await res.arrayBuffer();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  test('content types cover every static file kind shipped with the apps', () => {
    const kinds = new Set(
      walk(root)
        // Replay scripts and NLU data sets are the migration team's test material, not served documents.
        .filter((f) => apps.some((a) => f.startsWith(a.dir + path.sep)) && !/[\\/](replays|nlu)[\\/]/.test(f))
        .map((f) => path.extname(f))
        .filter((e) => !['.ts', '.json', '.md'].includes(e)),
    );
    for (const ext of kinds) expect(SAMPLE_CONTENT_TYPES[ext]).toBeDefined();
  });
});

describe('standalone server', () => {
  test('close() stops listening', async () => {
    const s = await startAppServer({ port: 0, host: '127.0.0.1' });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(s.url + '/healthz')).status).toBe(200);
    await s.close();
    await expect(fetch(s.url + '/healthz')).rejects.toThrow();
  });
});
