/**
 * The deployment files, checked without Docker (it does not run in CI): docker-compose.yml against the Compose
 * Specification's JSON schema (test/fixtures/compose-spec, ajv) and against what the gateway needs; the
 * Dockerfile's stages, user, health check and every path it copies; the Prometheus and Grafana provisioning
 * (every metric the dashboard queries is one the gateway exports).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse as parseYaml } from 'yaml';
import { GatewayMetrics } from '../../gateway/index';
import { IMAGE_LAUNCH } from '../../bench/lib/launch';

const ROOT = path.join(__dirname, '..', '..');
const read = (p: string): string => fs.readFileSync(path.join(ROOT, p), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  profiles?: string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
}

const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };

test('docker-compose.yml is valid against the Compose Specification schema', () => {
  // The schema still names its parts with draft-04 `id` (a string); ajv refuses that keyword, and nothing refers
  // to those ids (every $ref is a #/definitions/… pointer), so they are dropped before compiling.
  const withoutIds = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(withoutIds);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string')).map(([k, v]) => [k, withoutIds(v)]));
  };
  const schema = withoutIds(JSON.parse(read('test/fixtures/compose-spec/compose-spec.json'))) as object;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('expose', true);
  const validate = ajv.compile(schema);
  const ok = validate(compose);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  // The validator does catch mistakes (a typo'd key, a wrong type).
  expect(validate({ services: { gateway: { image: 'x', replicas: 2 } } })).toBe(false);
  expect(validate({ services: { gateway: { image: 'x', ports: 'oops' } } })).toBe(false);
});

test('compose: two gateway replicas on Redis behind the load balancer, the app server, an optional monitoring profile', () => {
  const s = compose.services;
  expect(Object.keys(s).sort()).toEqual(['apps', 'gateway', 'grafana', 'lb', 'prometheus', 'redis']);
  expect(s.gateway.deploy?.replicas).toBe(2);
  expect(s.gateway.environment?.REDIS_URL).toBe('redis://redis:6379');
  expect(s.gateway.environment?.DEFAULT_APP).toMatch(/^http:\/\/apps:8080\//);
  expect(s.gateway.environment?.ALLOWED_ORIGINS).toBe('http://apps:8080');
  expect(s.gateway.command).toEqual(['node', ...IMAGE_LAUNCH.flags, 'bin/vxml-gateway.js', 'serve']);
  expect(s.apps.command?.slice(0, 2)).toEqual(['node', 'dist/vxml-samples/app-server.js']);
  expect(fs.existsSync(path.join(ROOT, 'vxml-samples', 'app-server.ts'))).toBe(true);
  expect(s.redis.image).toMatch(/^redis:/);
  expect(s.prometheus.profiles).toEqual(['monitoring']);
  expect(s.grafana.profiles).toEqual(['monitoring']);
  for (const name of ['redis', 'apps', 'gateway', 'lb']) expect(s[name].profiles).toBeUndefined();
  // Every file mounted from the repository exists.
  for (const svc of Object.values(s)) {
    for (const v of svc.volumes ?? []) {
      const host = v.split(':')[0];
      if (host.startsWith('./')) expect([v, fs.existsSync(path.join(ROOT, host))]).toEqual([v, true]);
    }
  }
  expect(read('deploy/nginx/nginx.conf')).toMatch(/server gateway:3000/);
});

test('Dockerfile: multi-stage node:20-slim, production dependencies only, non-root, health check, existing paths', () => {
  const text = read('Dockerfile');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const froms = lines.filter((l) => /^FROM /.test(l));
  expect(froms.length).toBeGreaterThanOrEqual(2);
  for (const f of froms) expect(f).toMatch(/^FROM node:20-slim\b/);
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];
  expect(runtime).toMatch(/npm ci --omit=dev/);
  expect(runtime).not.toMatch(/npm ci(?! --omit=dev)/);
  const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
  expect(user).toBeDefined();
  expect(['root', '0']).not.toContain(user);
  expect(runtime).toMatch(/^HEALTHCHECK .*\/healthz/ms);
  expect(runtime).toMatch(/^EXPOSE 3000$/m);
  // Every COPY from the build context names something that exists.
  const copies = lines.filter((l) => /^COPY /.test(l) && !/--from=/.test(l));
  expect(copies.length).toBeGreaterThan(3);
  for (const c of copies) {
    const parts = c.replace(/^COPY\s+/, '').split(/\s+/);
    for (const src of parts.slice(0, -1)) expect([src, fs.existsSync(path.join(ROOT, src))]).toEqual([src, true]);
  }
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)?.[1] ?? '[]') as string[];
  expect(cmd).toEqual(['node', ...IMAGE_LAUNCH.flags, 'bin/vxml-gateway.js', 'serve']);
  expect(fs.existsSync(path.join(ROOT, cmd[cmd.length - 2]))).toBe(true);
  // The build context leaves out what the image must not carry.
  expect(read('.dockerignore')).toMatch(/^node_modules$/m);
});

test('the bench launches its servers as the image, docker-compose and npm start launch the gateway', () => {
  const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
  expect(pkg.scripts.start).toBe(['node', ...IMAGE_LAUNCH.flags, 'bin/vxml-gateway.js', 'serve'].join(' '));
  const runtime = read('Dockerfile').split(/^FROM /m).slice(-1)[0];
  // The ENV instruction of the runtime stage, its continuation lines joined.
  const env = /^ENV ((?:.*\\\n)*.*)$/m.exec(runtime)?.[1].replace(/\\\n/g, ' ') ?? '';
  const vars = Object.fromEntries(env.split(/\s+/).filter(Boolean).map((pair) => pair.split('=') as [string, string]));
  expect(Object.keys(IMAGE_LAUNCH.env).length).toBeGreaterThan(0);
  for (const [name, value] of Object.entries(IMAGE_LAUNCH.env)) expect([name, vars[name]]).toEqual([name, value]);
});

test('Prometheus scrapes every replica; the Grafana dashboard queries metrics the gateway exports', async () => {
  const prom = parseYaml(read('deploy/prometheus/prometheus.yml')) as { scrape_configs: { job_name: string; metrics_path: string; dns_sd_configs: { names: string[]; port: number }[] }[] };
  const job = prom.scrape_configs.find((j) => j.job_name === 'vxml-gateway');
  expect(job?.metrics_path).toBe('/metrics');
  expect(job?.dns_sd_configs[0]).toMatchObject({ names: ['gateway'], port: 3000 });
  const datasource = parseYaml(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string }[] };
  expect(datasource.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' });
  const provider = parseYaml(read('deploy/grafana/provisioning/dashboards/vxml-gateway.yml')) as { providers: { options: { path: string } }[] };
  expect(provider.providers[0].options.path).toBe('/var/lib/grafana/dashboards');

  const dashboard = JSON.parse(read('deploy/grafana/dashboards/vxml-gateway.json')) as { uid: string; panels: { title: string; targets: { expr: string; datasource: { uid: string } }[] }[] };
  expect(dashboard.uid).toBe('vxml-gateway');
  const exported = new Set((await new GatewayMetrics({ store: { liveCalls: async () => 0, storedSessions: async () => 0 } }).registry.getMetricsAsJSON()).map((m) => m.name));
  const queried = new Set<string>();
  for (const panel of dashboard.panels) {
    expect(panel.targets.length).toBeGreaterThan(0);
    for (const t of panel.targets) {
      expect(t.datasource.uid).toBe('prometheus');
      for (const m of t.expr.matchAll(/\b(vxml_[a-z_]+|process_[a-z_]+|nodejs_[a-z0-9_]+)/g)) queried.add(m[1].replace(/_(bucket|count|sum)$/, ''));
    }
  }
  for (const name of ['vxml_active_calls', 'vxml_turns_total', 'vxml_turn_duration_seconds', 'vxml_error_events_total', 'vxml_fetch_duration_seconds', 'vxml_sessions_in_store']) expect(queried).toContain(name);
  expect([...queried].filter((m) => !exported.has(m))).toEqual([]);
});
