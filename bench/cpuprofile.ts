/**
 * `node dist/bench/cpuprofile.js <file.cpuprofile> [--top 25] [--grep text] [--entries]`
 * Summarises a V8 CPU profile (node --cpu-prof): self time by function and by file/package, and the
 * inclusive time of functions whose name or file contains --grep. Used to find what a missed target costs.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 6);
  return url.replace(/^file:\/\//, '') || '(native)';
}

/** Coarse grouping: a project directory (gateway/runtime, adapters/twilio), an npm package, node internals. */
function areaOf(file: string, functionName: string): string {
  if (file.startsWith('npm:')) return file;
  if (file === '(native)') return ['(idle)', '(garbage collector)', '(program)'].includes(functionName) ? functionName : '(native)';
  if (file.startsWith('node:')) return 'node internals';
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

export function summarise(profile: Profile, top: number, grep?: string, entries = false): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  const area = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (!n) continue;
    const name = `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const f = where(n.callFrame.url);
    file.set(f, (file.get(f) ?? 0) + us);
    const a = areaOf(f, n.callFrame.functionName);
    area.set(a, (area.get(a) ?? 0) + us);
  }
  const pct = (us: number): string => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms`;
  const lines = [`total sampled ${(total / 1000).toFixed(0)} ms`, '', 'self time by function:'];
  for (const [k, v] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(v)}  ${k}`);
  lines.push('', 'self time by area:');
  for (const [k, v] of [...area].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(v)}  ${k}`);
  lines.push('', 'self time by file / package:');
  for (const [k, v] of [...file].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(v)}  ${k}`);
  if (entries) {
    // Where project code is entered from node or a package (a route handler, a callback, a microtask): the
    // inclusive time of each such entry, aggregated by function. Synchronous work only: awaited continuations
    // are entries of their own.
    const isProject = (n: ProfileNode | undefined): boolean => n !== undefined && /\/dist\/(gateway|adapters|bench|vxml-samples)\//.test(n.callFrame.url);
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const inclusive = (id: number): number => (selfUs.get(id) ?? 0) + (byId.get(id)?.children ?? []).reduce((a, c) => a + inclusive(c), 0);
    const agg = new Map<string, number>();
    for (const n of profile.nodes) {
      if (!isProject(n)) continue;
      const p = parent.get(n.id);
      if (p !== undefined && isProject(byId.get(p))) continue;
      const name = `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
      agg.set(name, (agg.get(name) ?? 0) + inclusive(n.id));
    }
    lines.push('', 'project code entered from node/packages (inclusive, synchronous):');
    for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(v)}  ${k}`);
  }
  if (grep) {
    // Inclusive time: a node's self time plus its descendants', counted once per matching subtree root.
    const inclusive = (id: number): number => (selfUs.get(id) ?? 0) + (byId.get(id)?.children ?? []).reduce((a, c) => a + inclusive(c), 0);
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const matches = (n: ProfileNode): boolean => `${n.callFrame.functionName} ${where(n.callFrame.url)}`.includes(grep);
    const agg = new Map<string, number>();
    for (const n of profile.nodes) {
      if (!matches(n)) continue;
      let p = parent.get(n.id);
      let nested = false;
      while (p !== undefined) {
        const pn = byId.get(p);
        if (pn && matches(pn) && pn.callFrame.functionName === n.callFrame.functionName && pn.callFrame.url === n.callFrame.url) nested = true;
        p = parent.get(p);
      }
      if (nested) continue;
      const name = `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
      agg.set(name, (agg.get(name) ?? 0) + inclusive(n.id));
    }
    lines.push('', `inclusive time of frames matching "${grep}":`);
    for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(v)}  ${k}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const file = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (!file) {
    process.stderr.write('usage: node dist/bench/cpuprofile.js <file.cpuprofile> [--top 25] [--grep text]\n');
    process.exitCode = 2;
  } else {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
    process.stdout.write(summarise(profile, Number(opt('--top') ?? 25), opt('--grep'), argv.includes('--entries')) + '\n');
  }
}
