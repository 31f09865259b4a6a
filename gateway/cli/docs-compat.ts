/**
 * `npm run docs:compat`: writes docs/compatibility.md from the capability table and the W3C conformance
 * report (test/conformance/report.md, when present). `--check` only compares, exiting 1 when the committed
 * page is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseConformanceReport, renderCompatibility } from '../assess/compat-doc';

/** The repository root, from src (gateway/cli) or from the build (dist/gateway/cli). */
export function repositoryRoot(): string {
  const candidates = [path.resolve(__dirname, '..', '..'), path.resolve(__dirname, '..', '..', '..')];
  return candidates.find((c) => fs.existsSync(path.join(c, 'package.json')) && fs.existsSync(path.join(c, 'gateway'))) ?? process.cwd();
}

export function compatibilityPage(root: string): string {
  const report = path.join(root, 'test', 'conformance', 'report.md');
  const conformance = fs.existsSync(report) ? parseConformanceReport(fs.readFileSync(report, 'utf8')) : undefined;
  return renderCompatibility(conformance);
}

if (require.main === module) {
  const root = repositoryRoot();
  const file = path.join(root, 'docs', 'compatibility.md');
  const page = compatibilityPage(root);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== page) {
      process.stderr.write('docs/compatibility.md is stale: run `npm run docs:compat`\n');
      process.exitCode = 1;
    }
  } else {
    fs.writeFileSync(file, page);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
