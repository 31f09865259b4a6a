/**
 * `vxml-gateway assess <file|dir|url>... [--format text|md|json] [--platform twilio|acs|all]`
 * Crawls the application from the given documents (local files, or http(s) URLs on one origin), and reports
 * per element/attribute/property/feature and per platform what works, what works with a difference and what
 * is not supported, with file:line:col of every use; plus vendor extensions, the grammar inventory and the
 * targets it could not follow. Exit 0 = no blockers, 1 = blockers, 2 = usage or I/O error.
 */
import type { Command } from 'commander';
import axios from 'axios';
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assess, crawl, formatReport, PLATFORMS, type AssessFormat, type Platform, type ReadOutcome, type ResourceReader } from '../../assess/index';
import { decode, displayPath, expandInputs, FETCH_TIMEOUT_MS, MAX_DOCUMENT_BYTES } from '../sources';
import type { CliIo } from './lint';

export interface AssessCommandOptions {
  format: AssessFormat;
  platforms: readonly Platform[];
}

/** Reads local files and http(s) URLs (the crawl decides which it may follow). */
export function defaultReader(): ResourceReader {
  return {
    async readText(uri: string): Promise<ReadOutcome> {
      if (uri.startsWith('file:')) {
        try {
          const path = fileURLToPath(uri.replace(/[?#].*$/, ''));
          const stat = fs.statSync(path);
          if (!stat.isFile()) return { ok: false, missing: true, message: 'not a file' };
          if (stat.size > MAX_DOCUMENT_BYTES) return { ok: false, missing: false, message: `larger than ${MAX_DOCUMENT_BYTES} bytes` };
          return { ok: true, text: decode(fs.readFileSync(path), undefined) };
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', message: code === 'ENOENT' ? 'no such file' : (e as Error).message };
        }
      }
      try {
        const res = await axios.get<ArrayBuffer>(uri, { responseType: 'arraybuffer', timeout: FETCH_TIMEOUT_MS, maxContentLength: MAX_DOCUMENT_BYTES, maxRedirects: 5 });
        const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : undefined;
        return { ok: true, text: decode(Buffer.from(res.data), contentType), ...(contentType ? { contentType } : {}) };
      } catch (e) {
        if (axios.isAxiosError(e)) {
          const status = e.response?.status;
          return { ok: false, missing: status === 404 || status === 410, message: status ? `HTTP ${status}` : e.code ?? e.message };
        }
        return { ok: false, missing: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
    async readHead(uri: string, bytes: number): Promise<Uint8Array | undefined> {
      try {
        if (uri.startsWith('file:')) {
          const fd = fs.openSync(fileURLToPath(uri.replace(/[?#].*$/, '')), 'r');
          try {
            const buf = Buffer.alloc(bytes);
            const n = fs.readSync(fd, buf, 0, bytes, 0);
            return buf.subarray(0, n);
          } finally {
            fs.closeSync(fd);
          }
        }
        const res = await axios.get<ArrayBuffer>(uri, { responseType: 'arraybuffer', timeout: FETCH_TIMEOUT_MS, maxContentLength: MAX_DOCUMENT_BYTES, headers: { Range: `bytes=0-${bytes - 1}` } });
        return new Uint8Array(res.data).subarray(0, bytes);
      } catch {
        return undefined; // the file is listed as unreadable; its format is simply not checked
      }
    },
  };
}

/** Local files as paths relative to the working directory; URLs as they are. */
export function displayUri(cwd: string): (uri: string) => string {
  return (uri) => (uri.startsWith('file:') ? displayPath(fileURLToPath(uri.replace(/#.*$/, '')), cwd) + (uri.includes('#') ? uri.slice(uri.indexOf('#')) : '') : uri);
}

export async function runAssess(inputs: string[], opts: AssessCommandOptions, io: CliIo, reader: ResourceReader = defaultReader()): Promise<0 | 1 | 2> {
  const { refs, problems } = expandInputs(inputs, io.cwd);
  for (const p of problems) io.err(`assess: ${p.input}: ${p.message}`);
  if (problems.length > 0 || refs.length === 0) return 2;
  const entries = refs.map((r) => (r.kind === 'file' ? pathToFileURL(r.path).href : r.url));
  const origins = new Set(entries.map((e) => (e.startsWith('file:') ? 'file:' : new URL(e).origin)));
  if (origins.size > 1) {
    io.err('assess: give the documents of one application: local files, or URLs of one origin');
    return 2;
  }
  const c = await crawl(entries, { reader });
  const unreadable = c.resources.filter((r) => r.refs.length === 0 && r.state !== 'ok');
  for (const r of unreadable) io.err(`assess: ${displayUri(io.cwd)(r.uri)}: ${r.reason ?? 'cannot be read'}`);
  if (unreadable.length > 0) return 2;
  const report = assess(c, { inputs, display: displayUri(io.cwd), platforms: opts.platforms });
  io.out(formatReport(report, opts.format));
  return report.summary.blockers > 0 ? 1 : 0;
}

export function register(program: Command): void {
  program
    .command('assess')
    .description('assess a VoiceXML application for migration: per element and platform, works / differs / not supported (exit 1 on blockers)')
    .argument('<inputs...>', 'entry documents: files, directories of *.vxml, or http(s) URLs')
    .option('--format <format>', 'text, md or json', 'text')
    .option('--platform <platform>', 'twilio, acs or all', 'all')
    .action(async (inputs: string[], options: { format: string; platform: string }) => {
      const format = options.format;
      if (format !== 'text' && format !== 'md' && format !== 'json') {
        program.error(`assess: --format must be text, md or json, not "${format}"`, { exitCode: 2 });
        return;
      }
      const platform = options.platform;
      if (platform !== 'all' && !(PLATFORMS as readonly string[]).includes(platform)) {
        program.error(`assess: --platform must be twilio, acs or all, not "${platform}"`, { exitCode: 2 });
        return;
      }
      process.exitCode = await runAssess(inputs, { format, platforms: platform === 'all' ? PLATFORMS : [platform as Platform] }, {
        cwd: process.cwd(),
        out: (l) => process.stdout.write(l.endsWith('\n') ? l : `${l}\n`),
        err: (l) => process.stderr.write(`${l}\n`),
      });
    });
}
