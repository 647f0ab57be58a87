/**
 * docker-compose.yml and the Dockerfile, checked by reading them: no Docker engine runs on this machine or in CI.
 * The service, its port, the named volume holding the database, and the environment the server actually reads.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as any;
const app = compose?.services?.app;

/** Compose accepts environment as a map or as a list of KEY=value. */
function environment(service: any): Record<string, string> {
  const env = service?.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(env.map((line: string) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** Compose accepts volumes as "source:target[:mode]" or as { type, source, target }. */
function volumes(service: any): { source: string; target: string; type: string }[] {
  return (service?.volumes ?? []).map((v: any) => {
    if (typeof v !== 'string') return { source: v.source, target: v.target, type: v.type ?? 'volume' };
    const [source, target] = v.split(':');
    return { source, target, type: /^[./~]/.test(source) ? 'bind' : 'volume' };
  });
}

describe('docker-compose.yml', () => {
  it('has the service app, built from the Dockerfile in this folder', () => {
    expect(app).toBeDefined();
    const build = typeof app.build === 'string' ? { context: app.build } : app.build;
    expect(build.context).toBe('.');
    expect(build.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
    expect(existsSync(resolve(ROOT, build.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(app.restart).toMatch(/^(unless-stopped|always|on-failure)/);
  });

  it('publishes port 3000 to the server listening on 3000 on every interface', () => {
    const ports = (app.ports ?? []).map((p: any) => (typeof p === 'object' ? `${p.published}:${p.target}` : String(p)));
    expect(ports).toContain('3000:3000');
    const env = environment(app);
    expect(env.PORT ?? '3000').toBe('3000');
    expect(env.HOST ?? '0.0.0.0').toBe('0.0.0.0');
  });

  it('keeps the database in a named volume mounted at /app/data', () => {
    const data = volumes(app).find((v) => v.target === '/app/data');
    expect(data, 'a volume mounted at /app/data').toBeDefined();
    expect(data!.type).toBe('volume');
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);
    expect(environment(app).DATABASE_URL).toBe('file:/app/data/gd-arena.db');
  });

  it('takes ADMIN_PASSWORD from the environment, never a literal, and only variables the server reads', () => {
    const env = environment(app);
    expect(env.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD(:?[?-][^}]*)?\}$/);
    // Every variable set here is one server/config.ts reads (a typo would be silently ignored otherwise).
    const config = read('server/config.ts');
    for (const key of Object.keys(env)) expect(config, `server/config.ts reads ${key}`).toContain(`env.${key}`);
  });
});

describe('docker-compose.yml, profile scale', () => {
  const services = compose?.services ?? {};
  const instances = ['app-1', 'app-2', 'app-3'];

  it('adds PostgreSQL, three instances and a proxy, all in the scale profile; the single-machine app stays profile-free', () => {
    for (const name of ['postgres', ...instances, 'proxy']) expect(services[name]?.profiles, name).toEqual(['scale']);
    expect(app.profiles).toBeUndefined();
    expect(services.postgres.image).toMatch(/^postgres:1[5-9]/);
    expect(volumes(services.postgres).find((v) => v.target === '/var/lib/postgresql/data')?.type).toBe('volume');
    expect(services.postgres.healthcheck.test.join(' ')).toMatch(/pg_isready/);
  });

  it('runs the same image on the same PostgreSQL database, behind one proxy, and seeds the demo once', () => {
    const urls = instances.map((name) => environment(services[name]).DATABASE_URL);
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(/^postgresql:\/\/gd:\$\{POSTGRES_PASSWORD\}@postgres:5432\/gd_arena$/);
    for (const name of instances) {
      expect(services[name].image).toBe(app.image);
      expect(environment(services[name]).TRUST_PROXY).toBe('1');
      expect(environment(services[name]).ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD/);
      const config = read('server/config.ts');
      for (const key of Object.keys(environment(services[name]))) expect(config, `server/config.ts reads ${key}`).toContain(`env.${key}`);
    }
    expect(instances.map((name) => environment(services[name]).SEED_DEMO)).toEqual(['1', '0', '0']);
    // The others start once the first is healthy: two never migrate and seed a new database at the same moment.
    expect(services['app-2'].depends_on['app-1'].condition).toBe('service_healthy');
    expect(services['app-1'].depends_on.postgres.condition).toBe('service_healthy');
  });

  it('puts nginx on port 3000 with every instance upstream, WebSocket upgrades and the client address passed on', () => {
    const proxy = services.proxy;
    expect((proxy.ports ?? []).map(String)).toContain('3000:80');
    const mount = volumes(proxy).find((v) => v.target === '/etc/nginx/nginx.conf');
    expect(mount?.source).toBe('./deploy/nginx-scale.conf');
    const conf = read('deploy/nginx-scale.conf');
    for (const name of instances) expect(conf).toMatch(new RegExp(`server\\s+${name}:3000`));
    expect(conf).toMatch(/hash \$remote_addr consistent;/);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(conf).toMatch(/proxy_http_version 1\.1;/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const lines = dockerfile.split('\n').filter((l) => !l.trim().startsWith('#'));
  const stages = lines.filter((l) => /^FROM\s/i.test(l));

  it('is multi-stage on node:20: dependencies and the build apart from the runtime', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) expect(from).toMatch(/^FROM\s+node:20[\w.-]*(\s+AS\s+\w+)?\s*$/i);
    expect(dockerfile).toMatch(/COPY\s+--from=build/);
  });

  it('ships what the server reads at run time, and builds what is not in the sources', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    // The runtime runs the built server: no sources, no build tools (pruned to production dependencies).
    for (const path of ['node_modules', 'prisma', 'dist', 'package.json']) {
      expect(runtime, `the runtime stage copies ${path}`).toMatch(new RegExp(`COPY\\s+--from=build[^\\n]*/app/${path.replace('.', '\\.')}`));
    }
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/npm run generate/);
    expect(dockerfile).toMatch(/npm run build:client/);
    expect(dockerfile).toMatch(/npm run build:server/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtime).not.toMatch(/tsx/);
    expect(runtime).toMatch(/EXPOSE\s+3000/);
    expect(runtime).toMatch(/USER\s+node/);
    expect(runtime).toMatch(/CMD\s+\[\s*"node",\s*"dist\/server\/main\.js"\s*\]/);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/api\/health/);
  });

  it('never sends the host\'s node_modules, database or git history into the build', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'data', '*.db', '.git', 'tests/.tmp']) expect(ignored).toContain(entry);
  });
});
