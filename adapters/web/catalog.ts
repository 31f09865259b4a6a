/**
 * Which applications a browser may call: the bundled samples (vxml-samples/<id>/app.json), the gateway's
 * default application, and URLs on an allowed origin. Decided here, on the server: the browser only names
 * a sample id or proposes a URL, and a URL outside the allowlist is refused before anything is fetched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppResolver, type StartAppServer } from '../../gateway/index';

const manifestSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  entry: z.string().min(1),
  backend: z.boolean().default(false),
  languages: z.array(z.string()).default([]),
});

export interface SampleEntry {
  id: string;
  name: string;
  description: string;
  languages: string[];
  /** Absolute path of the entry document. */
  file: string;
}

/** What the browser asks to call. */
export type AppChoice = { kind: 'sample'; id: string } | { kind: 'default' } | { kind: 'url'; url: string };

export class AppRefused extends Error {
  constructor(message: string, readonly status: 400 | 403 | 404) {
    super(message);
    this.name = 'AppRefused';
  }
}

export interface CatalogOptions {
  /** Directory holding the sample apps (each with an app.json); absent = no samples offered. */
  samplesRoot?: string;
  /** Starts the legacy app server for samples with a back end (vxml-samples/app-server). */
  startAppServer?: StartAppServer;
  /** Entry of calls that name no application (the gateway's DEFAULT_APP or the airline sample). */
  defaultApp?: string;
  /** Origins a URL typed in the browser may be on (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
}

export class AppCatalog {
  readonly samples: SampleEntry[];
  private readonly origins: Set<string>;
  private readonly resolver: AppResolver;

  constructor(private readonly opts: CatalogOptions) {
    this.samples = opts.samplesRoot ? readSamples(opts.samplesRoot) : [];
    this.origins = new Set(opts.allowedOrigins.map((o) => new URL(o).origin));
    this.resolver = new AppResolver(opts.startAppServer);
  }

  get defaultApp(): string | undefined {
    return this.opts.defaultApp;
  }

  get allowedOrigins(): string[] {
    return [...this.origins];
  }

  /** The entry URI a call starts with, or AppRefused. */
  async resolve(choice: AppChoice): Promise<{ entry: string; label: string }> {
    switch (choice.kind) {
      case 'sample': {
        const sample = this.samples.find((s) => s.id === choice.id);
        if (!sample) throw new AppRefused(`no sample application "${choice.id}" (available: ${this.samples.map((s) => s.id).join(', ') || 'none'})`, 404);
        const entry = await this.resolver.resolve(sample.file, sample.file);
        return { entry, label: sample.name };
      }
      case 'default':
        if (!this.opts.defaultApp) throw new AppRefused('this gateway has no default application', 404);
        return { entry: this.opts.defaultApp, label: 'default application' };
      case 'url':
        return { entry: this.checkUrl(choice.url), label: choice.url };
    }
  }

  /** A typed URL is callable only on an allowed origin (or when it is the default application itself). */
  checkUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppRefused(`"${raw}" is not an absolute URL`, 400);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppRefused(`only http and https applications can be called from the browser, not ${url.protocol}`, 400);
    if (url.username || url.password) throw new AppRefused('credentials in application URLs are not allowed', 400);
    if (url.href === this.opts.defaultApp) return url.href;
    if (!this.origins.has(url.origin)) {
      const allowed = this.allowedOrigins;
      throw new AppRefused(`${url.origin} is not an allowed origin (${allowed.length ? `allowed: ${allowed.join(', ')}` : 'none is configured'}); start the gateway with --allow-origin ${url.origin} (or ALLOWED_ORIGINS) if it is trusted`, 403);
    }
    return url.href;
  }

  /** Stops the sample app server if one was started. */
  close(): Promise<void> {
    return this.resolver.close();
  }
}

function readSamples(root: string): SampleEntry[] {
  const out: SampleEntry[] = [];
  for (const dirent of fs.readdirSync(root, { withFileTypes: true })) {
    const manifestFile = path.join(root, dirent.name, 'app.json');
    if (!dirent.isDirectory() || !fs.existsSync(manifestFile)) continue;
    const parsed = manifestSchema.safeParse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
    if (!parsed.success) throw new Error(`${manifestFile}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const m = parsed.data;
    out.push({ id: dirent.name, name: m.name, description: m.description, languages: m.languages, file: path.join(root, dirent.name, m.entry) });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
